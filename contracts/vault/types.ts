/**
 * The vault's records as the contract holds them (bigint amounts). Their
 * JSON forms for callers are in interface.ts.
 */
import type { PointBook, RoyaltyPool } from "./royalty";
import type { VestingSchedule } from "./vesting";

export interface StageConfig {
  /** Epochs expected: epoch indexes are 0..epochs-1. */
  epochs: number;
  /** Reward reserved from the stage pool when an epoch is accepted. */
  epoch_reward: bigint;
  /** Identical submissions by this many active attestors accept an epoch (or a qualification root). */
  quorum: number;
  /** Time after acceptance during which a guardian may veto; claims open after it. */
  challenge_window_ns: bigint;
  /** No submission or claim at or after this time; then the stage can roll over. */
  claim_deadline_ns: bigint;
  vesting: VestingSchedule;
  /** Claims need membership in the qualification root published at the end of the previous stage. */
  requires_qualification: boolean;
}

/** What an attestor asserts about an epoch; identical results count towards the quorum. */
export interface EpochResult {
  merkle_root: string;
  total_points: bigint;
  leaf_count: number;
  report_hash: string;
}

export interface Submission extends EpochResult {
  attestor: string;
  at_ns: bigint;
}

export interface QualificationSubmission {
  attestor: string;
  merkle_root: string;
  member_count: number;
  report_hash: string;
  at_ns: bigint;
}

export interface Attestor {
  account_id: string;
  /** sha256 (hex) of the attestation report that admitted it. */
  report_hash: string;
  expires_at_ns: bigint;
}

export interface Stage {
  stage: number;
  config: StageConfig | null;
  /** Unallocated reward tokens. */
  pool: bigint;
  /** Rewards of accepted epochs not yet claimed (floor remainders included, until roll-over). */
  reserved: bigint;
  /** Rewards credited to contributors by claims (they vest). */
  claimed: bigint;
  funded: bigint;
  rolled_in: bigint;
  rolled_out: bigint;
  rolled_over: boolean;
  accepted_epochs: number;
  points: PointBook;
  royalties: RoyaltyPool[];
  /** Root of the accounts qualified for THIS stage, accepted by quorum at the close of the previous one. */
  qualification_root: string | null;
  qualification_submissions: QualificationSubmission[];
}

export type EpochStatus = "pending" | "accepted" | "vetoed";

export interface VetoRecord {
  by: string;
  at_ns: bigint;
  merkle_root: string;
  reason: string | null;
}

export interface Epoch {
  stage: number;
  epoch: number;
  status: EpochStatus;
  /** Submissions of the current attempt (cleared by a veto); one per attestor. */
  submissions: Submission[];
  /** The accepted result (null until accepted). */
  result: EpochResult | null;
  reward: bigint;
  accepted_at_ns: bigint;
  claimable_at_ns: bigint;
  /** Royalty accumulators per asset when accepted. */
  snapshots: bigint[];
  claimed_amount: bigint;
  claimed_points: bigint;
  claimed_leaves: number;
  vetoes: number;
  last_veto: VetoRecord | null;
}

/** A contributor's record in one stage (binary, fixed size). */
export interface ContributorStage {
  /** Rewards credited by claims (vesting). */
  reward: bigint;
  /** Withdrawn (or in flight). */
  withdrawn: bigint;
  epochs_claimed: number;
  /** Royalty position: claimed points, per-asset snapshot and owed (SCALE units). */
  points: bigint;
  snapshot: bigint[];
  owed: bigint[];
}

/** NEP-145 record of a contributor. */
export interface StorageAccount {
  deposit: bigint;
  /** Bytes charged against the deposit (own record, stage records, bitmap words, qualification records). */
  used_bytes: number;
  /** Bit s set: the account has a record in stage s. */
  stage_mask: number;
}
