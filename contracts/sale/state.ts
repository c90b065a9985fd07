/**
 * The contract's JSON state (the fields of the `@NearBindgen` class), as an
 * interface the modules work on.
 *
 * Books (all bigint, kept by every state change):
 * - `token_inventory`: project tokens the sale holds by its own books
 *   (declared at init, plus owner top-ups, minus claims sent; a claim that
 *   bounces is added back). Invariant: Σ over rounds of tokensReserved ≤
 *   token_inventory, checked whenever a round is created or grown.
 * - `ft_held`: stablecoin the sale holds (purchases' kept payment, minus
 *   refunds and releases sent, plus those that bounced).
 * - `storage_deposits`: Σ of NEP-145 deposits (NEAR that is not proceeds).
 */
import type { AdminState } from "../common/admin";

export interface SaleState {
  state_version: number;
  admin: AdminState;
  token_id: string;
  token_decimals: number;
  /** NEP-141 stablecoin accepted as payment; "" when none. */
  stable_id: string;
  token_inventory: bigint;
  ft_held: bigint;
  storage_deposits: bigint;
  round_count: number;
  providers: string[];
  /** Bytes charged per storage account / per purchase record (measured at init). */
  storage_account_bytes: number;
  storage_record_bytes: number;
  source_link: string;
}

/** 10^token_decimals: token units per whole token, the price scale. */
export function tokenScale(state: SaleState): bigint {
  return 10n ** BigInt(state.token_decimals);
}
