/**
 * Unit tests of the sale's pure modules (pricing, vesting, tranches, merkle)
 * under plain Node: they import nothing from near-sdk-js.
 */
import test from "ava";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { buildMerkleTree, bytesToHex, hexToHash, leafHash, verifyMerkleProof } from "../../contracts/sale/merkle.ts";
import {
  ceilDiv,
  costOf,
  currentSegment,
  fillPurchase,
  tokensFor,
  type PriceSegment,
} from "../../contracts/sale/pricing.ts";
import {
  anchorSchedule,
  capBpsAt,
  neverFaster,
  nextStep,
  offsetScheduleProblem,
  releasable,
  scheduleProblem,
  type ScheduleStep,
} from "../../contracts/sale/tranches.ts";
import { utf8Length } from "../../contracts/sale/utf8.ts";
import { claimableAmount, fullyVestedAt, vestedAmount, type VestingTerms } from "../../contracts/sale/vesting.ts";

const sha256 = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());
const TOK = 10n ** 18n;
const NEAR = 10n ** 24n;

// ---- pricing ----------------------------------------------------------------

test("ceilDiv rounds up, zero stays zero", (t) => {
  t.is(ceilDiv(0n, 7n), 0n);
  t.is(ceilDiv(7n, 7n), 1n);
  t.is(ceilDiv(8n, 7n), 2n);
});

test("tokens are floored and cost is ceiled: cost(tokens(p)) <= p", (t) => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 26n }), (payment, price) => {
      const tokens = tokensFor(payment, price, TOK);
      const cost = costOf(tokens, price, TOK);
      // never charges more than paid, and the remainder cannot buy one more unit
      return cost <= payment && costOf(tokens + 1n, price, TOK) > payment;
    }),
  );
  t.pass();
});

test("a single-price fill at 0.1 NEAR per token", (t) => {
  const segments: PriceSegment[] = [{ until: 1_000n * TOK, price: NEAR / 10n }];
  t.deepEqual(fillPurchase(segments, 0n, 10n * NEAR, 1_000n * TOK, TOK), { tokens: 100n * TOK, cost: 10n * NEAR });
  // limited by the cap: 1,000 tokens cost 100 NEAR, the rest is the caller's refund
  t.deepEqual(fillPurchase(segments, 0n, 500n * NEAR, 1_000n * TOK, TOK), { tokens: 1_000n * TOK, cost: 100n * NEAR });
  // limited by the account limit
  t.deepEqual(fillPurchase(segments, 0n, 500n * NEAR, 5n * TOK, TOK), { tokens: 5n * TOK, cost: NEAR / 2n });
});

test("a fill crossing a tier is priced piecewise", (t) => {
  const segments: PriceSegment[] = [
    { until: 100n * TOK, price: 1n * NEAR },
    { until: 1_000n * TOK, price: 2n * NEAR },
  ];
  // 90 sold: 10 tokens at 1 NEAR, then 45 at 2 NEAR
  t.deepEqual(fillPurchase(segments, 90n * TOK, 100n * NEAR, 1_000n * TOK, TOK), {
    tokens: 55n * TOK,
    cost: 100n * NEAR,
  });
  t.deepEqual(currentSegment(segments, 99n * TOK), segments[0]);
  t.deepEqual(currentSegment(segments, 100n * TOK), segments[1]);
  t.is(currentSegment(segments, 1_000n * TOK), null);
});

test("fills never exceed budget or limit and are monotonic in the budget", (t) => {
  const segment = fc.record({
    width: fc.bigInt({ min: 1n, max: 10n ** 22n }),
    price: fc.bigInt({ min: 1n, max: 10n ** 25n }),
  });
  fc.assert(
    fc.property(
      fc.array(segment, { minLength: 1, maxLength: 5 }),
      fc.bigInt({ min: 0n, max: 10n ** 22n }),
      fc.bigInt({ min: 0n, max: 10n ** 28n }),
      fc.bigInt({ min: 0n, max: 10n ** 23n }),
      (raw, sold, budget, limit) => {
        let until = 0n;
        const segments = raw.map((s) => {
          until += s.width;
          return { until, price: s.price };
        });
        const fill = fillPurchase(segments, sold, budget, limit, TOK);
        const more = fillPurchase(segments, sold, budget + budget / 3n + 1n, limit, TOK);
        const capLeft = until > sold ? until - sold : 0n;
        return fill.cost <= budget && fill.tokens <= limit && fill.tokens <= capLeft && more.tokens >= fill.tokens;
      },
    ),
  );
  t.pass();
});

