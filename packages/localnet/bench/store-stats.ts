/**
 * What a home's database holds, by record kind: count, key bytes and value
 * bytes per key prefix (state and history items also by item kind, "s:a",
 * "h:k", …), with LMDB's page counts and the file size. It answers where
 * the bytes per transaction go; bench/history.ts reports it after growing a
 * home. Reads the database through lmdb-js read-only, so it may run beside
 * a live node (LMDB readers do not block its writer).
 *
 *   node --import tsx packages/localnet/bench/store-stats.ts --home HOME
 * Prints one line per kind, the last line JSON.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { open } from "lmdb";
import { DATABASE_FILE } from "../src/store/store.ts";

export interface KindStats {
  count: number;
  key_bytes: number;
  value_bytes: number;
}

export interface StoreStats {
  file_bytes: number;
  /** LMDB's pages in use (branch, leaf and overflow) and their size. */
  used_pages: number;
  page_size: number;
  kinds: Record<string, KindStats>;
}

/** "s:a", "h:d", "b", "bh", "t@", "m", …: the prefix, and for state and history the item's kind too. */
function kindOf(key: string): string {
  const at = key.indexOf("@");
  if (at >= 0 && at < key.indexOf(":")) return key.slice(0, at + 1);
  const colon = key.indexOf(":");
  if (colon < 0) return key;
  const prefix = key.slice(0, colon);
  return prefix === "s" || prefix === "h" ? key.slice(0, colon + 2) : prefix;
}

export function storeStats(dataDir: string): StoreStats {
  const file = path.join(dataDir, DATABASE_FILE);
  const db = open<Buffer, string>({ path: file, encoding: "binary", readOnly: true, cache: false });
  try {
    const kinds: Record<string, KindStats> = {};
    for (const { key, value } of db.getRange({})) {
      const kind = kindOf(key);
      kinds[kind] ??= { count: 0, key_bytes: 0, value_bytes: 0 };
      const stats = kinds[kind];
      stats.count++;
      stats.key_bytes += Buffer.byteLength(key);
      stats.value_bytes += value.length;
    }
    const lmdbStats = db.getStats() as Record<string, number>;
    return {
      file_bytes: fs.statSync(file).size,
      used_pages: lmdbStats.treeBranchPageCount + lmdbStats.treeLeafPageCount + lmdbStats.overflowPages,
      page_size: lmdbStats.pageSize,
      kinds: Object.fromEntries(Object.entries(kinds).sort(([, a], [, b]) => b.value_bytes - a.value_bytes)),
    };
  } finally {
    db.close();
  }
}

export function printStoreStats(stats: StoreStats, transactions?: number): void {
  const per = (bytes: number) => (transactions ? ` (${Math.round(bytes / transactions)} B/tx)` : "");
  console.log(
    `database: ${(stats.file_bytes / 2 ** 20).toFixed(1)} MiB file${per(stats.file_bytes)}, ${stats.used_pages} pages of ${stats.page_size} B in use${per(stats.used_pages * stats.page_size)}`,
  );
  for (const [kind, { count, key_bytes, value_bytes }] of Object.entries(stats.kinds))
    console.log(
      `  ${kind.padEnd(4)} ${String(count).padStart(9)} records, keys ${key_bytes} B, values ${value_bytes} B`,
    );
}

function main(): number {
  let home: string | undefined;
  try {
    ({
      values: { home },
    } = parseArgs({ args: process.argv.slice(2), strict: true, options: { home: { type: "string" } } }));
    if (!home) throw new Error("--home is required");
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: store-stats.ts --home HOME`);
    return 2;
  }
  const stats = storeStats(path.join(home, "data"));
  printStoreStats(stats);
  console.log(JSON.stringify(stats));
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = main();
