/**
 * Durable state for long-lived nodes: a snapshot (everything, written to a
 * temporary file, fsynced, renamed) plus an append-only journal of what
 * changed since (one JSON line per commit, fsynced before the request that
 * made the change is answered). A transaction reported final is therefore on
 * disk; a kill -9 at any point loses at most the line being written, whose
 * transaction was not yet reported. Startup loads the snapshot and replays
 * the journal, ignoring a torn last line. It belongs to the node (which
 * decides when a change is durable: node.commit), not to the chain, which
 * only hands over what is new (takeNew) and its in-flight state.
 */
import fs from "node:fs";
import path from "node:path";
import type { Block, ChainSnapshot, TransactionRecord } from "../chain/chain.ts";
import { base58, base64, fromBase64 } from "../chain/encoding.ts";
import type { Receipt } from "../chain/receipts.ts";
import type { ExecutionOutcome } from "../chain/runtime.ts";
import type { StateChange } from "../chain/state.ts";
import type { Node } from "./node.ts";

/** Journal lines after which the journal is folded into a new snapshot. */
const COMPACT_AFTER_LINES = 2_000;

interface JournalEntry {
  state: StateChange[];
  blocks: Block[];
  /** Per block (by index into blocks): what it overwrote, for queries at past blocks. */
  undo?: Array<Array<[string, StateChange]> | null>;
  transactions: TransactionRecord[];
  outcomes: Array<[string, ExecutionOutcome]>;
  receipts: Array<[string, Receipt]>;
  scheduler: ChainSnapshot;
}

/** JSON with bigints ({$n}) and byte arrays ({$b}, base64) kept exact. */
function encode(value: unknown): string {
  return JSON.stringify(value, (_key, inner) => {
    if (typeof inner === "bigint") return { $n: inner.toString() };
    if (inner instanceof Uint8Array) return { $b: base64(inner) };
    return inner;
  });
}

function decode<T>(text: string): T {
  return JSON.parse(text, (_key, inner) => {
    if (inner && typeof inner === "object" && !Array.isArray(inner)) {
      if (typeof inner.$n === "string" && Object.keys(inner).length === 1) return BigInt(inner.$n);
      if (typeof inner.$b === "string" && Object.keys(inner).length === 1) return fromBase64(inner.$b);
    }
    return inner;
  }) as T;
}

export interface Persistence {
  /** Whether state was restored from disk (otherwise the caller starts a fresh chain). */
  restored: boolean;
  close(): void;
}

export interface PersistenceOptions {
  /** Journal lines after which a snapshot replaces the journal. */
  compactAfterLines?: number;
}

export function openPersistence(dir: string, node: Node, options: PersistenceOptions = {}): Persistence {
  const compactAfter = options.compactAfterLines ?? COMPACT_AFTER_LINES;
  fs.mkdirSync(dir, { recursive: true });
  const snapshotFile = path.join(dir, "snapshot.json");
  const journalFile = path.join(dir, "journal.ndjson");
  const { chain, state } = node;
  let restored = false;

  const applyEntry = (entry: JournalEntry) => {
    for (const change of entry.state) state.apply(change);
    for (const [i, block] of entry.blocks.entries())
      chain.restoreBlock(block, entry.undo?.[i] ? new Map(entry.undo[i]) : undefined);
    for (const record of entry.transactions) chain.transactions.set(base58(record.tx.hash), record);
    for (const [id, outcome] of entry.outcomes) chain.outcomes.set(id, outcome);
    for (const [id, receipt] of entry.receipts) chain.receipts.set(id, receipt);
    chain.restore(entry.scheduler);
    restored = true;
  };

  if (fs.existsSync(snapshotFile)) applyEntry(decode<JournalEntry>(fs.readFileSync(snapshotFile, "utf8")));
  let lines = 0;
  if (fs.existsSync(journalFile)) {
    const text = fs.readFileSync(journalFile);
    let good = 0;
    while (good < text.length) {
      const end = text.indexOf(0x0a, good);
      if (end < 0) break; // a torn last line (no newline yet): its request was never answered
      let entry: JournalEntry;
      try {
        entry = decode<JournalEntry>(text.subarray(good, end).toString("utf8"));
      } catch {
        break;
      }
      applyEntry(entry);
      lines++;
      good = end + 1;
    }
    // Drop a torn tail, so that what is appended next is not hidden behind it.
    if (good < text.length) fs.truncateSync(journalFile, good);
  }
  // Whatever was restored is already on disk.
  state.takeChanges();
  chain.takeNew();

  let fd = fs.openSync(journalFile, "a");
  const undoEntries = (block: Block) => {
    const undo = chain.undoOf(block);
    return undo ? [...undo.entries()] : null;
  };

  const snapshot = () => {
    const blocks = [...chain.blocksByHeight.values()];
    const entry: JournalEntry = {
      state: state.allChanges(),
      blocks,
      undo: blocks.map((b) => undoEntries(b)),
      transactions: [...chain.transactions.values()],
      outcomes: [...chain.outcomes.entries()],
      receipts: [...chain.receipts.entries()],
      scheduler: chain.schedulerState(),
    };
    const tmp = `${snapshotFile}.tmp`;
    const tmpFd = fs.openSync(tmp, "w");
    fs.writeSync(tmpFd, encode(entry));
    fs.fsyncSync(tmpFd);
    fs.closeSync(tmpFd);
    fs.renameSync(tmp, snapshotFile);
    const dirFd = fs.openSync(dir, "r");
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
    fs.closeSync(fd);
    fs.writeFileSync(journalFile, "");
    fd = fs.openSync(journalFile, "a");
    lines = 0;
  };

  node.commit = () => {
    const fresh = chain.takeNew();
    const entry: JournalEntry = {
      state: state.takeChanges(),
      blocks: fresh.blocks,
      undo: fresh.blocks.map((b) => undoEntries(b)),
      transactions: fresh.transactions.map((k) => chain.transactions.get(k)!),
      outcomes: fresh.outcomes.map((k) => [k, chain.outcomes.get(k)!]),
      receipts: fresh.receipts.map((k) => [k, chain.receipts.get(k)!]),
      scheduler: chain.schedulerState(),
    };
    fs.writeSync(fd, `${encode(entry)}\n`);
    fs.fsyncSync(fd);
    if (++lines >= compactAfter) snapshot();
  };

  return {
    restored,
    close() {
      try {
        node.commit();
        fs.closeSync(fd);
      } catch {
        // closing twice, or the disk went away: nothing more to save
      }
    },
  };
}
