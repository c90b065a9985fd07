/**
 * A contributor's Merkle proofs, read from the `proofs.json` that
 * `npm run vault:epoch` writes (scripts/lib/merkle-points.ts `proofsOf`: an
 * object from account id to that account's `claim` arguments). The file is
 * checked field by field before anything is built from it, so a wrong or
 * truncated file gives a sentence naming the problem instead of a
 * transaction that the vault would refuse.
 */
import type { ClaimArgs } from "../../../contracts/vault/interface.ts";

/** One epoch's claim arguments for one account (ClaimArgs without a qualification proof). */
export type EpochProof = Pick<ClaimArgs, "stage" | "epoch" | "leaf_index" | "points" | "proof">;

export type ProofsRead = { ok: true; proofs: EpochProof[] } | { ok: false; error: string };

const HASH = /^[0-9a-f]{64}$/;
const U128_POSITIVE = /^[1-9][0-9]{0,38}$/;

function isIndex(value: unknown, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= max;
}

/** Why `entry` is not a valid claim, or null when it is. */
function problemOf(entry: unknown): string | null {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return "is not an object";
  const { stage, epoch, leaf_index, points, proof } = entry as Record<string, unknown>;
  if (!isIndex(stage, 6)) return "has no stage in 0..6";
  if (!isIndex(epoch, 999)) return "has no epoch in 0..999";
  if (!isIndex(leaf_index, Number.MAX_SAFE_INTEGER)) return "has no leaf_index";
  if (typeof points !== "string" || !U128_POSITIVE.test(points)) return "has no positive points (a decimal string)";
  if (!Array.isArray(proof) || !proof.every((hash) => typeof hash === "string" && HASH.test(hash)))
    return "has a proof that is not a list of 64-character lowercase hex hashes";
  return null;
}

/** The proofs of `accountId` in the text of a proofs.json (`source` names the file or URL in sentences). */
export function readProofs(text: string, accountId: string, source: string): ProofsRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: `${source} is not JSON: expected the proofs.json written by npm run vault:epoch.` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    return { ok: false, error: `${source} is not a proofs file: expected an object of account id → claim.` };
  const entry = (parsed as Record<string, unknown>)[accountId];
  if (entry === undefined)
    return { ok: false, error: `${source} has no proof for ${accountId}: this epoch credits it no points.` };
  const problem = problemOf(entry);
  if (problem !== null) return { ok: false, error: `The proof of ${accountId} in ${source} ${problem}.` };
  const { stage, epoch, leaf_index, points, proof } = entry as EpochProof;
  return { ok: true, proofs: [{ stage, epoch, leaf_index, points, proof: [...proof] }] };
}

/** Adds proofs to a list, one per (stage, epoch): a later file replaces an earlier proof of the same epoch. */
export function mergeProofs(current: EpochProof[], added: EpochProof[]): EpochProof[] {
  const key = (proof: EpochProof) => `${proof.stage}/${proof.epoch}`;
  const replaced = new Set(added.map(key));
  return [...current.filter((proof) => !replaced.has(key(proof))), ...added].sort(
    (left, right) => left.stage - right.stage || left.epoch - right.epoch,
  );
}

/** The reward a leaf of `points` earns: ⌊epoch reward × points / total points⌋, as the vault computes it. */
export function rewardOf(epochReward: bigint, points: bigint, totalPoints: bigint): bigint {
  return totalPoints > 0n ? (epochReward * points) / totalPoints : 0n;
}
