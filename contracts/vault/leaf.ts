/**
 * The vault's Merkle trees: ONE definition of leaves, nodes and proofs, used
 * by the contract (with `near.sha256`) and by the off-chain builder
 * `scripts/lib/merkle-points.ts` (with Node's sha256). Pure: no near-sdk-js
 * import, the hash function is a parameter, so both sides provably hash the
 * same bytes and the unit tests run under plain Node.
 *
 * Encodings (every integer big-endian, account ids ASCII by NEAR's rules):
 *
 *   reward leaf        = sha256(0x00 ‖ u32 leaf_index ‖ u8 len ‖ account_id ‖ u128 points)
 *   qualification leaf = sha256(0x02 ‖ u8 len ‖ account_id)
 *   inner node         = sha256(0x01 ‖ min(a, b) ‖ max(a, b))      (bytewise order)
 *
 * The distinct first bytes keep the three domains apart: an inner node can
 * never be presented as a leaf, and a qualification proof never passes as a
 * reward proof. The length byte makes the leaf encoding unambiguous; the
 * leaf index inside the leaf binds each leaf to one bit of the epoch's
 * claimed-bitmap, so one leaf can be claimed once. Pairs are sorted, so a
 * proof is only the sibling hashes from the leaf up; a level with an odd
 * count carries its last hash up unchanged (and adds no proof element).
 * Hashes travel as 64-character lowercase hex strings.
 */

export type HashFn = (data: Uint8Array) => Uint8Array;

/** Longest proof accepted: leaf indexes are u32, so no tree is deeper than 32 levels. */
export const MAX_PROOF_LENGTH = 32;
/** Leaf indexes are u32. */
export const MAX_LEAF_COUNT = 2 ** 32;
/** Points are u128. */
export const MAX_POINTS = (1n << 128n) - 1n;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;
const QUALIFICATION_PREFIX = 0x02;
const HEX = "0123456789abcdef";

/** NEAR account id rules: 2..64 characters, lowercase alphanumerics separated by single `-`, `_` or `.`. */
const ACCOUNT_ID_PATTERN = /^(([a-z\d]+[-_])*[a-z\d]+\.)*([a-z\d]+[-_])*[a-z\d]+$/;

export function isValidAccountId(value: unknown): value is string {
  return typeof value === "string" && value.length >= 2 && value.length <= 64 && ACCOUNT_ID_PATTERN.test(value);
}

export function bytesToHex(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i++) {
    out += HEX[data[i] >> 4] + HEX[data[i] & 15];
  }
  return out;
}

/** A 32-byte hash from 64 lowercase hex characters, or null if malformed. */
export function hexToHash(hex: unknown): Uint8Array | null {
  if (typeof hex !== "string" || !/^[0-9a-f]{64}$/.test(hex)) {
    return null;
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = parseInt(hex.substring(2 * i, 2 * i + 2), 16);
  }
  return out;
}

function writeBigEndian(out: Uint8Array, offset: number, width: number, value: bigint): void {
  let rest = value;
  for (let i = width - 1; i >= 0; i--) {
    out[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

/** The bytes hashed into a reward leaf (exposed so tests can pin the layout). */
export function rewardLeafBytes(leafIndex: number, accountId: string, points: bigint): Uint8Array {
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= MAX_LEAF_COUNT) {
    throw new Error(`leaf_index must be an integer in 0..${MAX_LEAF_COUNT - 1}, got ${leafIndex}`);
  }
  if (!isValidAccountId(accountId)) {
    throw new Error(`Invalid account id ${JSON.stringify(accountId)}`);
  }
  if (points <= 0n || points > MAX_POINTS) {
    throw new Error(`points must be in 1..2^128-1, got ${points}`);
  }
  const out = new Uint8Array(1 + 4 + 1 + accountId.length + 16);
  out[0] = LEAF_PREFIX;
  writeBigEndian(out, 1, 4, BigInt(leafIndex));
  out[5] = accountId.length;
  for (let i = 0; i < accountId.length; i++) {
    out[6 + i] = accountId.charCodeAt(i);
  }
  writeBigEndian(out, 6 + accountId.length, 16, points);
  return out;
}

export function rewardLeaf(leafIndex: number, accountId: string, points: bigint, hash: HashFn): Uint8Array {
  return hash(rewardLeafBytes(leafIndex, accountId, points));
}

export function qualificationLeaf(accountId: string, hash: HashFn): Uint8Array {
  if (!isValidAccountId(accountId)) {
    throw new Error(`Invalid account id ${JSON.stringify(accountId)}`);
  }
  const out = new Uint8Array(2 + accountId.length);
  out[0] = QUALIFICATION_PREFIX;
  out[1] = accountId.length;
  for (let i = 0; i < accountId.length; i++) {
    out[2 + i] = accountId.charCodeAt(i);
  }
  return hash(out);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return a.length - b.length;
}

export function nodeHash(a: Uint8Array, b: Uint8Array, hash: HashFn): Uint8Array {
  const [low, high] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
  const out = new Uint8Array(1 + low.length + high.length);
  out[0] = NODE_PREFIX;
  out.set(low, 1);
  out.set(high, 1 + low.length);
  return hash(out);
}

/** Whether `proof` (sibling hashes, leaf level first) links `leaf` to `root`. */
export function verifyProof(leaf: Uint8Array, proof: Uint8Array[], root: Uint8Array, hash: HashFn): boolean {
  if (proof.length > MAX_PROOF_LENGTH) {
    return false;
  }
  let current = leaf;
  for (const sibling of proof) {
    current = nodeHash(current, sibling, hash);
  }
  return compareBytes(current, root) === 0;
}

/** Every level of a tree, leaves first, root last (off-chain tooling and tests). */
export function buildLevels(leaves: Uint8Array[], hash: HashFn): Uint8Array[][] {
  if (leaves.length === 0) {
    throw new Error("A tree needs at least one leaf");
  }
  const levels = [leaves];
  let level = leaves;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 === level.length ? level[i] : nodeHash(level[i], level[i + 1], hash));
    }
    levels.push(next);
    level = next;
  }
  return levels;
}

export function rootOf(levels: Uint8Array[][]): Uint8Array {
  return levels[levels.length - 1][0];
}

/** The proof of leaf `index` in the layout `verifyProof` checks. */
export function proofOf(levels: Uint8Array[][], index: number): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= levels[0].length) {
    throw new Error(`No leaf ${index} in a tree of ${levels[0].length} leaves`);
  }
  const proof: Uint8Array[] = [];
  let position = index;
  for (let depth = 0; depth < levels.length - 1; depth++) {
    const sibling = position ^ 1;
    if (sibling < levels[depth].length) {
      proof.push(levels[depth][sibling]);
    }
    position >>= 1;
  }
  return proof;
}
