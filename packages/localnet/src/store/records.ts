/**
 * One table of chain records (blocks, transactions, outcomes, receipts, and
 * the hash → height indexes) as the chain sees it: what the block being
 * produced added (staged, visible at once to the block's own reads), over a
 * bounded cache of recent records, over the database. Staged records reach
 * the cache only once their block's batch is stored (publish), and vanish
 * if it is refused (discard), so a lookup never returns a record that is
 * not on disk once the block is over.
 *
 * A table may store a record in a smaller form than it hands out (`form`):
 * what can be derived again (a transaction's decoded fields from its signed
 * bytes) or is another table's record (its outcome) need not be written twice.
 */
import { LruCache } from "./lru.ts";
import type { ChainStore, WriteBatch } from "./store.ts";

/** How a table's records are written and read back, when not as they are. */
export interface StoredForm<T> {
  toStored(value: T): unknown;
  fromStored(stored: unknown, id: string): T;
}

export class RecordTable<T> {
  private staged = new Map<string, T>();
  private readonly cache: LruCache<string, T>;

  constructor(
    private readonly store: ChainStore,
    private readonly keyOf: (id: string) => string,
    cacheEntries: number,
    private readonly form?: StoredForm<T>,
  ) {
    this.cache = new LruCache(cacheEntries);
  }

  get(id: string): T | undefined {
    const staged = this.staged.get(id);
    if (staged !== undefined) return staged;
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const stored = this.store.get<unknown>(this.keyOf(id));
    if (stored === undefined) return undefined;
    const value = this.form ? this.form.fromStored(stored, id) : (stored as T);
    this.cache.set(id, value);
    return value;
  }

  has(id: string): boolean {
    return this.staged.has(id) || this.cache.has(id) || this.store.has(this.keyOf(id));
  }

  /** Adds a record to the block being produced. */
  set(id: string, value: T): void {
    this.staged.set(id, value);
  }

  stageInto(batch: WriteBatch): void {
    for (const [id, value] of this.staged) batch.set(this.keyOf(id), this.form ? this.form.toStored(value) : value);
  }

  publish(): void {
    for (const [id, value] of this.staged) this.cache.set(id, value);
    this.staged = new Map();
  }

  discard(): void {
    this.staged = new Map();
  }
}
