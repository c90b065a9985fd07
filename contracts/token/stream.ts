/**
 * Revenue streaming: the pure math of one asset's pool (no near-sdk-js
 * import, so it runs and is tested in plain Node: tests/token/revenue-math.test.ts).
 *
 * Why streaming: if revenue were credited the instant it arrived, buying
 * just before a large distribution and selling right after would earn a
 * full share of it. Instead each distribution is released linearly over a
 * window (the reward-rate idea of Synthetix's StakingRewards), so a holder
 * earns in proportion to balance × time held during the release.
 *
 * State (all bigint, amounts × SCALE):
 * - `unstreamed`: received and not yet released to holders;
 * - `rate`: released per nanosecond, ⌊stream amount / window⌋;
 * - `period_finish`: when the stream ends; at that moment whatever
 *   `rate` did not cover (< window units × SCALE, the division remainder
 *   of the rate) is released too;
 * - `last_update`: the time up to which a running stream is advanced;
 * - `pending`: released but not yet folded into the accumulator (the
 *   remainder of the last division by the eligible supply);
 * - `acc`: cumulative revenue per eligible unit.
 *
 * `advance` brings a running stream to `now` in O(1): it releases
 * rate × elapsed (everything left once the period has finished) into
 * `pending`, then folds ⌊pending / E⌋ into `acc`. This equals releasing
 * `rate` every nanosecond and folding after each one (proved by the
 * brute-force comparison in the test). Nothing is ever rounded away:
 *   received·SCALE = Σ holders' earnings + pending + unstreamed     (exact)
 *
 * Too few eligible tokens (E < min_eligible_supply, in particular E = 0):
 * nobody could fairly earn what would be released, so the stream pauses —
 * nothing is released and `period_finish` moves out by the time lost, so
 * the rest is still released over the same remaining duration once enough
 * tokens are eligible again. Revenue is never released to a holder for a
 * time in which they did not hold.
 */

/** The streaming fields of a pool (a subset of `AssetPool`). */
export interface StreamState {
  acc: bigint;
  pending: bigint;
  unstreamed: bigint;
  rate: bigint;
  period_finish: bigint;
  last_update: bigint;
}

export function newStreamState(): StreamState {
  return { acc: 0n, pending: 0n, unstreamed: 0n, rate: 0n, period_finish: 0n, last_update: 0n };
}

/** Whether a stream with `eligible` units is paused (too few tokens can earn). */
export function isPaused(eligible: bigint, minEligible: bigint): boolean {
  return eligible === 0n || eligible < minEligible;
}

/**
 * Advances the pool to `now` over `eligible` units (which must not have
 * changed since `last_update`: callers advance before every change of
 * balances, exclusions or the eligible supply). Returns the amount × SCALE
 * released by this call. Time never goes back: an earlier `now` is treated
 * as `last_update`.
 */
export function advance(pool: StreamState, eligible: bigint, minEligible: bigint, now: bigint): bigint {
  let released = 0n;
  // the clock fields only mean something while a stream runs; left alone otherwise, so that a token whose
  // revenue is released at once keeps no time in its state (its gas does not depend on when it is called)
  if (pool.unstreamed > 0n) {
    const from = pool.last_update;
    const to = now > from ? now : from;
    const remaining = pool.period_finish > from ? pool.period_finish - from : 0n;
    if (isPaused(eligible, minEligible)) {
      // keep the remaining duration: the paused time releases nothing
      pool.period_finish = to + remaining;
    } else {
      released = to >= pool.period_finish ? pool.unstreamed : pool.rate * (to - from);
      pool.unstreamed -= released;
      pool.pending += released;
      if (pool.unstreamed === 0n) {
        pool.rate = 0n;
      }
    }
    pool.last_update = to;
  }
  if (!isPaused(eligible, minEligible) && pool.pending >= eligible) {
    const perUnit = pool.pending / eligible;
    pool.acc += perUnit;
    pool.pending -= perUnit * eligible;
  }
  return released;
}

/**
 * Adds `scaledAmount` to an advanced pool's stream at `now`.
 * `restart` (a new distribution): the unstreamed rest plus the new amount
 * are released over a full new window from now. Otherwise (revenue coming
 * back, e.g. a failed payout of an account that no longer exists) the
 * amount joins the current stream and ends with it, or starts a new window
 * if no stream is running. A zero window releases at the next `advance`
 * (which may be in the same call).
 */
export function addToStream(
  pool: StreamState,
  scaledAmount: bigint,
  now: bigint,
  windowNs: bigint,
  restart: boolean,
): void {
  if (scaledAmount === 0n) {
    return;
  }
  const start = now > pool.last_update ? now : pool.last_update;
  if (restart || pool.period_finish <= start || pool.unstreamed === 0n) {
    pool.period_finish = start + windowNs;
  }
  pool.last_update = start;
  pool.unstreamed += scaledAmount;
  const duration = pool.period_finish - start;
  pool.rate = duration > 0n ? pool.unstreamed / duration : 0n;
}
