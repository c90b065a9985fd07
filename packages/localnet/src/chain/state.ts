/**
 * The chain's state: accounts, access keys, contract code and contract data
 * (nearcore's trie, as maps). Every change goes through the setters below,
 * which (a) record an undo entry while a checkpoint is open, so a failed
 * receipt can be rolled back exactly, and (b) mark the entry dirty, so
 * persistence can write just what changed.
 *
 * Invariants: an account's keys, code and data exist only while the account
 * does; `codeHash` is sha256 of the stored code, or all zeros without code.
 * Storage usage is kept in the account record by the runtime, not derived.
 */
import type { AccessKeyPermission } from "../vm/receipts.ts";
import { ZERO_HASH } from "./encoding.ts";

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

/** What persistence writes: one entry per changed item, undefined when removed. */
export type StateChange =
  | { kind: "account"; accountId: string; value?: AccountRecord }
  | { kind: "key"; accountId: string; publicKey: string; value?: AccessKey }
  | { kind: "code"; accountId: string; value?: Uint8Array }
  | { kind: "data"; accountId: string; key: Uint8Array; value?: Uint8Array };

/** The reads queries need; State and historical views (Chain.stateAt) provide them. */
export interface StateReader {
  getAccount(accountId: string): AccountRecord | undefined;
  getAccessKey(accountId: string, publicKey: string): AccessKey | undefined;
  accessKeys(accountId: string): Array<{ publicKey: string; accessKey: AccessKey }>;
  getCode(accountId: string): Uint8Array | undefined;
  getData(accountId: string, key: Uint8Array): Uint8Array | undefined;
  dataWithPrefix(accountId: string, prefix: Uint8Array): DataEntry[];
}

/** What an item was before a block changed it, by item id ("a:acct", "k:acct:key", "c:acct", "d:acct:hexkey"). */
export type BlockUndo = Map<string, StateChange>;

function hexKey(key: Uint8Array): string {
  return Buffer.from(key).toString("hex");
}

export class State implements StateReader {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly keys = new Map<string, Map<string, AccessKey>>();
  private readonly code = new Map<string, Uint8Array>();
  private readonly data = new Map<string, Map<string, DataEntry>>();
  private undoLog: Array<() => void> | null = null;
  private dirty = new Map<string, () => StateChange>();
  private blockUndo: BlockUndo | null = null;

  // ---- reads ----

  getAccount(accountId: string): AccountRecord | undefined {
    const account = this.accounts.get(accountId);
    return account && { ...account };
  }

