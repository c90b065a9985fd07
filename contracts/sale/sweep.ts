/**
 * Sweeps: moving what the sale holds beyond its books (tokens or stablecoin
 * sent with a plain ft_transfer, NEAR sent outside purchases, refunds that
 * bounced off a deleted account) to a receiver the owner names, through the
 * timelock.
 *
 * What a sweep may move, per asset, is the excess over what the books owe:
 * - NEAR: balance − storage staking − near_held (refunds owed + unreleased
 *   proceeds) − storage deposits − SWEEP_NEAR_RESERVE; known in-contract.
 * - stablecoin / project token: ft_balance_of(sale) − (ft_held or
 *   token_inventory) − in_flight. A view cannot ask the token, so the sweep
 *   queries the real balance and recomputes the excess in the callback.
 *
 * Why the balance read can be trusted (books.ts): a payout's callback and an
 * incoming ft_transfer_call record `moved_at_height`; a sweep starts only
 * SWEEP_QUIET_BLOCKS after the last movement, and its callback refuses when
 * a movement happened after the sweep started, so the balance it read cannot
 * straddle an unsettled payout or a still-returning unused amount. (An
 * ft_transfer_call that our ft_on_transfer rejected leaves no trace in our
 * state; its amount is returned by the token within the same few blocks, a
 * residual window documented in the README.)
 *
 * A sweep that cannot complete (excess too small, books moved, transfer
 * failed) puts its operation back in the timelock queue, still ready, and
 * emits `sweep_failed` with the reason: the owner retries it or a guardian
 * cancels it.
 */
import { near, NearPromise } from "near-sdk-js";
import { assertAccountId, ensure, parsePositiveU128 } from "../common/guards";
import { singlePromiseOutcome } from "../common/promises";
import { assertOnlyKeys, MAX_QUEUED_OPERATIONS, type TimelockOperation } from "../common/timelock";
import { settlePayout, startPayout } from "./books";
import {
  FT_SLOT,
  GAS_FOR_FT_VIEW,
  GAS_FOR_SWEEP_BALANCE_CALLBACK,
  NEAR_ASSET,
  NEAR_SLOT,
  SWEEP_NEAR_RESERVE,
  SWEEP_QUIET_BLOCKS,
  TOKEN_SLOT,
} from "./constants";
import { emitSweep, emitSweepFailed } from "./events";
import type { SweepableAsset, SweepArgs } from "./interface";
import { ftTransferWithCallback, nearTransferWithCallback } from "./settlement";
import type { SaleState } from "./state";

/** The slot of a sweepable asset: "near", the stablecoin or the project token. */
export function sweepSlot(state: SaleState, asset: unknown): number {
  if (asset === NEAR_ASSET) return NEAR_SLOT;
  if (asset === state.token_id) return TOKEN_SLOT;
  ensure(
    state.stable_id !== "" && asset === state.stable_id,
    `Unknown asset ${JSON.stringify(asset)}: sweep "near", ${state.token_id}${state.stable_id === "" ? "" : ` or ${state.stable_id}`}`,
  );
  return FT_SLOT;
}

function assetOf(state: SaleState, slot: number): string {
  if (slot === NEAR_SLOT) return NEAR_ASSET;
  return slot === TOKEN_SLOT ? state.token_id : state.stable_id;
}

/** Validates the args of a `sweep` operation (at scheduling and again at execution). */
export function parseSweepArgs(state: SaleState, args: Record<string, unknown>): SweepArgs {
  assertOnlyKeys(args, "sweep", ["asset", "receiver_id", "amount"]);
  sweepSlot(state, args.asset);
  const receiver = assertAccountId(args.receiver_id, "receiver_id");
  ensure(receiver !== near.currentAccountId(), "receiver_id must not be the sale itself");
  const amount = parsePositiveU128(args.amount, "amount");
  return { asset: args.asset as string, receiver_id: receiver, amount: amount.toString() };
}

function storageLocked(): bigint {
  return near.storageUsage() * near.storageByteCost();
}

/** NEAR that may be swept now (0 when the books need all of it). */
export function nearExcess(state: SaleState): bigint {
  const kept = storageLocked() + state.near_held + state.storage_deposits + SWEEP_NEAR_RESERVE;
  const balance = near.accountBalance();
  return balance > kept ? balance - kept : 0n;
}

/** What the books owe in a token asset, excluding transfers in flight. */
function tokenOwed(state: SaleState, slot: number): bigint {
  return slot === TOKEN_SLOT ? state.token_inventory : state.ft_held;
}

