/**
 * Revenue-per-share accounting, O(1) per operation, with every
 * distribution streamed over a window (`stream.ts` holds the pure math).
 *
 * For one asset, with E the eligible supply (tokens held by accounts that
 * are not excluded):
 *
 * - Revenue R arrives: it is refused (returned to the payer) while
 *   E < min_eligible_supply, so revenue can never wait for, and be captured
 *   by, whoever first becomes eligible. Otherwise R·SCALE joins the pool's
 *   stream, which releases it linearly over `revenue_stream_ns` (the
 *   unstreamed rest of a running stream is added and the window restarts).
 * - The pool is advanced to the block time before anything reads or changes
 *   balances, exclusions or E (`syncPools`, called by `ledger.settle` and by
 *   the views): the released amount is folded into the accumulator,
 *   `acc += ⌊pending / E⌋`, and what the division leaves stays in `pending`.
 *   While E < min_eligible_supply the stream pauses (see `stream.ts`).
 * - An account is settled before any change of its balance or exclusion:
 *   owed += balance·(acc − snapshot) (nothing while excluded); snapshot = acc.
 *   So an account earns balance × (growth of acc while it held that balance):
 *   its share of everything released while it held the tokens.
 * - Claimable = ⌊owed / SCALE⌋; claiming takes that many units and leaves the
 *   sub-unit fraction in `owed`, where it keeps adding up.
 *
 * Exact invariant, per asset, in SCALE units (every operation preserves it):
 *
 *   distributed·SCALE = (claimed + in_flight)·SCALE
 *                       + Σ_accounts [owed + (excluded ? 0 : balance·(acc − snapshot))]
 *                       + pending + unstreamed
 *
 * Dividing by SCALE: distributed = claimed + in_flight + Σ claimable
 * + streaming + carried, where "carried" (pending plus the accounts'
 * sub-unit fractions) and "streaming" (not yet released) are still owed to
 * holders: nothing is ever rounded away.
 */
import { near } from "near-sdk-js";
import { ensure } from "../common/guards";
import { SCALE } from "./constants";
import type { StreamView } from "./interface";
import { addToStream, advance, isPaused, newStreamState } from "./stream";
import type { AccountAsset, AccountRecord, AssetPool } from "./types";

/** Default `min_eligible_supply`: one unit, i.e. revenue is refused while no eligible holder exists. */
export const DEFAULT_MIN_ELIGIBLE_SUPPLY = 1n;
/** Default `revenue_stream_ns`: 0, revenue is released at once (deployments set a window, e.g. 7 days). */
export const DEFAULT_REVENUE_STREAM_NS = 0n;
/** Longest accepted stream window: 365 days. */
export const MAX_REVENUE_STREAM_NS = 365n * 86_400n * 1_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;

/** The part of the contract state the revenue accounting reads. */
export interface RevenueState {
  /** The eligible supply E (the `eligible_supply` view). */
  eligible_total: bigint;
  /** Revenue is refused, and streams pause, while fewer tokens than this are eligible (≥ 1). */
  min_eligible_supply: bigint;
  /** Window over which each distribution is released, in nanoseconds (0: at once). */
  revenue_stream_ns: bigint;
  pools: AssetPool[];
}

export function newPool(asset: string): AssetPool {
  return { asset, ...newStreamState(), stream_amount: 0n, distributed: 0n, claimed: 0n, in_flight: 0n, reinvested: 0n };
}

/**
 * Parses the revenue configuration of `init`: `min_eligible_supply` (U128
 * string ≥ 1, default 1) and `revenue_stream_ns` (U64 string ≤ 365 days,
 * default 0).
 */
