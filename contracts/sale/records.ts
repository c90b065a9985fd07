/**
 * Reading and writing the sale's records.
 *
 * Rounds and their totals are JSON in near-sdk-js's own encoding (bigints
 * are written as {value, typeInfo} and revived on read), one key each, so a
 * purchase reads only the round it touches. Per-account records are
 * fixed-size binary (common/codec), so the storage one costs is a constant
 * measured once at init (see `measureRecordBytes`), which is what makes the
 * NEP-145 storage accounting exact.
 */
import { decode, deserialize, encode, near, serialize } from "near-sdk-js";
import { readUint, writeUint } from "../common/codec";
import { ensure, U128_MAX } from "../common/guards";
import { MAX_ROUNDS, SLOT_COUNT } from "./constants";
import { purchaseKey, roundKey, roundKeyIndexKey, statsKey, storageAccountKey } from "./keys";
import type { PurchaseRecord, Round, RoundStats, StorageAccount } from "./types";

// ---- rounds -------------------------------------------------------------

export function readRound(roundId: number): Round | null {
  const raw = near.storageReadRaw(roundKey(roundId));
  return raw === null ? null : (deserialize(raw) as Round);
}

/** The round, or a panic naming it. */
export function loadRound(roundId: unknown): Round {
  ensure(
    typeof roundId === "number" && Number.isInteger(roundId) && roundId >= 0 && roundId < MAX_ROUNDS,
    `round_id must be an integer in 0..${MAX_ROUNDS - 1}, got ${JSON.stringify(roundId)}`,
  );
  const round = readRound(roundId);
  ensure(round !== null, `Round ${roundId} does not exist`);
  return round;
}

export function writeRound(round: Round): void {
  near.storageWriteRaw(roundKey(round.id), serialize(round));
}

/** The id of the round created with `key`, or null: one storage read whatever the number of rounds. */
export function roundIdOfKey(key: string): number | null {
  const raw = near.storageReadRaw(roundKeyIndexKey(key));
  return raw === null ? null : Number(decode(raw));
}

export function writeRoundKey(key: string, roundId: number): void {
  near.storageWriteRaw(roundKeyIndexKey(key), encode(String(roundId)));
}

export function emptyStats(): RoundStats {
  return {
    tokens_sold: 0n,
    tokens_claimed: 0n,
    buyers: 0,
    purchases: 0,
    raised: [0n, 0n],
    refunded: [0n, 0n],
    released: [0n, 0n],
    books_closed: false,
  };
}

export function readStats(roundId: number): RoundStats {
  const raw = near.storageReadRaw(statsKey(roundId));
  if (raw === null) return emptyStats();
  const stats = deserialize(raw) as RoundStats;
  // Totals written by state version 1 have no flag; the migration closes ended rounds' books.
  stats.books_closed = stats.books_closed === true;
  return stats;
}

export function writeStats(roundId: number, stats: RoundStats): void {
  near.storageWriteRaw(statsKey(roundId), serialize(stats));
}

// ---- purchase records (binary) -----------------------------------------
// | bytes | field |
// | 0..16 | tokens u128 LE |
// | 16..32 | claimed u128 |
// | 32..48 | paid NEAR u128 |
// | 48..64 | paid stablecoin u128 |
// | 64 | flags: bit 0 NEAR refunded, bit 1 stablecoin refunded |

export const PURCHASE_RECORD_SIZE = 65;

export function encodePurchase(record: PurchaseRecord): Uint8Array {
  const out = new Uint8Array(PURCHASE_RECORD_SIZE);
  writeUint(out, 0, 16, record.tokens, "tokens");
  writeUint(out, 16, 16, record.claimed, "claimed");
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    writeUint(out, 32 + 16 * slot, 16, record.paid[slot], "paid");
    if (record.refunded[slot]) {
      out[64] |= 1 << slot;
    }
  }
  return out;
}

export function decodePurchase(data: Uint8Array): PurchaseRecord {
  ensure(data.length === PURCHASE_RECORD_SIZE, `Corrupt purchase record (${data.length} bytes)`);
  const paid: bigint[] = [];
  const refunded: boolean[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    paid.push(readUint(data, 32 + 16 * slot, 16));
    refunded.push((data[64] & (1 << slot)) !== 0);
  }
  return { tokens: readUint(data, 0, 16), claimed: readUint(data, 16, 16), paid, refunded };
}

export function emptyPurchase(): PurchaseRecord {
  return { tokens: 0n, claimed: 0n, paid: [0n, 0n], refunded: [false, false] };
}

export function readPurchase(roundId: number, accountId: string): PurchaseRecord | null {
  const raw = near.storageReadRaw(purchaseKey(roundId, accountId));
  return raw === null ? null : decodePurchase(raw);
}

export function writePurchase(roundId: number, accountId: string, record: PurchaseRecord): void {
  near.storageWriteRaw(purchaseKey(roundId, accountId), encodePurchase(record));
}

// ---- storage accounts (binary) -----------------------------------------
// | 0..16 | deposit u128 | 16..20 | records u32 |

export const STORAGE_ACCOUNT_SIZE = 20;

export function readStorageAccount(accountId: string): StorageAccount | null {
  const raw = near.storageReadRaw(storageAccountKey(accountId));
  if (raw === null) {
    return null;
  }
  ensure(raw.length === STORAGE_ACCOUNT_SIZE, `Corrupt storage record (${raw.length} bytes)`);
  return { deposit: readUint(raw, 0, 16), records: Number(readUint(raw, 16, 4)) };
}

export function writeStorageAccount(accountId: string, account: StorageAccount): void {
  const out = new Uint8Array(STORAGE_ACCOUNT_SIZE);
  writeUint(out, 0, 16, account.deposit, "storage deposit");
  writeUint(out, 16, 4, BigInt(account.records), "record count");
  near.storageWriteRaw(storageAccountKey(accountId), out);
}

export function removeStorageAccount(accountId: string): void {
  near.storageRemoveRaw(storageAccountKey(accountId));
}

/**
 * Measures, by writing and removing the largest records under the longest
 * keys, the bytes one storage account and one purchase record occupy.
 * Storage is charged by these constants, so the charge is an upper bound of
 * what any real record uses.
 */
export function measureRecordBytes(): { account_bytes: number; record_bytes: number } {
  const longest = "a".repeat(64);
  const before = near.storageUsage();
  writeStorageAccount(longest, { deposit: U128_MAX, records: 0xffffffff });
  const afterAccount = near.storageUsage();
  const largest: PurchaseRecord = {
    tokens: U128_MAX,
    claimed: U128_MAX,
    paid: [U128_MAX, U128_MAX],
    refunded: [true, true],
  };
  writePurchase(MAX_ROUNDS - 1, longest, largest);
  const afterRecord = near.storageUsage();
  near.storageRemoveRaw(purchaseKey(MAX_ROUNDS - 1, longest));
  removeStorageAccount(longest);
  return { account_bytes: Number(afterAccount - before), record_bytes: Number(afterRecord - afterAccount) };
}
