/**
 * Stage configuration and views.
 *
 * A stage's rules are set by the `config` role (1 yoctoNEAR) and validated
 * here in full before anything is written: bounded epochs, a positive
 * reward, a quorum the registry can meet, bounded windows and vesting. Once
 * an epoch of the stage has been accepted, contributors rely on its vesting
 * and qualification rule, so those are frozen (and the epoch count can only
 * grow); a rolled-over stage is closed for good.
 */
import { ensure, optionalBool, parsePositiveU128 } from "../common/guards";
import { MAX_CHALLENGE_WINDOW_NS, MAX_EPOCHS_PER_STAGE, MAX_VESTING_DURATION_NS, NEAR_ASSET } from "./constants";
import type { RoyaltyPoolView, StageConfigJson, StageView } from "./interface";
import { unclaimedEarnings } from "./royalty";
import type { Stage, StageConfig } from "./types";

/** A U64 nanosecond decimal string. */
export function parseNs(value: unknown, field: string): bigint {
  ensure(
    typeof value === "string" && /^(0|[1-9][0-9]{0,19})$/.test(value) && BigInt(value) < 1n << 64n,
    `${field} must be a U64 decimal string of nanoseconds, got ${JSON.stringify(value)}`,
  );
  return BigInt(value);
}

/** A 64-character lowercase hex hash. */
export function parseHash(value: unknown, field: string): string {
  ensure(
    typeof value === "string" && /^[0-9a-f]{64}$/.test(value),
    `${field} must be 64 lowercase hex characters, got ${JSON.stringify(value)}`,
  );
  return value;
}

export function parseStageConfig(raw: unknown, stage: Stage, activeAttestors: number, now: bigint): StageConfig {
  ensure(typeof raw === "object" && raw !== null && !Array.isArray(raw), "config must be a JSON object");
  const config = raw as Record<string, unknown>;
  ensure(!stage.rolled_over, `Stage ${stage.stage} has rolled over and is closed`);
  const epochs = config.epochs;
  ensure(
    typeof epochs === "number" && Number.isInteger(epochs) && epochs >= 1 && epochs <= MAX_EPOCHS_PER_STAGE,
    `epochs must be an integer in 1..${MAX_EPOCHS_PER_STAGE}, got ${JSON.stringify(epochs)}`,
  );
  const quorum = config.quorum;
  ensure(
    typeof quorum === "number" && Number.isInteger(quorum) && quorum >= 1,
    `quorum must be a positive integer, got ${JSON.stringify(quorum)}`,
  );
  ensure(
    quorum <= activeAttestors,
    `quorum ${quorum} is larger than the registry's ${activeAttestors} active attestor(s)`,
  );
  const window = parseNs(config.challenge_window_ns, "challenge_window_ns");
  ensure(window <= MAX_CHALLENGE_WINDOW_NS, `challenge_window_ns must be at most ${MAX_CHALLENGE_WINDOW_NS} (30 days)`);
  const deadline = parseNs(config.claim_deadline_ns, "claim_deadline_ns");
  ensure(deadline > now, `claim_deadline_ns ${deadline} must be in the future (now ${now})`);
  const vestingRaw = config.vesting;
  ensure(
    typeof vestingRaw === "object" && vestingRaw !== null && !Array.isArray(vestingRaw),
    "vesting must be a JSON object {start_ns, cliff_ns, duration_ns}",
  );
  const vestingObject = vestingRaw as Record<string, unknown>;
  const vesting = {
    start_ns: parseNs(vestingObject.start_ns, "vesting.start_ns"),
    cliff_ns: parseNs(vestingObject.cliff_ns, "vesting.cliff_ns"),
    duration_ns: parseNs(vestingObject.duration_ns, "vesting.duration_ns"),
  };
  ensure(
    vesting.duration_ns <= MAX_VESTING_DURATION_NS,
    `vesting.duration_ns must be at most ${MAX_VESTING_DURATION_NS} (10 years)`,
  );
  ensure(
    vesting.cliff_ns <= vesting.duration_ns || vesting.duration_ns === 0n,
    "vesting.cliff_ns must not exceed vesting.duration_ns",
  );
  ensure(vesting.cliff_ns <= MAX_VESTING_DURATION_NS, `vesting.cliff_ns must be at most ${MAX_VESTING_DURATION_NS}`);
  const requiresQualification = optionalBool(config.requires_qualification, "requires_qualification", false);
  ensure(!(requiresQualification && stage.stage === 0), "Stage 0 cannot require qualification: no stage precedes it");
  for (const key of Object.keys(config)) {
    ensure(
      [
        "epochs",
        "epoch_reward",
        "quorum",
        "challenge_window_ns",
        "claim_deadline_ns",
        "vesting",
        "requires_qualification",
      ].includes(key),
      `Unknown stage config field ${key}`,
    );
  }
  const parsed: StageConfig = {
    epochs,
    epoch_reward: parsePositiveU128(config.epoch_reward, "epoch_reward"),
    quorum,
    challenge_window_ns: window,
    claim_deadline_ns: deadline,
    vesting,
    requires_qualification: requiresQualification,
  };
  const previous = stage.config;
  if (previous !== null && stage.accepted_epochs > 0) {
    ensure(
      previous.vesting.start_ns === vesting.start_ns &&
        previous.vesting.cliff_ns === vesting.cliff_ns &&
        previous.vesting.duration_ns === vesting.duration_ns &&
        previous.requires_qualification === requiresQualification,
      `Stage ${stage.stage} already has accepted epochs: its vesting and qualification rule are fixed`,
    );
    ensure(
      epochs >= previous.epochs,
      `Stage ${stage.stage} already has accepted epochs: epochs cannot shrink below ${previous.epochs}`,
    );
  }
  return parsed;
}