export function parseRevenueConfig(
  minEligibleSupply: unknown,
  streamNs: unknown,
): { min_eligible_supply: bigint; revenue_stream_ns: bigint } {
  let min = DEFAULT_MIN_ELIGIBLE_SUPPLY;
  if (minEligibleSupply !== undefined && minEligibleSupply !== null) {
    ensure(
      typeof minEligibleSupply === "string" && /^[1-9][0-9]{0,38}$/.test(minEligibleSupply),
      `min_eligible_supply must be a positive decimal string (U128), got ${JSON.stringify(minEligibleSupply)}`,
    );
    min = BigInt(minEligibleSupply);
    ensure(min < 1n << 128n, "min_eligible_supply exceeds the U128 maximum 2^128 - 1");
  }
  let window = DEFAULT_REVENUE_STREAM_NS;
  if (streamNs !== undefined && streamNs !== null) {
    ensure(
      typeof streamNs === "string" && /^(0|[1-9][0-9]{0,19})$/.test(streamNs) && BigInt(streamNs) <= U64_MAX,
      `revenue_stream_ns must be a decimal string (U64, nanoseconds), got ${JSON.stringify(streamNs)}`,
    );
    window = BigInt(streamNs);
    ensure(window <= MAX_REVENUE_STREAM_NS, `revenue_stream_ns must be at most ${MAX_REVENUE_STREAM_NS} (365 days)`);
  }
  return { min_eligible_supply: min, revenue_stream_ns: window };
}

/**
 * Migration of a state without streams (state version 1): default
 * configuration, and every pool gains an empty stream (anything it held in
 * `pending` is folded in by the next operation with enough eligible tokens).
 */
export function withRevenueStreams(state: Record<string, unknown>): Record<string, unknown> {
  const pools = state.pools as Record<string, unknown>[];
  return {
    ...state,
    min_eligible_supply: DEFAULT_MIN_ELIGIBLE_SUPPLY,
    revenue_stream_ns: DEFAULT_REVENUE_STREAM_NS,
    pools: pools.map((pool) => ({
      ...pool,
      unstreamed: 0n,
      rate: 0n,
      period_finish: 0n,
      last_update: 0n,
      stream_amount: 0n,
    })),
  };
}

/** Advances one pool to the current block time over the current eligible supply. */
export function syncPool(state: RevenueState, slot: number): void {
  advance(state.pools[slot], state.eligible_total, state.min_eligible_supply, near.blockTimestamp());
}

/**
 * Advances every pool to the current block time. Must run before any change
 * of a balance, an exclusion or the eligible supply (`ledger.settle` does),
 * and before reading what accounts are owed (views).
 */
export function syncPools(state: RevenueState): void {
  for (let slot = 0; slot < state.pools.length; slot++) {
    syncPool(state, slot);
  }
}

/**
 * Why revenue cannot be accepted now (the payment must go back to the
 * payer), or null when it can.
 */
export function revenueRefusal(state: RevenueState): string | null {
  if (!isPaused(state.eligible_total, state.min_eligible_supply)) {
    return null;
  }
  return `Revenue is refused while the eligible supply (${state.eligible_total}) is below min_eligible_supply (${state.min_eligible_supply}): no holder could earn it; the payment is returned`;
}

/**
 * Records `amount` of new revenue in `slot` and streams it (with the rest of
 * a running stream) over a new window. Panics, changing nothing, when the
 * revenue must be refused (`revenueRefusal`).
 */
export function receiveRevenue(state: RevenueState, slot: number, amount: bigint): void {
  ensure(amount > 0n, "Revenue amount must be greater than zero");
  const refusal = revenueRefusal(state);
  ensure(refusal === null, refusal ?? "");
  const pool = state.pools[slot];
  syncPool(state, slot);
  pool.distributed += amount;
  if (state.revenue_stream_ns === 0n && pool.unstreamed === 0n) {
    // a zero window releases at once: straight to `pending`, the clock fields untouched (see `stream.ts`)
    pool.pending += amount * SCALE;
    pool.stream_amount = amount * SCALE;
  } else {
    joinStream(pool, amount * SCALE, near.blockTimestamp(), state.revenue_stream_ns, true);
  }
  syncPool(state, slot);
}

