/**
 * Release schedule of a round's escrowed proceeds (pure, unit-tested under
 * plain Node).
 *
 * A round stores its schedule as steps {after_end_ns, max_bps} anchored to
 * its end: a step can never be dated before the round (or its end), so what
 * buyers see when they buy is what the owner can release, counted from the
 * moment the proceeds exist. Offsets and caps strictly increase, the last
 * cap is 10000 bps and the last offset at most `maxOffsetNs` (5 years).
 * `anchorSchedule` turns it into absolute steps {not_before_ns, max_bps}:
 * "no more than max_bps of the proceeds may have been released before
 * not_before_ns".
 * At time t the cumulative cap is the max_bps of the latest step whose
 * not_before_ns <= t (0 before the first step). The cap applies to each
 * payment asset separately:
 *
 *   released_total(asset) <= floor(proceeds(asset) * cap_bps(t) / 10000)
 */
import { BPS_DENOMINATOR } from "./vesting";

export interface ScheduleStep {
  not_before_ns: bigint;
  max_bps: number;
}

/** A step as configured: nanoseconds after the round's end. */
export interface OffsetStep {
  after_end_ns: bigint;
  max_bps: number;
}

/** The absolute schedule of a round ending at `endNs`. */
export function anchorSchedule(steps: OffsetStep[], endNs: bigint): ScheduleStep[] {
  return steps.map((step) => ({ not_before_ns: endNs + step.after_end_ns, max_bps: step.max_bps }));
}

/** A configured schedule's problem (shape as in `scheduleProblem`, plus the offset bound), or null. */
export function offsetScheduleProblem(steps: OffsetStep[], maxOffsetNs: bigint): string | null {
  const problem = scheduleProblem(anchorSchedule(steps, 0n));
  if (problem !== null) return problem.replace(/not_before_ns/g, "after_end_ns");
  const last = steps[steps.length - 1];
  if (last.after_end_ns > maxOffsetNs) {
    return `release_schedule[${steps.length - 1}].after_end_ns must be at most ${maxOffsetNs} ns after the end`;
  }
  return null;
}

/**
 * Whether `next` never allows more than `current` at any time (both
 * absolute): a schedule change after buyers committed may only slow
 * releases down. Caps are step functions, so comparing at every step time
 * of both schedules covers all times.
 */
export function neverFaster(current: ScheduleStep[], next: ScheduleStep[]): boolean {
  for (const step of [...current, ...next]) {
    if (capBpsAt(next, step.not_before_ns) > capBpsAt(current, step.not_before_ns)) return false;
  }
  return true;
}

export const FULL_BPS = 10_000;

/** Cumulative cap in basis points at `now_ns`. */
export function capBpsAt(schedule: ScheduleStep[], now_ns: bigint): number {
  let cap = 0;
  for (const step of schedule) {
    if (step.not_before_ns <= now_ns) {
      cap = step.max_bps;
    }
  }
  return cap;
}

/** The next step that will raise the cap after `now_ns`, or null. */
export function nextStep(schedule: ScheduleStep[], now_ns: bigint): ScheduleStep | null {
  for (const step of schedule) {
    if (step.not_before_ns > now_ns) {
      return step;
    }
  }
  return null;
}

/** Largest cumulative release allowed now. */
export function releaseCap(proceeds: bigint, schedule: ScheduleStep[], now_ns: bigint): bigint {
  return (proceeds * BigInt(capBpsAt(schedule, now_ns))) / BPS_DENOMINATOR;
}

/** How much more may be released now, given what is already released (or in flight). */
export function releasable(proceeds: bigint, released: bigint, schedule: ScheduleStep[], now_ns: bigint): bigint {
  const cap = releaseCap(proceeds, schedule, now_ns);
  return cap > released ? cap - released : 0n;
}

/** A schedule's shape problem, or null when valid. */
export function scheduleProblem(schedule: ScheduleStep[]): string | null {
  if (schedule.length === 0) {
    return "release_schedule needs at least one step";
  }
  for (let i = 0; i < schedule.length; i++) {
    const step = schedule[i];
    if (!Number.isInteger(step.max_bps) || step.max_bps <= 0 || step.max_bps > FULL_BPS) {
      return `release_schedule[${i}].max_bps must be an integer in 1..${FULL_BPS}`;
    }
    if (i > 0 && step.not_before_ns <= schedule[i - 1].not_before_ns) {
      return `release_schedule[${i}].not_before_ns must be later than the previous step's`;
    }
    if (i > 0 && step.max_bps <= schedule[i - 1].max_bps) {
      return `release_schedule[${i}].max_bps must be greater than the previous step's`;
    }
  }
  if (schedule[schedule.length - 1].max_bps !== FULL_BPS) {
    return `the last release_schedule step must allow ${FULL_BPS} bps (all proceeds)`;
  }
  return null;
}
