/**
 * Revenue leaving the contract: claims, reinvestment into the sale, the
 * payouts of a forced unregistration, and the callback that ends each one.
 *
 * Invariant: an amount is taken out of the account (`takeForPayout`: owed →
 * in flight) in the same receipt that sends it, and `on_revenue_payout`
 * moves it to claimed on success or back to the account (or to the pool, if
 * the account is gone) on failure, so revenue is never lost nor paid twice.
 * Every call into the revenue math (`revenue.ts`) made by payouts is in this
 * file.
 */
import { near, NearPromise } from "near-sdk-js";
import { assertNotPaused } from "../common/admin";
import { ensure, parsePositiveU128, parseU128 } from "../common/guards";
import { remainingGas, singlePromiseOutcome } from "../common/promises";
import {
  GAS_FOR_FT_PAYOUT,
  GAS_FOR_OWN_FINISH,
  GAS_FOR_PAYOUT_CALLBACK,
  GAS_FOR_PURCHASE_MIN,
  GAS_FOR_REINVEST,
  NEAR_ASSET,
  NEAR_SLOT,
  SCALE,
  SCOPE_CLAIMS,
} from "./constants";
import { emitRevenuePaid, emitRevenuePayoutFailed, emitRevenuePayoutStarted } from "./events";
import type { AmountsByAsset, OnRevenuePayoutArgs, PayoutPurpose, ReinvestRevenueArgs } from "./interface";
import { readAccount, readRegistered, settle, writeAccount } from "./ledger";
import { keptByPurchase, payoutGasNeeded, proofProblem } from "./payout-rules";
import { confirmPayout, recreditAccount, recreditPool, takeForPayout } from "./revenue";
import { activeSlots, slotOf, type TokenState } from "./state";
import type { AccountRecord } from "./types";

/** Panics with a clear message unless the prepaid gas covers this call's work plus the payouts of `slots`. */
export function assertPayoutGas(slots: number[]): void {
  const needed = payoutGasNeeded(slots);
  ensure(near.prepaidGas() >= needed, `More gas is required: attach at least ${needed / 1_000_000_000_000n} TGas`);
}

/** Whole units of `slot` the settled record can be paid now. */
export function claimableUnits(record: AccountRecord, slot: number): bigint {
  return record.assets[slot].owed / SCALE;
}

/** Takes `amount` out of a settled record into flight (the caller writes the record, then sends the payout). */
export function takeUnits(state: TokenState, record: AccountRecord, slot: number, amount: bigint): void {
  takeForPayout(record.assets[slot], state.pools[slot], amount);
}

/** `claim_revenue`: the caller's whole claimable revenue in one asset. */
export function claimRevenue(state: TokenState, asset: string | null | undefined): NearPromise {
  assertNotPaused(state.admin, SCOPE_CLAIMS);
  const slot = slotOf(state, asset === undefined || asset === null ? NEAR_ASSET : asset);
  const accountId = near.predecessorAccountId();
  const record = readRegistered(accountId);
  settle(state, record);
  const amount = claimableUnits(record, slot);
  ensure(amount > 0n, `${accountId} has no ${state.pools[slot].asset} revenue to claim`);
  assertPayoutGas([slot]);
  takeUnits(state, record, slot, amount);
  writeAccount(accountId, record);
  return payout(state, accountId, slot, amount, "claim", null, null);
}

/** `claim_all_revenue`: one payout per asset with claimable revenue; returns what was sent. */
export function claimAllRevenue(state: TokenState): AmountsByAsset {
  assertNotPaused(state.admin, SCOPE_CLAIMS);
  const accountId = near.predecessorAccountId();
  const record = readRegistered(accountId);
  settle(state, record);
  const slots = activeSlots(state).filter((slot) => claimableUnits(record, slot) > 0n);
  ensure(slots.length > 0, `${accountId} has no revenue to claim`);
  assertPayoutGas(slots);
  const sent: AmountsByAsset = {};
  for (const slot of slots) {
    const amount = claimableUnits(record, slot);
    takeUnits(state, record, slot, amount);
    payout(state, accountId, slot, amount, "claim", null, null).build();
    sent[state.pools[slot].asset] = amount.toString();
  }
  writeAccount(accountId, record);
  return sent;
}

