/**
 * Settlement of ended rounds: token claims (successful rounds) and refunds
 * (failed or cancelled rounds), each paid by a promise whose callback rolls
 * the books back when the payment fails.
 *
 * Invariants:
 * - claimed <= vested(tokens) <= tokens per record, so Σ claims <= tokens_sold.
 * - a record is claimed from only while its round is successful and refunded
 *   only while it is failed/cancelled; a round's outcome never changes once
 *   its end has passed (and cancellation is only possible before the end),
 *   so no payment is ever both refunded and turned into tokens.
 * - a refund pays exactly `paid[slot]`, at most once per slot (the
 *   `refunded` flag is set before the transfer and cleared only by the
 *   rollback of that same transfer).
 * - claims in flight are counted in `claimed` (record and round) and out of
 *   `token_inventory` and `tokens_reserved`; a failed transfer subtracts/adds
 *   them back. Every payout goes through books.ts (owed, in flight).
 * - the round's books are closed (rounds.ts `closeRoundBooks`) before its
 *   first claim or refund.
 */
import { near, NearPromise } from "near-sdk-js";
import { ensure } from "../common/guards";
import { singlePromiseOutcome } from "../common/promises";
import { settlePayout, startPayout } from "./books";
import { FT_SLOT, GAS_FOR_FT_TRANSFER, GAS_FOR_PAYOUT_CALLBACK, NEAR_SLOT, SLOT_COUNT, TOKEN_SLOT } from "./constants";
import { emitClaim, emitClaimFailed, emitRefund, emitRefundFailed } from "./events";
import { loadRound, readPurchase, readStats, writePurchase, writeStats } from "./records";
import { assetOfSlot, closeRoundBooks, isRefunding, roundStatus, vestingTerms } from "./rounds";
import type { SaleState } from "./state";
import { claimableAmount, vestedAmount } from "./vesting";

/** The ft_transfer call of a payout, chained to our callback `callback(callbackArgs)`. */
export function ftTransferWithCallback(
  tokenId: string,
  receiverId: string,
  amount: bigint,
  memo: string,
  callback: string,
  callbackArgs: Record<string, unknown>,
): NearPromise {
  return NearPromise.new(tokenId)
    .functionCall(
      "ft_transfer",
      JSON.stringify({ receiver_id: receiverId, amount: amount.toString(), memo }),
      1n,
      GAS_FOR_FT_TRANSFER,
    )
    .then(selfCallback(callback, callbackArgs));
}

export function nearTransferWithCallback(
  receiverId: string,
  amount: bigint,
  callback: string,
  callbackArgs: Record<string, unknown>,
): NearPromise {
  return NearPromise.new(receiverId).transfer(amount).then(selfCallback(callback, callbackArgs));
}

function selfCallback(method: string, args: Record<string, unknown>): NearPromise {
  return NearPromise.new(near.currentAccountId()).functionCall(
    method,
    JSON.stringify(args),
    0n,
    GAS_FOR_PAYOUT_CALLBACK,
  );
}

// ---- claims -------------------------------------------------------------

/** Starts a claim of everything vested and unclaimed; returns the transfer promise. */
export function startClaim(state: SaleState, roundId: unknown, accountId: string, now: bigint): NearPromise {
  const round = loadRound(roundId);
  const stats = readStats(round.id);
  const status = roundStatus(round, stats, now);
  ensure(
    status === "successful",
    `Round ${round.id} is ${status}: tokens can be claimed only from a successful round after its end${isRefunding(status) ? " (withdraw a refund instead)" : ""}`,
  );
  const record = readPurchase(round.id, accountId);
  ensure(record !== null && record.tokens > 0n, `Account ${accountId} bought nothing in round ${round.id}`);
  const terms = vestingTerms(round);
  const amount = claimableAmount(record.tokens, record.claimed, terms, now);
  ensure(
    amount > 0n,
    `Nothing to claim in round ${round.id} now: vested ${vestedAmount(record.tokens, terms, now)}, already claimed ${record.claimed} of ${record.tokens}`,
  );
  closeRoundBooks(state, round, stats, now);
  record.claimed += amount;
  writePurchase(round.id, accountId, record);
  stats.tokens_claimed += amount;
  writeStats(round.id, stats);
  startPayout(state, TOKEN_SLOT, amount);
  state.tokens_reserved -= amount;
  return ftTransferWithCallback(
    state.token_id,
    accountId,
    amount,
    `modelfund sale round ${round.id} claim`,
    "on_claim_settled",
    { round_id: round.id, account_id: accountId, amount: amount.toString() },
  );
}

