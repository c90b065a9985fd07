/**
 * The database's key layout, one ASCII string per record, grouped by a
 * prefix so that what belongs together is one ordered range:
 *   s:<item>                 an item of the current state (nearcore's trie entries)
 *   h:<item>#<height>        an item's value before the block at <height> changed it
 *   b:<height>               a block          bh:<hash> / ch:<chunk hash> → its height
 *   t:<hash> o:<id> r:<id>   transactions, execution outcomes, receipts
 *   m:head                   the head, the receipts in flight and the clock
 * Heights are zero-padded to 20 digits, so their order is numeric; a state
 * item is "a:acct", "k:acct:public key", "c:acct" or "d:acct:hex(key)". An
 * item longer than LMDB's key limit keeps a prefix for ordering and a
 * sha256 for identity; readers of ranges sort by the key stored in the
 * value, so such items are still found and ordered correctly.
 */
import { sha256 } from "@noble/hashes/sha2.js";

/** Below LMDB's 1978-byte limit with room for the prefixes and the height suffix. */
const MAX_ITEM_CHARS = 1_800;

export function itemKey(item: string): string {
  if (item.length <= MAX_ITEM_CHARS) return item;
  return `${item.slice(0, MAX_ITEM_CHARS - 65)}~${Buffer.from(sha256(Buffer.from(item))).toString("hex")}`;
}

/** The stored prefix under which every item starting with `prefix` lies. */
export function itemPrefix(prefix: string): string {
  return prefix.length <= MAX_ITEM_CHARS - 65 ? prefix : prefix.slice(0, MAX_ITEM_CHARS - 65);
}

export function height(value: bigint): string {
  return value.toString().padStart(20, "0");
}

export const keys = {
  state: (item: string) => `s:${itemKey(item)}`,
  statePrefix: (prefix: string) => `s:${itemPrefix(prefix)}`,
  history: (item: string, at: bigint) => `h:${itemKey(item)}#${height(at)}`,
  historyOf: (item: string) => `h:${itemKey(item)}#`,
  historyPrefix: (prefix: string) => `h:${itemPrefix(prefix)}`,
  block: (at: bigint) => `b:${height(at)}`,
  blockHash: (hash: string) => `bh:${hash}`,
  chunkHash: (hash: string) => `ch:${hash}`,
  transaction: (hash: string) => `t:${hash}`,
  outcome: (id: string) => `o:${id}`,
  receipt: (id: string) => `r:${id}`,
  head: "m:head",
};
