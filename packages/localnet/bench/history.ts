/**
 * History benchmark of the local node (issue 18): a home grows to N
 * transactions (100,000 by default) through the node's own RPC, many
 * senders at once, as a busy suite would grow it. Measures what must not
 * depend on the length of the history: the p99 latency of a transfer
 * (broadcast_tx_commit, one sender) at the start and at the end, the node's
 * RSS after the N transactions (with its split into anonymous memory, the
 * node's own, and file pages, the database's memory map), the database's
 * size per transaction and by record kind (bench/store-stats.ts), and the
 * time from spawning the node on the grown home to its first answer (restart).
 *
 *   node --import tsx packages/localnet/bench/history.ts [--transactions N] [--senders S] [--keep-home DIR]
 * Prints one line per figure, the last line JSON; bench/localnet.ts calls
 * measureHistory().
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { KeyPair, SignedTransaction, Signature, actions, createTransaction } from "near-api-js";
import { sha256 } from "@noble/hashes/sha2.js";
import { fromBase58 } from "../src/chain/encoding.ts";
import { initSandboxHome, type SandboxProcess, startSandbox } from "../src/process.ts";
import { isExecuted, loadAverage } from "./concurrency.ts";
import { printStoreStats, type StoreStats, storeStats } from "./store-stats.ts";

const NEAR = 10n ** 24n;
const LATENCY_SAMPLES = 200;

type Rpc = SandboxProcess["rpc"];

export interface HistoryFigures {
  history_transactions: number;
  history_senders: number;
  history_generation_s: number;
  history_tx_per_second: number;
  p99_start_ms: number;
  p99_end_ms: number;
  /** VmRSS: the target's figure. */
  rss_after_history_mb: number;
  /** Of which anonymous pages (RssAnon: the node's heap, stacks and native allocations). */
  rss_anon_after_history_mb: number;
  /** Of which file pages (RssFile: the database's memory map and the loaded code; the OS can drop them). */
  rss_file_after_history_mb: number;
  database_mb: number;
  database_bytes_per_transaction: number;
  restart_ms: number;
}

interface Sender {
  accountId: string;
  key: KeyPair;
  nonce: bigint;
}

/** Funded accounts with a full-access key each, in one sandbox_patch_state. */
async function createSenders(rpc: Rpc, count: number): Promise<Sender[]> {
  const senders = Array.from({ length: count }, (_, index) => ({
    accountId: `history${index}.test.near`,
    key: KeyPair.fromRandom("ed25519"),
    nonce: 0n,
  }));
  const records = senders.flatMap(({ accountId, key }) => [
    {
      Account: {
        account_id: accountId,
        account: {
          amount: (1_000n * NEAR).toString(),
          locked: "0",
          code_hash: "11111111111111111111111111111111",
          storage_usage: 182,
        },
      },
    },
    {
      AccessKey: {
        account_id: accountId,
        public_key: key.getPublicKey().toString(),
        access_key: { nonce: 0, permission: "FullAccess" },
      },
    },
  ]);
  const reply = await rpc("sandbox_patch_state", { records });
  if (reply.error) throw new Error(`sandbox_patch_state: ${JSON.stringify(reply.error)}`);
  return senders;
}

function signedTransfer(sender: Sender, blockHash: Uint8Array): string {
  sender.nonce += 1n;
  const publicKey = sender.key.getPublicKey();
  const tx = createTransaction(
    sender.accountId,
    publicKey,
    "test.near",
    sender.nonce,
    [actions.transfer(1n)],
    blockHash,
  );
  const signature = new Signature({ keyType: publicKey.keyType, data: sender.key.sign(sha256(tx.encode())).signature });
  return Buffer.from(new SignedTransaction({ transaction: tx, signature }).encode()).toString("base64");
}

async function finalHash(rpc: Rpc): Promise<Uint8Array> {
  return fromBase58((await rpc("block", { finality: "final" })).result.header.hash);
}

async function commit(rpc: Rpc, signed: string): Promise<void> {
  const reply = await rpc("broadcast_tx_commit", [signed]);
  if (!isExecuted(reply.result?.final_execution_status))
    throw new Error(`transfer not executed: ${JSON.stringify(reply)}`);
}

/** p99 of LATENCY_SAMPLES sequential transfers from one sender, in ms. */
async function p99Latency(rpc: Rpc, sender: Sender): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    const signed = signedTransfer(sender, await finalHash(rpc));
    const started = performance.now();
    await commit(rpc, signed);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.min(samples.length - 1, Math.floor(samples.length * 0.99))];
}

/** The process's resident memory in MB (`VmRSS`) and its anonymous and file-backed parts. */
function rssMb(pid: number): { total: number; anon: number; file: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const mb = (field: string) =>
    Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) / 1024);
  return { total: mb("VmRSS"), anon: mb("RssAnon"), file: mb("RssFile") };
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Grows a home and measures it. With `keepHome` the home is made there and
 * left for inspection (bench/store-stats.ts); otherwise in a temporary
 * directory, deleted at the end.
 */