/** Callback of a claim's ft_transfer: confirms (event) or rolls back. Returns the amount claimed. */
export function settleClaim(state: SaleState, roundId: number, accountId: string, amount: bigint): string {
  const ok = singlePromiseOutcome().ok;
  settlePayout(state, TOKEN_SLOT, amount, ok);
  if (ok) {
    emitClaim(roundId, accountId, amount);
    return amount.toString();
  }
  const record = readPurchase(roundId, accountId);
  ensure(record !== null, "claim rollback: record missing");
  record.claimed -= amount;
  writePurchase(roundId, accountId, record);
  const stats = readStats(roundId);
  stats.tokens_claimed -= amount;
  writeStats(roundId, stats);
  state.tokens_reserved += amount;
  emitClaimFailed(roundId, accountId, amount);
  return "0";
}

// ---- refunds ------------------------------------------------------------

/**
 * Starts the refund of everything the account paid in a failed or cancelled
 * round, one payout per asset (detached promises, each with its callback).
 * Returns the amounts sent per asset.
 */
export function startRefund(
  state: SaleState,
  roundId: unknown,
  accountId: string,
  now: bigint,
): Record<string, string> {
  const round = loadRound(roundId);
  const stats = readStats(round.id);
  const status = roundStatus(round, stats, now);
  ensure(isRefunding(status), `Round ${round.id} is ${status}: refunds are paid only for failed or cancelled rounds`);
  const record = readPurchase(round.id, accountId);
  ensure(record !== null, `Account ${accountId} bought nothing in round ${round.id}`);
  closeRoundBooks(state, round, stats, now);
  const sent: Record<string, string> = {};
  const promises: NearPromise[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const amount = record.paid[slot];
    if (amount === 0n || record.refunded[slot]) {
      continue;
    }
    record.refunded[slot] = true;
    stats.refunded[slot] += amount;
    startPayout(state, slot, amount);
    const args = { round_id: round.id, account_id: accountId, slot, amount: amount.toString() };
    if (slot === NEAR_SLOT) {
      promises.push(nearTransferWithCallback(accountId, amount, "on_refund_settled", args));
    } else {
      promises.push(
        ftTransferWithCallback(
          state.stable_id,
          accountId,
          amount,
          `modelfund sale round ${round.id} refund`,
          "on_refund_settled",
          args,
        ),
      );
    }
    sent[assetOfSlot(slot, state.stable_id)] = amount.toString();
  }
  ensure(promises.length > 0, `Nothing to refund: ${accountId}'s payments in round ${round.id} were already refunded`);
  writePurchase(round.id, accountId, record);
  writeStats(round.id, stats);
  for (const promise of promises) {
    promise.build();
  }
  return sent;
}

/** Callback of a refund payout: confirms (event) or rolls back. Returns the amount refunded. */
export function settleRefund(
  state: SaleState,
  roundId: number,
  accountId: string,
  slot: number,
  amount: bigint,
): string {
  const asset = assetOfSlot(slot, state.stable_id);
  const ok = singlePromiseOutcome().ok;
  settlePayout(state, slot === NEAR_SLOT ? NEAR_SLOT : FT_SLOT, amount, ok);
  if (ok) {
    emitRefund(roundId, accountId, asset, amount);
    return amount.toString();
  }
  const record = readPurchase(roundId, accountId);
  ensure(record !== null, "refund rollback: record missing");
  record.refunded[slot] = false;
  writePurchase(roundId, accountId, record);
  const stats = readStats(roundId);
  stats.refunded[slot] -= amount;
  writeStats(roundId, stats);
  emitRefundFailed(roundId, accountId, asset, amount);
  return "0";
}
