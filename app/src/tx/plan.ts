/**
 * What a user is asked to sign, as plain data: transactions of function
 * calls with their arguments, deposit and gas. The review dialog shows a
 * plan exactly as it will be sent, and toWalletTransactions turns the same
 * object into wallet-selector's transactions, so what is shown is what is signed.
 */
import type { Transaction } from "@near-wallet-selector/core";
import { actions } from "near-api-js";

export interface PlannedCall {
  method: string;
  args: Record<string, unknown>;
  /** yoctoNEAR attached. */
  deposit: bigint;
  gas: bigint;
}

/** One transaction: calls to one receiver, signed by the connected account. */
export interface PlannedTransaction {
  receiverId: string;
  calls: PlannedCall[];
  /** Why this transaction is part of the plan (e.g. "register for storage on the sale"). */
  purpose: string;
}

export interface TxPlan {
  title: string;
  /** Plain sentences shown above the transactions: what happens, refunds, what the user ends up with. */
  notes: string[];
  transactions: PlannedTransaction[];
}

export const TGAS = 1_000_000_000_000n;
export const ONE_YOCTO = 1n;

/** NEAR attached over the whole plan (what leaves the wallet besides gas). */
export function planDeposit(plan: TxPlan): bigint {
  return plan.transactions.reduce((sum, tx) => sum + tx.calls.reduce((inner, call) => inner + call.deposit, 0n), 0n);
}

export function planGas(plan: TxPlan): bigint {
  return plan.transactions.reduce((sum, tx) => sum + tx.calls.reduce((inner, call) => inner + call.gas, 0n), 0n);
}

/**
 * wallet-selector's `signAndSendTransactions` input for the plan. The actions are near-api-js 7's; wallet-selector
 * types them with its own @near-js/transactions copy. Both are NEAR's borsh `Action` enum with the same fields,
 * which is all a wallet serialises, so only the type differs (the classes' optional key fields).
 */
export function toWalletTransactions(plan: TxPlan, signerId: string): Transaction[] {
  return plan.transactions.map((tx) => ({
    signerId,
    receiverId: tx.receiverId,
    actions: tx.calls.map((call) =>
      actions.functionCall(call.method, call.args, call.gas, call.deposit),
    ) as unknown as Transaction["actions"],
  }));
}
