/**
 * One table of chain records (blocks, transactions, outcomes, receipts, and
 * the hash → height indexes) as the chain sees it: what the block being
 * produced added (staged, visible at once to the block's own reads), over a
 * bounded cache of recent records, over the database. Staged records reach
 * the cache only once their block's batch is stored (publish), and vanish
 * if it is refused (discard), so a lookup never returns a record that is
 * not on disk once the block is over.
 */
import { LruCache } from "./lru.ts";
import type { ChainStore, WriteBatch } from "./store.ts";

export class RecordTable<T> {
  private staged = new Map<string, T>();
  private readonly cache: LruCache<string, T>;

  constructor(
    private readonly store: ChainStore,
    private readonly keyOf: (id: string) => string,
    cacheEntries: number,
  ) {
    this.cache = new LruCache(cacheEntries);
  }

  get(id: string): T | undefined {
    const staged = this.staged.get(id);
    if (staged !== undefined) return staged;
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const stored = this.store.get<T>(this.keyOf(id));
    if (stored !== undefined) this.cache.set(id, stored);
    return stored;
  }

  has(id: string): boolean {
    return this.staged.has(id) || this.cache.has(id) || this.store.has(this.keyOf(id));
  }

  /** Adds a record to the block being produced. */
  set(id: string, value: T): void {
    this.staged.set(id, value);
  }

  stageInto(batch: WriteBatch): void {
    for (const [id, value] of this.staged) batch.set(this.keyOf(id), value);
  }

  publish(): void {
    for (const [id, value] of this.staged) this.cache.set(id, value);
    this.staged = new Map();
  }

  discard(): void {
    this.staged = new Map();
  }
}
