/**
 * Reward claims and qualification registrations.
 *
 * Invariants:
 * - A leaf pays once: its bit in the epoch's claimed-bitmap is set in the
 *   same receipt that credits it, and a set bit refuses the claim.
 * - Only the account named in the leaf can claim it: the leaf is hashed with
 *   the caller's account id, so a proof for someone else's leaf fails.
 * - An epoch never pays more than its reward: amount = ⌊reward × points /
 *   total_points⌋ and the epoch's claimed points may never exceed its
 *   total_points (a tree whose leaves add up to more is refused at the first
 *   claim that would cross it), so Σ amounts ≤ reward. The floors' remainders
 *   stay in the stage's `reserved` and move on with the roll-over.
 * - A claim only credits (reward to vest, points to earn royalties); tokens
 *   leave through `withdraw_vested`. Every check runs before the first write.
 */
import { near } from "near-sdk-js";
import { ensure, parsePositiveU128 } from "../common/guards";
import { emptyWord, isClaimedIn, withClaimed, wordIndexOf } from "./bitmap";
import { emitVault } from "./events";
import { hexToHash, MAX_PROOF_LENGTH, qualificationLeaf, rewardLeaf, verifyProof } from "./leaf";
import {
  emptyContributorStage,
  isQualificationRegistered,
  parseEpochIndex,
  parseStage,
  readContributorStage,
  readEpoch,
  readStage,
  readWord,
  writeContributorStage,
  writeEpoch,
  writeQualification,
  writeStage,
  writeStorageAccount,
  writeWord,
} from "./records";
import { claimPoints } from "./royalty";
import { configOf } from "./stages";
import type { VaultState } from "./state";
import { chargeBytes, loadStorageAccount } from "./storage";
import type { Stage } from "./types";

const sha256 = (data: Uint8Array): Uint8Array => near.sha256(data);

export function parseProof(value: unknown, field: string): Uint8Array[] {
  ensure(
    Array.isArray(value) && value.length <= MAX_PROOF_LENGTH,
    `${field} must be an array of at most ${MAX_PROOF_LENGTH} hashes`,
  );
  return value.map((item, index) => {
    const hash = hexToHash(item);
    ensure(hash !== null, `${field}[${index}] must be 64 lowercase hex characters`);
    return hash;
  });
}

function qualificationRoot(stage: Stage): Uint8Array {
  ensure(
    stage.qualification_root !== null,
    `Stage ${stage.stage} requires qualification, but its qualification root has not been accepted yet`,
  );
  return hexToHash(stage.qualification_root) as Uint8Array;
}

function isQualifiedByProof(stage: Stage, accountId: string, proof: Uint8Array[]): boolean {
  return verifyProof(qualificationLeaf(accountId, sha256), proof, qualificationRoot(stage), sha256);
}

