/**
 * The per-asset books every outgoing payout goes through (claims, refunds,
 * releases, sweeps), in one place so the sweep's "excess" can trust them.
 *
 * Slots: NEAR_SLOT (0), FT_SLOT (1, the stablecoin), TOKEN_SLOT (2, the
 * project token). For each payout:
 * - at the start, what the books owe drops by the amount (`near_held`,
 *   `ft_held` or `token_inventory`; a sweep owes nothing, it moves excess)
 *   and `in_flight[slot]` rises by it: a token transfer has not left the
 *   sale's balance yet, so a sweep counts it as still owed;
 * - in the callback, `in_flight[slot]` drops again, a failed payout restores
 *   what the books owe, and `moved_at_height[slot]` records the block (a
 *   balance read taken before this point could not know the outcome).
 * Hence for a token asset: balance ≥ owed + in_flight while no payout is
 * mis-booked, and for NEAR: balance ≥ near_held + storage deposits + staking
 * (a NEAR transfer leaves the balance when it is issued).
 */
import { near } from "near-sdk-js";
import { FT_SLOT, NEAR_SLOT } from "./constants";
import type { SaleState } from "./state";

/** Books `amount` of `slot` as leaving; `owedToo` false for sweeps (their amount is excess, not owed). */
export function startPayout(state: SaleState, slot: number, amount: bigint, owedToo = true): void {
  if (owedToo) adjustOwed(state, slot, -amount);
  state.in_flight[slot] += amount;
}

/** The callback side of `startPayout`: settles the in-flight amount and restores the books on failure. */
export function settlePayout(state: SaleState, slot: number, amount: bigint, ok: boolean, owedToo = true): void {
  state.in_flight[slot] -= amount;
  state.moved_at_height[slot] = near.blockHeight();
  if (!ok && owedToo) adjustOwed(state, slot, amount);
}

/** Records an incoming token movement whose unused part the token may still be returning. */
export function noteIncoming(state: SaleState, slot: number): void {
  state.moved_at_height[slot] = near.blockHeight();
}

function adjustOwed(state: SaleState, slot: number, delta: bigint): void {
  if (slot === NEAR_SLOT) state.near_held += delta;
  else if (slot === FT_SLOT) state.ft_held += delta;
  else state.token_inventory += delta;
}
