/**
 * The node's database: LMDB (through lmdb-js) in HOME/data/chain.mdb.
 * Every write is one LMDB transaction, committed synchronously and flushed
 * to disk before write() returns (overlappingSync off), so what write()
 * accepted survives a kill -9 or a power cut, and what it refused (a full
 * disk, an I/O error) left nothing behind: LMDB's copy-on-write pages make
 * the whole batch appear at once or not at all. Reads are synchronous
 * lookups in the memory map; values are checked against their CRC (codec.ts).
 *
 * LMDB's lock file (chain.mdb-lock) only coordinates live readers: a copy
 * of a home, or one left by a killed process, is re-initialised on open.
 */
import fs from "node:fs";
import path from "node:path";
import { open, type RootDatabase } from "lmdb";
import { seal, unseal } from "./codec.ts";

export const DATABASE_FILE = "chain.mdb";

/** The page size the database is created with, so that its two meta pages are where checkMetaPages looks. */
const PAGE_SIZE = 4096;
/**
 * Address space reserved for the memory map (not memory, not disk: the file
 * grows only as pages are written). Left to itself lmdb-js starts with a
 * 128 KiB map and maps the file anew each time it outgrows it, keeping the
 * old maps (buffers it handed out may point into them), and the resident
 * pages of every old map count in the process's RSS, so that RSS grew with
 * the history at about twice the file's size. One map, reserved once, is
 * resident at most once.
 */
const MAP_BYTES = 64 * 2 ** 30;
/** LMDB's meta page: its magic number, at this offset in each of the file's first two pages. */
const META_MAGIC = 0xbeefc0de;
const META_MAGIC_OFFSET = 24;

/**
 * LMDB validates its meta pages itself, but lmdb-js can crash the process
 * (SIGSEGV) on a file whose first pages are garbage, before it reports
 * anything; a damaged header must be an error naming the file instead.
 */
function checkMetaPages(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return; // a new database
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return;
    const page = Buffer.alloc(META_MAGIC_OFFSET + 4);
    for (const at of [0, PAGE_SIZE]) {
      const read = fs.readSync(fd, page, 0, page.length, at);
      if (read < page.length || page.readUInt32LE(META_MAGIC_OFFSET) !== META_MAGIC)
        throw new Error(`not an LMDB database: the meta page at byte ${at} is damaged`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Options lmdb-js's open() reads but its type declarations omit. MDB_NORDAHEAD
 * (MADV_RANDOM on the map) keeps the kernel from reading ahead of a record;
 * it does not keep its neighbours from being mapped (see MAPPED_BUDGET_BYTES).
 */
const UNTYPED_OPTIONS = { noReadAhead: true };

/**
 * How much of the database file may be mapped into this process before the
 * map is dropped and made anew (the environment closed and opened again,
 * a few milliseconds). Why: a page fault on a file map maps up to 16
 * neighbouring pages that are in the page cache (the kernel's fault-around,
 * 64 KiB), and MDB_NORDAHEAD does not stop it: measured on Linux 6.18, 2,000
 * random reads of a 165 MB database mapped 124 MB of it with and without
 * that option. Records keyed by hashes are spread over the whole file, so
 * within a few thousand transactions every page of it was mapped and the
 * node's resident memory grew with the history (100,000 transactions: about
 * 260 MB of file). Dropping the map releases those pages from the process;
 * they stay in the OS's page cache, and a later read maps them again at a
 * minor fault's cost. Checked after each write, from /proc/self/status
 * (where there is no /proc, nothing is dropped).
 */
const MAPPED_BUDGET_BYTES = 128 * 2 ** 20;

/** The process's resident file-backed memory in bytes (RssFile), or undefined without /proc. */
function residentFileBytes(): number | undefined {
  try {
    const kilobytes = /RssFile:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "latin1"))?.[1];
    return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
  } catch {
    return undefined;
  }
}

function openDatabase(file: string): RootDatabase<Buffer, string> {
  return open<Buffer, string>({
    path: file,
    encoding: "binary",
    overlappingSync: false,
    pageSize: PAGE_SIZE,
    mapSize: MAP_BYTES,
    cache: false,
    ...UNTYPED_OPTIONS,
  });
}

/** A write the database refused; nothing of it was stored. */
export class StorageWriteError extends Error {
  constructor(
    readonly dir: string,
    readonly cause: unknown,
  ) {
    super(`the chain database in ${dir} refused a write: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** Puts (a value) and deletes (undefined) that become visible and durable together. */
export type WriteBatch = Map<string, unknown>;

export class ChainStore {
  /**
   * Test hook, run inside every write transaction before it commits: a hook
   * that throws (as ENOSPC would) aborts the transaction like a failed commit.
   */
  beforeCommit: (() => void) | undefined;
  private db: RootDatabase<Buffer, string>;
  /** RssFile when the map was made: what lies above it is (mostly) the map's pages. */
  private residentAtMap: number | undefined;

  private constructor(
    readonly dir: string,
    private readonly mappedBudgetBytes: number,
  ) {
    this.db = openDatabase(path.join(dir, DATABASE_FILE));
    this.residentAtMap = residentFileBytes();
  }

  /**
   * Opens (or creates) the database in `dir`; throws when its file is not a
   * readable LMDB database. `mappedBudgetBytes` (tests) replaces MAPPED_BUDGET_BYTES.
   */
  static open(dir: string, options: { mappedBudgetBytes?: number } = {}): ChainStore {
    fs.mkdirSync(dir, { recursive: true });
    checkMetaPages(path.join(dir, DATABASE_FILE));
    return new ChainStore(dir, options.mappedBudgetBytes ?? MAPPED_BUDGET_BYTES);
  }

  get<T>(key: string): T | undefined {
    const bytes = this.db.getBinary(key);
    return bytes === undefined ? undefined : unseal<T>(key, bytes);
  }

  has(key: string): boolean {
    return this.db.doesExist(key);
  }

  /** Records whose key starts with `prefix` (from `start` when given), in key order. */
  *range<T>(prefix: string, options: { start?: string; limit?: number } = {}): Generator<[string, T]> {
    const entries = this.db.getRange({ start: options.start ?? prefix, end: `${prefix}\uffff`, limit: options.limit });
    for (const { key, value } of entries) yield [key, unseal<T>(key, value)];
  }

  /** Commits `batch` as one durable transaction, or throws StorageWriteError having stored none of it. */
  write(batch: WriteBatch): void {
    try {
      this.db.transactionSync(() => {
        for (const [key, value] of batch) {
          if (value === undefined) this.db.remove(key);
          else this.db.put(key, seal(value));
        }
        this.beforeCommit?.();
      });
    } catch (error) {
      throw new StorageWriteError(this.dir, error);
    }
    this.boundMappedPages();
  }

  /** Drops and remakes the map once more than the budget of the file is mapped in (see MAPPED_BUDGET_BYTES). */
  private boundMappedPages(): void {
    if (this.residentAtMap === undefined) return;
    const resident = residentFileBytes();
    if (resident === undefined || resident - this.residentAtMap <= this.mappedBudgetBytes) return;
    this.db.close();
    this.db = openDatabase(path.join(this.dir, DATABASE_FILE));
    this.residentAtMap = residentFileBytes();
  }

  close(): void {
    this.db.close();
  }
}
