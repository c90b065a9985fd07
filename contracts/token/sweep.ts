/**
 * Sweeping stray funds: NEAR or stablecoin the contract holds beyond its
 * books (see `sweep-math.ts`), moved by the timelocked `sweep` action.
 *
 * Invariant: a sweep never takes funds the books owe. NEAR: the excess is
 * computed and checked in the same receipt that sends it. Stablecoin: the
 * balance can only be read from the stablecoin, so the sweep asks for it
 * and `on_sweep_balance` recomputes the excess against the books as they
 * are when the answer arrives (what left meanwhile is subtracted too) before
 * sending anything. A sent sweep is in flight until `on_sweep` confirms it
 * or rolls the books back.
 */
import { near, NearPromise } from "near-sdk-js";
import { assertAccountId, ensure, parsePositiveU128, parseU128 } from "../common/guards";
import { singlePromiseOutcome } from "../common/promises";
import {
  FT_SLOT,
  GAS_FOR_FT_BALANCE,
  GAS_FOR_FT_PAYOUT,
  GAS_FOR_SWEEP_BALANCE_CALLBACK,
  GAS_FOR_SWEEP_CALLBACK,
  NEAR_ASSET,
  NEAR_SLOT,
  SWEEP_NEAR_RESERVE,
} from "./constants";
import { emitSweepEnded, emitSweepRefused, emitSweepStarted } from "./events";
import type { OnSweepArgs, OnSweepBalanceArgs, Sweepable, SweepArgs } from "./interface";
import { slotOf, type TokenState } from "./state";
import { type NearBooks, nearExcess, owedRevenue, stablecoinExcess, sweepProblem } from "./sweep-math";

function nearBooks(state: TokenState): NearBooks {
  const pool = state.pools[NEAR_SLOT];
  return {
    balance: near.accountBalance(),
    storageStaked: near.storageUsage() * near.storageByteCost(),
    owedRevenue: owedRevenue(pool.distributed, pool.claimed),
    registrationDeposits: state.registration_deposits,
    reserve: SWEEP_NEAR_RESERVE,
  };
}

/** Stablecoin confirmed sent so far (claims and sweeps): compared across the balance read. */
function stablecoinOutflow(state: TokenState): bigint {
  return state.pools[FT_SLOT].claimed + state.swept[FT_SLOT];
}

/** The `sweepable` view. */
export function sweepableView(state: TokenState, stablecoinBalance: string | null | undefined): Sweepable {
  const books = nearBooks(state);
  const result: Sweepable = {
    near: {
      excess: nearExcess(books).toString(),
      balance: books.balance.toString(),
      storage_staked: books.storageStaked.toString(),
      owed_revenue: books.owedRevenue.toString(),
      registration_deposits: books.registrationDeposits.toString(),
      reserve: books.reserve.toString(),
    },
    stablecoin: null,
  };
  if (state.revenue_token_id !== "") {
    const pool = state.pools[FT_SLOT];
    const owed = owedRevenue(pool.distributed, pool.claimed);
    const inFlight = state.sweep_in_flight[FT_SLOT];
    const balance =
      stablecoinBalance === undefined || stablecoinBalance === null
        ? null
        : parseU128(stablecoinBalance, "stablecoin_balance");
    const excess =
      balance === null
        ? null
        : stablecoinExcess({ balance, owedRevenue: owed, sweepInFlight: inFlight, outflowSinceQuery: 0n });
    result.stablecoin = {
      asset: state.revenue_token_id,
      owed_revenue: owed.toString(),
      sweep_in_flight: inFlight.toString(),
      balance: balance === null ? null : balance.toString(),
      excess: excess === null ? null : excess.toString(),
    };
  }
  return result;
}

/** Checks a `sweep` action's arguments (at scheduling and at execution) and returns them normalised. */
export function validateSweep(state: TokenState, args: Record<string, unknown>): SweepArgs {
  ensure(typeof args.asset === "string", "asset must be a string");
  slotOf(state, args.asset);
  const receiverId = assertAccountId(args.receiver_id, "receiver_id");
  ensure(receiverId !== near.currentAccountId(), "A sweep cannot pay the token contract itself");
  const amount = parsePositiveU128(args.amount, "amount");
  return { asset: args.asset, receiver_id: receiverId, amount: amount.toString() };
}

