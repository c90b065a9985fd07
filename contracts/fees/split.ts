/**
 * The revenue split's math (pure: no near-sdk-js, unit-tested without a chain).
 *
 * Each stage splits what it receives, per asset, between four destinations
 * in basis points summing to 10,000: holders (the token), contributors (the
 * vault's royalties of that stage), the next-model reserve and the protocol.
 *
 * Rounding is cumulative, so nothing is lost and no destination drifts: a
 * stage keeps, per asset, a segment {received, credited[d]} since its split
 * last changed. After each payment every destination is credited up to
 * ⌊received × bps_d / 10,000⌋; the difference from what it had been credited
 * is its share of this payment. What the floors leave (< 4 units) is carried
 * in the segment and paid out as later payments raise the floors. When the
 * split changes a new segment starts whose `received` is that carry, so the
 * carry is shared by the new split: every unit received is, at every moment,
 * either credited to exactly one destination or carried.
 */

export const BPS_TOTAL = 10_000n;

/** Destination indexes, in the order of every array indexed by destination. */
export const HOLDERS = 0;
export const CONTRIBUTORS = 1;
export const RESERVE = 2;
export const PROTOCOL = 3;
export const DESTINATIONS = ["holders", "contributors", "reserve", "protocol"] as const;
export type Destination = (typeof DESTINATIONS)[number];

export interface Split {
  holders_bps: number;
  contributors_bps: number;
  reserve_bps: number;
  protocol_bps: number;
}

export interface Segment {
  received: bigint;
  /** Per destination, what this segment credited it. */
  credited: bigint[];
}

const SPLIT_KEYS = ["holders_bps", "contributors_bps", "reserve_bps", "protocol_bps"] as const;

function fail(message: string): never {
  throw new Error(message);
}

/** Four integer bps fields in 0..10,000 summing to 10,000, no other fields. */
export function parseSplit(value: unknown): Split {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail("split must be a JSON object");
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!(SPLIT_KEYS as readonly string[]).includes(key)) {
      fail(`Unknown field split.${key}; split takes: ${SPLIT_KEYS.join(", ")}`);
    }
  }
  let sum = 0;
  for (const key of SPLIT_KEYS) {
    const bps = object[key] ?? 0;
    if (typeof bps !== "number" || !Number.isInteger(bps) || bps < 0 || bps > 10_000) {
      fail(`split.${key} must be an integer in 0..10000, got ${JSON.stringify(object[key])}`);
    }
    sum += bps;
  }
  if (sum !== 10_000) fail(`The split's basis points must sum to 10000, got ${sum}`);
  return {
    holders_bps: (object.holders_bps ?? 0) as number,
    contributors_bps: (object.contributors_bps ?? 0) as number,
    reserve_bps: (object.reserve_bps ?? 0) as number,
    protocol_bps: (object.protocol_bps ?? 0) as number,
  };
}

export function bpsOf(split: Split): bigint[] {
  return [split.holders_bps, split.contributors_bps, split.reserve_bps, split.protocol_bps].map(BigInt);
}

export function newSegment(received = 0n): Segment {
  return { received, credited: [0n, 0n, 0n, 0n] };
}

/** What the segment received and has not credited yet (the rounding carry). */
export function carryOf(segment: Segment): bigint {
  return segment.credited.reduce((rest, credited) => rest - credited, segment.received);
}

/** Adds `amount` to the segment and returns each destination's share of it. */
export function creditPayment(segment: Segment, split: Split, amount: bigint): bigint[] {
  segment.received += amount;
  return bpsOf(split).map((bps, destination) => {
    const due = (segment.received * bps) / BPS_TOTAL;
    const share = due - segment.credited[destination];
    segment.credited[destination] = due;
    return share;
  });
}