// ---- vesting ----------------------------------------------------------------

const terms: VestingTerms = { start_ns: 1_000n, tge_bps: 2_000, cliff_ns: 100n, duration_ns: 1_000n };

test("vesting: zero before TGE, TGE share during the cliff, linear, then all", (t) => {
  const total = 1_000_000n;
  t.is(vestedAmount(total, terms, 999n), 0n);
  t.is(vestedAmount(total, terms, 1_000n), 200_000n);
  t.is(vestedAmount(total, terms, 1_099n), 200_000n);
  t.is(vestedAmount(total, terms, 1_100n), 200_000n);
  t.is(vestedAmount(total, terms, 1_600n), 600_000n);
  t.is(vestedAmount(total, terms, 2_099n), 999_200n);
  t.is(vestedAmount(total, terms, 2_100n), total);
  t.is(fullyVestedAt(terms), 2_100n);
  t.is(claimableAmount(total, 250_000n, terms, 1_600n), 350_000n);
  t.is(claimableAmount(total, 700_000n, terms, 1_600n), 0n);
});

test("vesting without linear part unlocks everything at the cliff", (t) => {
  const cliffOnly: VestingTerms = { start_ns: 0n, tge_bps: 0, cliff_ns: 50n, duration_ns: 0n };
  t.is(vestedAmount(77n, cliffOnly, 49n), 0n);
  t.is(vestedAmount(77n, cliffOnly, 50n), 77n);
});

test("vested amount is monotonic and bounded by the total", (t) => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 30n }),
      fc.integer({ min: 0, max: 10_000 }),
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      fc.bigInt({ min: 0n, max: 10n ** 13n }),
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      (total, tge, cliff, duration, now, step) => {
        const v: VestingTerms = { start_ns: 10n ** 12n, tge_bps: tge, cliff_ns: cliff, duration_ns: duration };
        const a = vestedAmount(total, v, now);
        const b = vestedAmount(total, v, now + step);
        return a <= b && b <= total && vestedAmount(total, v, fullyVestedAt(v)) === total;
      },
    ),
  );
  t.pass();
});

// ---- tranches ----------------------------------------------------------------

const schedule: ScheduleStep[] = [
  { not_before_ns: 100n, max_bps: 3_000 },
  { not_before_ns: 200n, max_bps: 6_000 },
  { not_before_ns: 300n, max_bps: 10_000 },
];

test("release cap follows the latest step reached", (t) => {
  t.is(capBpsAt(schedule, 99n), 0);
  t.is(capBpsAt(schedule, 100n), 3_000);
  t.is(capBpsAt(schedule, 250n), 6_000);
  t.is(capBpsAt(schedule, 10_000n), 10_000);
  t.deepEqual(nextStep(schedule, 150n), schedule[1]);
  t.is(nextStep(schedule, 300n), null);
  t.is(releasable(1_000n, 0n, schedule, 150n), 300n);
  t.is(releasable(1_000n, 250n, schedule, 150n), 50n);
  t.is(releasable(1_000n, 400n, schedule, 150n), 0n);
  t.is(releasable(999n, 0n, schedule, 150n), 299n); // floored
});

test("schedule validation", (t) => {
  t.is(scheduleProblem(schedule), null);
  t.regex(scheduleProblem([]) ?? "", /at least one step/);
  t.regex(scheduleProblem([{ not_before_ns: 1n, max_bps: 5_000 }]) ?? "", /last/);
  t.regex(
    scheduleProblem([
      { not_before_ns: 2n, max_bps: 5_000 },
      { not_before_ns: 1n, max_bps: 10_000 },
    ]) ?? "",
    /later/,
  );
  t.regex(
    scheduleProblem([
      { not_before_ns: 1n, max_bps: 5_000 },
      { not_before_ns: 2n, max_bps: 5_000 },
      { not_before_ns: 3n, max_bps: 10_000 },
    ]) ?? "",
    /greater/,
  );
  t.regex(scheduleProblem([{ not_before_ns: 1n, max_bps: 10_001 }]) ?? "", /1\.\.10000/);
});

