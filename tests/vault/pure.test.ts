/**
 * Unit tests of the vault's pure modules (Merkle leaves and proofs, claimed
 * bitmap, vesting, royalty accumulator) under plain Node: they import
 * nothing from near-sdk-js, so these are the very functions the contract runs.
 */
import test from "ava";
import fc from "fast-check";
import { createHash } from "node:crypto";
import { isClaimedIn, emptyWord, withClaimed, wordIndexOf, WORD_BYTES } from "../../contracts/vault/bitmap.ts";
import {
  buildLevels,
  bytesToHex,
  hexToHash,
  isValidAccountId,
  nodeHash,
  proofOf,
  qualificationLeaf,
  rewardLeaf,
  rewardLeafBytes,
  rootOf,
  verifyProof,
} from "../../contracts/vault/leaf.ts";
import {
  acceptPoints,
  claimableRoyalty,
  claimPoints,
  confirmRoyalty,
  depositRoyalty,
  expireUnclaimed,
  newPointBook,
  newPosition,
  newRoyaltyPool,
  restoreRoyalty,
  ROYALTY_SCALE,
  takeRoyalty,
  unclaimedEarnings,
  vetoPoints,
  type RoyaltyPosition,
} from "../../contracts/vault/royalty.ts";
import { fullyVestedAt, vestedAmount, withdrawableAmount } from "../../contracts/vault/vesting.ts";

const sha256 = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());

// ---- leaves and proofs ----------------------------------------------------------

test("the reward leaf layout is pinned: 0x00, u32 index, length, account, u128 points (big-endian)", (t) => {
  const bytes = rewardLeafBytes(258, "ab", 5n);
  t.is(bytesToHex(bytes), `00${"00000102"}02${"6162"}${"0".repeat(30)}05`);
  t.is(bytesToHex(rewardLeaf(258, "ab", 5n, sha256)), bytesToHex(sha256(bytes)));
});

test("leaves refuse bad input", (t) => {
  t.throws(() => rewardLeafBytes(-1, "ab", 1n), { message: /leaf_index/ });
  t.throws(() => rewardLeafBytes(2 ** 32, "ab", 1n), { message: /leaf_index/ });
  t.throws(() => rewardLeafBytes(0, "A", 1n), { message: /Invalid account id/ });
  t.throws(() => rewardLeafBytes(0, "ab", 0n), { message: /points/ });
  t.throws(() => rewardLeafBytes(0, "ab", 1n << 128n), { message: /points/ });
});

test("account ids follow NEAR's rules", (t) => {
  for (const good of ["ab", "alice.near", "a-b_c.d0", "x".repeat(64)]) t.true(isValidAccountId(good), good);
  for (const bad of ["a", "Alice", "a..b", "-ab", "ab-", "a b", "x".repeat(65), 7]) t.false(isValidAccountId(bad));
});

function tree(count: number) {
  const rows = Array.from({ length: count }, (_v, i) => ({ account: `c${i}.test`, points: BigInt(i + 1) }));
  const leaves = rows.map((row, i) => rewardLeaf(i, row.account, row.points, sha256));
  return { rows, leaves, levels: buildLevels(leaves, sha256) };
}

test("every leaf's proof verifies, for every tree size up to 40 (odd levels carry up)", (t) => {
  for (let count = 1; count <= 40; count++) {
    const { leaves, levels } = tree(count);
    const root = rootOf(levels);
    for (let i = 0; i < count; i++) {
      t.true(verifyProof(leaves[i], proofOf(levels, i), root, sha256), `${count} leaves, leaf ${i}`);
    }
  }
});

test("a proof fails for other points, another index, another account or another root", (t) => {
  const { rows, levels } = tree(13);
  const root = rootOf(levels);
  const proof = proofOf(levels, 5);
  t.true(verifyProof(rewardLeaf(5, rows[5].account, rows[5].points, sha256), proof, root, sha256));
  t.false(verifyProof(rewardLeaf(5, rows[5].account, rows[5].points + 1n, sha256), proof, root, sha256));
  t.false(verifyProof(rewardLeaf(6, rows[5].account, rows[5].points, sha256), proof, root, sha256));
  t.false(verifyProof(rewardLeaf(5, "mallory.test", rows[5].points, sha256), proof, root, sha256));
  t.false(verifyProof(rewardLeaf(5, rows[5].account, rows[5].points, sha256), proof, sha256(root), sha256));
  t.false(verifyProof(rewardLeaf(5, rows[5].account, rows[5].points, sha256), new Array(33).fill(root), root, sha256));
});

