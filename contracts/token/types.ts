/**
 * Shapes of the token's arguments, return values and state.
 * Amounts crossing the JSON boundary are decimal strings (U128); inside the
 * contract they are bigints.
 */

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
  total: string;
  available: string;
}

/** NEP-145. */
export interface StorageBalanceBounds {
  min: string;
  max: string | null;
}

/** One pre-minted allocation of the initial supply. */
export interface Allocation {
  account_id: string;
  /** U128 */
  amount: string;
  /** Whether the holder earns revenue; default false (allocations go to contracts: sale, vault, treasury). */
  earns_revenue?: boolean;
}

/**
 * Revenue accounting of one asset (all bigints; `acc` and `pending` are
 * scaled by SCALE, the totals are plain asset units).
 */
export interface AssetPool {
  /** "near" or the stablecoin's account id ("" while no stablecoin is configured). */
  asset: string;
  /** Cumulative revenue per eligible token unit, × SCALE. Never decreases. */
  acc: bigint;
  /**
   * Revenue × SCALE received but not yet folded into `acc`: the remainder of
   * the last division, revenue that arrived while no eligible supply
   * existed, payouts that bounced for unregistered accounts and the
   * sub-unit fractions of unregistered accounts. Folded in by the next
   * distribution.
   */
  pending: bigint;
  /** Total revenue ever received. */
  distributed: bigint;
  /** Total paid out and confirmed (claims, reinvestments, payouts at unregistration). */
  claimed: bigint;
  /** Paid out, waiting for the payout's callback. */
  in_flight: bigint;
  /** Part of `claimed` that went to the sale contract. */
  reinvested: bigint;
}

/** Revenue state of one account in one asset (both × SCALE). */
export interface AccountAsset {
  /** The pool's `acc` when this entry was last settled. */
  snapshot: bigint;
  /** Revenue earned and not yet paid, × SCALE (the integer part is claimable). */
  owed: bigint;
}

/** An account's record, stored in binary under `a` + account id. */
export interface AccountRecord {
  /** Excluded accounts keep their balance out of the eligible supply and earn nothing. */
  excluded: boolean;
  balance: bigint;
  assets: AccountAsset[];
}

/** Why a revenue payout was made (echoed to `on_revenue_payout` and events). */
export type PayoutPurpose = "claim" | "reinvest" | "unregister";