export function stageConfigJson(config: StageConfig): StageConfigJson {
  return {
    epochs: config.epochs,
    epoch_reward: config.epoch_reward.toString(),
    quorum: config.quorum,
    challenge_window_ns: config.challenge_window_ns.toString(),
    claim_deadline_ns: config.claim_deadline_ns.toString(),
    vesting: {
      start_ns: config.vesting.start_ns.toString(),
      cliff_ns: config.vesting.cliff_ns.toString(),
      duration_ns: config.vesting.duration_ns.toString(),
    },
    requires_qualification: config.requires_qualification,
  };
}

/** The stage's config, or a panic saying it is not configured. */
export function configOf(stage: Stage): StageConfig {
  ensure(stage.config !== null, `Stage ${stage.stage} is not configured`);
  return stage.config;
}

export function stageStatus(stage: Stage, now: bigint): string {
  if (stage.rolled_over) return "rolled_over";
  if (stage.config === null) return "unconfigured";
  return now < stage.config.claim_deadline_ns ? "open" : "closed";
}

export function assetOfSlot(slot: number, stableId: string): string {
  return slot === 0 ? NEAR_ASSET : stableId;
}

export function stageView(stage: Stage, stableId: string, now: bigint): StageView {
  const royalties: RoyaltyPoolView[] = [];
  stage.royalties.forEach((pool, slot) => {
    if (slot === 1 && stableId === "") return;
    royalties.push({
      asset: assetOfSlot(slot, stableId),
      acc: pool.acc.toString(),
      pending: pool.pending.toString(),
      unclaimed_earnings: unclaimedEarnings(stage.points, pool, slot).toString(),
      deposited: pool.deposited.toString(),
      paid: pool.paid.toString(),
      in_flight: pool.in_flight.toString(),
    });
  });
  return {
    stage: stage.stage,
    configured: stage.config !== null,
    config: stage.config === null ? null : stageConfigJson(stage.config),
    pool: stage.pool.toString(),
    reserved: stage.reserved.toString(),
    claimed: stage.claimed.toString(),
    funded: stage.funded.toString(),
    rolled_in: stage.rolled_in.toString(),
    rolled_out: stage.rolled_out.toString(),
    rolled_over: stage.rolled_over,
    accepted_epochs: stage.accepted_epochs,
    earning_points: stage.points.earning.toString(),
    unclaimed_points: stage.points.unclaimed.toString(),
    royalties,
    qualification_root: stage.qualification_root,
    qualification_submissions: stage.qualification_submissions.map((s) => ({
      attestor: s.attestor,
      merkle_root: s.merkle_root,
      member_count: s.member_count,
      report_hash: s.report_hash,
      at_ns: s.at_ns.toString(),
    })),
    status: stageStatus(stage, now),
  };
}
