/**
 * NEP-145 storage management: contributors pay for their own records.
 *
 * Who pays what (so nobody can make the vault pay for unbounded storage):
 * - a contributor's NEP-145 record, its record per stage (claimed rewards,
 *   vesting, royalty position), its qualification registrations, and every
 *   claimed-bitmap word its claim creates (the first claim among 256 leaves
 *   creates the word): charged against the contributor's storage deposit,
 *   at sizes measured at init with the largest record under the longest key;
 * - stage and epoch records: the vault, bounded by 7 stages ×
 *   MAX_EPOCHS_PER_STAGE epochs × MAX_ATTESTORS submissions, and only
 *   attestors from the role-managed registry create epoch records.
 * `storage_deposit` registers with at least `min` = account + one stage
 * record + one bitmap word; a claim that lacks room fails naming the amount.
 * Records hold rewards and royalties, so an account with any stage record
 * cannot unregister; what exceeds its charges can always be withdrawn.
 */
import { near } from "near-sdk-js";
import { ensure } from "../common/guards";
import { readStorageAccount, writeStorageAccount } from "./records";
import type { VaultState } from "./state";
import type { StorageAccount } from "./types";

export function bytesCost(bytes: number): bigint {
  return BigInt(bytes) * near.storageByteCost();
}

/** NEP-145 minimum: own record, one stage record and one bitmap word. */
export function minStorageBalance(state: VaultState): bigint {
  return bytesCost(state.storage_account_bytes + state.storage_stage_bytes + state.storage_word_bytes);
}

export function storageAvailable(account: StorageAccount): bigint {
  const used = bytesCost(account.used_bytes);
  return account.deposit > used ? account.deposit - used : 0n;
}

export function storageBalanceJson(account: StorageAccount): { total: string; available: string } {
  return { total: account.deposit.toString(), available: storageAvailable(account).toString() };
}

/** The caller's registration, or a panic telling it to register. */
export function loadStorageAccount(state: VaultState, accountId: string): StorageAccount {
  const account = readStorageAccount(accountId);
  ensure(
    account !== null,
    `Account ${accountId} is not registered on the vault: call storage_deposit first (minimum ${minStorageBalance(state)} yoctoNEAR)`,
  );
  return account;
}

/** Charges `bytes` more against the account's deposit (in memory; the caller writes it); panics if it lacks room. */
export function chargeBytes(account: StorageAccount, accountId: string, bytes: number, what: string): void {
  const available = storageAvailable(account);
  const cost = bytesCost(bytes);
  ensure(
    available >= cost,
    `Storage deposit of ${accountId} is too low for ${what}: available ${available}, needed ${cost} yoctoNEAR (call storage_deposit)`,
  );
  account.used_bytes += bytes;
}

export function registerAccount(state: VaultState, accountId: string, deposit: bigint): StorageAccount {
  const account: StorageAccount = { deposit, used_bytes: state.storage_account_bytes, stage_mask: 0 };
  state.storage_deposits += deposit;
  writeStorageAccount(accountId, account);
  return account;
}
