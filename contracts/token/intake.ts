/**
 * Revenue arriving: NEAR through `distribute_revenue`, the stablecoin
 * through its `ft_transfer_call` with msg "revenue" (→ `ft_on_transfer`).
 *
 * Invariant: revenue is booked (`receiveRevenue`, revenue.ts) in the same
 * receipt in which the funds arrive, so the books never owe more than the
 * contract received; each accepted intake is one entry of the revenue
 * history (`history.ts`). Every call into the revenue math for intake is here.
 */
import { near } from "near-sdk-js";
import { assertAccountId, ensure, optionalString, parseU128 } from "../common/guards";
import { FT_SLOT, MAX_MEMO_LENGTH, NEAR_ASSET, NEAR_SLOT, REVENUE_MSG } from "./constants";
import { emitRevenueDistributed } from "./events";
import { recordDistribution } from "./history";
import type { FtOnTransferArgs } from "./interface";
import { receiveRevenue, revenueRefusal } from "./revenue";
import type { TokenState } from "./state";

/**
 * `distribute_revenue`: the attached NEAR, streamed to the eligible holders.
 * Panics (the deposit returns to the payer) while too few tokens are eligible.
 */
export function distributeRevenue(state: TokenState, memo: string | null | undefined): void {
  const amount = near.attachedDeposit();
  ensure(amount > 0n, "Attach the NEAR revenue to distribute");
  const note = optionalString(memo, "memo", MAX_MEMO_LENGTH);
  receiveRevenue(state, NEAR_SLOT, amount);
  recordDistribution(NEAR_SLOT, state.pools[NEAR_SLOT], amount, state.eligible_total);
  emitRevenueDistributed(NEAR_ASSET, near.predecessorAccountId(), amount, state.eligible_total, note);
}

/**
 * `ft_on_transfer`: only the configured stablecoin; msg "revenue" books the
 * amount, anything else is returned as unused, and so is revenue while too
 * few tokens are eligible (the stablecoin refunds it). Returns the unused amount (U128).
 */
export function receiveStablecoin(state: TokenState, args: FtOnTransferArgs): string {
  const tokenId = near.predecessorAccountId();
  ensure(
    state.revenue_token_id !== "" && tokenId === state.revenue_token_id,
    `Only ${state.revenue_token_id === "" ? "a configured revenue token" : state.revenue_token_id} is accepted as revenue, not ${tokenId}`,
  );
  const senderId = assertAccountId(args.sender_id, "sender_id");
  const value = parseU128(args.amount, "amount");
  if (args.msg !== REVENUE_MSG || value === 0n) {
    near.log(`Not revenue (msg must be "${REVENUE_MSG}"): returning ${value} to ${senderId}`);
    return value.toString();
  }
  const refusal = revenueRefusal(state);
  if (refusal !== null) {
    near.log(`${refusal}: returning ${value} to ${senderId}`);
    return value.toString();
  }
  receiveRevenue(state, FT_SLOT, value);
  recordDistribution(FT_SLOT, state.pools[FT_SLOT], value, state.eligible_total);
  emitRevenueDistributed(state.revenue_token_id, senderId, value, state.eligible_total, null);
  return "0";
}
