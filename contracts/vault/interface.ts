/**
 * The vault's public JSON interface: every argument and every view, as types.
 *
 * Type-only (no values), so the contract, the scripts and the tests import
 * it with `import type`. Amounts and points are U128 decimal strings, times
 * U64 nanosecond decimal strings, stages (0..6), epochs and leaf indexes
 * numbers, hashes 64 lowercase hex characters, assets "near" or the
 * stablecoin's account id.
 */
import type { AdminView } from "../common/admin";
import type { TimelockOperation, TimelockView } from "../common/timelock";

export type { AdminView, TimelockOperation, TimelockView };

// ---- init and configuration --------------------------------------------------------

export interface InitArgs {
  owner_id: string;
  /** The project token: rewards are paid in it and stage pools are funded with it. */
  token_id: string;
  /** The NEP-141 stablecoin royalties may arrive in (null: NEAR only). */
  stable_id?: string | null;
  /** U64 ns; 0 allowed for local tests. */
  timelock_delay_ns: string;
  source_link?: string | null;
  /** Tokens pre-minted to the vault at the token's init, credited to stages 0..n-1 (U128 each, at most 7). */
  initial_pools?: string[] | null;
}

export interface VestingJson {
  /** U64 ns: the stage's vesting anchor. */
  start_ns: string;
  /** U64 ns after start before anything vests; at most duration_ns. */
  cliff_ns: string;
  /** U64 ns of linear vesting from start; at most 10 years; 0 = vested at start + cliff. */
  duration_ns: string;
}

export interface StageConfigJson {
  /** Epochs expected, 1..1000: epoch indexes 0..epochs-1. */
  epochs: number;
  /** U128 reward tokens reserved per accepted epoch. */
  epoch_reward: string;
  /** Identical submissions needed (1..active attestors). */
  quorum: number;
  /** U64 ns, at most 30 days. */
  challenge_window_ns: string;
  /** U64 ns, in the future. */
  claim_deadline_ns: string;
  vesting: VestingJson;
  /** Claims need qualification from the previous stage (not for stage 0). */
  requires_qualification?: boolean | null;
}

export interface ConfigureStageArgs {
  stage: number;
  config: StageConfigJson;
}

export interface SetAttestorArgs {
  account_id: string;
  report_hash: string;
  expires_at_ns: string;
}

// ---- attestation -------------------------------------------------------------------

export interface SubmitEpochArgs {
  stage: number;
  epoch: number;
  merkle_root: string;
  total_points: string;
  leaf_count: number;
  report_hash: string;
}

export interface SubmitQualificationArgs {
  /** The closing stage k: the root lists the accounts qualified for stage k + 1. */
  stage: number;
  merkle_root: string;
  member_count: number;
  report_hash: string;
}

export interface VetoEpochArgs {
  stage: number;
  epoch: number;
  reason?: string | null;
}

// ---- claims ----------------------------------------------------------------------

export interface ClaimArgs {
  stage: number;
  epoch: number;
  leaf_index: number;
  points: string;
  /** Sibling hashes from the leaf up. */
  proof: string[];
  /** Membership proof in the stage's qualification root, when the stage requires it and none is registered. */
  qualification_proof?: string[] | null;
}

export interface ClaimBatchArgs {
  claims: ClaimArgs[];
}

export interface RegisterQualificationArgs {
  stage: number;
  proof: string[];
}

export interface ClaimRoyaltiesArgs {
  asset: string;
}

/** `msg` of ft_transfer_call: `{"fund_stage": N}` on the token, `{"royalties": N}` on the stablecoin. */
export type TransferMessage = { fund_stage: number } | { royalties: number };

// ---- views -------------------------------------------------------------------------

export interface RoyaltyPoolView {
  asset: string;
  /** Scaled accumulator (royalty units × 10^24 per point). */
  acc: string;
  /** Scaled units waiting for the next deposit (no points yet, or division remainders). */
  pending: string;
  /** Scaled units earned by accepted points not yet claimed (they reach contributors when claimed). */
  unclaimed_earnings: string;
  deposited: string;
  paid: string;
  in_flight: string;
}

export interface StageView {
  stage: number;
  configured: boolean;
  config: StageConfigJson | null;
  pool: string;
  reserved: string;
  claimed: string;
  funded: string;
  rolled_in: string;
  rolled_out: string;
  rolled_over: boolean;
  accepted_epochs: number;
  earning_points: string;
  unclaimed_points: string;
  royalties: RoyaltyPoolView[];
  qualification_root: string | null;
  qualification_submissions: Array<{
    attestor: string;
    merkle_root: string;
    member_count: number;
    report_hash: string;
    at_ns: string;
  }>;
  /** "unconfigured", "open" (before the deadline), "closed" (deadline passed), "rolled_over". */
  status: string;
}

export interface SubmissionView {
  attestor: string;
  merkle_root: string;
  total_points: string;
  leaf_count: number;
  report_hash: string;
  at_ns: string;
}

export interface EpochView {
  stage: number;
  epoch: number;
  /** "pending", "vetoed", "challenge" (accepted, in the window), "claimable", "expired" (past the deadline). */
  status: string;
  submissions: SubmissionView[];
  merkle_root: string | null;
  total_points: string | null;
  leaf_count: number | null;
  report_hash: string | null;
  reward: string;
  accepted_at_ns: string | null;
  claimable_at_ns: string | null;
  claimed_amount: string;
  claimed_points: string;
  claimed_leaves: number;
  vetoes: number;
  last_veto: { by: string; at_ns: string; merkle_root: string; reason: string | null } | null;
}

export interface AttestorView {
  account_id: string;
  report_hash: string;
  expires_at_ns: string;
  active: boolean;
}

export interface ContributorStageView {
  stage: number;
  reward: string;
  withdrawn: string;
  vested: string;
  withdrawable: string;
  fully_vested_at_ns: string;
  epochs_claimed: number;
  points: string;
  /** asset → whole units claimable now. */
  royalties: Record<string, string>;
  /** asset → exactly what it earned and was not paid, × 10^24 (claimable is this floored). */
  royalties_scaled: Record<string, string>;
  qualified: boolean;
}

export interface ContributorView {
  account_id: string;
  storage: { total: string; available: string } | null;
  stages: ContributorStageView[];
  withdrawable: string;
  royalties: Record<string, string>;
}

export interface PoolsView {
  stages: Array<{ stage: number; pool: string; reserved: string }>;
  pools: string;
  reserved: string;
}

export interface TotalsView {
  funded: string;
  pools: string;
  reserved: string;
  credited: string;
  withdrawn: string;
  /** credited − withdrawn: rewards vesting or vested, not yet withdrawn. */
  vesting: string;
  /** pools + reserved + vesting: the reward tokens the vault must hold. */
  token_owed: string;
  /** asset → deposited / paid / in flight / owed (deposited − paid − in flight) over every stage. */
  royalties: Record<string, { deposited: string; paid: string; in_flight: string; owed: string }>;
  storage_deposits: string;
  near_balance: string;
  near_storage_locked: string;
}

export interface ContractConfigView {
  token_id: string;
  stable_id: string | null;
  stage_count: number;
  max_epochs_per_stage: number;
  max_attestors: number;
  max_batch_claims: number;
  roles: string[];
  pause_scopes: string[];
  storage_account_bytes: number;
  storage_stage_bytes: number;
  storage_word_bytes: number;
  storage_qualification_bytes: number;
  event_standard: string;
  event_version: string;
  state_version: number;
  now_ns: string;
}
