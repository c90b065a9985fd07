/**
 * Batched forwarding: payments accrue per destination and asset (a bucket);
 * `flush` (anyone) sends one bucket's whole pending amount in one promise,
 * and `on_forwarded` books the outcome.
 *
 * | destination | NEAR | stablecoin |
 * |---|---|---|
 * | holders | token.distribute_revenue | stablecoin.ft_transfer_call(token, msg "revenue") |
 * | contributors of stage s | vault.deposit_royalties({stage: s}) | stablecoin.ft_transfer_call(vault, msg {"royalties": s}) |
 * | reserve, protocol | transfer | stablecoin.ft_transfer |
 *
 * Invariants:
 * - A flush moves the amount from pending to in_flight before the promise;
 *   the callback moves what the receiver kept to forwarded and the rest back
 *   to pending (a failed call keeps nothing; an ft_transfer_call keeps what
 *   the receiver used, e.g. the token returns revenue it refuses). Nothing is
 *   lost, and a failed forward is retried by a later flush.
 * - A flush costs the same however many payments accrued: the bucket holds
 *   one sum (the 100-payment figure of `npm run bench:fees` equals the 1-payment one).
 */
import { near, NearPromise } from "near-sdk-js";
import { ensure } from "../common/guards";
import { singlePromiseOutcome } from "../common/promises";
import {
  FT_SLOT,
  GAS_FOR_FLUSH_CALL,
  GAS_FOR_FORWARD_CALLBACK,
  GAS_FOR_FT_FORWARD,
  GAS_FOR_FT_TRANSFER,
  GAS_FOR_NEAR_FORWARD,
  NEAR_ASSET,
  NEAR_SLOT,
  SLOT_COUNT,
} from "./constants";
import { emitFees } from "./events";
import type { DestinationName, ForwardView } from "./interface";
import { assetOfSlot } from "./payments";
import { parseStage } from "./records";
import {
  bucketIndex,
  type FeesState,
  TARGET_COUNT,
  TARGET_FIRST_STAGE,
  TARGET_HOLDERS,
  TARGET_PROTOCOL,
  TARGET_RESERVE,
} from "./state";

/** Gas a flush must be given: its own work, the forward and the callback. */
export const GAS_FOR_FLUSH = GAS_FOR_FLUSH_CALL + GAS_FOR_FT_FORWARD + GAS_FOR_FORWARD_CALLBACK;

export function parseSlot(state: FeesState, asset: unknown): number {
  if (asset === NEAR_ASSET) return NEAR_SLOT;
  ensure(
    state.stable_id !== "" && asset === state.stable_id,
    `asset must be "near"${state.stable_id === "" ? "" : ` or "${state.stable_id}"`}, got ${JSON.stringify(asset)}`,
  );
  return FT_SLOT;
}

export function parseTarget(destination: unknown, stage: unknown): number {
  if (destination === "contributors") return TARGET_FIRST_STAGE + parseStage(stage);
  ensure(stage === undefined || stage === null, `stage is only taken with destination "contributors"`);
  if (destination === "holders") return TARGET_HOLDERS;
  if (destination === "reserve") return TARGET_RESERVE;
  ensure(
    destination === "protocol",
    `destination must be "holders", "contributors", "reserve" or "protocol", got ${JSON.stringify(destination)}`,
  );
  return TARGET_PROTOCOL;
}

function nameOf(target: number): { destination: DestinationName; stage: number | null } {
  if (target === TARGET_HOLDERS) return { destination: "holders", stage: null };
  if (target === TARGET_RESERVE) return { destination: "reserve", stage: null };
  if (target === TARGET_PROTOCOL) return { destination: "protocol", stage: null };
  return { destination: "contributors", stage: target - TARGET_FIRST_STAGE };
}

function receiverOf(state: FeesState, target: number): string {
  if (target === TARGET_HOLDERS) return state.token_id;
  if (target === TARGET_RESERVE) return state.reserve_id;
  if (target === TARGET_PROTOCOL) return state.protocol_id;
  return state.vault_id;
}

