/**
 * The pure part of the revenue history chart: distributions (chain time in
 * ns, amount in base units, both bigint) summed into equal time buckets, and
 * a vertical scale whose ticks are round numbers of the asset (1, 2 or 5
 * times a power of ten in base units), so axis labels read "0.5 NEAR", not
 * "0.4873…". Amounts stay bigint; only a bar's height in pixels becomes a
 * number, after the integer division that scales it.
 */

export interface Distribution {
  atNs: bigint;
  amount: bigint;
}

export interface Bucket {
  fromNs: bigint;
  /** Exclusive end. */
  toNs: bigint;
  total: bigint;
  count: number;
}

/**
 * Sums `distributions` into `count` buckets of equal length from the first distribution's time to just past the
 * last's. All at one instant (or a single distribution) make one bucket; none make none.
 */
export function bucketize(distributions: Distribution[], count: number): Bucket[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`A chart needs a whole number of buckets, not ${count}.`);
  if (distributions.length === 0) return [];
  const times = distributions.map((entry) => entry.atNs);
  const first = times.reduce((low, at) => (at < low ? at : low));
  const last = times.reduce((high, at) => (at > high ? at : high));
  const span = last - first + 1n;
  const buckets = span === 1n ? 1n : BigInt(count);
  const width = (span + buckets - 1n) / buckets;
  const result: Bucket[] = Array.from({ length: Number(buckets) }, (_, index) => ({
    fromNs: first + BigInt(index) * width,
    toNs: first + BigInt(index + 1) * width,
    total: 0n,
    count: 0,
  }));
  for (const entry of distributions) {
    const bucket = result[Number((entry.atNs - first) / width)];
    bucket.total += entry.amount;
    bucket.count += 1;
  }
  return result;
}

export interface Scale {
  /** The axis' top: a whole number of steps, at least the largest value. */
  top: bigint;
  step: bigint;
  /** 0, step, 2 × step, … top. */
  ticks: bigint[];
  /** Fraction digits that show every tick exactly with the asset's decimals. */
  fractionDigits: number;
}

/** Round ticks for values up to `max` (base units), at most `maxTicks` steps above zero. */
export function niceScale(max: bigint, decimals: number, maxTicks = 4): Scale {
  if (max < 0n) throw new Error("A distribution chart has no negative amounts.");
  let step = 1n;
  let power = 0;
  for (;;) {
    const unit = 10n ** BigInt(power);
    const found = [1n, 2n, 5n].map((factor) => factor * unit).find((candidate) => candidate * BigInt(maxTicks) >= max);
    if (found !== undefined) {
      step = found;
      break;
    }
    power += 1;
  }
  const steps = max === 0n ? 1n : (max + step - 1n) / step;
  const top = steps * step;
  const ticks = Array.from({ length: Number(steps) + 1 }, (_, index) => BigInt(index) * step);
  return { top, step, ticks, fractionDigits: Math.max(0, decimals - power) };
}

/** `value` of `top` as a whole number of `pixels` (rounded down; 0 when top is 0). */
export function scaleTo(value: bigint, top: bigint, pixels: number): number {
  if (top <= 0n) return 0;
  return Number((value * BigInt(pixels)) / top);
}
