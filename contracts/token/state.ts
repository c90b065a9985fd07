/**
 * The token's JSON state (the fields of the `@NearBindgen` class) as an
 * interface the modules work on, and the small lookups every module needs.
 *
 * Books kept in this state (all bigint; account records live apart, see
 * `ledger.ts`):
 * - total_supply = Σ balances ≤ max_supply; eligible_total = Σ balances of
 *   accounts not excluded (the ledger keeps both).
 * - per revenue asset, `pools[slot]` (revenue.ts): what was received, paid,
 *   in flight; distributed − claimed is what the token owes its holders.
 * - registration_deposits: NEAR that accounts paid for their own
 *   registration and get back when they unregister.
 * - sweep_in_flight / swept per slot: stray funds sent out by `sweep`.
 * Whatever the contract holds beyond these books is stray and sweepable.
 */
import { near } from "near-sdk-js";
import type { AdminState } from "../common/admin";
import { ensure } from "../common/guards";
import type { TimelockState } from "../common/timelock";
import { FT_SLOT, NEAR_ASSET, NEAR_SLOT } from "./constants";
import type { LedgerState } from "./ledger";

export interface TokenState extends LedgerState {
  state_version: number;
  admin: AdminState;
  timelock: TimelockState;
  max_supply: bigint;
  storage_bytes_per_account: bigint;
  /** NEP-141 contract accepted as stablecoin revenue; "" while none. */
  revenue_token_id: string;
  /** Contract receiving reinvested revenue (`purchase_with_revenue`); "" while none. */
  sale_contract_id: string;
  source_link: string;
  /** Registered accounts excluded from revenue (for dashboards; the flag itself lives in the record). */
  excluded_list: string[];
  /** Σ NEAR deposits of registrations paid by the accounts (not by the token). */
  registration_deposits: bigint;
  /** Per slot: stray funds a sweep has sent and whose transfer is not confirmed yet. */
  sweep_in_flight: bigint[];
  /** Per slot: stray funds swept, confirmed. */
  swept: bigint[];
}

/** Registration cost in yoctoNEAR: measured bytes × current byte cost. */
export function storageCost(state: TokenState): bigint {
  return state.storage_bytes_per_account * near.storageByteCost();
}

/** Slots whose asset is configured: NEAR always, the stablecoin once set. */
export function activeSlots(state: TokenState): number[] {
  return state.revenue_token_id === "" ? [NEAR_SLOT] : [NEAR_SLOT, FT_SLOT];
}

/** The slot of an asset id ("near" or the configured stablecoin); panics on anything else. */
export function slotOf(state: TokenState, asset: string): number {
  if (asset === NEAR_ASSET) {
    return NEAR_SLOT;
  }
  ensure(
    state.revenue_token_id !== "" && asset === state.revenue_token_id,
    `Unknown revenue asset ${JSON.stringify(asset)}; assets are: ${activeSlots(state)
      .map((slot) => state.pools[slot].asset)
      .join(", ")}`,
  );
  return FT_SLOT;
}
