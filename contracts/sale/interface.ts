/**
 * The sale's public JSON interface: every argument and every view, as types.
 *
 * Type-only (no values), so the contract, the deploy scripts and the tests
 * import it with `import type` and share one definition of each shape
 * instead of restating it as `Record<string, unknown>`. Amounts are U128
 * decimal strings, times U64 nanosecond decimal strings, round ids numbers,
 * assets "near" or a NEP-141 account id.
 */
import type { AdminView } from "../common/admin";
import type { TimelockOperation, TimelockView } from "../common/timelock";

export type { AdminView, TimelockOperation, TimelockView };

/** One price tier as given in a round config. */
export interface TierJson {
  /** U128 token units: the tier prices sales while tokens_sold < until_sold. */
  until_sold: string;
  /** U128 yoctoNEAR per whole token; must be set iff the round accepts NEAR. */
  price_near?: string | null;
  /** U128 stablecoin units per whole token; must be set iff the round accepts the stablecoin. */
  price_ft?: string | null;
}

/** A release step, anchored to the round's end. */
export interface ScheduleStepJson {
  /** U64 ns after the round's end (0 = at the end), strictly increasing, at most MAX_RELEASE_OFFSET_NS. */
  after_end_ns: string;
  /** Cumulative cap from that time on, basis points. */
  max_bps: number;
}

export interface VestingJson {
  /** Share unlocked at the round end, basis points. */
  tge_bps: number;
  /** U64 ns after the end before linear vesting starts (at most MAX_CLIFF_NS). */
  cliff_ns: string;
  /** U64 ns of linear vesting after the cliff (at most MAX_VESTING_DURATION_NS). */
  duration_ns: string;
}

/** Argument `config` of `create_round` / `update_round`. */
export interface RoundConfigJson {
  name: string;
  start_ns: string;
  end_ns: string;
  token_allocation: string;
  hard_cap: string;
  soft_cap: string;
  min_per_account?: string | null;
  max_per_account?: string | null;
  price_near?: string | null;
  price_ft?: string | null;
  tiers?: TierJson[] | null;
  allowlist_root?: string | null;
  vesting: VestingJson;
  release_schedule: ScheduleStepJson[];
}

// ---- call arguments -----------------------------------------------------------

export interface InitArgs {
  owner_id: string;
  token_id: string;
  token_decimals: number;
  stable_id?: string | null;
  token_inventory: string;
  /** U64 ns every timelocked operation waits (0 allowed for local tests). */
  timelock_delay_ns: string;
  source_link?: string | null;
}

export interface CreateRoundArgs {
  /** Unique per sale, 1..64 characters: a retried create_round with the same key is refused. */
  key: string;
  config: RoundConfigJson;
}

export interface UpdateRoundArgs {
  round_id: number;
  config: RoundConfigJson;
}

export interface CancelRoundArgs {
  round_id: number;
  reason?: string | null;
}

export interface PurchaseArgs {
  round_id: number;
  proof?: string[] | null;
}

export interface PurchaseWithRevenueArgs extends PurchaseArgs {
  buyer: string;
}

export interface FtOnTransferArgs {
  sender_id: string;
  amount: string;
  msg: string;
}

export interface RoundIdArgs {
  round_id: number;
}

export interface ReleaseTrancheArgs {
  round_id: number;
  asset: string;
  amount: string;
  provider_id: string;
  /** Goes into the ft_transfer memo `modelfund round <id>: <purpose>`, which must fit 256 bytes. */
  purpose: string;
}

/** The sale's own timelocked actions (besides the shared `upgrade` and `set_timelock_delay`). */
export interface ProviderActionArgs {
  account_id: string;
}

export interface SetReleaseScheduleArgs {
  round_id: number;
  release_schedule: ScheduleStepJson[];
}

export interface SweepArgs {
  /** "near", the stablecoin's id or the project token's id. */
  asset: string;
  receiver_id: string;
  amount: string;
}

export type SaleAction =
  | { action: "approve_provider"; args: ProviderActionArgs }
  | { action: "remove_provider"; args: ProviderActionArgs }
  | { action: "set_release_schedule"; args: SetReleaseScheduleArgs }
  | { action: "sweep"; args: SweepArgs }
  | { action: "upgrade"; args: { code_hash: string } }
  | { action: "set_timelock_delay"; args: { delay_ns: string } };

