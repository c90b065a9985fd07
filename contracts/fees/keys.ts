/**
 * Every storage key of the router, named in one place.
 *
 * | key | holds |
 * |---|---|
 * | `STATE` | near-sdk-js's JSON of the contract object (admin, timelock, links, books, buckets) |
 * | `s` + stage | the stage: prices, split, rounding segments, revenue |
 * | `p` + account id | the provider |
 * | `n` + index | the account id of the index-th registered provider (for the paged view) |
 * | `u` + stage + `:` + account id | the provider's usage in the stage |
 * | `r` + stage + `:` + account id + `:` + period id | the payment of one period |
 * | `i` + stage + `:` + account id + `:` + n | the period id of the provider's n-th payment in the stage |
 *
 * Stages and indexes are decimal numbers, account ids contain no `:` and
 * period ids are checked to contain none either, so keys never collide.
 */
import { encode } from "near-sdk-js";

export const stageKey = (stage: number): Uint8Array => encode(`s${stage}`);
export const providerKey = (accountId: string): Uint8Array => encode(`p${accountId}`);
export const providerIndexKey = (index: number): Uint8Array => encode(`n${index}`);
export const usageKey = (stage: number, accountId: string): Uint8Array => encode(`u${stage}:${accountId}`);
export const paymentKey = (stage: number, accountId: string, periodId: string): Uint8Array =>
  encode(`r${stage}:${accountId}:${periodId}`);
export const paymentIndexKey = (stage: number, accountId: string, index: number): Uint8Array =>
  encode(`i${stage}:${accountId}:${index}`);
