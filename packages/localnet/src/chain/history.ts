/**
 * State as it was at an earlier block, for queries by block_id: the current
 * state, with every item a later block changed replaced by the value it had
 * before the first such block (each block keeps what it overwrote, see
 * State.beginBlockUndo); persistence keeps those records with the blocks.
 */
import type { AccessKey, AccountRecord, BlockUndo, DataEntry, State, StateChange, StateReader } from "./state.ts";

export class HistoricalState implements StateReader {
  /** @param later the undo records of the blocks after the queried one, oldest first. */
  constructor(
    private readonly current: State,
    private readonly later: BlockUndo[],
  ) {}

  /** The item's value at the queried block, when a later block changed it. */
  private before(id: string): StateChange | undefined {
    for (const undo of this.later) {
      const change = undo.get(id);
      if (change) return change;
    }
    return undefined;
  }

  /** Every item id under `prefix` that a later block changed, with its earlier value. */
  private changedUnder(prefix: string): StateChange[] {
    const seen = new Map<string, StateChange>();
    for (const undo of this.later) {
      for (const [id, change] of undo) if (id.startsWith(prefix) && !seen.has(id)) seen.set(id, change);
    }
    return [...seen.values()];
  }

  getAccount(accountId: string): AccountRecord | undefined {
    const change = this.before(`a:${accountId}`);
    return change ? (change.value as AccountRecord | undefined) : this.current.getAccount(accountId);
  }

  getAccessKey(accountId: string, publicKey: string): AccessKey | undefined {
    const change = this.before(`k:${accountId}:${publicKey}`);
    return change ? (change.value as AccessKey | undefined) : this.current.getAccessKey(accountId, publicKey);
  }

  accessKeys(accountId: string): Array<{ publicKey: string; accessKey: AccessKey }> {
    const keys = new Map(this.current.accessKeys(accountId).map((k) => [k.publicKey, k.accessKey]));
    for (const change of this.changedUnder(`k:${accountId}:`)) {
      if (change.kind !== "key") continue;
      if (change.value) keys.set(change.publicKey, change.value);
      else keys.delete(change.publicKey);
    }
    return [...keys.entries()]
      .map(([publicKey, accessKey]) => ({ publicKey, accessKey }))
      .sort((a, b) => (a.publicKey < b.publicKey ? -1 : 1));
  }

  getCode(accountId: string): Uint8Array | undefined {
    const change = this.before(`c:${accountId}`);
    return change ? (change.value as Uint8Array | undefined) : this.current.getCode(accountId);
  }

  getData(accountId: string, key: Uint8Array): Uint8Array | undefined {
    const change = this.before(`d:${accountId}:${Buffer.from(key).toString("hex")}`);
    return change ? (change.value as Uint8Array | undefined) : this.current.getData(accountId, key);
  }

  dataWithPrefix(accountId: string, prefix: Uint8Array): DataEntry[] {
    const hexPrefix = Buffer.from(prefix).toString("hex");
    const entries = new Map(
      this.current.dataWithPrefix(accountId, prefix).map((e) => [Buffer.from(e.key).toString("hex"), e]),
    );
    for (const change of this.changedUnder(`d:${accountId}:${hexPrefix}`)) {
      if (change.kind !== "data") continue;
      const hex = Buffer.from(change.key).toString("hex");
      if (change.value) entries.set(hex, { key: change.key, value: change.value });
      else entries.delete(hex);
    }
    return [...entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  }
}