/** `reinvest_revenue`: claimable NEAR revenue sent to the sale's `purchase_with_revenue`. */
export function reinvestRevenue(state: TokenState, args: ReinvestRevenueArgs): NearPromise {
  assertNotPaused(state.admin, SCOPE_CLAIMS);
  ensure(state.sale_contract_id !== "", "No sale contract is configured for reinvestment");
  const named = args.sale_contract_id;
  ensure(
    named === undefined || named === null || named === state.sale_contract_id,
    `Revenue can only be reinvested in ${state.sale_contract_id}, not ${named}`,
  );
  const roundId = args.round_id;
  ensure(
    typeof roundId === "number" && Number.isSafeInteger(roundId) && roundId >= 0,
    "round_id must be a non-negative integer",
  );
  const proofIssue = proofProblem(args.proof);
  ensure(proofIssue === null, proofIssue ?? "");
  const proof = args.proof ?? null;
  ensure(near.prepaidGas() >= GAS_FOR_REINVEST, "More gas is required");
  const accountId = near.predecessorAccountId();
  const record = readRegistered(accountId);
  settle(state, record);
  const claimable = claimableUnits(record, NEAR_SLOT);
  const value =
    args.amount === undefined || args.amount === null ? claimable : parsePositiveU128(args.amount, "amount");
  ensure(value > 0n, `${accountId} has no NEAR revenue to reinvest`);
  ensure(value <= claimable, `amount ${value} exceeds the claimable NEAR revenue ${claimable}`);
  takeUnits(state, record, NEAR_SLOT, value);
  writeAccount(accountId, record);
  return payout(state, accountId, NEAR_SLOT, value, "reinvest", roundId, proof);
}

/**
 * Builds a payout of `amount` (already in flight) chained to `on_revenue_payout`:
 * NEAR by transfer, the stablecoin by `ft_transfer` (1 yoctoNEAR), a
 * reinvestment by `purchase_with_revenue({ buyer, round_id, proof })` on the
 * sale with the NEAR attached and all the gas left beyond the callback's.
 */
export function payout(
  state: TokenState,
  accountId: string,
  slot: number,
  amount: bigint,
  purpose: PayoutPurpose,
  roundId: number | null,
  proof: string[] | null,
): NearPromise {
  const asset = state.pools[slot].asset;
  let first: NearPromise;
  let receiverId: string;
  if (purpose === "reinvest") {
    receiverId = state.sale_contract_id;
    // not `functionCallWeight`: see `remainingGas`
    const purchaseGas = remainingGas(GAS_FOR_PAYOUT_CALLBACK + GAS_FOR_OWN_FINISH);
    ensure(purchaseGas >= GAS_FOR_PURCHASE_MIN, "More gas is required");
    // without a proof, the call stays what sales without allowlists have always received
    const purchase =
      proof === null ? { buyer: accountId, round_id: roundId } : { buyer: accountId, round_id: roundId, proof };
    first = NearPromise.new(receiverId).functionCall(
      "purchase_with_revenue",
      JSON.stringify(purchase),
      amount,
      purchaseGas,
    );
  } else if (slot === NEAR_SLOT) {
    receiverId = accountId;
    first = NearPromise.new(accountId).transfer(amount);
  } else {
    receiverId = asset;
    const memo = `${near.currentAccountId()} revenue ${purpose}`;
    const transfer = { receiver_id: accountId, amount: amount.toString(), memo };
    first = NearPromise.new(asset).functionCall("ft_transfer", JSON.stringify(transfer), 1n, GAS_FOR_FT_PAYOUT);
  }
  emitRevenuePayoutStarted(accountId, asset, amount, purpose, receiverId);
  const callback: OnRevenuePayoutArgs = {
    account_id: accountId,
    asset,
    amount: amount.toString(),
    purpose,
    round_id: roundId,
  };
  return first.then(
    NearPromise.new(near.currentAccountId()).functionCall(
      "on_revenue_payout",
      JSON.stringify(callback),
      0n,
      GAS_FOR_PAYOUT_CALLBACK,
    ),
  );
}

/**
 * `on_revenue_payout`: success → claimed (of a reinvestment, only what the
 * sale kept counts as reinvested); failure → re-credited to the account, or
 * to the pool if the account has unregistered meanwhile. Returns the amount
 * paid (U128; "0" on failure).
 */
export function onRevenuePayout(state: TokenState, args: OnRevenuePayoutArgs): string {
  const slot = slotOf(state, args.asset);
  const pool = state.pools[slot];
  const value = parseU128(args.amount, "amount");
  const outcome = singlePromiseOutcome();
  if (outcome.ok) {
    const kept = args.purpose === "reinvest" ? keptByPurchase(outcome.value, value) : 0n;
    confirmPayout(pool, value, false);
    pool.reinvested += kept;
    emitRevenuePaid(args.account_id, args.asset, value, args.purpose, args.round_id ?? null);
    return value.toString();
  }
  const record = readAccount(args.account_id);
  if (record !== null) {
    recreditAccount(record.assets[slot], pool, value);
    writeAccount(args.account_id, record);
    emitRevenuePayoutFailed(args.account_id, args.asset, value, args.purpose, "account");
  } else {
    recreditPool(state, slot, value);
    emitRevenuePayoutFailed(args.account_id, args.asset, value, args.purpose, "pool");
  }
  return "0";
}
