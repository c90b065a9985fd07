/**
 * The chain's state: accounts, access keys, contract code and contract data
 * (nearcore's trie entries), kept in the node's database (src/store/) with
 * a bounded cache of what was read. A block's changes are staged in memory,
 * on top of the committed state, and reach the committed view only when the
 * block's write batch is durably stored (publish); a refused write discards
 * them (discard), so the state nodes and clients see is always what is on
 * disk. Within a block, a checkpoint records undo entries, so a failed
 * receipt can be rolled back exactly.
 *
 * Invariants: an account's keys, code and data exist only while the account
 * does; `codeHash` is sha256 of the stored code, or all zeros without code.
 * Storage usage is kept in the account record by the runtime, not derived.
 * The cache holds committed values only, never staged ones.
 */
import type { AccessKeyPermission } from "../vm/receipts.ts";
import { ZERO_HASH } from "./encoding.ts";
import { keys } from "../store/keys.ts";
import { LruCache } from "../store/lru.ts";
import type { ChainStore, WriteBatch } from "../store/store.ts";

export type { AccessKeyPermission };

export interface AccountRecord {
  amount: bigint;
  locked: bigint;
  codeHash: Uint8Array;
  storageUsage: bigint;
}

export interface AccessKey {
  nonce: bigint;
  permission: AccessKeyPermission;
}

export interface DataEntry {
  key: Uint8Array;
  value: Uint8Array;
}

/** A state item as stored: under "a:", "k:", "c:" and "d:" ids respectively. */
export type StateItem = AccountRecord | { publicKey: string; accessKey: AccessKey } | Uint8Array | DataEntry;

/**
 * A stored item with its id (ranges read ids from values, as long ids are
 * shortened in keys): the current value under "s:", the value before a
 * block changed it under "h:" (null: absent).
 */
export interface StoredItem {
  item: string;
  value: StateItem | null;
}

/** The reads queries need; State and historical views (Chain.stateAt) provide them. */
export interface StateReader {
  getAccount(accountId: string): AccountRecord | undefined;
  getAccessKey(accountId: string, publicKey: string): AccessKey | undefined;
  accessKeys(accountId: string): Array<{ publicKey: string; accessKey: AccessKey }>;
  getCode(accountId: string): Uint8Array | undefined;
  getData(accountId: string, key: Uint8Array): Uint8Array | undefined;
  dataWithPrefix(accountId: string, prefix: Uint8Array): DataEntry[];
}

export const itemIds = {
  account: (accountId: string) => `a:${accountId}`,
  key: (accountId: string, publicKey: string) => `k:${accountId}:${publicKey}`,
  code: (accountId: string) => `c:${accountId}`,
  data: (accountId: string, key: Uint8Array) => `d:${accountId}:${Buffer.from(key).toString("hex")}`,
};

/** Budget of the committed-state cache, in bytes of code and data (records count 256). */
const CACHE_BYTES = 64 * 1024 * 1024;

function weigh(item: StateItem | null): number {
  if (item instanceof Uint8Array) return item.length + 64;
  if (item && "value" in item) return item.value.length + item.key.length + 64;
  return 256;
}

/** Entries listed by prefix, in item-id order (hex order for data keys, as nearcore's trie). */
export function sortedById<T>(entries: Map<string, T>): T[] {
  return [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value);
}

export class State implements StateReader {
  /** The block being produced: item id → new value (null: removed). */
  private staged = new Map<string, StateItem | null>();
  private readonly cache = new LruCache<string, StateItem | null>(CACHE_BYTES, weigh);
  private undoLog: Array<() => void> | null = null;

  constructor(readonly store: ChainStore) {}

  // ---- reads ----

  /** The item as committed (the last stored block), ignoring what is staged. */
  committed(item: string): StateItem | undefined {
    const cached = this.cache.get(item);
    if (cached !== undefined) return cached ?? undefined;
    const stored = this.store.get<StoredItem>(keys.state(item))?.value ?? null;
    this.cache.set(item, stored);
    return stored ?? undefined;
  }

  private current(item: string): StateItem | undefined {
    const staged = this.staged.get(item);
    if (staged !== undefined) return staged ?? undefined;
    return this.committed(item);
  }

  /** Every item whose id starts with `prefix`: committed ones with the staged ones on top. */
  private listed(prefix: string): Map<string, StateItem> {
    const found = new Map<string, StateItem>();
    for (const [, { item, value }] of this.store.range<StoredItem>(keys.statePrefix(prefix))) {
      if (value && item.startsWith(prefix)) found.set(item, value);
    }
    for (const [item, value] of this.staged) {
      if (!item.startsWith(prefix)) continue;
      if (value) found.set(item, value);
      else found.delete(item);
    }
    return found;
  }

  getAccount(accountId: string): AccountRecord | undefined {
    const account = this.current(itemIds.account(accountId)) as AccountRecord | undefined;
    return account && { ...account };
  }

