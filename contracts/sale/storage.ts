/**
 * NEP-145 storage management of the sale.
 *
 * Buyers pay for the storage their records use, so registrations cannot
 * drain the contract:
 * - registering costs `min` = (account_bytes + record_bytes) × byte cost:
 *   the account's own record plus room for one round's purchase record;
 * - each further round an account takes part in uses record_bytes more of
 *   its deposit (both sizes are measured at init with the largest record
 *   under the longest key, so the charge covers any real record);
 * - NEAR purchases (direct or reinvested) top the buyer's deposit up from
 *   the payment when it lacks room for a new record (registering the
 *   account if needed): the `storage_fee` of the purchase event;
 * - stablecoin purchases need the room to be there already (a stablecoin
 *   transfer carries no NEAR): they fail with a message naming the amount.
 * Purchase records are kept for the account's history and hold its claims
 * and refunds, so an account with records cannot unregister; `available`
 * (deposit beyond what its records use) can always be withdrawn.
 */
import { near } from "near-sdk-js";
import { ensure } from "../common/guards";
import { readStorageAccount, writeStorageAccount } from "./records";
import type { SaleState } from "./state";
import type { StorageAccount } from "./types";

export function accountBaseCost(state: SaleState): bigint {
  return BigInt(state.storage_account_bytes) * near.storageByteCost();
}

export function recordCost(state: SaleState): bigint {
  return BigInt(state.storage_record_bytes) * near.storageByteCost();
}

/** NEP-145 minimum: own record plus one purchase record. */
export function minStorageBalance(state: SaleState): bigint {
  return accountBaseCost(state) + recordCost(state);
}

export function storageUsed(state: SaleState, account: StorageAccount): bigint {
  return accountBaseCost(state) + BigInt(account.records) * recordCost(state);
}

export function storageAvailable(state: SaleState, account: StorageAccount): bigint {
  const used = storageUsed(state, account);
  return account.deposit > used ? account.deposit - used : 0n;
}

export function storageBalanceJson(state: SaleState, account: StorageAccount): { total: string; available: string } {
  return { total: account.deposit.toString(), available: storageAvailable(state, account).toString() };
}

/** Adds `amount` to the account's deposit, registering it when new. */
export function creditStorage(state: SaleState, accountId: string, amount: bigint): StorageAccount {
  const account = readStorageAccount(accountId) ?? { deposit: 0n, records: 0 };
  account.deposit += amount;
  state.storage_deposits += amount;
  writeStorageAccount(accountId, account);
  return account;
}

/**
 * NEAR the account still needs to deposit before it can own one more
 * purchase record (0 when it has room). For an unregistered account this is
 * the full NEP-145 minimum.
 */
export function storageShortfallForNewRecord(state: SaleState, accountId: string): bigint {
  const account = readStorageAccount(accountId);
  if (account === null) {
    return minStorageBalance(state);
  }
  const needed = storageUsed(state, account) + recordCost(state);
  return needed > account.deposit ? needed - account.deposit : 0n;
}

/** Counts one more purchase record against the account's deposit; panics if it lacks room. */
export function chargeNewRecord(state: SaleState, accountId: string): void {
  const account = readStorageAccount(accountId);
  ensure(
    account !== null,
    `Account ${accountId} is not registered on the sale: call storage_deposit first (minimum ${minStorageBalance(state)} yoctoNEAR)`,
  );
  const available = storageAvailable(state, account);
  const cost = recordCost(state);
  ensure(
    available >= cost,
    `Storage deposit of ${accountId} is too low for a record in a new round: available ${available}, needed ${cost} yoctoNEAR (call storage_deposit)`,
  );
  account.records += 1;
  writeStorageAccount(accountId, account);
}