export async function measureHistory(
  options: { transactions?: number; senders?: number; keepHome?: string } = {},
): Promise<HistoryFigures & { store: StoreStats }> {
  const transactions = options.transactions ?? 100_000;
  const senderCount = options.senders ?? 64;
  const home = options.keepHome ?? fs.mkdtempSync(path.join(os.tmpdir(), "localnet-history-"));
  if (options.keepHome && fs.existsSync(path.join(home, "data")))
    throw new Error(`${home} already holds a chain; --keep-home needs a new directory`);
  initSandboxHome(home);
  let node = await startSandbox({ home });
  try {
    const [probe, ...senders] = await createSenders(node.rpc, senderCount + 1);
    const p99Start = await p99Latency(node.rpc, probe);

    const started = performance.now();
    let next = 0;
    let reported = 0;
    await Promise.all(
      senders.map(async (sender) => {
        while (next < transactions) {
          next++;
          // Signed on the newest final block, as near-api-js signs: blocks come fast while many senders wait.
          await commit(node.rpc, signedTransfer(sender, await finalHash(node.rpc)));
          if (next - reported >= 10_000) {
            reported = next;
            console.error(`history: ${next} transactions after ${((performance.now() - started) / 1000).toFixed(0)} s`);
          }
        }
      }),
    );
    const generationS = (performance.now() - started) / 1000;
    const rss = rssMb(node.child.pid!);
    const p99End = await p99Latency(node.rpc, probe);

    await node.stop();
    const store = storeStats(path.join(home, "data"));
    const restartStarted = performance.now();
    node = await startSandbox({ home });
    const restartMs = performance.now() - restartStarted;
    return {
      history_transactions: transactions,
      history_senders: senderCount,
      history_generation_s: round(generationS),
      history_tx_per_second: round(transactions / generationS),
      p99_start_ms: round(p99Start),
      p99_end_ms: round(p99End),
      rss_after_history_mb: rss.total,
      rss_anon_after_history_mb: rss.anon,
      rss_file_after_history_mb: rss.file,
      database_mb: round(store.file_bytes / 2 ** 20),
      database_bytes_per_transaction: Math.round(store.file_bytes / transactions),
      restart_ms: Math.round(restartMs),
      store,
    };
  } finally {
    await node.stop();
    if (!options.keepHome) fs.rmSync(home, { recursive: true, force: true });
  }
}

/** The targets for these figures. */
export function historyTargetsMet(figures: HistoryFigures): boolean {
  return (
    figures.restart_ms <= 2_000 && figures.rss_after_history_mb <= 400 && figures.p99_end_ms <= 2 * figures.p99_start_ms
  );
}

export function printHistory(figures: HistoryFigures & { store: StoreStats }): void {
  console.log(
    `history: ${figures.history_transactions} transfers from ${figures.history_senders} senders in ${figures.history_generation_s} s (${figures.history_tx_per_second} tx/s)`,
  );
  console.log(`transfer p99: ${figures.p99_start_ms} ms at the start, ${figures.p99_end_ms} ms at the end`);
  console.log(
    `node RSS after the history: ${figures.rss_after_history_mb} MB (anonymous ${figures.rss_anon_after_history_mb} MB, file ${figures.rss_file_after_history_mb} MB); restart on it: ${figures.restart_ms} ms`,
  );
  printStoreStats(figures.store, figures.history_transactions);
}

async function main(): Promise<number> {
  let values: { transactions?: string; senders?: string; "keep-home"?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: { transactions: { type: "string" }, senders: { type: "string" }, "keep-home": { type: "string" } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: history.ts [--transactions N] [--senders S] [--keep-home DIR]`);
    return 2;
  }
  const transactions = Number(values.transactions ?? 100_000);
  const senders = Number(values.senders ?? 64);
  if (!Number.isInteger(transactions) || transactions < 1 || !Number.isInteger(senders) || senders < 1) {
    console.error("usage: history.ts [--transactions N] [--senders S] (positive whole numbers)");
    return 2;
  }
  const loadAtStart = loadAverage();
  const figures = await measureHistory({ transactions, senders, keepHome: values["keep-home"] });
  printHistory(figures);
  console.log(`load average: ${loadAverage().join(", ")} (at the start: ${loadAtStart.join(", ")})`);
  const { store, ...numbers } = figures;
  console.log(
    JSON.stringify({
      ...numbers,
      store_kinds: store.kinds,
      load_average_start: loadAtStart,
      load_average_end: loadAverage(),
      targets_met: historyTargetsMet(figures),
    }),
  );
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = await main();
