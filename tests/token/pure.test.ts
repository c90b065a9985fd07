/**
 * Unit tests of the token's pure modules (payout rules, transfer-call
 * resolution, sweep math, revenue history records and pages, the
 * fixed-width integer codec, the state codec) under plain Node: they import nothing from
 * near-sdk-js, so they run without a chain.
 */
import test from "ava";
import fc from "fast-check";
import {
  GAS_FOR_FT_PAYOUT,
  GAS_FOR_PAYOUT_CALLBACK,
  GAS_FOR_PAYOUT_CALLER,
  HISTORY_CAPACITY,
  MAX_PROOF_LENGTH,
} from "../../contracts/token/constants.ts";
import { readUint, writeUint } from "../../contracts/common/codec.ts";
import {
  decodeHistoryEntry,
  encodeHistoryEntry,
  HISTORY_RECORD_SIZE,
  historyKey,
  historyPage,
  oldestKept,
} from "../../contracts/token/history-records.ts";
import { keptByPurchase, payoutGasNeeded, proofProblem } from "../../contracts/token/payout-rules.ts";
import { nearExcess, owedRevenue, stablecoinExcess, sweepProblem } from "../../contracts/token/sweep-math.ts";
import { decodeTokenState, encodeTokenState } from "../../contracts/token/state-codec.ts";
import { refundable, unusedAmount } from "../../contracts/token/transfer-rules.ts";

const HASH = "ab".repeat(32);

// ---- payout rules -------------------------------------------------------------

test("payout gas: the caller's work plus a callback per asset and the stablecoin's transfer", (t) => {
  t.is(payoutGasNeeded([]), GAS_FOR_PAYOUT_CALLER);
  t.is(payoutGasNeeded([0]), GAS_FOR_PAYOUT_CALLER + GAS_FOR_PAYOUT_CALLBACK);
  t.is(payoutGasNeeded([0, 1]), GAS_FOR_PAYOUT_CALLER + 2n * GAS_FOR_PAYOUT_CALLBACK + GAS_FOR_FT_PAYOUT);
});

test("proof: absent or a bounded list of 64 lowercase hex characters", (t) => {
  t.is(proofProblem(undefined), null);
  t.is(proofProblem(null), null);
  t.is(proofProblem([]), null);
  t.is(proofProblem([HASH, HASH]), null);
  t.is(proofProblem(Array(MAX_PROOF_LENGTH).fill(HASH)), null);
  t.is(proofProblem(Array(MAX_PROOF_LENGTH + 1).fill(HASH)), `proof is longer than ${MAX_PROOF_LENGTH} hashes`);
  t.is(proofProblem(HASH), "proof must be a list of hex sha256 hashes or null");
  t.is(proofProblem([HASH, HASH.toUpperCase()]), "proof[1] must be 64 lowercase hex characters");
  t.is(proofProblem([HASH.slice(2)]), "proof[0] must be 64 lowercase hex characters");
  t.is(proofProblem([7]), "proof[0] must be 64 lowercase hex characters");
});

test("reinvestment: only what the sale kept counts (its reported refund went back to the holder)", (t) => {
  const result = (refund: string) => JSON.stringify({ tokens: "5", cost: "70", refund, storage_fee: "0" });
  t.is(keptByPurchase(result("30"), 100n), 70n);
  t.is(keptByPurchase(result("0"), 100n), 100n);
  t.is(keptByPurchase(result("100"), 100n), 0n);
  // a refund above the payment cannot make the kept amount negative
  t.is(keptByPurchase(result("150"), 100n), 0n);
  // nothing readable reported: the sale accepted the whole deposit
  t.is(keptByPurchase("", 100n), 100n);
  t.is(keptByPurchase("null", 100n), 100n);
  t.is(keptByPurchase(JSON.stringify({ refund: 30 }), 100n), 100n);
  t.is(keptByPurchase(JSON.stringify({ refund: "-5" }), 100n), 100n);
});

// ---- ft_transfer_call resolution --------------------------------------------------

