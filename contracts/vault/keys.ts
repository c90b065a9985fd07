/**
 * Every storage key of the vault, named in one place.
 *
 * | key | holds |
 * |---|---|
 * | `STATE` | near-sdk-js's JSON of the contract object (admin, timelock, links, attestors, totals) |
 * | `g` + stage | the stage (config, pool, reserved, royalty accumulators, qualification) — JSON, near-sdk-js encoding |
 * | `e` + stage + `:` + epoch | the epoch (submissions, accepted result, claimed totals, veto) — JSON |
 * | `b` + stage + `:` + epoch + `:` + word | 32 bytes: claimed bits of leaves word·256 .. word·256+255 |
 * | `a` + account id | the contributor's NEP-145 record (21-byte binary) |
 * | `c` + stage + `:` + account id | the contributor's record in a stage (180-byte binary) |
 * | `q` + stage + `:` + account id | 1 byte: the account registered its qualification for the stage |
 *
 * Stages and epochs are decimal numbers and account ids contain no `:`, so
 * keys of different families and records never collide.
 */
import { encode } from "near-sdk-js";

export function stageKey(stage: number): Uint8Array {
  return encode(`g${stage}`);
}

export function epochKey(stage: number, epoch: number): Uint8Array {
  return encode(`e${stage}:${epoch}`);
}

export function wordKey(stage: number, epoch: number, word: number): Uint8Array {
  return encode(`b${stage}:${epoch}:${word}`);
}

export function accountKey(accountId: string): Uint8Array {
  return encode(`a${accountId}`);
}

export function contributorKey(stage: number, accountId: string): Uint8Array {
  return encode(`c${stage}:${accountId}`);
}

export function qualificationKey(stage: number, accountId: string): Uint8Array {
  return encode(`q${stage}:${accountId}`);
}
