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
 * - a failed payout's callback subtracts it from released again (and
 *   restores near_held / ft_held through books.ts).
 * - the receiver is an approved provider that is neither the owner, the
 *   sale, the token nor the stablecoin at the time of the release (approvals
 *   are timelocked and refuse those accounts too; the check is repeated here
 *   because the owner can change after an approval).
 * - the ft_transfer memo fits NEP-141's 256 bytes, checked before anything
 *   is booked (an over-long memo would make every such release fail).
 */
import { near, type NearPromise } from "near-sdk-js";
import { ensure } from "../common/guards";
import { singlePromiseOutcome } from "../common/promises";
import { settlePayout, startPayout } from "./books";
import { MAX_MEMO_BYTES, NEAR_SLOT, SLOT_COUNT } from "./constants";
import { utf8Length } from "./utf8";
import { emitTrancheFailed, emitTrancheReleased } from "./events";
import type { EscrowView } from "./interface";
import { loadRound, readStats, writeStats } from "./records";
import { assetOfSlot, closeRoundBooks, roundSchedule, roundStatus } from "./rounds";
import { ftTransferWithCallback, nearTransferWithCallback } from "./settlement";
import type { SaleState } from "./state";
import { capBpsAt, nextStep, releasable, releaseCap } from "./tranches";

/** The memo of a release's ft_transfer; panics when it would exceed the NEP-141 limit. */
export function releaseMemo(roundId: number, purpose: unknown): string {
  ensure(typeof purpose === "string" && purpose.length > 0, "purpose must be a non-empty string");
  const memo = `modelfund round ${roundId}: ${purpose}`;
  const bytes = utf8Length(memo);
  ensure(
    bytes <= MAX_MEMO_BYTES,
    `purpose is too long: the memo "modelfund round ${roundId}: <purpose>" would be ${bytes} bytes, NEP-141 allows ${MAX_MEMO_BYTES}`,
  );
  return memo;
}

/** Accounts that may never receive proceeds as a provider: the owner, the sale, its token and stablecoin. */
export function providerProblem(state: SaleState, provider: string): string | null {
  if (provider === state.admin.owner_id) return `The owner ${provider} cannot be a compute provider`;
  if (provider === near.currentAccountId()) return "The sale itself cannot be a compute provider";
  if (provider === state.token_id) return `The project token ${provider} cannot be a compute provider`;
  if (state.stable_id !== "" && provider === state.stable_id) {
    return `The stablecoin ${provider} cannot be a compute provider`;
  }
  return null;
}

export interface ReleaseRequest {
  round_id: unknown;
  slot: number;
  amount: bigint;
  provider_id: string;
  purpose: string;
}

export function startRelease(state: SaleState, request: ReleaseRequest, now: bigint): NearPromise {
  const round = loadRound(request.round_id);
  const memo = releaseMemo(round.id, request.purpose);
  const stats = readStats(round.id);
  const status = roundStatus(round, stats, now);
  ensure(
    status === "successful",
    `Proceeds of round ${round.id} cannot be released: the round is ${status} (only successful rounds release, after their end)`,
  );
  ensure(
    state.approved_providers.includes(request.provider_id),
    `${request.provider_id} is not an approved compute provider`,
  );
  const refused = providerProblem(state, request.provider_id);
  ensure(refused === null, refused ?? "");
  const slot = request.slot;
  const asset = assetOfSlot(slot, state.stable_id);
  const raised = stats.raised[slot];
  const schedule = roundSchedule(round);
  const available = releasable(raised, stats.released[slot], schedule, now);
  if (request.amount > available) {
    const next = nextStep(schedule, now);
    const when = next === null ? "" : `; the cap rises to ${next.max_bps} bps at ${next.not_before_ns}`;
    ensure(
      false,
      `Tranche of ${request.amount} ${asset} exceeds the schedule of round ${round.id}: cap now ${capBpsAt(schedule, now)} bps of ${raised} = ${releaseCap(raised, schedule, now)}, already released ${stats.released[slot]}, releasable ${available}${when}`,
    );
  }
  closeRoundBooks(state, round, stats, now);
  stats.released[slot] += request.amount;
  writeStats(round.id, stats);
  startPayout(state, slot, request.amount);
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
  return ftTransferWithCallback(state.stable_id, request.provider_id, request.amount, memo, "on_release_settled", args);
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
  const ok = singlePromiseOutcome().ok;
  settlePayout(state, slot, amount, ok);
  if (ok) {
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
  emitTrancheFailed({ round_id: roundId, asset, amount, provider_id: providerId, purpose });
  return "0";
}

/** View of a round's escrow: cap now, next step, releasable per asset. */
export function escrowView(state: SaleState, roundId: unknown, now: bigint): EscrowView {
  const round = loadRound(roundId);
  const stats = readStats(round.id);
  const status = roundStatus(round, stats, now);
  const schedule = roundSchedule(round);
  const assets: EscrowView["assets"] = {};
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    if (round.prices[slot] === null) continue;
    const raised = stats.raised[slot];
    assets[assetOfSlot(slot, state.stable_id)] = {
      proceeds: raised.toString(),
      released: stats.released[slot].toString(),
      releasable: status === "successful" ? releasable(raised, stats.released[slot], schedule, now).toString() : "0",
      held: (raised - stats.refunded[slot] - stats.released[slot]).toString(),
    };
  }
  const next = nextStep(schedule, now);
  return {
    round_id: round.id,
    status,
    releases_allowed: status === "successful",
    cap_bps_now: capBpsAt(schedule, now),
    next_step: next === null ? null : { not_before_ns: next.not_before_ns.toString(), max_bps: next.max_bps },
    assets,
    now_ns: now.toString(),
  };
}
