/**
 * Checks a proof against the epoch's accepted root in the browser, before
 * anything is signed, with the vault's own leaf and node encoding
 * (contracts/vault/leaf.ts, the one definition the contract and the
 * off-chain builder share) and the same sha256. A proof that fails here
 * would fail in the contract: refusing it first costs the contributor no
 * gas and no storage registration.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { hexToHash, rewardLeaf, verifyProof } from "../../../contracts/vault/leaf.ts";
import type { EpochProof } from "./proofs.ts";

/** Whether `proof` puts `accountId`'s leaf in the tree of `rootHex`. */
export function proofMatchesRoot(proof: EpochProof, accountId: string, rootHex: string): boolean {
  const root = hexToHash(rootHex);
  const siblings = proof.proof.map(hexToHash);
  if (root === null || siblings.some((sibling) => sibling === null)) return false;
  const leaf = rewardLeaf(proof.leaf_index, accountId, BigInt(proof.points), sha256);
  return verifyProof(leaf, siblings as Uint8Array[], root, sha256);
}