/** The `sweepable()` view: per asset what the books owe and, for NEAR, the excess. */
export function sweepableView(state: SaleState): SweepableAsset[] {
  const out: SweepableAsset[] = [
    {
      asset: NEAR_ASSET,
      owed: state.near_held.toString(),
      in_flight: state.in_flight[NEAR_SLOT].toString(),
      excess: nearExcess(state).toString(),
      balance: near.accountBalance().toString(),
      storage_locked: storageLocked().toString(),
      storage_deposits: state.storage_deposits.toString(),
      reserve: SWEEP_NEAR_RESERVE.toString(),
      moved_at_height: state.moved_at_height[NEAR_SLOT].toString(),
    },
  ];
  const slots = state.stable_id === "" ? [TOKEN_SLOT] : [FT_SLOT, TOKEN_SLOT];
  for (const slot of slots) {
    out.push({
      asset: assetOf(state, slot),
      owed: tokenOwed(state, slot).toString(),
      in_flight: state.in_flight[slot].toString(),
      excess: null,
      moved_at_height: state.moved_at_height[slot].toString(),
    });
  }
  return out;
}

function assertQuiet(state: SaleState, slot: number): void {
  const height = near.blockHeight();
  const quietFrom = state.moved_at_height[slot] + SWEEP_QUIET_BLOCKS;
  ensure(
    height >= quietFrom,
    `${assetOf(state, slot)} moved at block ${state.moved_at_height[slot]}: a sweep waits ${SWEEP_QUIET_BLOCKS} blocks after the last movement (retry from block ${quietFrom})`,
  );
}

/** Puts a sweep that could not complete back in the queue (still ready) and says why. */
function requeue(state: SaleState, op: TimelockOperation, slot: number, amount: bigint, reason: string): string {
  if (state.timelock.queue.length < MAX_QUEUED_OPERATIONS) state.timelock.queue.push(op);
  emitSweepFailed(assetOf(state, slot), op.args.receiver_id as string, amount, reason);
  return "0";
}

/** Runs a ready `sweep` operation taken from the queue. */
export function startSweep(state: SaleState, op: TimelockOperation): NearPromise {
  const args = parseSweepArgs(state, op.args);
  const slot = sweepSlot(state, args.asset);
  const amount = BigInt(args.amount);
  assertQuiet(state, slot);
  if (slot === NEAR_SLOT) {
    const excess = nearExcess(state);
    ensure(amount <= excess, `Cannot sweep ${amount} yoctoNEAR: the excess over the books is ${excess}`);
    startPayout(state, NEAR_SLOT, amount, false);
    return nearTransferWithCallback(args.receiver_id, amount, "on_sweep_settled", { op, slot });
  }
  return NearPromise.new(assetOf(state, slot))
    .functionCall("ft_balance_of", JSON.stringify({ account_id: near.currentAccountId() }), 0n, GAS_FOR_FT_VIEW)
    .then(
      NearPromise.new(near.currentAccountId()).functionCall(
        "on_sweep_balance",
        JSON.stringify({ op, slot, started_at_height: near.blockHeight().toString() }),
        0n,
        GAS_FOR_SWEEP_BALANCE_CALLBACK,
      ),
    );
}

/** Callback of the balance query: recomputes the excess and sends the tokens, or requeues. */
export function sweepBalanceArrived(
  state: SaleState,
  op: TimelockOperation,
  slot: number,
  startedAtHeight: bigint,
): NearPromise | string {
  const amount = BigInt(op.args.amount as string);
  const outcome = singlePromiseOutcome();
  if (!outcome.ok) return requeue(state, op, slot, amount, "ft_balance_of failed");
  if (state.moved_at_height[slot] > startedAtHeight) {
    return requeue(state, op, slot, amount, "the books moved while the balance was read");
  }
  let balance: bigint;
  try {
    balance = BigInt(JSON.parse(outcome.value) as string);
  } catch (_error) {
    return requeue(state, op, slot, amount, "ft_balance_of returned no amount");
  }
  const owed = tokenOwed(state, slot) + state.in_flight[slot];
  const excess = balance > owed ? balance - owed : 0n;
  if (amount > excess) {
    return requeue(state, op, slot, amount, `the excess is ${excess} (balance ${balance}, owed ${owed})`);
  }
  startPayout(state, slot, amount, false);
  const receiver = op.args.receiver_id as string;
  return ftTransferWithCallback(assetOf(state, slot), receiver, amount, "modelfund sale sweep", "on_sweep_settled", {
    op,
    slot,
  });
}

/** Callback of the sweep's transfer: emits `sweep`, or settles the books and requeues. */
export function sweepSettled(state: SaleState, op: TimelockOperation, slot: number): string {
  const amount = BigInt(op.args.amount as string);
  const ok = singlePromiseOutcome().ok;
  settlePayout(state, slot, amount, ok, false);
  if (!ok) return requeue(state, op, slot, amount, "the transfer failed");
  emitSweep(assetOf(state, slot), op.args.receiver_id as string, amount);
  return amount.toString();
}