/** Claims one leaf for `caller`; returns the reward credited. */
export function claimLeaf(state: VaultState, raw: unknown, caller: string, now: bigint): bigint {
  ensure(typeof raw === "object" && raw !== null && !Array.isArray(raw), "A claim must be a JSON object");
  const claim = raw as Record<string, unknown>;
  const stage = readStage(parseStage(claim.stage));
  const config = configOf(stage);
  ensure(
    now < config.claim_deadline_ns,
    `Stage ${stage.stage} passed its claim deadline ${config.claim_deadline_ns} (now ${now}): claims are closed`,
  );
  const epochIndex = parseEpochIndex(claim.epoch);
  const epoch = readEpoch(stage.stage, epochIndex);
  ensure(
    epoch !== null && epoch.status === "accepted" && epoch.result !== null,
    `Epoch ${epochIndex} of stage ${stage.stage} is not accepted (${epoch === null ? "no submission" : epoch.status})`,
  );
  const result = epoch.result;
  ensure(
    now >= epoch.claimable_at_ns,
    `Epoch ${epochIndex} of stage ${stage.stage} is in its challenge window until ${epoch.claimable_at_ns} (now ${now})`,
  );
  const leafIndex = claim.leaf_index;
  ensure(
    typeof leafIndex === "number" && Number.isInteger(leafIndex) && leafIndex >= 0 && leafIndex < result.leaf_count,
    `leaf_index must be an integer in 0..${result.leaf_count - 1}, got ${JSON.stringify(leafIndex)}`,
  );
  const points = parsePositiveU128(claim.points, "points");
  const proof = parseProof(claim.proof, "proof");
  if (config.requires_qualification && !isQualificationRegistered(stage.stage, caller)) {
    ensure(
      claim.qualification_proof !== undefined && claim.qualification_proof !== null,
      `Stage ${stage.stage} requires qualification: pass qualification_proof or call register_qualification first`,
    );
    ensure(
      isQualifiedByProof(stage, caller, parseProof(claim.qualification_proof, "qualification_proof")),
      `Invalid qualification proof: ${caller} is not in the qualification root of stage ${stage.stage}`,
    );
  }
  const root = hexToHash(result.merkle_root) as Uint8Array;
  ensure(
    verifyProof(rewardLeaf(leafIndex, caller, points, sha256), proof, root, sha256),
    `Invalid proof: leaf ${leafIndex} of ${caller} with ${points} points is not in the tree of epoch ${epochIndex} of stage ${stage.stage}`,
  );
  const wordIndex = wordIndexOf(leafIndex);
  const word = readWord(stage.stage, epochIndex, wordIndex);
  ensure(
    word === null || !isClaimedIn(word, leafIndex),
    `Leaf ${leafIndex} of epoch ${epochIndex} of stage ${stage.stage} is already claimed`,
  );
  ensure(
    epoch.claimed_points + points <= result.total_points,
    `The epoch's claimed points would exceed its total_points ${result.total_points}: the tree is inconsistent with its attested totals`,
  );
  const amount = (epoch.reward * points) / result.total_points;
  // storage: the contributor pays for its stage record and for a bitmap word its claim creates
  const account = loadStorageAccount(state, caller);
  let record = readContributorStage(stage.stage, caller);
  if (record === null) {
    chargeBytes(account, caller, state.storage_stage_bytes, `a record in stage ${stage.stage}`);
    account.stage_mask |= 1 << stage.stage;
    record = emptyContributorStage();
  }
  if (word === null) {
    chargeBytes(account, caller, state.storage_word_bytes, "a new claimed-bitmap word");
  }
  writeWord(stage.stage, epochIndex, wordIndex, withClaimed(word ?? emptyWord(), leafIndex));
  epoch.claimed_amount += amount;
  epoch.claimed_points += points;
  epoch.claimed_leaves += 1;
  stage.reserved -= amount;
  stage.claimed += amount;
  state.books.reserved -= amount;
  state.books.credited += amount;
  claimPoints(stage.points, stage.royalties, record, points, epoch.snapshots);
  record.reward += amount;
  record.epochs_claimed += 1;
  writeContributorStage(stage.stage, caller, record);
  writeStorageAccount(caller, account);
  writeEpoch(epoch);
  writeStage(stage);
  emitVault("reward_claimed", {
    stage: stage.stage,
    epoch: epochIndex,
    account_id: caller,
    leaf_index: leafIndex,
    points,
    amount,
  });
  return amount;
}

/** Records, once, that `caller` is in the stage's qualification root (charged to its storage deposit). */
export function registerQualification(state: VaultState, stageArg: unknown, proofArg: unknown, caller: string): void {
  const stage = readStage(parseStage(stageArg));
  const config = configOf(stage);
  ensure(config.requires_qualification, `Stage ${stage.stage} does not require qualification`);
  ensure(
    !isQualificationRegistered(stage.stage, caller),
    `${caller} already registered its qualification for stage ${stage.stage}`,
  );
  ensure(
    isQualifiedByProof(stage, caller, parseProof(proofArg, "proof")),
    `Invalid qualification proof: ${caller} is not in the qualification root of stage ${stage.stage}`,
  );
  const account = loadStorageAccount(state, caller);
  chargeBytes(account, caller, state.storage_qualification_bytes, "a qualification record");
  writeQualification(stage.stage, caller);
  writeStorageAccount(caller, account);
  emitVault("qualification_registered", { stage: stage.stage, account_id: caller });
}
