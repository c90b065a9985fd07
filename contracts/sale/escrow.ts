/**
 * Compute-budget escrow: a successful round's proceeds leave the contract
 * only as tranches to approved compute providers, within the round's
 * release schedule, one asset at a time.
 *
 * Invariants:
 * - released[slot] (released + in flight) <= floor(raised[slot] × cap_bps(now) / 10000)
 *   at the time of every release, hence <= raised[slot].
 * - nothing is released from a round that is not successful; a failed or
 *   cancelled round's proceeds stay for refunds (released stays 0 there,
 *   because a round is successful only after its end, and then for ever).
 * - for every asset, holdings >= Σ over rounds of (raised - refunded -
 *   released): refunds owed and unreleased proceeds (see `requiredHoldings`).
 * - a failed payout's callback subtracts it from released again (and adds it
 *   back to ft_held for the stablecoin).
 */
import type { NearPromise } from "near-sdk-js";
import { ensure } from "../common/guards";
import { NEAR_SLOT, SLOT_COUNT } from "./constants";
import { emitTrancheFailed, emitTrancheReleased } from "./events";
import { singlePromiseOutcome } from "../common/promises";
import { loadRound, readRound, readStats, writeStats } from "./records";
import { assetOfSlot, roundStatus } from "./rounds";
import { ftTransferWithCallback, nearTransferWithCallback } from "./settlement";
import type { SaleState } from "./state";
import { capBpsAt, nextStep, releasable, releaseCap } from "./tranches";

export interface ReleaseRequest {
  round_id: unknown;
  slot: number;
  amount: bigint;
  provider_id: string;
  purpose: string;
}

export function startRelease(state: SaleState, request: ReleaseRequest, now: bigint): NearPromise {
  const round = loadRound(request.round_id);
  const stats = readStats(round.id);
  const status = roundStatus(round, stats, now);
  ensure(
    status === "successful",
    `Proceeds of round ${round.id} cannot be released: the round is ${status} (only successful rounds release, after their end)`,
  );
  ensure(state.providers.includes(request.provider_id), `${request.provider_id} is not an approved compute provider`);
  const slot = request.slot;
  const asset = assetOfSlot(slot, state.stable_id);
  const raised = stats.raised[slot];
  const available = releasable(raised, stats.released[slot], round.schedule, now);
  if (request.amount > available) {
    const next = nextStep(round.schedule, now);
    const when = next === null ? "" : `; the cap rises to ${next.max_bps} bps at ${next.not_before_ns}`;
    ensure(
      false,
      `Tranche of ${request.amount} ${asset} exceeds the schedule of round ${round.id}: cap now ${capBpsAt(round.schedule, now)} bps of ${raised} = ${releaseCap(raised, round.schedule, now)}, already released ${stats.released[slot]}, releasable ${available}${when}`,
    );
  }
  stats.released[slot] += request.amount;
  writeStats(round.id, stats);
  const args = {
    round_id: round.id,
    slot,
    amount: request.amount.toString(),
    provider_id: request.provider_id,
    purpose: request.purpose,
  };
  if (slot === NEAR_SLOT) {
    return nearTransferWithCallback(request.provider_id, request.amount, "on_release_settled", args);
  }
  state.ft_held -= request.amount;
  return ftTransferWithCallback(
    state.stable_id,
    request.provider_id,
    request.amount,
    `modelfund round ${round.id}: ${request.purpose}`,
    "on_release_settled",
    args,
  );
}

/** Callback of a tranche payout: confirms (event) or restores the escrow. Returns the amount released. */
export function settleRelease(
  state: SaleState,
  roundId: number,
  slot: number,
  amount: bigint,
  providerId: string,
  purpose: string,
): string {
  const stats = readStats(roundId);
  const asset = assetOfSlot(slot, state.stable_id);
  if (singlePromiseOutcome().ok) {
    emitTrancheReleased({
      round_id: roundId,
      asset,
      amount,
      provider_id: providerId,
      purpose,
      released_total: stats.released[slot],
    });
    return amount.toString();
  }
  stats.released[slot] -= amount;
  writeStats(roundId, stats);
  if (slot !== NEAR_SLOT) {
    state.ft_held += amount;
  }
  emitTrancheFailed({ round_id: roundId, asset, amount, provider_id: providerId, purpose });
  return "0";
}

/**
 * Per asset, what the contract must hold for buyers and providers:
 * Σ over rounds of raised - refunded - released (refunds still owed by
 * failed rounds, unreleased proceeds of the others). NEAR additionally
 * holds the storage deposits.
 */
export function requiredHoldings(state: SaleState): bigint[] {
  const owed: bigint[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) owed.push(0n);
  for (let id = 0; id < state.round_count; id++) {
    if (readRound(id) === null) continue;
    const stats = readStats(id);
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      owed[slot] += stats.raised[slot] - stats.refunded[slot] - stats.released[slot];
    }
  }
  return owed;
}

/** View of a round's escrow: cap now, next step, releasable per asset. */
export function escrowView(state: SaleState, roundId: unknown, now: bigint): Record<string, unknown> {
  const round = loadRound(roundId);
  const stats = readStats(round.id);
  const status = roundStatus(round, stats, now);
  const assets: Record<string, unknown> = {};
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    if (round.prices[slot] === null) continue;
    const raised = stats.raised[slot];
    assets[assetOfSlot(slot, state.stable_id)] = {
      proceeds: raised.toString(),
      released: stats.released[slot].toString(),
      releasable:
        status === "successful" ? releasable(raised, stats.released[slot], round.schedule, now).toString() : "0",
      held: (raised - stats.refunded[slot] - stats.released[slot]).toString(),
    };
  }
  const next = nextStep(round.schedule, now);
  return {
    round_id: round.id,
    status,
    releases_allowed: status === "successful",
    cap_bps_now: capBpsAt(round.schedule, now),
    next_step: next === null ? null : { not_before_ns: next.not_before_ns.toString(), max_bps: next.max_bps },
    assets,
    now_ns: now.toString(),
  };
}
