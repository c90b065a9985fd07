/**
 * Shapes of the sale's arguments, views and stored records.
 * Amounts crossing the JSON boundary are decimal strings (U128), times are
 * nanosecond decimal strings (U64); inside the contract both are bigints.
 */

/** One price tier as given in a round config. */
export interface TierJson {
  /** U128 token units: the tier prices sales while tokens_sold < until_sold. */
  until_sold: string;
  /** U128 yoctoNEAR per whole token; must be set iff the round accepts NEAR. */
  price_near?: string | null;
  /** U128 stablecoin units per whole token; must be set iff the round accepts the stablecoin. */
  price_ft?: string | null;
}

export interface ScheduleStepJson {
  /** U64 ns. */
  not_before_ns: string;
  /** Cumulative cap from that time on, basis points. */
  max_bps: number;
}

export interface VestingJson {
  /** Share unlocked at the round end, basis points. */
  tge_bps: number;
  /** U64 ns after the end before linear vesting starts. */
  cliff_ns: string;
  /** U64 ns of linear vesting after the cliff. */
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

/** A tier as stored: prices by slot (null: asset not accepted). */
export interface Tier {
  until_sold: bigint;
  prices: (bigint | null)[];
}

/** A round's configuration as stored (key `r<id>`). Immutable once the round opened, except `cancelled_at_ns`. */
export interface Round {
  id: number;
  name: string;
  start_ns: bigint;
  end_ns: bigint;
  token_allocation: bigint;
  hard_cap: bigint;
  soft_cap: bigint;
  min_per_account: bigint;
  max_per_account: bigint;
  /** Base price by slot [near, ft]; null: the asset is not accepted. */
  prices: (bigint | null)[];
  tiers: Tier[];
  allowlist_root: string | null;
  tge_bps: number;
  cliff_ns: bigint;
  duration_ns: bigint;
  schedule: { not_before_ns: bigint; max_bps: number }[];
  created_at_ns: bigint;
  /** 0 unless cancelled. */
  cancelled_at_ns: bigint;
}

/** A round's running totals (key `t<id>`). Per-asset arrays are indexed by slot. */
export interface RoundStats {
  tokens_sold: bigint;
  /** Tokens claimed, including claims whose transfer is in flight. */
  tokens_claimed: bigint;
  buyers: number;
  purchases: number;
  /** Payment kept (cost of the tokens sold). */
  raised: bigint[];
  /** Refunds paid or in flight (failed rounds only). */
  refunded: bigint[];
  /** Proceeds released or in flight (successful rounds only). */
  released: bigint[];
}

/** An account's participation in one round (key `p<id>:<account>`, fixed-size binary). */
export interface PurchaseRecord {
  tokens: bigint;
  /** Tokens claimed, including claims in flight. */
  claimed: bigint;
  /** Payment kept, by slot. */
  paid: bigint[];
  /** Refund paid or in flight, by slot. */
  refunded: boolean[];
}

/** An account's NEP-145 storage record (key `s<account>`, fixed-size binary). */
export interface StorageAccount {
  /** yoctoNEAR deposited. */
  deposit: bigint;
  /** Purchase records this account owns. */
  records: number;
}

export type RoundStatus = "upcoming" | "open" | "successful" | "failed" | "cancelled";

/** What a purchase did. */
export interface PurchaseOutcome {
  tokens: bigint;
  cost: bigint;
  refund: bigint;
  storage_fee: bigint;
}
