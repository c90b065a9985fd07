/**
 * The revenue history's pure part (no near-sdk-js import: unit-tested under
 * plain Node in tests/token/pure.test.ts): the fixed-size binary record of
 * one distribution, the ring's keys, and which entries a page holds.
 *
 * A distribution is one accepted revenue intake: a `distribute_revenue`
 * (NEAR) or a stablecoin `ft_on_transfer` with msg "revenue", i.e. exactly
 * what raises the asset's `total_distributed` and logs `revenue_distributed`.
 * Stream releases are not entries (they are continuous, not events), and
 * neither are failed payouts flowing back to the pool (not new revenue).
 *
 * Entry `index` n (0 for the first distribution ever) lives under key
 * `h` + two hex digits of n mod HISTORY_CAPACITY, so the ring overwrites the
 * oldest entry once full and only the last HISTORY_CAPACITY entries are kept.
 * Record layout, 57 bytes, little-endian:
 *
 * | bytes | field |
 * |---|---|
 * | 0..8 | block timestamp, ns (u64) |
 * | 8 | asset slot (0 NEAR, 1 the stablecoin) |
 * | 9..25 | amount (u128) |
 * | 25..41 | eligible supply when it arrived (u128) |
 * | 41..57 | the asset's total distributed, this entry included (u128) |
 *
 * Why the running total: a chart of cumulative revenue stays exact even
 * when older entries have been overwritten.
 */
import { readUint, writeUint } from "../common/codec";
import { HISTORY_CAPACITY } from "./constants";

export const HISTORY_RECORD_SIZE = 8 + 1 + 16 + 16 + 16;
/** Key of the u64 count of distributions ever recorded (the next entry's index). */
export const HISTORY_COUNT_KEY = "hn";
const HISTORY_PREFIX = "h";

export interface HistoryEntry {
  timestampNs: bigint;
  slot: number;
  amount: bigint;
  eligibleSupply: bigint;
  totalDistributed: bigint;
}

/** The key of entry `index`: its position in the ring as two hex digits ("h00" … "h7f"). */
export function historyKey(index: number): string {
  return HISTORY_PREFIX + (index % HISTORY_CAPACITY).toString(16).padStart(2, "0");
}

export function encodeHistoryEntry(entry: HistoryEntry): Uint8Array {
  const out = new Uint8Array(HISTORY_RECORD_SIZE);
  writeUint(out, 0, 8, entry.timestampNs, "timestamp");
  out[8] = entry.slot;
  writeUint(out, 9, 16, entry.amount, "amount");
  writeUint(out, 25, 16, entry.eligibleSupply, "eligible supply");
  writeUint(out, 41, 16, entry.totalDistributed, "total distributed");
  return out;
}

export function decodeHistoryEntry(data: Uint8Array): HistoryEntry {
  if (data.length !== HISTORY_RECORD_SIZE) {
    throw new Error(`Corrupt revenue history record (${data.length} bytes)`);
  }
  return {
    timestampNs: readUint(data, 0, 8),
    slot: data[8],
    amount: readUint(data, 9, 16),
    eligibleSupply: readUint(data, 25, 16),
    totalDistributed: readUint(data, 41, 16),
  };
}

/** The oldest entry still kept when `total` distributions have been recorded. */
export function oldestKept(total: number): number {
  return total > HISTORY_CAPACITY ? total - HISTORY_CAPACITY : 0;
}

function checkedIndex(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/**
 * The indexes of one page, oldest first: from `fromIndex` (default, and at
 * least, the oldest entry kept: older ones were overwritten) up to `limit`
 * entries (1 ≤ limit ≤ HISTORY_CAPACITY, default HISTORY_CAPACITY), none
 * past the newest. Bad arguments throw (the view panics) with the rule broken.
 */
export function historyPage(total: number, fromIndex: unknown, limit: unknown): { start: number; end: number } {
  const from = fromIndex === undefined || fromIndex === null ? 0 : checkedIndex(fromIndex, "from_index");
  let count = HISTORY_CAPACITY;
  if (limit !== undefined && limit !== null) {
    count = checkedIndex(limit, "limit");
    if (count < 1 || count > HISTORY_CAPACITY) {
      throw new Error(`limit must be between 1 and ${HISTORY_CAPACITY}, got ${count}`);
    }
  }
  const start = Math.min(Math.max(from, oldestKept(total)), total);
  return { start, end: Math.min(start + count, total) };
}
