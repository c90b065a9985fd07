/**
 * Epoch results and qualification roots: submission by attestors, acceptance
 * by quorum, veto by a guardian.
 *
 * Invariants:
 * - One submission per attestor per attempt; a result is accepted when
 *   `quorum` ACTIVE attestors submitted identical (root, total_points,
 *   leaf_count, report_hash). Conflicting submissions stay in the record and
 *   are evented (`epoch_conflict`); nothing is overwritten.
 * - Acceptance reserves `epoch_reward` from the stage pool (a pool too small
 *   panics, and the submission that would have completed the quorum is
 *   reverted with it) and starts the epoch's points earning royalties.
 * - An epoch is accepted only if it can be claimed: a submission is refused
 *   unless now + challenge window < claim deadline.
 * - A veto is possible only in the challenge window (claims open after it,
 *   so a vetoed epoch was never claimed from) and before the stage rolls
 *   over (the roll-over has already moved the reward and expired the
 *   points): the reward returns to the pool, the points leave the earning
 *   set (their royalties go back to pending), the submissions are cleared
 *   and the epoch can be resubmitted.
 */
import { ensure, U128_MAX } from "../common/guards";
import { assertActiveAttestor, isActiveAttestor } from "./attestors";
import { emitVault } from "./events";
import type { EpochView } from "./interface";
import { MAX_LEAF_COUNT } from "./leaf";
import { newEpoch, parseEpochIndex, parseStage, readEpoch, readStage, writeEpoch, writeStage } from "./records";
import { acceptPoints, vetoPoints } from "./royalty";
import { configOf, parseHash } from "./stages";
import type { VaultState } from "./state";
import { STAGE_COUNT } from "./constants";
import type { Epoch, EpochResult, QualificationSubmission, Stage } from "./types";

function parseCount(value: unknown, field: string, max: number): number {
  ensure(
    typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= max,
    `${field} must be an integer in 1..${max}, got ${JSON.stringify(value)}`,
  );
  return value;
}

export function parseEpochResult(args: Record<string, unknown>): EpochResult {
  const merkleRoot = parseHash(args.merkle_root, "merkle_root");
  const raw = args.total_points;
  ensure(
    typeof raw === "string" && /^[1-9][0-9]*$/.test(raw) && BigInt(raw) <= U128_MAX,
    `total_points must be a positive U128 decimal string, got ${JSON.stringify(raw)}`,
  );
  const totalPoints = BigInt(raw);
  const leafCount = parseCount(args.leaf_count, "leaf_count", MAX_LEAF_COUNT);
  ensure(
    totalPoints >= BigInt(leafCount),
    `total_points ${totalPoints} is smaller than leaf_count ${leafCount}: every leaf has at least 1 point`,
  );
  return {
    merkle_root: merkleRoot,
    total_points: totalPoints,
    leaf_count: leafCount,
    report_hash: parseHash(args.report_hash, "report_hash"),
  };
}

function sameResult(a: EpochResult, b: EpochResult): boolean {
  return (
    a.merkle_root === b.merkle_root &&
    a.total_points === b.total_points &&
    a.leaf_count === b.leaf_count &&
    a.report_hash === b.report_hash
  );
}

function assertOpen(stage: Stage, now: bigint): void {
  const config = configOf(stage);
  ensure(
    now < config.claim_deadline_ns,
    `Stage ${stage.stage} passed its claim deadline ${config.claim_deadline_ns} (now ${now}): no more submissions`,
  );
}

