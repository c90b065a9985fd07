/**
 * NEP-145 storage management: registration at a fixed cost, withdrawal
 * (nothing is ever withdrawable), unregistration with optional force.
 *
 * Invariants:
 * - Every registration costs exactly `storageCost` (min = max bound,
 *   measured at init for the largest record under the longest account id),
 *   so a record can never outgrow what was paid for it.
 * - NEAR goes back to whoever paid it: an account's own registration deposit
 *   is refunded at unregistration; the registrations `init` made for the
 *   allocations were paid by the token (`sponsored`), so the token keeps
 *   that deposit (only the attached yocto is returned).
 * - `registration_deposits` = Σ refundable deposits, so `sweep` never takes
 *   them.
 */
import { near } from "near-sdk-js";
import { assertNotPaused } from "../common/admin";
import { assertAccountId, ensure, optionalBool, parseU128 } from "../common/guards";
import { transferNear } from "../common/promises";
import { SCOPE_CLAIMS, SLOT_COUNT } from "./constants";
import { addExcluded, removeExcluded } from "./exclusions";
import type { StorageBalance, StorageDepositArgs } from "./interface";
import { accountKey } from "./keys";
import {
  burnFrom,
  encodeRecord,
  isRegistered,
  largestRecord,
  readAccount,
  registerAccount,
  removeAccount,
  settle,
} from "./ledger";
import { assertPayoutGas, claimableUnits, payout, takeUnits } from "./payouts";
import { storageCost, type TokenState } from "./state";
import type { AccountRecord } from "./types";

/** `{ total: cost, available: "0" }` for registered accounts, null otherwise. */
export function storageBalanceOf(state: TokenState, accountId: string): StorageBalance | null {
  return isRegistered(accountId) ? { total: storageCost(state).toString(), available: "0" } : null;
}

/**
 * Storage a registration uses at most: write the largest possible record
 * under the longest possible account id, measure, remove.
 */
export function measureRegistrationBytes(): bigint {
  const probe = "a".repeat(64);
  const before = near.storageUsage();
  near.storageWriteRaw(accountKey(probe), encodeRecord(largestRecord()));
  const used = near.storageUsage() - before;
  near.storageRemoveRaw(accountKey(probe));
  ensure(used > 0n, "Could not measure the storage of an account");
  return used;
}

/** Registers an account (`sponsored`: paid by the token); the contract itself is registered as excluded. */
export function registerNew(state: TokenState, accountId: string, sponsored: boolean): AccountRecord {
  const record = registerAccount(state, accountId, sponsored);
  if (record.excluded) {
    addExcluded(state, accountId);
  }
  return record;
}

/** `storage_deposit`: registers for exactly the cost and refunds the rest; already registered: refunds all. */
export function storageDeposit(state: TokenState, args: StorageDepositArgs): StorageBalance {
  const deposit = near.attachedDeposit();
  const payer = near.predecessorAccountId();
  const accountId =
    args.account_id === undefined || args.account_id === null ? payer : assertAccountId(args.account_id, "account_id");
  optionalBool(args.registration_only, "registration_only", false);
  if (isRegistered(accountId)) {
    near.log("The account is already registered, refunding the deposit");
    transferNear(payer, deposit);
  } else {
    const cost = storageCost(state);
    ensure(deposit >= cost, `The attached deposit is less than the minimum storage balance (${cost} yoctoNEAR)`);
    registerNew(state, accountId, false);
    state.registration_deposits += cost;
    transferNear(payer, deposit - cost);
  }
  return storageBalanceOf(state, accountId) as StorageBalance;
}

/** `storage_withdraw` after the 1 yoctoNEAR check: only 0 (or nothing) is ever available. */
export function storageWithdraw(state: TokenState, amount: string | null | undefined): StorageBalance {
  const accountId = near.predecessorAccountId();
  const balance = storageBalanceOf(state, accountId);
  ensure(balance !== null, `The account ${accountId} is not registered`);
  if (amount !== undefined && amount !== null) {
    ensure(parseU128(amount, "amount") === 0n, "The amount is greater than the available storage balance");
  }
  return balance;
}

/**
 * `storage_unregister` after the 1 yoctoNEAR check. Without `force` the
 * balance and the claimable revenue must be zero; with it the tokens are
 * burned and claimable revenue is paid out. Returns false if not registered.
 */
export function storageUnregister(state: TokenState, force: boolean | null | undefined): boolean {
  const accountId = near.predecessorAccountId();
  const forced = optionalBool(force, "force", false);
  const record = readAccount(accountId);
  if (record === null) {
    near.log(`The account ${accountId} is not registered`);
    return false;
  }
  ensure(record.balance === 0n || forced, "Can't unregister the account with the positive balance without force");
  settle(state, record);
  const payoutSlots = [...Array(SLOT_COUNT).keys()].filter((slot) => claimableUnits(record, slot) > 0n);
  ensure(
    forced || payoutSlots.length === 0,
    `The account ${accountId} has unclaimed revenue: claim it first (claim_all_revenue) or unregister with force`,
  );
  if (payoutSlots.length > 0) {
    assertNotPaused(state.admin, SCOPE_CLAIMS);
    assertPayoutGas(payoutSlots);
  }
  if (record.balance > 0n) {
    burnFrom(state, accountId, record, record.balance, "Account unregistered");
  }
  for (const slot of payoutSlots) {
    const amount = claimableUnits(record, slot);
    takeUnits(state, record, slot, amount);
    payout(state, accountId, slot, amount, "unregister", null, null).build();
  }
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    // the sub-unit fraction left goes back to everyone
    state.pools[slot].pending += record.assets[slot].owed;
    record.assets[slot].owed = 0n;
  }
  removeAccount(accountId);
  if (record.excluded) {
    removeExcluded(state, accountId);
  }
  transferNear(accountId, refundOnUnregister(state, record));
  return true;
}

/** The account's own deposit back (+ the attached yocto); a sponsored registration's deposit stays with the token. */
function refundOnUnregister(state: TokenState, record: AccountRecord): bigint {
  if (record.sponsored) {
    return 1n;
  }
  const deposit = storageCost(state);
  state.registration_deposits -= deposit < state.registration_deposits ? deposit : state.registration_deposits;
  return deposit + 1n;
}