export interface TimelockScheduleArgs {
  action: SaleAction["action"];
  args: Record<string, unknown>;
}

export interface TimelockIdArgs {
  id: number;
}

// ---- results and views --------------------------------------------------------

/** Result of `purchase` / `purchase_with_revenue` and of `quote`. */
export interface PurchaseResult {
  tokens: string;
  cost: string;
  refund: string;
  storage_fee: string;
}

export interface StorageBalance {
  total: string;
  available: string;
}

export interface StorageBalanceBounds {
  min: string;
  max: string | null;
}

export type RoundStatusName = "upcoming" | "open" | "successful" | "failed" | "cancelled";

/** `contract_config()`. */
export interface ContractConfigView {
  token_id: string;
  token_decimals: number;
  /** True once ft_metadata of the token confirmed token_decimals; rounds can be created only then. */
  token_metadata_confirmed: boolean;
  stable_id: string | null;
  token_inventory: string;
  /** Σ tokens the rounds hold back of the inventory (kept as a running sum). */
  tokens_reserved: string;
  round_count: number;
  storage_account_bytes: number;
  storage_record_bytes: number;
  event_standard: string;
  event_version: string;
  state_version: number;
  now_ns: string;
}

/** A round's config as returned by the views: the create_round shape after normalisation. */
export interface RoundConfigView {
  name: string;
  start_ns: string;
  end_ns: string;
  token_allocation: string;
  hard_cap: string;
  soft_cap: string;
  min_per_account: string;
  max_per_account: string;
  price_near: string | null;
  price_ft: string | null;
  tiers: { until_sold: string; price_near: string | null; price_ft: string | null }[];
  allowlist_root: string | null;
  vesting: VestingJson;
  release_schedule: ScheduleStepJson[];
}

/** `round({round_id})`, `round_by_key({key})`, items of `rounds(...)`. */
export interface RoundView {
  round_id: number;
  key: string;
  status: RoundStatusName;
  config: RoundConfigView;
  created_at_ns: string;
  cancelled_at_ns: string | null;
  tokens_sold: string;
  tokens_remaining: string;
  tokens_claimed: string;
  progress_bps: number;
  soft_cap_reached: boolean;
  buyers: number;
  purchases: number;
  current_price: Record<string, string | null>;
  raised: Record<string, string>;
  refunded: Record<string, string>;
  released: Record<string, string>;
}

/** `purchase({round_id, account_id})`. */
export interface PurchaseView {
  round_id: number;
  account_id: string;
  status: RoundStatusName;
  tokens: string;
  claimed: string;
  vested: string;
  claimable: string;
  fully_vested_at_ns: string;
  paid: Record<string, string>;
  refund_due: Record<string, string>;
  refunded: Record<string, boolean>;
}

/** `account({account_id})`. */
export interface AccountView {
  account_id: string;
  storage: StorageBalance | null;
  purchases: PurchaseView[];
}

/** `escrow({round_id})`. */
export interface EscrowView {
  round_id: number;
  status: RoundStatusName;
  releases_allowed: boolean;
  cap_bps_now: number;
  next_step: { not_before_ns: string; max_bps: number } | null;
  assets: Record<string, { proceeds: string; released: string; releasable: string; held: string }>;
  now_ns: string;
}

/** `holdings()`: the books behind invariant 3. */
export interface HoldingsView {
  near_owed: string;
  near_storage_deposits: string;
  near_balance: string;
  near_storage_locked: string;
  near_free: string;
  token_inventory: string;
  token_in_flight: string;
  ft_owed?: string;
  ft_in_flight?: string;
}

/** One asset of `sweepable()`. */
export interface SweepableAsset {
  asset: string;
  /** What the books owe in this asset (refunds owed + unreleased proceeds, or the token inventory). */
  owed: string;
  /** Outgoing transfers not yet settled by their callback (still in the sale's balance until they execute). */
  in_flight: string;
  /** NEAR only (a view cannot ask a token for its balance): what `sweep` may move now; null for tokens. */
  excess: string | null;
  /** NEAR only: the balance, storage staking and the reserve the sale keeps. */
  balance?: string;
  storage_locked?: string;
  storage_deposits?: string;
  reserve?: string;
  /** Height of the last movement that a balance read could straddle; sweeps wait SWEEP_QUIET_BLOCKS after it. */
  moved_at_height: string;
}
