/**
 * Every storage key of the sale contract, named in one place.
 *
 * | key | holds |
 * |---|---|
 * | `STATE` | near-sdk-js's JSON of the contract object (admin, config, counters, books, providers) |
 * | `r` + round id | the round's configuration (JSON, near-sdk-js encoding so bigints revive) |
 * | `t` + round id | the round's running totals (JSON, same encoding) |
 * | `p` + round id + `:` + account id | the account's purchase record in that round (65-byte binary) |
 * | `s` + account id | the account's NEP-145 storage record (20-byte binary) |
 * | `k` + round key | the id of the round created with that key (decimal) |
 *
 * Round ids are decimal and below MAX_ROUNDS, and account ids contain no
 * `:`, so the keys of different families and records never collide.
 */
import { encode } from "near-sdk-js";
import { SDK_STATE_KEY } from "../common/upgrade";

export const STATE_KEY = SDK_STATE_KEY;

export function roundKey(roundId: number): Uint8Array {
  return encode(`r${roundId}`);
}

export function statsKey(roundId: number): Uint8Array {
  return encode(`t${roundId}`);
}

export function purchaseKey(roundId: number, accountId: string): Uint8Array {
  return encode(`p${roundId}:${accountId}`);
}

export function storageAccountKey(accountId: string): Uint8Array {
  return encode(`s${accountId}`);
}

export function roundKeyIndexKey(key: string): Uint8Array {
  return encode(`k${key}`);
}
