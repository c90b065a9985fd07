/**
 * Allowlist Merkle proofs (pure: the hash function is a parameter, so the
 * contract passes `near.sha256` and tests pass Node's sha256).
 *
 * Tree layout (domain-separated, sorted pairs, so a proof is just the list of
 * sibling hashes from the leaf up and needs no left/right flags):
 *
 *   leaf(account) = sha256(0x00 ‖ utf8(account_id))
 *   node(a, b)    = sha256(0x01 ‖ min(a, b) ‖ max(a, b))   (bytewise order)
 *
 * The 0x00/0x01 prefixes stop an inner node from being presented as a leaf.
 * A tree level with an odd count carries its last hash up unchanged.
 * Hashes travel as 64-character lowercase hex strings.
 */

export type HashFn = (data: Uint8Array) => Uint8Array;

/** Longest proof accepted: 2^32 leaves is more accounts than NEAR has. */
export const MAX_PROOF_LENGTH = 32;

const HEX = "0123456789abcdef";

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

/** Account ids are ASCII (NEAR account id rules), so one byte per character. */
function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    out[i] = text.charCodeAt(i) & 0xff;
  }
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return a.length - b.length;
}

function prefixed(prefix: number, parts: Uint8Array[]): Uint8Array {
  let length = 1;
  for (const part of parts) {
    length += part.length;
  }
  const out = new Uint8Array(length);
  out[0] = prefix;
  let offset = 1;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function leafHash(accountId: string, hash: HashFn): Uint8Array {
  return hash(prefixed(0, [asciiBytes(accountId)]));
}

export function nodeHash(a: Uint8Array, b: Uint8Array, hash: HashFn): Uint8Array {
  return compareBytes(a, b) <= 0 ? hash(prefixed(1, [a, b])) : hash(prefixed(1, [b, a]));
}

/** Whether `proof` (sibling hashes, leaf level first) links `accountId` to `root`. */
export function verifyMerkleProof(accountId: string, proof: Uint8Array[], root: Uint8Array, hash: HashFn): boolean {
  if (proof.length > MAX_PROOF_LENGTH) {
    return false;
  }
  let current = leafHash(accountId, hash);
  for (const sibling of proof) {
    current = nodeHash(current, sibling, hash);
  }
  return compareBytes(current, root) === 0;
}

/**
 * Builds the tree of `accountIds` (off-chain tooling and tests): the root and
 * each account's proof, in the layout `verifyMerkleProof` checks.
 */
export function buildMerkleTree(
  accountIds: string[],
  hash: HashFn,
): { root: Uint8Array; proofs: Map<string, Uint8Array[]> } {
  if (accountIds.length === 0) {
    throw new Error("An allowlist needs at least one account");
  }
  let level = accountIds.map((id) => leafHash(id, hash));
  // members[i]: indexes (into accountIds) of the leaves under level[i]
  let members = accountIds.map((_id, index) => [index]);
  const proofs = accountIds.map(() => [] as Uint8Array[]);
  while (level.length > 1) {
    const nextLevel: Uint8Array[] = [];
    const nextMembers: number[][] = [];
    for (let i = 0; i < level.length; i += 2) {
      if (i + 1 === level.length) {
        nextLevel.push(level[i]);
        nextMembers.push(members[i]);
        continue;
      }
      for (const m of members[i]) proofs[m].push(level[i + 1]);
      for (const m of members[i + 1]) proofs[m].push(level[i]);
      nextLevel.push(nodeHash(level[i], level[i + 1], hash));
      nextMembers.push(members[i].concat(members[i + 1]));
    }
    level = nextLevel;
    members = nextMembers;
  }
  const byAccount = new Map<string, Uint8Array[]>();
  for (const [index, id] of accountIds.entries()) {
    byAccount.set(id, proofs[index]);
  }
  return { root: level[0], proofs: byAccount };
}
