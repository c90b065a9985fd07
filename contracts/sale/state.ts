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
 * - `near_held`: NEAR the books owe (refunds owed + unreleased proceeds:
 *   Σ over rounds of raised − refunded − released), kept as a running sum so
 *   sweeps and views do not read every round.
 * - `tokens_reserved`: Σ over rounds of what each holds back of the
 *   inventory; a round counts its whole allocation until its books are
 *   closed after its end (see rounds.ts `closeRoundBooks`), so the sum is never
 *   below the exact reservation. create/update_round compare it with
 *   token_inventory in O(1).
 * - `in_flight`: per asset slot (near, stablecoin, token) the amounts of
 *   outgoing transfers whose callback has not run; `moved_at_height` the
 *   block of the last movement a balance read could straddle (sweep.ts).
 */
import type { AdminState } from "../common/admin";
import type { TimelockState } from "../common/timelock";

export interface SaleState {
  state_version: number;
  admin: AdminState;
  timelock: TimelockState;
  token_id: string;
  token_decimals: number;
  /** Set by the ft_metadata callback when the token's decimals equal token_decimals. */
  token_metadata_confirmed: boolean;
  /** NEP-141 stablecoin accepted as payment; "" when none. */
  stable_id: string;
  token_inventory: bigint;
  ft_held: bigint;
  storage_deposits: bigint;
  near_held: bigint;
  tokens_reserved: bigint;
  in_flight: bigint[];
  moved_at_height: bigint[];
  round_count: number;
  /** Compute providers releases may pay (approved and removed through the timelock). */
  approved_providers: string[];
  /** Bytes charged per storage account / per purchase record (measured at init). */
  storage_account_bytes: number;
  storage_record_bytes: number;
  source_link: string;
}

/** 10^token_decimals: token units per whole token, the price scale. */
export function tokenScale(state: SaleState): bigint {
  return 10n ** BigInt(state.token_decimals);
}