function forwardPromise(state: FeesState, target: number, slot: number, amount: bigint): NearPromise {
  const receiver = receiverOf(state, target);
  const stage = target - TARGET_FIRST_STAGE;
  if (slot === NEAR_SLOT) {
    if (target === TARGET_HOLDERS) {
      return NearPromise.new(receiver).functionCall(
        "distribute_revenue",
        JSON.stringify({ memo: "modelfund fees" }),
        amount,
        GAS_FOR_NEAR_FORWARD,
      );
    }
    if (target >= TARGET_FIRST_STAGE) {
      return NearPromise.new(receiver).functionCall(
        "deposit_royalties",
        JSON.stringify({ stage }),
        amount,
        GAS_FOR_NEAR_FORWARD,
      );
    }
    return NearPromise.new(receiver).transfer(amount);
  }
  const stable = NearPromise.new(state.stable_id);
  if (target === TARGET_HOLDERS || target >= TARGET_FIRST_STAGE) {
    const msg = target === TARGET_HOLDERS ? "revenue" : JSON.stringify({ royalties: stage });
    return stable.functionCall(
      "ft_transfer_call",
      JSON.stringify({ receiver_id: receiver, amount: amount.toString(), msg }),
      1n,
      GAS_FOR_FT_FORWARD,
    );
  }
  return stable.functionCall(
    "ft_transfer",
    JSON.stringify({ receiver_id: receiver, amount: amount.toString(), memo: "modelfund fees" }),
    1n,
    GAS_FOR_FT_TRANSFER,
  );
}

export function startFlush(state: FeesState, destination: unknown, stage: unknown, asset: unknown): NearPromise {
  const target = parseTarget(destination, stage);
  const slot = parseSlot(state, asset);
  ensure(
    near.prepaidGas() >= GAS_FOR_FLUSH,
    `Attach at least ${GAS_FOR_FLUSH / 1_000_000_000_000n} TGas: the forward's callback must be able to book its outcome`,
  );
  const receiver = receiverOf(state, target);
  const name = nameOf(target);
  ensure(receiver !== "", "No protocol account is set: protocol shares wait until one is");
  const bucket = state.buckets[bucketIndex(target, slot)];
  const amount = bucket.pending;
  const assetId = assetOfSlot(state, slot);
  ensure(
    amount > 0n,
    `Nothing is pending for ${name.destination}${name.stage === null ? "" : ` of stage ${name.stage}`} in ${assetId}`,
  );
  bucket.pending = 0n;
  bucket.in_flight += amount;
  state.books[slot].pending -= amount;
  state.books[slot].in_flight += amount;
  emitFees("forward_started", { ...name, asset: assetId, receiver, amount });
  const callback = NearPromise.new(near.currentAccountId()).functionCall(
    "on_forwarded",
    JSON.stringify({ target, slot, amount: amount.toString(), receiver }),
    0n,
    GAS_FOR_FORWARD_CALLBACK,
  );
  return forwardPromise(state, target, slot, amount).then(callback);
}

/** What the receiver kept: all of a successful call, the used amount of an ft_transfer_call, nothing of a failure. */
function keptAmount(target: number, slot: number, amount: bigint): bigint {
  const outcome = singlePromiseOutcome();
  if (!outcome.ok) return 0n;
  const isTransferCall = slot === FT_SLOT && (target === TARGET_HOLDERS || target >= TARGET_FIRST_STAGE);
  if (!isTransferCall) return amount;
  let used: unknown = null;
  try {
    used = JSON.parse(outcome.value);
  } catch (_error) {
    used = null;
  }
  // a result that is not a U128 no greater than the amount is not trusted: the token has it all
  if (typeof used !== "string" || !/^(0|[1-9][0-9]*)$/.test(used)) return amount;
  const value = BigInt(used);
  return value <= amount ? value : amount;
}

export function settleForward(state: FeesState, target: number, slot: number, amount: bigint, receiver: string) {
  const kept = keptAmount(target, slot, amount);
  const bucket = state.buckets[bucketIndex(target, slot)];
  const returned = amount - kept;
  bucket.in_flight -= amount;
  bucket.forwarded += kept;
  bucket.pending += returned;
  const books = state.books[slot];
  books.in_flight -= amount;
  books.forwarded += kept;
  books.pending += returned;
  const data = { ...nameOf(target), asset: assetOfSlot(state, slot), receiver, amount: kept, returned };
  if (returned === 0n) {
    emitFees("forward_done", data);
  } else {
    bucket.failures += 1;
    emitFees("forward_failed", data);
  }
  return kept.toString();
}

export function forwardViews(state: FeesState): ForwardView[] {
  const out: ForwardView[] = [];
  const slots = state.stable_id === "" ? 1 : SLOT_COUNT;
  for (let target = 0; target < TARGET_COUNT; target++) {
    for (let slot = 0; slot < slots; slot++) {
      const bucket = state.buckets[bucketIndex(target, slot)];
      out.push({
        ...nameOf(target),
        asset: assetOfSlot(state, slot),
        receiver: receiverOf(state, target),
        pending: bucket.pending.toString(),
        in_flight: bucket.in_flight.toString(),
        forwarded: bucket.forwarded.toString(),
        failures: bucket.failures,
      });
    }
  }
  return out;
}
