/**
 * The ledger: per-account records and every balance change.
 *
 * Record layout (fixed 145 bytes, so the storage bound measured at `init`
 * holds for every account):
 *
 * | bytes | field |
 * |---|---|
 * | 0 | flags (bit 0: excluded from revenue; bit 1: registration paid by the token) |
 * | 1..17 | balance, u128 little-endian |
 * | 17 + 64·slot .. +32 | revenue snapshot of asset `slot`, u256 |
 * | 49 + 64·slot .. +32 | revenue owed of asset `slot` (× SCALE), u256 |
 *
 * Invariants kept by every function here:
 * - total_supply = Σ balances;  eligible_total = Σ balances of non-excluded accounts.
 * - a record is settled against every pool before its balance or exclusion
 *   changes (see `revenue.ts`), so revenue is earned exactly by whoever held
 *   the tokens while it arrived.
 */
import { near } from "near-sdk-js";
import { readUint, writeUint } from "../common/codec";
import { ensure, U128_MAX } from "../common/guards";
import { SLOT_COUNT } from "./constants";
import { emitFtBurn, emitFtTransfer } from "./events";
import { accountKey } from "./keys";
import { type RevenueState, settleEntry, syncPools } from "./revenue";
import type { AccountRecord, AssetPool } from "./types";

export const RECORD_SIZE = 1 + 16 + SLOT_COUNT * 64;
const FLAG_EXCLUDED = 1;
const FLAG_SPONSORED = 2;

/** The part of the contract state the ledger maintains. */
export interface LedgerState extends RevenueState {
  total_supply: bigint;
  /** Σ balances of accounts not excluded: the revenue denominator (the `eligible_supply` view). */
  eligible_total: bigint;
  pools: AssetPool[];
}

export function encodeRecord(record: AccountRecord): Uint8Array {
  const out = new Uint8Array(RECORD_SIZE);
  out[0] = (record.excluded ? FLAG_EXCLUDED : 0) | (record.sponsored ? FLAG_SPONSORED : 0);
  writeUint(out, 1, 16, record.balance, "balance");
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    writeUint(out, 17 + 64 * slot, 32, record.assets[slot].snapshot, "revenue snapshot");
    writeUint(out, 49 + 64 * slot, 32, record.assets[slot].owed, "revenue owed");
  }
  return out;
}

export function decodeRecord(data: Uint8Array): AccountRecord {
  ensure(data.length === RECORD_SIZE, `Corrupt account record (${data.length} bytes)`);
  const assets = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    assets.push({ snapshot: readUint(data, 17 + 64 * slot, 32), owed: readUint(data, 49 + 64 * slot, 32) });
  }
  return {
    excluded: (data[0] & FLAG_EXCLUDED) !== 0,
    sponsored: (data[0] & FLAG_SPONSORED) !== 0,
    balance: readUint(data, 1, 16),
    assets,
  };
}

/** A record with the largest value in every field (used to measure the storage bound). */
export function largestRecord(): AccountRecord {
  const u256Max = (1n << 256n) - 1n;
  const assets = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    assets.push({ snapshot: u256Max, owed: u256Max });
  }
  return { excluded: true, sponsored: true, balance: U128_MAX, assets };
}

export function readAccount(accountId: string): AccountRecord | null {
  const raw = near.storageReadRaw(accountKey(accountId));
  return raw === null ? null : decodeRecord(raw);
}

export function readRegistered(accountId: string): AccountRecord {
  const record = readAccount(accountId);
  ensure(record !== null, `The account ${accountId} is not registered`);
  return record;
}

export function writeAccount(accountId: string, record: AccountRecord): void {
  near.storageWriteRaw(accountKey(accountId), encodeRecord(record));
}

export function removeAccount(accountId: string): void {
  near.storageRemoveRaw(accountKey(accountId));
}

export function isRegistered(accountId: string): boolean {
  return near.storageHasKeyRaw(accountKey(accountId));
}

/**
 * Creates the record of a new account with zero balance, snapshots at the
 * current accumulators (a newcomer earns nothing from the past). The contract
 * itself is always excluded. `sponsored`: the token paid the storage.
 */
export function registerAccount(state: LedgerState, accountId: string, sponsored: boolean): AccountRecord {
  ensure(!isRegistered(accountId), `The account ${accountId} is already registered`);
  const record: AccountRecord = {
    excluded: accountId === near.currentAccountId(),
    sponsored,
    balance: 0n,
    assets: state.pools.map((pool) => ({ snapshot: pool.acc, owed: 0n })),
  };
  writeAccount(accountId, record);
  return record;
}

/** Brings every pool to the block time, then settles the record against them (see `revenue.ts`). */
export function settle(state: LedgerState, record: AccountRecord): void {
  syncPools(state);
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    settleEntry(record.assets[slot], record, state.pools[slot]);
  }
}

/** Adds to a settled record's balance, keeping the supply totals consistent. */
function credit(state: LedgerState, record: AccountRecord, amount: bigint): void {
  const balance = record.balance + amount;
  ensure(balance <= U128_MAX, "Balance overflow");
  record.balance = balance;
  if (!record.excluded) {
    state.eligible_total += amount;
  }
}

/** Subtracts from a settled record's balance, keeping the supply totals consistent. */
function debit(state: LedgerState, record: AccountRecord, amount: bigint): void {
  ensure(record.balance >= amount, "The account doesn't have enough balance");
  record.balance -= amount;
  if (!record.excluded) {
    state.eligible_total -= amount;
  }
}

/**
 * Moves `amount` between two settled records (the caller writes both).
 * Used by the NEP-141 refund in `ft_resolve_transfer`.
 */
export function moveSettled(state: LedgerState, from: AccountRecord, to: AccountRecord, amount: bigint): void {
  debit(state, from, amount);
  credit(state, to, amount);
}

/** Creates `amount` new tokens on a registered account (only `init` mints). */
export function mint(state: LedgerState, accountId: string, amount: bigint): void {
  const record = readRegistered(accountId);
  settle(state, record);
  credit(state, record, amount);
  state.total_supply += amount;
  ensure(state.total_supply <= U128_MAX, "Total supply overflow");
  writeAccount(accountId, record);
}

/**
 * Destroys `amount` of a settled record's tokens (the caller writes or
 * removes the record) and logs `ft_burn`.
 */
export function burnFrom(
  state: LedgerState,
  accountId: string,
  record: AccountRecord,
  amount: bigint,
  memo: string,
): void {
  debit(state, record, amount);
  state.total_supply -= amount;
  emitFtBurn([{ owner_id: accountId, amount, memo }]);
}

/**
 * NEP-141 internal transfer: both accounts registered and different, a
 * positive amount, enough balance. Settles both, moves the tokens, logs
 * `ft_transfer`.
 */
export function transfer(
  state: LedgerState,
  senderId: string,
  receiverId: string,
  amount: bigint,
  memo: string | null,
): void {
  ensure(senderId !== receiverId, "Sender and receiver should be different");
  ensure(amount > 0n, "The amount should be a positive number");
  const sender = readRegistered(senderId);
  const receiver = readRegistered(receiverId);
  ensure(sender.balance >= amount, "The account doesn't have enough balance");
  settle(state, sender);
  settle(state, receiver);
  debit(state, sender, amount);
  credit(state, receiver, amount);
  writeAccount(senderId, sender);
  writeAccount(receiverId, receiver);
  emitFtTransfer(senderId, receiverId, amount, memo);
}
