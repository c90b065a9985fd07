/**
 * Revenue-per-share accounting, O(1) per operation (the ERC-1726/ERC-2222
 * "funds distribution" scheme, with exact remainders).
 *
 * For one asset, with E the eligible supply (tokens held by accounts that
 * are not excluded):
 *
 * - Revenue R arrives:  pending += R·SCALE;  if E > 0:  d = ⌊pending / E⌋,
 *   acc += d,  pending -= d·E.  Every eligible unit gains exactly d/SCALE,
 *   and what the division leaves (< E) stays in `pending` for next time.
 *   With E = 0 everything stays in `pending` until tokens are eligible again.
 * - An account is settled before any change of its balance or exclusion:
 *   owed += balance·(acc − snapshot) (nothing while excluded); snapshot = acc.
 *   So an account earns balance × (growth of acc while it held that balance):
 *   its share of every distribution made while it held the tokens.
 * - Claimable = ⌊owed / SCALE⌋; claiming takes that many units and leaves the
 *   sub-unit fraction in `owed`, where it keeps adding up.
 *
 * Exact invariant, per asset, in SCALE units (every operation preserves it):
 *
 *   distributed·SCALE = (claimed + in_flight)·SCALE
 *                       + Σ_accounts [owed + (excluded ? 0 : balance·(acc − snapshot))]
 *                       + pending
 *
 * Dividing by SCALE: distributed = claimed + in_flight + Σ claimable + carried,
 * where "carried" (pending plus the accounts' sub-unit fractions) is an
 * integer number of units that is still owed to holders and is paid out
 * as it accumulates: nothing is ever rounded away.
 */
import { ensure } from "../common/guards";
import { SCALE } from "./constants";
import type { AccountAsset, AccountRecord, AssetPool } from "./types";

export function newPool(asset: string): AssetPool {
  return { asset, acc: 0n, pending: 0n, distributed: 0n, claimed: 0n, in_flight: 0n, reinvested: 0n };
}

/**
 * Folds `pending` into the accumulator over `eligibleSupply` units.
 * Invariant kept: Σ eligible balances × Δacc + Δpending = 0.
 */
export function foldPending(pool: AssetPool, eligibleSupply: bigint): void {
  if (eligibleSupply === 0n || pool.pending < eligibleSupply) {
    return;
  }
  const perUnit = pool.pending / eligibleSupply;
  pool.acc += perUnit;
  pool.pending -= perUnit * eligibleSupply;
}

/** Records `amount` of new revenue and distributes it (and anything carried) over the eligible supply. */
export function receiveRevenue(pool: AssetPool, amount: bigint, eligibleSupply: bigint): void {
  ensure(amount > 0n, "Revenue amount must be greater than zero");
  pool.distributed += amount;
  pool.pending += amount * SCALE;
  foldPending(pool, eligibleSupply);
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
 * date. Must run before the balance or the exclusion flag changes.
 */
export function settleEntry(entry: AccountAsset, record: AccountRecord, pool: AssetPool): void {
  entry.owed += unsettled(entry, record, pool);
  entry.snapshot = pool.acc;
}

/** Revenue × SCALE the account has earned and not been paid (a view: nothing is written). */
export function owedScaledOf(entry: AccountAsset, record: AccountRecord, pool: AssetPool): bigint {
  return entry.owed + unsettled(entry, record, pool);
}

/** Whole units the account can claim now (a view: nothing is written). */
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
 * A payout failed and the account is gone: the units return to `pending`,
 * to be distributed to the holders with the next revenue.
 */
export function recreditPool(pool: AssetPool, amount: bigint): void {
  pool.in_flight -= amount;
  pool.pending += amount * SCALE;
}
