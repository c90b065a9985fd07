/**
 * State as it was at the end of an earlier block, for queries by block_id
 * and at `final`: the current state, with every item a later block changed
 * replaced by its value before the first such block. Each block's write
 * batch stores, per changed item, the value it overwrote under
 * h:<item>#<height> (State.stageInto), so the value at height H is one
 * ordered lookup: the item's first record above H, or the current value when
 * there is none. Nothing is kept in memory, so a node's memory does not grow
 * with its history, and no lookup reads more than a few records per item.
 */
import { keys } from "../store/keys.ts";
import type { ChainStore } from "../store/store.ts";
import {
  itemIds,
  sortedById,
  type AccessKey,
  type AccountRecord,
  type DataEntry,
  type State,
  type StateItem,
  type StateReader,
  type StoredItem,
} from "./state.ts";

const HEIGHT_DIGITS = 20;

export class HistoricalState implements StateReader {
  private readonly store: ChainStore;

  /** @param height the block whose state this reads (older than the newest block that changed state). */
  constructor(
    private readonly current: State,
    private readonly height: bigint,
  ) {
    this.store = current.store;
  }

  /** The item at the queried height: undefined when absent, from history when a later block changed it. */
  private at(item: string): StateItem | undefined {
    const later = keys.history(item, this.height + 1n);
    for (const [, stored] of this.store.range<StoredItem>(keys.historyOf(item), { start: later, limit: 1 }))
      return stored.value ?? undefined;
    return this.current.committed(item);
  }

  /**
   * Items under `prefix` as of the queried height: the current ones,
   * corrected by each item's first history record above the height. Seeks
   * from item to item (two ordered lookups per item changed after the
   * height at most), so the cost follows the number of items under the
   * prefix, not the number of times they changed.
   */
  private listed(prefix: string, now: Map<string, StateItem>): Map<string, StateItem> {
    const end = keys.historyPrefix(prefix);
    let start = end;
    for (;;) {
      const [found] = [...this.store.range<StoredItem>(end, { start, limit: 1 })];
      if (!found) return now;
      const [key, { item, value }] = found;
      if (BigInt(key.slice(-HEIGHT_DIGITS)) <= this.height) {
        // Records of one item are in height order: its first one above the height, if any, is further on.
        start = keys.history(item, this.height + 1n);
        continue;
      }
      if (item.startsWith(prefix)) {
        if (value) now.set(item, value);
        else now.delete(item);
      }
      start = `${keys.historyOf(item)}~`; // past every record of this item ('~' sorts after the digits)
    }
  }

  getAccount(accountId: string): AccountRecord | undefined {
    const account = this.at(itemIds.account(accountId)) as AccountRecord | undefined;
    return account && { ...account };
  }

  getAccessKey(accountId: string, publicKey: string): AccessKey | undefined {
    const stored = this.at(itemIds.key(accountId, publicKey)) as { accessKey: AccessKey } | undefined;
    return stored && structuredClone(stored.accessKey);
  }

  accessKeys(accountId: string): Array<{ publicKey: string; accessKey: AccessKey }> {
    const now = new Map(
      this.current.accessKeys(accountId).map((entry) => [itemIds.key(accountId, entry.publicKey), entry as StateItem]),
    );
    const listed = this.listed(`k:${accountId}:`, now) as Map<string, { publicKey: string; accessKey: AccessKey }>;
    return sortedById(listed).map(({ publicKey, accessKey }) => ({ publicKey, accessKey: structuredClone(accessKey) }));
  }

  getCode(accountId: string): Uint8Array | undefined {
    return this.at(itemIds.code(accountId)) as Uint8Array | undefined;
  }

  getData(accountId: string, key: Uint8Array): Uint8Array | undefined {
    return (this.at(itemIds.data(accountId, key)) as DataEntry | undefined)?.value;
  }

  dataWithPrefix(accountId: string, prefix: Uint8Array): DataEntry[] {
    const now = new Map(
      this.current
        .dataWithPrefix(accountId, prefix)
        .map((entry) => [itemIds.data(accountId, entry.key), entry as StateItem]),
    );
    return sortedById(this.listed(itemIds.data(accountId, prefix), now) as Map<string, DataEntry>);
  }
}