  hasAccount(accountId: string): boolean {
    return this.current(itemIds.account(accountId)) !== undefined;
  }

  /** Every account id (reads the whole account table: for audits in tests, not for requests). */
  accountIds(): string[] {
    return [...this.listed("a:").keys()].map((item) => item.slice(2));
  }

  getAccessKey(accountId: string, publicKey: string): AccessKey | undefined {
    const stored = this.current(itemIds.key(accountId, publicKey)) as { accessKey: AccessKey } | undefined;
    return stored && structuredClone(stored.accessKey);
  }

  accessKeys(accountId: string): Array<{ publicKey: string; accessKey: AccessKey }> {
    const listed = this.listed(`k:${accountId}:`) as Map<string, { publicKey: string; accessKey: AccessKey }>;
    return sortedById(listed).map(({ publicKey, accessKey }) => ({ publicKey, accessKey: structuredClone(accessKey) }));
  }

  getCode(accountId: string): Uint8Array | undefined {
    return this.current(itemIds.code(accountId)) as Uint8Array | undefined;
  }

  getData(accountId: string, key: Uint8Array): Uint8Array | undefined {
    return (this.current(itemIds.data(accountId, key)) as DataEntry | undefined)?.value;
  }

  /** Contract data whose key starts with `prefix`, in key order. */
  dataWithPrefix(accountId: string, prefix: Uint8Array): DataEntry[] {
    return sortedById(this.listed(itemIds.data(accountId, prefix)) as Map<string, DataEntry>);
  }

  // ---- checkpoints ----

  /** Starts recording undo entries; changes until commit() or rollback() form one unit. */
  checkpoint(): void {
    if (this.undoLog) throw new Error("State checkpoints do not nest");
    this.undoLog = [];
  }

  commit(): void {
    this.undoLog = null;
  }

  rollback(): void {
    const log = this.undoLog ?? [];
    this.undoLog = null;
    for (let i = log.length - 1; i >= 0; i--) log[i]();
  }

  // ---- blocks ----

  /** Whether the block being produced changed anything. */
  get hasStaged(): boolean {
    return this.staged.size > 0;
  }

  /**
   * Adds the staged changes to a block's write batch: each item's new value,
   * and what it was before (for queries at earlier blocks, see history.ts).
   */
  stageInto(batch: WriteBatch, height: bigint): void {
    for (const [item, value] of this.staged) {
      const stored: StoredItem | undefined = value ? { item, value } : undefined;
      const before: StoredItem = { item, value: this.committed(item) ?? null };
      batch.set(keys.state(item), stored);
      batch.set(keys.history(item, height), before);
    }
  }

  /** The block's batch is stored: its changes become the committed state. */
  publish(): void {
    for (const [item, value] of this.staged) this.cache.set(item, value);
    this.staged = new Map();
    this.undoLog = null;
  }

  /** The block failed: its changes are dropped, the committed state is as it was. */
  discard(): void {
    this.staged = new Map();
    this.undoLog = null;
  }

  // ---- writes ----

  private write(item: string, value: StateItem | null): void {
    if (this.undoLog) {
      const had = this.staged.has(item);
      const old = this.staged.get(item);
      this.undoLog.push(() => {
        if (had) this.staged.set(item, old as StateItem | null);
        else this.staged.delete(item);
      });
    }
    this.staged.set(item, value);
  }

  setAccount(accountId: string, account: AccountRecord): void {
    this.write(itemIds.account(accountId), { ...account });
  }

  setAccessKey(accountId: string, publicKey: string, accessKey: AccessKey): void {
    this.write(itemIds.key(accountId, publicKey), { publicKey, accessKey: structuredClone(accessKey) });
  }

  removeAccessKey(accountId: string, publicKey: string): void {
    this.write(itemIds.key(accountId, publicKey), null);
  }

  setCode(accountId: string, code: Uint8Array | undefined): void {
    this.write(itemIds.code(accountId), code ?? null);
  }

  setData(accountId: string, key: Uint8Array, value: Uint8Array | undefined): void {
    this.write(itemIds.data(accountId, key), value ? { key: new Uint8Array(key), value: new Uint8Array(value) } : null);
  }

  /** Removes the account with its keys, code and data (DeleteAccount). */
  removeAccount(accountId: string): void {
    for (const { publicKey } of this.accessKeys(accountId)) this.removeAccessKey(accountId, publicKey);
    for (const { key } of this.dataWithPrefix(accountId, new Uint8Array())) this.setData(accountId, key, undefined);
    this.setCode(accountId, undefined);
    this.write(itemIds.account(accountId), null);
  }
}

export function emptyAccount(amount: bigint): AccountRecord {
  return { amount, locked: 0n, codeHash: ZERO_HASH, storageUsage: 0n };
}
