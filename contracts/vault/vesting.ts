/**
 * Vesting of claimed rewards (pure: no near-sdk-js, unit-tested under Node).
 *
 * Every reward a contributor claims in a stage vests on that stage's one
 * schedule, anchored at the stage's `start_ns` (not at each claim), so a
 * contributor needs one record per stage however many epochs it claims:
 *
 *   vested(t) = 0                                   if t < start + cliff
 *             = total                               if duration = 0 or t >= start + duration
 *             = floor(total × (t − start) / duration) otherwise
 *
 * with cliff <= duration (checked when the stage is configured). Floors make
 * vested never exceed the exact value; it is monotonic in t and in total,
 * reaches total exactly at start + duration, and a claim made after the
 * schedule ended is withdrawable at once.
 */

export interface VestingSchedule {
  start_ns: bigint;
  cliff_ns: bigint;
  duration_ns: bigint;
}

export function vestedAmount(total: bigint, schedule: VestingSchedule, nowNs: bigint): bigint {
  if (total <= 0n || nowNs < schedule.start_ns + schedule.cliff_ns) {
    return 0n;
  }
  const elapsed = nowNs - schedule.start_ns;
  if (schedule.duration_ns === 0n || elapsed >= schedule.duration_ns) {
    return total;
  }
  return (total * elapsed) / schedule.duration_ns;
}

/** Vested and not yet withdrawn (never negative). */
export function withdrawableAmount(total: bigint, withdrawn: bigint, schedule: VestingSchedule, nowNs: bigint): bigint {
  const vested = vestedAmount(total, schedule, nowNs);
  return vested > withdrawn ? vested - withdrawn : 0n;
}

export function fullyVestedAt(schedule: VestingSchedule): bigint {
  return schedule.start_ns + schedule.duration_ns;
}
