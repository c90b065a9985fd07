/**
 * Reading the result of the promise a callback was chained to.
 */
import { near } from "near-sdk-js";
import { ensure } from "./guards";

export type PromiseOutcome = { ok: true; value: string } | { ok: false };

/**
 * The outcome of the single promise this callback depends on. A failed
 * promise (receiver panicked, account missing, out of gas) is `{ ok: false }`;
 * this never panics on failure, so callbacks can always roll back.
 */
export function singlePromiseOutcome(): PromiseOutcome {
  ensure(near.promiseResultsCount() === 1n, "This callback expects exactly one promise result");
  try {
    return { ok: true, value: near.promiseResult(0) };
  } catch (_error) {
    return { ok: false };
  }
}

/** Sends `amount` yoctoNEAR to `accountId` as a detached receipt (no-op for 0). */
export function transferNear(accountId: string, amount: bigint): void {
  if (amount > 0n) {
    const index = near.promiseBatchCreate(accountId);
    near.promiseBatchActionTransfer(index, amount);
  }
}

/**
 * Gas to hand a cross-contract call that should receive "all the rest":
 * what is left of the prepaid gas after `reserve` (this call's remaining
 * work plus the static gas of any callbacks scheduled after it).
 *
 * Used instead of near-sdk-js 2.0's `functionCallWeight`: the stock
 * builder.c passes its arguments through `JS_ToCStringLenRaw`, so the
 * encoded JSON arrives at the receiver as "123,34,…" and every such call
 * panics there. Our toolchain now patches builder.c (commit 038f3e9), but a
 * contract built by the stock near-sdk-js CLI would still break; a plain
 * function call with computed gas works with either.
 */
export function remainingGas(reserve: bigint): bigint {
  const left = near.prepaidGas() - near.usedGas() - reserve;
  return left > 0n ? left : 0n;
}