  hasAccount(accountId: string): boolean {
    return this.accounts.has(accountId);
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  getAccessKey(accountId: string, publicKey: string): AccessKey | undefined {
    const key = this.keys.get(accountId)?.get(publicKey);
    return key && structuredClone(key);
  }

  accessKeys(accountId: string): Array<{ publicKey: string; accessKey: AccessKey }> {
    return [...(this.keys.get(accountId) ?? new Map()).entries()]
      .map(([publicKey, accessKey]) => ({ publicKey, accessKey: structuredClone(accessKey) }))
      .sort((a, b) => (a.publicKey < b.publicKey ? -1 : a.publicKey > b.publicKey ? 1 : 0));
  }

  getCode(accountId: string): Uint8Array | undefined {
    return this.code.get(accountId);
  }

  getData(accountId: string, key: Uint8Array): Uint8Array | undefined {
    return this.data.get(accountId)?.get(hexKey(key))?.value;
  }

  /** Contract data whose key starts with `prefix`, in key order. */
  dataWithPrefix(accountId: string, prefix: Uint8Array): DataEntry[] {
    const hexPrefix = hexKey(prefix);
    return [...(this.data.get(accountId) ?? new Map<string, DataEntry>()).entries()]
      .filter(([hex]) => hex.startsWith(hexPrefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, entry]) => entry);
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

  /** Starts remembering the value each item had before its first change (no-op when already started). */
  beginBlockUndo(): void {
    this.blockUndo ??= new Map();
  }

  /** What the changes since beginBlockUndo() overwrote; stops remembering. */
  endBlockUndo(): BlockUndo {
    const undo = this.blockUndo ?? new Map();
    this.blockUndo = null;
    return undo;
  }

  /** The changes since the last call, for persistence. */
  takeChanges(): StateChange[] {
    const changes = [...this.dirty.values()].map((make) => make());
    this.dirty = new Map();
    return changes;
  }

  // ---- writes ----

  /** Called before every mutation: undo entry, block undo, dirty mark. */
  private record<K, V>(map: Map<K, V>, key: K, dirtyId: string, change: () => StateChange): void {
    if (this.blockUndo && !this.blockUndo.has(dirtyId)) this.blockUndo.set(dirtyId, change());
    if (this.undoLog) {
      const had = map.has(key);
      const old = map.get(key) as V;
      this.undoLog.push(() => {
        if (had) map.set(key, old);
        else map.delete(key);
        this.dirty.set(dirtyId, change);
      });
    }
    this.dirty.set(dirtyId, change);
  }

  setAccount(accountId: string, account: AccountRecord): void {
    this.record(this.accounts, accountId, `a:${accountId}`, () => ({
      kind: "account",
      accountId,
      value: this.getAccount(accountId),
    }));
    this.accounts.set(accountId, { ...account });
  }

  setAccessKey(accountId: string, publicKey: string, accessKey: AccessKey): void {
    const keys = this.mapFor(this.keys, accountId);
    this.record(keys, publicKey, `k:${accountId}:${publicKey}`, () => ({
      kind: "key",
      accountId,
      publicKey,
      value: this.getAccessKey(accountId, publicKey),
    }));
    keys.set(publicKey, structuredClone(accessKey));
  }

  removeAccessKey(accountId: string, publicKey: string): void {
    const keys = this.mapFor(this.keys, accountId);
    this.record(keys, publicKey, `k:${accountId}:${publicKey}`, () => ({
      kind: "key",
      accountId,
      publicKey,
      value: this.getAccessKey(accountId, publicKey),
    }));
    keys.delete(publicKey);
  }

  setCode(accountId: string, code: Uint8Array | undefined): void {
    this.record(this.code, accountId, `c:${accountId}`, () => ({
      kind: "code",
      accountId,
      value: this.getCode(accountId),
    }));
    if (code) this.code.set(accountId, code);
    else this.code.delete(accountId);
  }

  setData(accountId: string, key: Uint8Array, value: Uint8Array | undefined): void {
    const entries = this.mapFor(this.data, accountId);
    const hex = hexKey(key);
    this.record(entries, hex, `d:${accountId}:${hex}`, () => ({
      kind: "data",
      accountId,
      key,
      value: this.getData(accountId, key),
    }));
    if (value) entries.set(hex, { key: new Uint8Array(key), value: new Uint8Array(value) });
    else entries.delete(hex);
  }

  /** Removes the account with its keys, code and data (DeleteAccount). */
  removeAccount(accountId: string): void {
    for (const { publicKey } of this.accessKeys(accountId)) this.removeAccessKey(accountId, publicKey);
    for (const { key } of this.dataWithPrefix(accountId, new Uint8Array())) this.setData(accountId, key, undefined);
    this.setCode(accountId, undefined);
    this.record(this.accounts, accountId, `a:${accountId}`, () => ({
      kind: "account",
      accountId,
      value: this.getAccount(accountId),
    }));
    this.accounts.delete(accountId);
  }

  /** Applies a persisted change (no undo, not marked dirty). */
  apply(change: StateChange): void {
    switch (change.kind) {
      case "account":
        if (change.value) this.accounts.set(change.accountId, change.value);
        else this.accounts.delete(change.accountId);
        break;
      case "key": {
        const keys = this.mapFor(this.keys, change.accountId);
        if (change.value) keys.set(change.publicKey, change.value);
        else keys.delete(change.publicKey);
        break;
      }
      case "code":
        if (change.value) this.code.set(change.accountId, change.value);
        else this.code.delete(change.accountId);
        break;
      case "data": {
        const entries = this.mapFor(this.data, change.accountId);
        if (change.value) entries.set(hexKey(change.key), { key: change.key, value: change.value });
        else entries.delete(hexKey(change.key));
        break;
      }
    }
  }

  /** Every item as a change, for a snapshot. */
  allChanges(): StateChange[] {
    const out: StateChange[] = [];
    for (const [accountId, value] of this.accounts) out.push({ kind: "account", accountId, value });
    for (const [accountId, keys] of this.keys)
      for (const [publicKey, value] of keys) out.push({ kind: "key", accountId, publicKey, value });
    for (const [accountId, value] of this.code) out.push({ kind: "code", accountId, value });
    for (const [accountId, entries] of this.data)
      for (const { key, value } of entries.values()) out.push({ kind: "data", accountId, key, value });
    return out;
  }

  private mapFor<V>(outer: Map<string, Map<string, V>>, accountId: string): Map<string, V> {
    let inner = outer.get(accountId);
    if (!inner) {
      inner = new Map();
      outer.set(accountId, inner);
    }
    return inner;
  }
}

export function emptyAccount(amount: bigint): AccountRecord {
  return { amount, locked: 0n, codeHash: ZERO_HASH, storageUsage: 0n };
}