/** An attestor's epoch result; accepts the epoch when it completes the quorum. Returns the epoch's status. */
export function submitEpoch(state: VaultState, args: Record<string, unknown>, caller: string, now: bigint): string {
  const stage = readStage(parseStage(args.stage));
  const config = configOf(stage);
  assertOpen(stage, now);
  const claimableAt = now + config.challenge_window_ns;
  ensure(
    claimableAt < config.claim_deadline_ns,
    `Stage ${stage.stage} takes no more submissions: an epoch accepted now would be claimable at ${claimableAt}, not before the claim deadline ${config.claim_deadline_ns}`,
  );
  assertActiveAttestor(state.attestor_registry, caller, now);
  const epochIndex = parseEpochIndex(args.epoch);
  ensure(
    epochIndex < config.epochs,
    `Stage ${stage.stage} expects epochs 0..${config.epochs - 1}, got epoch ${epochIndex}`,
  );
  const result = parseEpochResult(args);
  const epoch = readEpoch(stage.stage, epochIndex) ?? newEpoch(stage.stage, epochIndex);
  ensure(epoch.status !== "accepted", `Epoch ${epochIndex} of stage ${stage.stage} is already accepted`);
  ensure(
    !epoch.submissions.some((submission) => submission.attestor === caller),
    `${caller} already submitted a result for epoch ${epochIndex} of stage ${stage.stage}`,
  );
  const conflicts = epoch.submissions.filter((other) => !sameResult(other, result)).map((other) => other.attestor);
  epoch.submissions.push({ ...result, attestor: caller, at_ns: now });
  epoch.status = "pending";
  const matching = epoch.submissions.filter(
    (submission) =>
      sameResult(submission, result) && isActiveAttestor(state.attestor_registry, submission.attestor, now),
  ).length;
  emitVault("epoch_submitted", {
    stage: stage.stage,
    epoch: epochIndex,
    attestor: caller,
    merkle_root: result.merkle_root,
    total_points: result.total_points,
    leaf_count: result.leaf_count,
    report_hash: result.report_hash,
    matching,
    quorum: config.quorum,
  });
  if (conflicts.length > 0) {
    emitVault("epoch_conflict", {
      stage: stage.stage,
      epoch: epochIndex,
      attestor: caller,
      merkle_root: result.merkle_root,
      conflicts_with: conflicts,
    });
  }
  if (matching >= config.quorum) {
    acceptEpoch(state, stage, epoch, result, now);
    writeStage(stage);
  }
  writeEpoch(epoch);
  return epoch.status;
}

function acceptEpoch(state: VaultState, stage: Stage, epoch: Epoch, result: EpochResult, now: bigint): void {
  const config = configOf(stage);
  const reward = config.epoch_reward;
  ensure(
    stage.pool >= reward,
    `Stage ${stage.stage} pool ${stage.pool} is smaller than the epoch reward ${reward}: fund the stage before epoch ${epoch.epoch} can be accepted`,
  );
  stage.pool -= reward;
  stage.reserved += reward;
  state.books.pools -= reward;
  state.books.reserved += reward;
  stage.accepted_epochs += 1;
  epoch.snapshots = acceptPoints(stage.points, stage.royalties, result.total_points);
  epoch.status = "accepted";
  epoch.result = result;
  epoch.reward = reward;
  epoch.accepted_at_ns = now;
  epoch.claimable_at_ns = now + config.challenge_window_ns;
  emitVault("epoch_accepted", {
    stage: stage.stage,
    epoch: epoch.epoch,
    merkle_root: result.merkle_root,
    total_points: result.total_points,
    leaf_count: result.leaf_count,
    report_hash: result.report_hash,
    reward,
    claimable_at_ns: epoch.claimable_at_ns,
  });
}

/** Guardian: rejects an accepted epoch during its challenge window. */
export function vetoEpoch(
  state: VaultState,
  stageArg: unknown,
  epochArg: unknown,
  reason: string | null,
  caller: string,
  now: bigint,
): void {
  const stage = readStage(parseStage(stageArg));
  const epochIndex = parseEpochIndex(epochArg);
  ensure(!stage.rolled_over, `Stage ${stage.stage} has rolled over: its epochs can no longer be vetoed`);
  const epoch = readEpoch(stage.stage, epochIndex);
  ensure(
    epoch !== null && epoch.status === "accepted" && epoch.result !== null,
    `Epoch ${epochIndex} of stage ${stage.stage} is not accepted`,
  );
  ensure(
    now < epoch.claimable_at_ns,
    `The challenge window of epoch ${epochIndex} of stage ${stage.stage} ended at ${epoch.claimable_at_ns} (now ${now})`,
  );
  const result = epoch.result;
  stage.pool += epoch.reward;
  stage.reserved -= epoch.reward;
  state.books.pools += epoch.reward;
  state.books.reserved -= epoch.reward;
  stage.accepted_epochs -= 1;
  vetoPoints(stage.points, stage.royalties, result.total_points, epoch.snapshots);
  emitVault("epoch_vetoed", {
    stage: stage.stage,
    epoch: epochIndex,
    by: caller,
    merkle_root: result.merkle_root,
    reward: epoch.reward,
    reason,
  });
  epoch.status = "vetoed";
  epoch.last_veto = { by: caller, at_ns: now, merkle_root: result.merkle_root, reason };
  epoch.vetoes += 1;
  epoch.submissions = [];
  epoch.result = null;
  epoch.reward = 0n;
  epoch.snapshots = [0n, 0n];
  epoch.accepted_at_ns = 0n;
  epoch.claimable_at_ns = 0n;
  writeEpoch(epoch);
  writeStage(stage);
}

