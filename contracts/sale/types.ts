/**
 * Shapes of the sale's stored records and internal values. The JSON
 * interface (arguments, views) is in interface.ts; inside the contract
 * amounts and times are bigints.
 */

/** A tier as stored: prices by slot (null: asset not accepted). */
export interface Tier {
  until_sold: bigint;
  prices: (bigint | null)[];
}

/** A round's configuration as stored (key `r<id>`). Immutable once the round opened, except `cancelled_at_ns`. */
export interface Round {
  id: number;
  /** Unique per sale (the `k<key>` map points back to the id): what makes create_round idempotent. */
  key: string;
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
  /** Release steps anchored to end_ns (see tranches.ts). */
  schedule: { after_end_ns: bigint; max_bps: number }[];
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
  /**
   * Whether the round's reservation in `tokens_reserved` has been reduced from
   * its allocation to its final share (done once, on the first settlement
   * touching the round after its end, or at cancellation).
   */
  books_closed: boolean;
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