test("unused amount: a U128 string or a safe integer, capped by the amount; anything else is all unused", (t) => {
  t.is(unusedAmount('"0"', 100n), 0n);
  t.is(unusedAmount('"40"', 100n), 40n);
  t.is(unusedAmount("40", 100n), 40n);
  t.is(unusedAmount('"400"', 100n), 100n);
  t.is(unusedAmount('"not-a-number"', 100n), 100n);
  t.is(unusedAmount("-1", 100n), 100n);
  t.is(unusedAmount("1.5", 100n), 100n);
  t.is(unusedAmount("", 100n), 100n);
  t.is(unusedAmount("{}", 100n), 100n);
});

test("refund: min(unused, what the receiver still holds)", (t) => {
  t.is(refundable(40n, 100n), 40n);
  t.is(refundable(40n, 10n), 10n);
  t.is(refundable(0n, 10n), 0n);
});

// ---- sweep math ----------------------------------------------------------------

test("NEAR excess: balance minus staking, owed revenue, refundable deposits and the reserve, floored at 0", (t) => {
  const books = { balance: 100n, storageStaked: 20n, owedRevenue: 30n, registrationDeposits: 5n, reserve: 10n };
  t.is(nearExcess(books), 35n);
  t.is(nearExcess({ ...books, balance: 60n }), 0n);
  t.is(nearExcess({ ...books, balance: 65n }), 0n);
  t.is(owedRevenue(1_000n, 400n), 600n);
  t.is(sweepProblem("near", 35n, 35n), null);
  t.is(sweepProblem("near", 36n, 35n), "The sweep of 36 near exceeds the sweepable excess 35");
});

test("stablecoin excess: a stale balance read never lets a sweep take owed funds", (t) => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 30n }), // owed when the balance was read
      fc.bigInt({ min: 0n, max: 10n ** 30n }), // stray on top
      fc.bigInt({ min: 0n, max: 10n ** 30n }), // revenue arriving after the read
      fc.bigInt({ min: 0n, max: 10n ** 30n }), // payouts confirmed after the read (at most what was owed)
      fc.bigInt({ min: 0n, max: 10n ** 30n }), // sweeps in flight (already out of the read balance)
      (owedAtRead, stray, revenue, paidRaw, inFlight) => {
        const readBalance = owedAtRead + stray;
        const paid = paidRaw % (owedAtRead + revenue + 1n);
        const owedNow = owedAtRead + revenue - paid;
        const balanceNow = readBalance + revenue - paid;
        const excess = stablecoinExcess({
          balance: readBalance,
          owedRevenue: owedNow,
          sweepInFlight: inFlight,
          outflowSinceQuery: paid,
        });
        // sweeping the whole computed excess leaves at least what the books owe
        return excess >= 0n && balanceNow - excess >= owedNow;
      },
    ),
  );
  t.pass();
});

test("stablecoin excess: exact when nothing moved, floored at 0", (t) => {
  const books = { balance: 500n, owedRevenue: 300n, sweepInFlight: 0n, outflowSinceQuery: 0n };
  t.is(stablecoinExcess(books), 200n);
  t.is(stablecoinExcess({ ...books, sweepInFlight: 50n }), 150n);
  t.is(stablecoinExcess({ ...books, outflowSinceQuery: 250n }), 0n);
});

// ---- revenue history -------------------------------------------------------------

test("history record: 57 bytes, every field round-trips at its largest value, overflow refused", (t) => {
  const u128Max = (1n << 128n) - 1n;
  const largest = {
    timestampNs: (1n << 64n) - 1n,
    slot: 1,
    amount: u128Max,
    eligibleSupply: u128Max,
    totalDistributed: u128Max,
  };
  const bytes = encodeHistoryEntry(largest);
  t.is(bytes.length, HISTORY_RECORD_SIZE);
  t.is(HISTORY_RECORD_SIZE, 57);
  t.deepEqual(decodeHistoryEntry(bytes), largest);
  const small = {
    timestampNs: 1_700_000_000_000_000_000n,
    slot: 0,
    amount: 5n,
    eligibleSupply: 900n,
    totalDistributed: 7n,
  };
  t.deepEqual(decodeHistoryEntry(encodeHistoryEntry(small)), small);
  t.throws(() => encodeHistoryEntry({ ...small, amount: u128Max + 1n }), {
    message: /amount does not fit in 128 bits/,
  });
  t.throws(() => decodeHistoryEntry(bytes.subarray(1)), { message: "Corrupt revenue history record (56 bytes)" });
});

