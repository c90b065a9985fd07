/**
 * An account's contract storage as the VM sees it. Each access reports the
 * trie nodes it touched, which nearcore charges (TOUCHING_TRIE_NODE for nodes
 * read from the database, READ_CACHED_TRIE_NODE for nodes already read by
 * this chunk); the chain's trie supplies exact counts.
 */
export interface TrieNodesTouched {
  db: bigint;
  cached: bigint;
}

export interface ContractStorage {
  get(key: Uint8Array): { value: Uint8Array | undefined; nodes: TrieNodesTouched };
  set(key: Uint8Array, value: Uint8Array): void;
  remove(key: Uint8Array): void;
}

const NO_NODES: TrieNodesTouched = { db: 0n, cached: 0n };

function keyOf(key: Uint8Array): string {
  return Buffer.from(key).toString("base64");
}

/**
 * Storage held in a Map, for running one contract on its own (the VM CLI and
 * VM tests). It reports no trie nodes: without the chain's trie there are
 * none to count, so TOUCHING_TRIE_NODE is not charged here.
 */
export class MapStorage implements ContractStorage {
  readonly entries = new Map<string, Uint8Array>();

  static from(entries: Iterable<[Uint8Array, Uint8Array]>): MapStorage {
    const storage = new MapStorage();
    for (const [key, value] of entries) storage.entries.set(keyOf(key), value);
    return storage;
  }

  get(key: Uint8Array) {
    return { value: this.entries.get(keyOf(key)), nodes: NO_NODES };
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.entries.set(keyOf(key), value);
  }

  remove(key: Uint8Array): void {
    this.entries.delete(keyOf(key));
  }
}

/**
 * A call's view of storage: reads fall through to the account's storage,
 * writes stay here until the call succeeds, so a failed call changes nothing.
 */
export class OverlayStorage implements ContractStorage {
  private readonly changes = new Map<string, { key: Uint8Array; value: Uint8Array | null }>();

  constructor(private readonly base: ContractStorage) {}

  get(key: Uint8Array) {
    const change = this.changes.get(keyOf(key));
    const fromBase = this.base.get(key);
    return change ? { value: change.value ?? undefined, nodes: fromBase.nodes } : fromBase;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.changes.set(keyOf(key), { key, value });
  }

  remove(key: Uint8Array): void {
    this.changes.set(keyOf(key), { key, value: null });
  }

  /** The writes (value) and removals (null), in the order keys were first touched. */
  pendingChanges(): Array<{ key: Uint8Array; value: Uint8Array | null }> {
    return [...this.changes.values()];
  }

  commit(): void {
    for (const { key, value } of this.changes.values()) {
      if (value) this.base.set(key, value);
      else this.base.remove(key);
    }
    this.changes.clear();
  }
}
