/**
 * The token's ABI: the JSON shape of every argument, return value and view.
 *
 * Type-only on purpose (no runtime code, no near-sdk-js import): the
 * contract, the deploy scripts and the tests all `import type` from here, so
 * a shape is written once and a change to it is a compile error everywhere
 * it is used. Amounts are U128 decimal strings, times U64 decimal strings of
 * nanoseconds, as on the wire.
 */

/** A U128 amount as a decimal string. */
export type U128 = string;

// ───────────────────────── standards ─────────────────────────

/** NEP-148. */
export interface FungibleTokenMetadata {
  spec: string;
  name: string;
  symbol: string;
  icon: string | null;
  reference: string | null;
  reference_hash: string | null;
  decimals: number;
}

/** NEP-145. */
export interface StorageBalance {
  total: U128;
  available: U128;
}

/** NEP-145. */
export interface StorageBalanceBounds {
  min: U128;
  max: U128 | null;
}

// ───────────────────────── init ─────────────────────────

/** One pre-minted allocation of the initial supply. */
export interface Allocation {
  account_id: string;
  amount: U128;
  /** Whether the holder earns revenue; default false (allocations go to contracts: sale, vault, treasury). */
  earns_revenue?: boolean;
}

/** A type, not an interface, so callers can pass it where a JSON object is expected. */
export type InitArgs = {
  /** Administrator (two-step transferable). */
  owner_id: string;
  /** NEP-148 metadata (`icon`, `reference`, `reference_hash` may be omitted). */
  metadata: Omit<FungibleTokenMetadata, "icon" | "reference" | "reference_hash"> &
    Partial<Pick<FungibleTokenMetadata, "icon" | "reference" | "reference_hash">>;
  /** The fixed maximum supply; the allocations must add up to it exactly. */
  max_supply: U128;
  allocations: Allocation[];
  /** Delay of timelocked operations (U64 ns, at most 30 days; 0 only makes sense on a local chain). */
  timelock_delay_ns: string;
  /** NEP-141 contract accepted as stablecoin revenue (changeable later, through the timelock, until it receives revenue). */
  revenue_token_id?: string | null;
  /** Sale contract receiving reinvested revenue (changeable later through the timelock). */
  sale_contract_id?: string | null;
  /** NEP-330 link to the source. */
  source_link?: string | null;
  /**
   * U128, ≥ 1 (default "1"): revenue is refused (returned to the payer) and
   * streams pause while fewer tokens than this are eligible.
   */
  min_eligible_supply?: string | null;
  /** U64 nanoseconds, ≤ 365 days (default "0": at once): each distribution is released linearly over this window. */
  revenue_stream_ns?: string | null;
};

// ───────────────────────── NEP-141 / NEP-145 calls ─────────────────────────

export interface FtTransferArgs {
  receiver_id: string;
  amount: U128;
  memo?: string | null;
}

export interface FtTransferCallArgs extends FtTransferArgs {
  msg: string;
}

export interface FtResolveTransferArgs {
  sender_id: string;
  receiver_id: string;
  amount: U128;
}

/** What a NEP-141 contract passes to `ft_on_transfer`. */
export interface FtOnTransferArgs {
  sender_id: string;
  amount: U128;
  msg: string;
}

export interface StorageDepositArgs {
  account_id?: string | null;
  registration_only?: boolean | null;
}

export interface StorageWithdrawArgs {
  amount?: U128 | null;
}

export interface StorageUnregisterArgs {
  force?: boolean | null;
}

export interface AccountArgs {
  account_id: string;
}

// ───────────────────────── revenue ─────────────────────────

/** "near" or the stablecoin's account id. */
export type Asset = string;

export interface DistributeRevenueArgs {
  memo?: string | null;
}

export interface ClaimRevenueArgs {
  /** "near" (the default) or the stablecoin's account id. */
  asset?: Asset | null;
}

export interface ReinvestRevenueArgs {
  round_id: number;
  /** Must be the configured sale contract when given. */
  sale_contract_id?: string | null;
  /** Default: all the claimable NEAR revenue. */
  amount?: U128 | null;
  /** Allowlist proof forwarded to the sale's `purchase_with_revenue` (hex sha256 nodes). */
  proof?: string[] | null;
}

/** Why a revenue payout was made (echoed to `on_revenue_payout` and events). */
export type PayoutPurpose = "claim" | "reinvest" | "unregister";

export interface OnRevenuePayoutArgs {
  account_id: string;
  asset: Asset;
  amount: U128;
  purpose: PayoutPurpose;
  round_id: number | null;
}

/** asset → amount (claimable revenue, amounts sent by `claim_all_revenue`). */
export type AmountsByAsset = Record<Asset, U128>;

export interface HolderInfo {
  account_id: string;
  registered: boolean;
  balance: U128;
  excluded: boolean;
  claimable: AmountsByAsset;
  /** Revenue × 10^30 earned and not paid (claimable plus the sub-unit fraction), per asset; exact. */
  owed_scaled: Record<Asset, string>;
  storage_balance: StorageBalance | null;
}

export interface AssetStats {
  asset: Asset;
  total_distributed: U128;
  total_claimed: U128;
  /** Part of `total_claimed` the sale kept for tokens (NEAR it refunded to the holder is not counted). */
  total_reinvested: U128;
  in_flight: U128;
  outstanding: U128;
  held: U128;
  pending_scaled: string;
  revenue_per_token_scaled: string;
  /** Whole units received and not yet released to holders (the stream's integer part). */
  streaming: U128;
  stream: StreamView;
}