test("an inner node cannot pass as a leaf, and a qualification leaf is not a reward leaf", (t) => {
  const { levels } = tree(8);
  const root = rootOf(levels);
  // The node above leaves 0 and 1, with the rest of leaf 0's proof, links to the root...
  const inner = levels[1][0];
  t.true(verifyProof(inner, proofOf(levels, 0).slice(1), root, sha256));
  // ...but a claim never presents a hash: the contract hashes (index, account, points) itself, and those
  // preimages start with 0x00 while every node's starts with 0x01, so no claim can land on a node.
  const hashed: Uint8Array[] = [];
  const recording = (data: Uint8Array) => {
    hashed.push(data);
    return sha256(data);
  };
  nodeHash(levels[0][1], levels[0][0], recording);
  rewardLeaf(0, "c0.test", 1n, recording);
  qualificationLeaf("c0.test", recording);
  t.deepEqual(
    hashed.map((data) => data[0]),
    [1, 0, 2],
  );
  t.is(bytesToHex(nodeHash(levels[0][0], levels[0][1], sha256)), bytesToHex(inner));
  t.is(bytesToHex(nodeHash(levels[0][1], levels[0][0], sha256)), bytesToHex(inner));
});

test("hex round trip and malformed hashes", (t) => {
  const hash = sha256(new Uint8Array([1, 2, 3]));
  t.deepEqual(hexToHash(bytesToHex(hash)), hash);
  t.is(hexToHash("AB".repeat(32)), null);
  t.is(hexToHash("ab".repeat(31)), null);
  t.is(hexToHash(null), null);
});

// ---- bitmap -----------------------------------------------------------------

test("the bitmap keeps 256 leaves per 32-byte word, one bit each", (t) => {
  t.is(WORD_BYTES, 32);
  t.is(wordIndexOf(0), 0);
  t.is(wordIndexOf(255), 0);
  t.is(wordIndexOf(256), 1);
  let word = emptyWord();
  for (const leaf of [0, 7, 8, 255]) {
    t.false(isClaimedIn(word, leaf));
    word = withClaimed(word, leaf);
    t.true(isClaimedIn(word, leaf));
  }
  t.is([...word].filter((byte) => byte !== 0).length, 3);
  t.is(word[0], 0b1000_0001);
  t.is(word[1], 1);
  t.is(word[31], 0b1000_0000);
  // index 256 + k maps to the same bit as k, in the next word
  t.true(isClaimedIn(word, 256 + 7));
});

test("setting bits in any order marks exactly those bits", (t) => {
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }), (bits) => {
      let word = emptyWord();
      for (const bit of bits) word = withClaimed(word, bit);
      for (let bit = 0; bit < 256; bit++) if (isClaimedIn(word, bit) !== bits.includes(bit)) return false;
      return true;
    }),
  );
  t.pass();
});

// ---- vesting ------------------------------------------------------------------

test("vesting: nothing before the cliff, linear from the start, everything at start + duration", (t) => {
  const schedule = { start_ns: 1000n, cliff_ns: 100n, duration_ns: 400n };
  t.is(vestedAmount(1000n, schedule, 0n), 0n);
  t.is(vestedAmount(1000n, schedule, 1099n), 0n);
  t.is(vestedAmount(1000n, schedule, 1100n), 250n);
  t.is(vestedAmount(1000n, schedule, 1300n), 750n);
  t.is(vestedAmount(1000n, schedule, 1400n), 1000n);
  t.is(vestedAmount(1000n, schedule, 9999n), 1000n);
  t.is(fullyVestedAt(schedule), 1400n);
  t.is(withdrawableAmount(1000n, 300n, schedule, 1300n), 450n);
  t.is(withdrawableAmount(1000n, 800n, schedule, 1300n), 0n);
  t.is(vestedAmount(7n, { start_ns: 5n, cliff_ns: 0n, duration_ns: 0n }, 5n), 7n);
});

test("vesting is monotonic, floored and bounded by the total", (t) => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 0n, max: 10n ** 30n }),
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      fc.bigInt({ min: 0n, max: 3n * 10n ** 12n }),
      fc.bigInt({ min: 0n, max: 10n ** 12n }),
      (total, cliffRaw, duration, now, step) => {
        const schedule = {
          start_ns: 10n ** 12n,
          cliff_ns: cliffRaw > duration ? duration : cliffRaw,
          duration_ns: duration,
        };
        const a = vestedAmount(total, schedule, now);
        const b = vestedAmount(total, schedule, now + step);
        return a <= b && b <= total && (now < fullyVestedAt(schedule) || a === total);
      },
    ),
  );
  t.pass();
});

// ---- royalties ------------------------------------------------------------------