/**
 * Runs a validated sweep. NEAR: panics unless the amount is within the
 * excess now (the operation then stays queued), else sends it. Stablecoin:
 * asks the stablecoin for the token's balance; `on_sweep_balance` decides.
 */
export function executeSweep(state: TokenState, sweep: SweepArgs): NearPromise {
  const slot = slotOf(state, sweep.asset);
  const amount = BigInt(sweep.amount);
  if (slot === NEAR_SLOT) {
    const excess = nearExcess(nearBooks(state));
    const problem = sweepProblem(NEAR_ASSET, amount, excess);
    ensure(problem === null, problem ?? "");
    return sendSweep(state, sweep, amount, excess);
  }
  const query: OnSweepBalanceArgs = { ...sweep, outflow_at_query: stablecoinOutflow(state).toString() };
  return NearPromise.new(sweep.asset)
    .functionCall("ft_balance_of", JSON.stringify({ account_id: near.currentAccountId() }), 0n, GAS_FOR_FT_BALANCE)
    .then(
      NearPromise.new(near.currentAccountId()).functionCall(
        "on_sweep_balance",
        JSON.stringify(query),
        0n,
        GAS_FOR_SWEEP_BALANCE_CALLBACK,
      ),
    );
}

/** `on_sweep_balance`: recomputes the stablecoin excess against the books now; sends the sweep or refuses it. */
export function onSweepBalance(state: TokenState, args: OnSweepBalanceArgs): NearPromise | string {
  const amount = parseU128(args.amount, "amount");
  const outcome = singlePromiseOutcome();
  let balance: bigint | null = null;
  if (outcome.ok) {
    balance = parseBalance(outcome.value);
  }
  if (balance === null) {
    emitSweepRefused(args.asset, args.receiver_id, amount, null);
    return "0";
  }
  const pool = state.pools[FT_SLOT];
  const excess = stablecoinExcess({
    balance,
    owedRevenue: owedRevenue(pool.distributed, pool.claimed),
    sweepInFlight: state.sweep_in_flight[FT_SLOT],
    outflowSinceQuery: stablecoinOutflow(state) - parseU128(args.outflow_at_query, "outflow_at_query"),
  });
  if (amount > excess) {
    emitSweepRefused(args.asset, args.receiver_id, amount, excess);
    return "0";
  }
  return sendSweep(state, args, amount, excess);
}

/** The U128 an `ft_balance_of` returned, or null for anything else. */
function parseBalance(result: string): bigint | null {
  try {
    const value: unknown = JSON.parse(result);
    return typeof value === "string" && /^(0|[1-9][0-9]{0,38})$/.test(value) ? BigInt(value) : null;
  } catch (_error) {
    return null;
  }
}

function sendSweep(state: TokenState, sweep: OnSweepArgs, amount: bigint, excess: bigint): NearPromise {
  const slot = slotOf(state, sweep.asset);
  state.sweep_in_flight[slot] += amount;
  emitSweepStarted(sweep.asset, sweep.receiver_id, amount, excess);
  const ended: OnSweepArgs = { asset: sweep.asset, receiver_id: sweep.receiver_id, amount: amount.toString() };
  const first =
    slot === NEAR_SLOT
      ? NearPromise.new(sweep.receiver_id).transfer(amount)
      : NearPromise.new(sweep.asset).functionCall(
          "ft_transfer",
          JSON.stringify({ receiver_id: sweep.receiver_id, amount: amount.toString(), memo: "sweep" }),
          1n,
          GAS_FOR_FT_PAYOUT,
        );
  return first.then(
    NearPromise.new(near.currentAccountId()).functionCall(
      "on_sweep",
      JSON.stringify(ended),
      0n,
      GAS_FOR_SWEEP_CALLBACK,
    ),
  );
}

/** `on_sweep`: confirms the sweep (in flight → swept) or rolls the books back. Returns the amount swept (U128). */
export function onSweep(state: TokenState, args: OnSweepArgs): string {
  const slot = slotOf(state, args.asset);
  const amount = parseU128(args.amount, "amount");
  const ok = singlePromiseOutcome().ok;
  state.sweep_in_flight[slot] -= amount;
  if (ok) {
    state.swept[slot] += amount;
  }
  emitSweepEnded(args.asset, args.receiver_id, amount, ok);
  return ok ? amount.toString() : "0";
}