test("history ring: entry n lives at position n mod capacity; the oldest kept trails the total by the capacity", (t) => {
  t.is(HISTORY_CAPACITY, 128);
  t.is(historyKey(0), "h00");
  t.is(historyKey(127), "h7f");
  t.is(historyKey(128), "h00");
  t.is(historyKey(300), "h2c");
  t.is(oldestKept(0), 0);
  t.is(oldestKept(128), 0);
  t.is(oldestKept(130), 2);
});

test("history pages: defaults, clamping to what is kept, limit bounds; bad arguments refused", (t) => {
  t.deepEqual(historyPage(0, undefined, undefined), { start: 0, end: 0 });
  t.deepEqual(historyPage(5, null, null), { start: 0, end: 5 });
  t.deepEqual(historyPage(5, 2, 2), { start: 2, end: 4 });
  t.deepEqual(historyPage(5, 4, 128), { start: 4, end: 5 });
  t.deepEqual(historyPage(5, 9, 1), { start: 5, end: 5 }); // past the newest: empty
  t.deepEqual(historyPage(130, undefined, undefined), { start: 2, end: 130 });
  t.deepEqual(historyPage(130, 0, 3), { start: 2, end: 5 }); // overwritten entries are skipped
  t.deepEqual(historyPage(300, 250, 128), { start: 250, end: 300 });
  for (const bad of [-1, 1.5, "3", Number.MAX_SAFE_INTEGER + 1, true]) {
    t.throws(() => historyPage(5, bad, 1), {
      message: `from_index must be a non-negative integer, got ${JSON.stringify(bad)}`,
    });
    t.throws(() => historyPage(5, 0, bad), {
      message: `limit must be a non-negative integer, got ${JSON.stringify(bad)}`,
    });
  }
  t.throws(() => historyPage(5, 0, 0), { message: "limit must be between 1 and 128, got 0" });
  t.throws(() => historyPage(5, 0, 129), { message: "limit must be between 1 and 128, got 129" });
});

// ---- fixed-width integers (contracts/common/codec.ts) ------------------------------

/** The little-endian value of `width` bytes, byte by byte: the reference the limb codec must match. */
function bytesValue(bytes: Uint8Array, offset: number, width: number): bigint {
  let value = 0n;
  for (let i = width - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[offset + i]);
  return value;
}

test("codec: every width round-trips any value that fits, writes only its bytes, and refuses what does not fit", (t) => {
  const widths = [1, 3, 4, 5, 8, 13, 16, 32];
  fc.assert(
    fc.property(
      fc.constantFrom(...widths),
      // every bit length up to beyond the widest field: most record values are small
      fc.integer({ min: 0, max: 260 }).chain((bits) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n })),
      (width, value) => {
        const fits = value >> BigInt(width * 8) === 0n;
        const bytes = new Uint8Array(width + 4).fill(0xaa);
        if (!fits) {
          t.throws(() => writeUint(bytes, 2, width, value, "amount"), {
            message: `amount does not fit in ${width * 8} bits`,
          });
          return bytes.every((byte) => byte === 0xaa);
        }
        writeUint(bytes, 2, width, value, "amount");
        return (
          readUint(bytes, 2, width) === value &&
          bytesValue(bytes, 2, width) === value &&
          bytes[1] === 0xaa &&
          bytes[2 + width] === 0xaa
        );
      },
    ),
  );
  const zeroed = new Uint8Array(16).fill(0xff);
  writeUint(zeroed, 0, 16, 1n, "x"); // a small value clears the rest of the field
  t.deepEqual([...zeroed], [1, ...Array(15).fill(0)]);
  t.is(readUint(new Uint8Array(32).fill(0xff), 0, 32), (1n << 256n) - 1n);
  t.throws(() => writeUint(zeroed, 0, 16, -1n, "balance"), { message: "balance is negative" });
  t.throws(() => writeUint(zeroed, 0, 16, 1n << 128n, "balance"), { message: "balance does not fit in 128 bits" });
});

