/**
 * Vesting math (pure: no near-sdk-js, unit-tested under plain Node).
 *
 * A successful round's tokens vest per account from the round's end (TGE):
 *
 *   vested(t) = 0                                         if t < end
 *             = tge                                       if end <= t < end + cliff
 *             = tge + floor((total - tge) * e / duration) if e = t - (end + cliff) < duration
 *             = total                                     otherwise (also when duration = 0)
 *
 * with tge = floor(total * tge_bps / 10000). Everything is bigint; every
 * division floors, so the amount vested is never above the exact value and
 * reaches `total` exactly at end + cliff + duration. vested is monotonic in t
 * and never exceeds total.
 */

export const BPS_DENOMINATOR = 10_000n;

export interface VestingTerms {
  /** Round end (TGE), nanoseconds. */
  start_ns: bigint;
  /** Share unlocked at TGE, basis points (0..10000). */
  tge_bps: number;
  /** Time after TGE before the linear part starts, nanoseconds. */
  cliff_ns: bigint;
  /** Length of the linear part after the cliff, nanoseconds (0: everything unlocks at the cliff). */
  duration_ns: bigint;
}

/** Tokens of `total` vested at `now_ns`. */
export function vestedAmount(total: bigint, terms: VestingTerms, now_ns: bigint): bigint {
  if (total <= 0n || now_ns < terms.start_ns) {
    return 0n;
  }
  const tge = (total * BigInt(terms.tge_bps)) / BPS_DENOMINATOR;
  const linearStart = terms.start_ns + terms.cliff_ns;
  if (now_ns < linearStart) {
    return tge;
  }
  const elapsed = now_ns - linearStart;
  if (terms.duration_ns === 0n || elapsed >= terms.duration_ns) {
    return total;
  }
  return tge + ((total - tge) * elapsed) / terms.duration_ns;
}

/** What can be claimed now: vested minus already claimed (never negative). */
export function claimableAmount(total: bigint, claimed: bigint, terms: VestingTerms, now_ns: bigint): bigint {
  const vested = vestedAmount(total, terms, now_ns);
  return vested > claimed ? vested - claimed : 0n;
}

/** Time at which vesting completes. */
export function fullyVestedAt(terms: VestingTerms): bigint {
  return terms.start_ns + terms.cliff_ns + terms.duration_ns;
}