test("royalties arriving with no accepted points wait, then go out with the next deposit after points exist", (t) => {
  const pools = [newRoyaltyPool()];
  const book = newPointBook(1);
  depositRoyalty(pools[0], 1000n, book.earning);
  t.is(pools[0].acc, 0n);
  const snaps = acceptPoints(book, pools, 3n);
  t.deepEqual(snaps, [0n]);
  // the waiting 1000 is released by the next deposit
  depositRoyalty(pools[0], 2n, book.earning);
  const position = newPosition(1);
  claimPoints(book, pools, position, 3n, snaps);
  // 1002 over 3 points: 334 each, all of it to the only contributor
  t.is(claimableRoyalty(position, pools[0], 0), 1002n);
  t.is(takeRoyalty(position, pools, 0), 1002n);
  confirmRoyalty(pools[0], 1002n);
  t.is(pools[0].pending + position.owed[0], 0n);
  t.throws(() => depositRoyalty(pools[0], 0n, 1n), { message: /greater than zero/ });
});

test("an epoch earns from acceptance: claiming late gets the royalties that arrived before the claim", (t) => {
  const pools = [newRoyaltyPool()];
  const book = newPointBook(1);
  const early = acceptPoints(book, pools, 10n);
  depositRoyalty(pools[0], 100n, book.earning); // 10 per point
  const late = acceptPoints(book, pools, 10n);
  depositRoyalty(pools[0], 200n, book.earning); // 10 per point, over 20
  const alice = newPosition(1);
  const bob = newPosition(1);
  claimPoints(book, pools, bob, 10n, late);
  claimPoints(book, pools, alice, 4n, early);
  t.is(claimableRoyalty(alice, pools[0], 0), 80n);
  t.is(claimableRoyalty(bob, pools[0], 0), 100n);
  // the 6 unclaimed points of the early epoch hold 120
  t.is(unclaimedEarnings(book, pools[0], 0) / ROYALTY_SCALE, 120n);
});

type Op =
  | { kind: "deposit"; amount: bigint }
  | { kind: "accept"; points: bigint }
  | { kind: "veto" }
  | { kind: "claim"; who: number; fraction: number }
  | { kind: "take"; who: number; fail: boolean }
  | { kind: "expire" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("deposit" as const), amount: fc.bigInt({ min: 1n, max: 10n ** 24n }) }),
  fc.record({ kind: fc.constant("accept" as const), points: fc.bigInt({ min: 1n, max: 10n ** 9n }) }),
  fc.record({ kind: fc.constant("veto" as const) }),
  fc.record({ kind: fc.constant("claim" as const), who: fc.nat(3), fraction: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constant("take" as const), who: fc.nat(3), fail: fc.boolean() }),
  fc.record({ kind: fc.constant("expire" as const) }),
);

test("royalty books are exact to the unit over random sequences (deposited = paid + claimable + carried)", (t) => {
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
      const pools = [newRoyaltyPool(), newRoyaltyPool()];
      const book = newPointBook(2);
      const positions: RoyaltyPosition[] = [0, 1, 2, 3].map(() => newPosition(2));
      // accepted epochs with their unclaimed points; the newest may be vetoed while wholly unclaimed
      const epochs: Array<{ unclaimed: bigint; total: bigint; snaps: bigint[] }> = [];
      for (const op of ops) {
        if (op.kind === "deposit") {
          depositRoyalty(pools[0], op.amount, book.earning);
          depositRoyalty(pools[1], op.amount / 7n + 1n, book.earning);
        } else if (op.kind === "accept") {
          epochs.push({ unclaimed: op.points, total: op.points, snaps: acceptPoints(book, pools, op.points) });
        } else if (op.kind === "veto") {
          const last = epochs.at(-1);
          if (last && last.unclaimed === last.total) {
            vetoPoints(book, pools, last.total, last.snaps);
            epochs.pop();
          }
        } else if (op.kind === "claim") {
          const epoch = epochs.find((e) => e.unclaimed > 0n);
          if (epoch) {
            const points = (epoch.unclaimed * BigInt(op.fraction)) / 100n || epoch.unclaimed;
            claimPoints(book, pools, positions[op.who], points, epoch.snaps);
            epoch.unclaimed -= points;
          }
        } else if (op.kind === "take") {
          for (const slot of [0, 1]) {
            const units = takeRoyalty(positions[op.who], pools, slot);
            if (op.fail) restoreRoyalty(positions[op.who], pools[slot], slot, units);
            else confirmRoyalty(pools[slot], units);
          }
        } else {
          expireUnclaimed(book, pools);
          for (const epoch of epochs) epoch.unclaimed = 0n;
        }
        for (const slot of [0, 1]) {
          const pool = pools[slot];
          let held = 0n;
          for (const p of positions) held += p.owed[slot] + p.points * (pool.acc - p.snapshot[slot]);
          const total =
            (pool.paid + pool.in_flight) * ROYALTY_SCALE + held + unclaimedEarnings(book, pool, slot) + pool.pending;
          if (total !== pool.deposited * ROYALTY_SCALE) return false;
          if (pool.in_flight !== 0n) return false;
        }
        const positionPoints = positions.reduce((sum, p) => sum + p.points, 0n);
        if (book.earning !== positionPoints + book.unclaimed) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.pass();
});