// ---- the token's stored state (contracts/token/state-codec.ts) ----------------------

/** A token state as the contract holds it (bigints), with every bigint field non-trivial. */
function sampleState() {
  const pool = (asset: string, seed: bigint) => ({
    asset,
    acc: 5n * 10n ** 32n + seed,
    pending: seed,
    unstreamed: 10n ** 40n + seed,
    rate: 7n + seed,
    period_finish: 1_700_000_000_000_000_000n + seed,
    last_update: 1_600_000_000_000_000_000n + seed,
    stream_amount: 10n ** 54n + seed,
    distributed: 10n ** 24n + seed,
    claimed: 3n + seed,
    in_flight: 2n + seed,
    reinvested: 1n + seed,
  });
  return {
    state_version: 2,
    admin: { owner_id: "owner.near", proposed_owner_id: "", roles: { pauser: ["bob.near"] }, paused: { claims: true } },
    timelock: { delay_ns: "86400000000000", next_id: 1, queue: [{ id: 0, action: "sweep", args: { amount: "5" } }] },
    max_supply: 10n ** 33n,
    total_supply: 10n ** 33n - 1n,
    eligible_total: 10n ** 32n,
    min_eligible_supply: 1n,
    revenue_stream_ns: 604_800_000_000_000n,
    storage_bytes_per_account: 250n,
    revenue_token_id: "usdt.near",
    sale_contract_id: "",
    source_link: "https://example.org/ü",
    excluded_list: ["treasury.near"],
    pools: [pool("near", 11n), pool("usdt.near", 22n)],
    registration_deposits: 25n * 10n ** 20n,
    sweep_in_flight: [0n, 9n],
    swept: [8n, 0n],
  };
}

/** near-sdk-js's default encoding (every state before the compact one): each bigint an object. */
function sdkText(state: object): string {
  return JSON.stringify(state, (_key, value) =>
    typeof value === "bigint" ? { value: value.toString(), typeInfo: "bigint" } : value,
  );
}

test("state codec: round-trips every field, bigints as decimal strings, in the field order of the object", (t) => {
  const state = sampleState();
  const text = encodeTokenState(state);
  t.false(text.includes("typeInfo"));
  t.true(text.startsWith('{"state_version":2,"admin":'));
  t.true(text.includes('"max_supply":"1000000000000000000000000000000000"'));
  t.deepEqual(decodeTokenState(text), state);
  t.deepEqual(sampleState(), state, "encoding leaves the state object unchanged");
  // 33 bigints, each without its `{"value":…,"typeInfo":"bigint"}` wrapping (30 bytes)
  t.is(sdkText(state).length - text.length, 33 * 30);
});

test("state codec: reads near-sdk-js's default encoding, and a mix of both (a migration writing new bigints)", (t) => {
  const state = sampleState();
  t.deepEqual(decodeTokenState(sdkText(state)), state);
  const mixed = JSON.parse(encodeTokenState(state));
  mixed.pools[1].claimed = { value: "25", typeInfo: "bigint" };
  t.deepEqual(decodeTokenState(JSON.stringify(mixed)).pools, [state.pools[0], { ...state.pools[1], claimed: 25n }]);
  // what near-sdk-js's own deserialize/serialize (upgrade, migrate) make of it: the same JSON, read back alike
  t.deepEqual(decodeTokenState(JSON.stringify(JSON.parse(encodeTokenState(state)))), state);
});

test("state codec: a corrupt field or an unknown bigint field fails loudly", (t) => {
  const broken = JSON.parse(encodeTokenState(sampleState()));
  broken.pools[0].acc = 5;
  t.throws(() => decodeTokenState(JSON.stringify(broken)), { message: "Corrupt state: acc is 5, not an integer" });
  t.throws(() => encodeTokenState({ ...sampleState(), unlisted: 1n }), { message: /BigInt/ });
});
