/**
 * Shapes of the token's internal state (all amounts bigint). The JSON shapes
 * of arguments and views are in `interface.ts`.
 */
import type { StreamState } from "./stream";

export type { PayoutPurpose } from "./interface";

/**
 * Revenue accounting of one asset (all bigints). The streaming fields
 * (`acc`, `pending`, `unstreamed`, `rate`, `period_finish`, `last_update`;
 * amounts × SCALE) are explained in `stream.ts`; the totals are plain asset
 * units.
 */
export interface AssetPool extends StreamState {
  /** "near" or the stablecoin's account id ("" while no stablecoin is configured). */
  asset: string;
  /** Total × SCALE of the current stream (rest of the previous one + new revenue); for the views. */
  stream_amount: bigint;
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
  /**
   * The token paid this registration (init allocations): unregistering
   * returns no storage deposit, since the account never paid one.
   */
  sponsored: boolean;
  balance: bigint;
  assets: AccountAsset[];
}