/** Adds to an advanced pool's stream and keeps `stream_amount` (the current stream's total) for the views. */
function joinStream(pool: AssetPool, scaled: bigint, now: bigint, windowNs: bigint, restart: boolean): void {
  const fresh = restart || pool.unstreamed === 0n || pool.period_finish <= pool.last_update;
  addToStream(pool, scaled, now, windowNs, restart);
  pool.stream_amount = fresh ? pool.unstreamed : pool.stream_amount + scaled;
}

/** Revenue × SCALE the entry has earned since its last settlement (not yet in `owed`). */
function unsettled(entry: AccountAsset, record: AccountRecord, pool: AssetPool): bigint {
  if (record.excluded || record.balance === 0n) {
    return 0n;
  }
  return record.balance * (pool.acc - entry.snapshot);
}

/**
 * Moves what the account earned into `owed` and brings its snapshot up to
 * date. The pool must be synced (`syncPools`); must run before the balance
 * or the exclusion flag changes.
 */
export function settleEntry(entry: AccountAsset, record: AccountRecord, pool: AssetPool): void {
  entry.owed += unsettled(entry, record, pool);
  entry.snapshot = pool.acc;
}

/** Revenue × SCALE the account has earned and not been paid, against a synced pool (nothing is written). */
export function owedScaledOf(entry: AccountAsset, record: AccountRecord, pool: AssetPool): bigint {
  return entry.owed + unsettled(entry, record, pool);
}

/** Whole units the account can claim, against a synced pool (nothing is written). */
export function claimableOf(entry: AccountAsset, record: AccountRecord, pool: AssetPool): bigint {
  return (entry.owed + unsettled(entry, record, pool)) / SCALE;
}

/**
 * Takes `amount` whole units (at most the claimable amount) out of a settled
 * entry and marks them in flight. Returns the amount taken.
 */
export function takeForPayout(entry: AccountAsset, pool: AssetPool, amount: bigint): bigint {
  ensure(amount > 0n, "Nothing to pay out");
  ensure(amount * SCALE <= entry.owed, "The amount exceeds the claimable revenue");
  entry.owed -= amount * SCALE;
  pool.in_flight += amount;
  return amount;
}

/** A payout succeeded: in flight → claimed. */
export function confirmPayout(pool: AssetPool, amount: bigint, reinvested: boolean): void {
  pool.in_flight -= amount;
  pool.claimed += amount;
  if (reinvested) {
    pool.reinvested += amount;
  }
}

/** A payout failed and the account still exists: the units go back to it. */
export function recreditAccount(entry: AccountAsset, pool: AssetPool, amount: bigint): void {
  pool.in_flight -= amount;
  entry.owed += amount * SCALE;
}

/**
 * A payout failed and the account is gone: the units go back to the
 * holders, streamed with the running stream (or over a new window if none
 * runs), never handed at once to whoever holds at the next operation.
 */
export function recreditPool(state: RevenueState, slot: number, amount: bigint): void {
  const pool = state.pools[slot];
  syncPool(state, slot);
  pool.in_flight -= amount;
  joinStream(pool, amount * SCALE, near.blockTimestamp(), state.revenue_stream_ns, false);
  syncPool(state, slot);
}

/** The stream of one pool as the views show it (the pool must be synced). */
export function streamView(state: RevenueState, pool: AssetPool): StreamView {
  return {
    rate_scaled_per_ns: pool.rate.toString(),
    period_finish_ns: pool.period_finish.toString(),
    amount_scaled: pool.stream_amount.toString(),
    streamed_scaled: (pool.stream_amount - pool.unstreamed).toString(),
    unstreamed_scaled: pool.unstreamed.toString(),
    paused: pool.unstreamed > 0n && isPaused(state.eligible_total, state.min_eligible_supply),
  };
}