test("schedules are anchored to the round's end and bounded", (t) => {
  const offsets = [
    { after_end_ns: 0n, max_bps: 3_000 },
    { after_end_ns: 100n, max_bps: 10_000 },
  ];
  t.deepEqual(anchorSchedule(offsets, 1_000n), [
    { not_before_ns: 1_000n, max_bps: 3_000 },
    { not_before_ns: 1_100n, max_bps: 10_000 },
  ]);
  t.is(offsetScheduleProblem(offsets, 100n), null);
  t.regex(
    offsetScheduleProblem(offsets, 99n) ?? "",
    /release_schedule\[1\]\.after_end_ns must be at most 99 ns after the end/,
  );
  t.regex(offsetScheduleProblem([{ after_end_ns: 5n, max_bps: 5_000 }], 100n) ?? "", /last/);
});

test("a schedule change is accepted only when it never allows more", (t) => {
  const current = anchorSchedule(
    [
      { after_end_ns: 0n, max_bps: 3_000 },
      { after_end_ns: 100n, max_bps: 10_000 },
    ],
    1_000n,
  );
  const slower = anchorSchedule(
    [
      { after_end_ns: 10n, max_bps: 2_000 },
      { after_end_ns: 200n, max_bps: 10_000 },
    ],
    1_000n,
  );
  const faster = anchorSchedule([{ after_end_ns: 50n, max_bps: 10_000 }], 1_000n);
  t.true(neverFaster(current, slower));
  t.true(neverFaster(current, current));
  t.false(neverFaster(current, faster));
  t.false(neverFaster(slower, current));
});

test("utf8Length counts UTF-8 bytes like Buffer.byteLength", (t) => {
  for (const text of ["", "abc", "é", "€", "😀", "modelfund round 7: évaluation 😀 €", "\ud800"]) {
    t.is(utf8Length(text), Buffer.byteLength(text, "utf8"), JSON.stringify(text));
  }
});

// ---- merkle ------------------------------------------------------------------

test("every member's proof verifies; outsiders and tampered proofs do not", (t) => {
  for (const size of [1, 2, 3, 5, 8, 13]) {
    const accounts = Array.from({ length: size }, (_v, i) => `user${i}.testnet`);
    const { root, proofs } = buildMerkleTree(accounts, sha256);
    for (const account of accounts) {
      t.true(verifyMerkleProof(account, proofs.get(account)!, root, sha256), `${account} in a tree of ${size}`);
      t.false(verifyMerkleProof("mallory.testnet", proofs.get(account)!, root, sha256));
    }
    if (size > 1) {
      const proof = proofs.get(accounts[0])!.map((h) => h.slice());
      proof[0][0] ^= 1;
      t.false(verifyMerkleProof(accounts[0], proof, root, sha256));
    }
  }
});

test("an inner node cannot pose as a leaf", (t) => {
  const { root, proofs } = buildMerkleTree(["a.near", "b.near", "c.near", "d.near"], sha256);
  // The sibling hash of a.near at level 0 is leaf(b); at level 1 it is node(c,d).
  // Presenting node(a,b) as a leaf would need its preimage to start with 0x00, which it does not.
  const proofA = proofs.get("a.near")!;
  t.is(proofA.length, 2);
  t.notDeepEqual(leafHash("a.near", sha256), proofA[0]);
  t.true(verifyMerkleProof("a.near", proofA, root, sha256));
  t.false(verifyMerkleProof("a.near", proofA.slice(1), root, sha256));
});

test("hex round trip and validation", (t) => {
  const hash = sha256(new Uint8Array([1, 2, 3]));
  t.deepEqual(hexToHash(bytesToHex(hash)), hash);
  t.is(hexToHash("ABC"), null);
  t.is(hexToHash("g".repeat(64)), null);
  t.is(hexToHash(bytesToHex(hash).toUpperCase()), null);
});

test("leaf hash matches the documented layout sha256(0x00 || account)", (t) => {
  const expected = createHash("sha256")
    .update(Buffer.concat([Buffer.from([0]), Buffer.from("alice.near")]))
    .digest();
  t.deepEqual(Buffer.from(leafHash("alice.near", sha256)), expected);
});