/**
 * An attestor publishes, at the close of stage k, the root of the accounts
 * qualified for stage k + 1 (stage k's quorum). Accepted once; returns
 * whether it is accepted now.
 */
export function submitQualification(
  state: VaultState,
  args: Record<string, unknown>,
  caller: string,
  now: bigint,
): boolean {
  const closing = readStage(parseStage(args.stage));
  ensure(
    closing.stage < STAGE_COUNT - 1,
    `Stage ${closing.stage} is the last stage: no stage follows it to qualify for`,
  );
  const config = configOf(closing);
  assertActiveAttestor(state.attestor_registry, caller, now);
  const submission: QualificationSubmission = {
    attestor: caller,
    merkle_root: parseHash(args.merkle_root, "merkle_root"),
    member_count: parseCount(args.member_count, "member_count", MAX_LEAF_COUNT),
    report_hash: parseHash(args.report_hash, "report_hash"),
    at_ns: now,
  };
  const target = readStage(closing.stage + 1);
  ensure(
    target.qualification_root === null,
    `The qualification root of stage ${target.stage} is already accepted: ${target.qualification_root}`,
  );
  ensure(
    !target.qualification_submissions.some((other) => other.attestor === caller),
    `${caller} already submitted a qualification root for stage ${target.stage}`,
  );
  const same = (other: QualificationSubmission) =>
    other.merkle_root === submission.merkle_root &&
    other.member_count === submission.member_count &&
    other.report_hash === submission.report_hash;
  const conflicts = target.qualification_submissions.filter((other) => !same(other)).map((other) => other.attestor);
  target.qualification_submissions.push(submission);
  const matching = target.qualification_submissions.filter(
    (other) => same(other) && isActiveAttestor(state.attestor_registry, other.attestor, now),
  ).length;
  emitVault("qualification_submitted", {
    stage: target.stage,
    attestor: caller,
    merkle_root: submission.merkle_root,
    member_count: submission.member_count,
    report_hash: submission.report_hash,
    matching,
    quorum: config.quorum,
  });
  if (conflicts.length > 0) {
    emitVault("qualification_conflict", {
      stage: target.stage,
      attestor: caller,
      merkle_root: submission.merkle_root,
      conflicts_with: conflicts,
    });
  }
  const accepted = matching >= config.quorum;
  if (accepted) {
    target.qualification_root = submission.merkle_root;
    emitVault("qualification_accepted", {
      stage: target.stage,
      merkle_root: submission.merkle_root,
      member_count: submission.member_count,
    });
  }
  writeStage(target);
  return accepted;
}

export function epochStatus(epoch: Epoch, stage: Stage, now: bigint): string {
  if (epoch.status !== "accepted") return epoch.status;
  if (stage.rolled_over || (stage.config !== null && now >= stage.config.claim_deadline_ns)) return "expired";
  return now < epoch.claimable_at_ns ? "challenge" : "claimable";
}

export function epochView(epoch: Epoch, stage: Stage, now: bigint): EpochView {
  const result = epoch.result;
  const accepted = epoch.status === "accepted";
  return {
    stage: epoch.stage,
    epoch: epoch.epoch,
    status: epochStatus(epoch, stage, now),
    submissions: epoch.submissions.map((s) => ({
      attestor: s.attestor,
      merkle_root: s.merkle_root,
      total_points: s.total_points.toString(),
      leaf_count: s.leaf_count,
      report_hash: s.report_hash,
      at_ns: s.at_ns.toString(),
    })),
    merkle_root: result?.merkle_root ?? null,
    total_points: result === null ? null : result.total_points.toString(),
    leaf_count: result?.leaf_count ?? null,
    report_hash: result?.report_hash ?? null,
    reward: epoch.reward.toString(),
    accepted_at_ns: accepted ? epoch.accepted_at_ns.toString() : null,
    claimable_at_ns: accepted ? epoch.claimable_at_ns.toString() : null,
    claimed_amount: epoch.claimed_amount.toString(),
    claimed_points: epoch.claimed_points.toString(),
    claimed_leaves: epoch.claimed_leaves,
    vetoes: epoch.vetoes,
    last_veto:
      epoch.last_veto === null
        ? null
        : {
            by: epoch.last_veto.by,
            at_ns: epoch.last_veto.at_ns.toString(),
            merkle_root: epoch.last_veto.merkle_root,
            reason: epoch.last_veto.reason,
          },
  };
}