/** One asset's revenue stream, as of the block of the view (amounts × 10^30, times in ns). */
export interface StreamView {
  /** Released per nanosecond; whatever the rate does not cover is released at `period_finish_ns`. */
  rate_scaled_per_ns: string;
  period_finish_ns: string;
  /** Total of the current stream: the rest of the previous one plus the revenue that (re)started it. */
  amount_scaled: string;
  /** Released so far out of `amount_scaled`. */
  streamed_scaled: string;
  /** Not released yet (exact). */
  unstreamed_scaled: string;
  /** True while the eligible supply is below `min_eligible_supply`: nothing is released, the end moves out. */
  paused: boolean;
}

export interface RevenueStats {
  total_supply: U128;
  eligible_supply: U128;
  scale: string;
  assets: AssetStats[];
}

export interface RevenueHistoryArgs {
  /**
   * Index of the first entry to return (the first distribution ever is 0);
   * default, and at least, the oldest entry still kept (`oldest_index`).
   */
  from_index?: number | null;
  /** 1 to 128 entries; default 128 (every entry kept). */
  limit?: number | null;
}

/** One distribution: an accepted `distribute_revenue` or stablecoin `ft_on_transfer` with msg "revenue". */
export interface RevenueHistoryEntry {
  /** Position in the sequence of every distribution this token ever accepted (0 = the first). */
  index: number;
  /** Block time of the receipt that booked it (U64 ns). */
  timestamp_ns: string;
  asset: Asset;
  amount: U128;
  /** The eligible supply that shares it (amount / eligible_supply = revenue per eligible unit). */
  eligible_supply: U128;
  /** The asset's `total_distributed` after it (a cumulative chart stays exact past overwritten entries). */
  total_distributed: U128;
}

/** The last `capacity` distributions, oldest first. */
export interface RevenueHistory {
  /** Distributions ever recorded; the next one gets this index. */
  total: number;
  /** Entries kept (128): older ones are overwritten. */
  capacity: number;
  /** Index of the oldest entry still kept (max(0, total − capacity)). */
  oldest_index: number;
  entries: RevenueHistoryEntry[];
}

// ───────────────────────── configuration ─────────────────────────

export interface ContractConfig {
  version: string;
  state_version: number;
  owner_id: string;
  max_supply: U128;
  total_supply: U128;
  eligible_supply: U128;
  revenue_token_id: string | null;
  sale_contract_id: string | null;
  revenue_msg: string;
  storage_bytes_per_account: string;
  min_eligible_supply: U128;
  revenue_stream_ns: string;
  /** NEAR deposits of registrations the accounts paid themselves (refundable at unregistration). */
  registration_deposits: U128;
}

export interface SetSourceLinkArgs {
  link: string;
}

// ───────────────────────── timelock ─────────────────────────

/** The token's own timelocked actions (besides the shared `upgrade` and `set_timelock_delay`). */
export interface TokenActionArgs {
  /** null clears the link (reinvestment is then impossible). */
  set_sale_contract: { account_id: string | null };
  /** Only while the current stablecoin has never received revenue. */
  set_revenue_token: { token_id: string };
  set_revenue_exclusion: { account_id: string; excluded: boolean };
  /** Moves at most `sweepable()[asset]` (funds the books do not owe anyone) to `receiver_id`. */
  sweep: SweepArgs;
}

/** The shared actions (contracts/common/timelock.ts). */
export interface CommonActionArgs {
  /** 64 lowercase hex characters: sha256 of the wasm `upgrade` will receive. */
  upgrade: { code_hash: string };
  set_timelock_delay: { delay_ns: string };
}

export type TimelockActionArgs = TokenActionArgs & CommonActionArgs;
export type TimelockAction = keyof TimelockActionArgs;

export interface TimelockScheduleArgs<A extends TimelockAction = TimelockAction> {
  action: A;
  args: TimelockActionArgs[A];
}

export interface TimelockIdArgs {
  id: number;
}

// ───────────────────────── sweep ─────────────────────────

/** A type, not an interface: it is also a timelock operation's `args` (a JSON object). */
export type SweepArgs = {
  asset: Asset;
  receiver_id: string;
  amount: U128;
};

/** NEAR the contract holds beyond what it owes; the stablecoin's needs a cross-contract read (see `sweepable`). */
export interface Sweepable {
  near: {
    /** What `sweep` may move now: balance − storage staking − owed revenue − registration deposits − reserve (≥ 0). */
    excess: U128;
    balance: U128;
    storage_staked: U128;
    owed_revenue: U128;
    registration_deposits: U128;
    reserve: U128;
  };
  /**
   * The stablecoin (null while none is configured). A view cannot read
   * another contract: pass the token's `ft_balance_of` on the stablecoin as
   * `stablecoin_balance` to get `excess`; a `sweep` reads the balance itself
   * and recomputes the excess against the books when the answer arrives.
   */
  stablecoin: {
    asset: Asset;
    owed_revenue: U128;
    sweep_in_flight: U128;
    balance: U128 | null;
    excess: U128 | null;
  } | null;
}

export interface SweepableArgs {
  stablecoin_balance?: U128 | null;
}

export interface OnSweepArgs {
  asset: Asset;
  receiver_id: string;
  amount: U128;
}

export interface OnSweepBalanceArgs extends OnSweepArgs {
  /** The stablecoin's outflows (claims confirmed + sweeps confirmed) when its balance was asked for. */
  outflow_at_query: U128;
}
