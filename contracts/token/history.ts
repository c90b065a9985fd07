/**
 * The revenue history: the last HISTORY_CAPACITY distributions (what a
 * holder calls a distribution, the record layout and the ring: see
 * `history-records.ts`), for the web app's chart of revenue per asset over
 * time (`revenue_history`).
 *
 * Kept under its own keys, not in the JSON state, so that no other call
 * (transfers above all) reads or rewrites it: only revenue intake writes it
 * (one read and two writes) and only the view reads it.
 *
 * Storage bound, paid from the token's own balance: HISTORY_CAPACITY (128)
 * entries × (3-byte key + 57-byte record + NEAR's 40 bytes per record) plus
 * the count (2 + 8 + 40) = 12,850 bytes, 0.1285 NEAR at 10^19 yoctoNEAR per
 * byte, reached at the 128th distribution and never exceeded (later ones
 * overwrite the oldest entry in place). Sweeps already subtract the storage
 * staking from what is stray.
 */
import { encode, near } from "near-sdk-js";
import { readUint, writeUint } from "../common/codec";
import { HISTORY_CAPACITY } from "./constants";
import {
  decodeHistoryEntry,
  encodeHistoryEntry,
  HISTORY_COUNT_KEY,
  historyKey,
  historyPage,
  oldestKept,
} from "./history-records";
import type { RevenueHistory } from "./interface";
import type { AssetPool } from "./types";

const COUNT_KEY = encode(HISTORY_COUNT_KEY);

function readCount(): number {
  const raw = near.storageReadRaw(COUNT_KEY);
  return raw === null ? 0 : Number(readUint(raw, 0, 8));
}

/** Appends a distribution just booked into `pool` (its `distributed` already includes `amount`). */
export function recordDistribution(slot: number, pool: AssetPool, amount: bigint, eligibleSupply: bigint): void {
  const index = readCount();
  const entry = {
    timestampNs: near.blockTimestamp(),
    slot,
    amount,
    eligibleSupply,
    totalDistributed: pool.distributed,
  };
  near.storageWriteRaw(encode(historyKey(index)), encodeHistoryEntry(entry));
  const count = new Uint8Array(8);
  writeUint(count, 0, 8, BigInt(index + 1), "history count");
  near.storageWriteRaw(COUNT_KEY, count);
}

/** `revenue_history`: a page of the kept entries, oldest first (see `historyPage`). */
export function revenueHistory(pools: AssetPool[], fromIndex: unknown, limit: unknown): RevenueHistory {
  const total = readCount();
  const { start, end } = historyPage(total, fromIndex, limit);
  const entries = [];
  for (let index = start; index < end; index++) {
    const raw = near.storageReadRaw(encode(historyKey(index)));
    if (raw === null) {
      throw new Error(`Revenue history entry ${index} is missing`);
    }
    const entry = decodeHistoryEntry(raw);
    entries.push({
      index,
      timestamp_ns: entry.timestampNs.toString(),
      asset: pools[entry.slot].asset,
      amount: entry.amount.toString(),
      eligible_supply: entry.eligibleSupply.toString(),
      total_distributed: entry.totalDistributed.toString(),
    });
  }
  return { total, capacity: HISTORY_CAPACITY, oldest_index: oldestKept(total), entries };
}
