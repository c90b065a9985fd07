/**
 * Every storage key of the token contract, named in one place.
 *
 * | key | holds |
 * |---|---|
 * | `STATE` | near-sdk-js's JSON of the contract object (config, supply, revenue pools, admin) |
 * | `m` | NEP-148 metadata as JSON (kept apart so the icon is not read on every call) |
 * | `a` + account id | the account's fixed-size binary record (see `ledger.ts`) |
 */
import { encode } from "near-sdk-js";
import { SDK_STATE_KEY } from "../common/upgrade";

export const STATE_KEY = SDK_STATE_KEY;
export const METADATA_KEY = "m";
export const ACCOUNT_PREFIX = "a";

export function accountKey(accountId: string): Uint8Array {
  return encode(ACCOUNT_PREFIX + accountId);
}
