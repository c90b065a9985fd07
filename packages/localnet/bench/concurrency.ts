/**
 * Concurrency benchmark of the local node (issue 18): many senders, each
 * with its own key, send transfers back to back for a while, the way a
 * client does it (read a final block hash, sign, broadcast_tx_commit); then
 * every sender broadcasts a few transactions without waiting
 * (broadcast_tx_async) and each is looked up until final. Counts what must
 * stay zero: `Expired`, other errors, async transactions dropped. One
 * sequential sender gives the single-sender median.
 *
 * Run alone (the node as a child process, as near-workspaces runs it):
 *   node --import tsx packages/localnet/bench/concurrency.ts [--senders 64] [--seconds 30]
 * Prints one line per figure, the last line JSON. bench/localnet.ts calls
 * measureConcurrency() with a running node's URL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { KeyPair, KeyPairSigner, type KeyPairString, actions, createTransaction } from "near-api-js";
import { fromBase58 } from "../src/chain/encoding.ts";
import { initSandboxHome, startSandbox } from "../src/process.ts";

const NEAR = 10n ** 24n;
const ZERO_HASH = "11111111111111111111111111111111";

type Rpc = (method: string, params: unknown) => Promise<{ result?: any; error?: any }>;

export interface ConcurrencyFigures {
  senders: number;
  seconds: number;
  transactions: number;
  tx_per_second: number;
  p50_ms: number;
  p99_ms: number;
  expired: number;
  other_errors: number;
  async_sent: number;
  async_dropped: number;
  single_sender_median_ms: number;
}

function rpcAt(url: string): Rpc {
  let id = 0;
  return async (method, params) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    return (await response.json()) as { result?: any; error?: any };
  };
}

interface Sender {
  accountId: string;
  signer: KeyPairSigner;
  publicKey: ReturnType<KeyPair["getPublicKey"]>;
  nonce: bigint;
}

/** `count` funded accounts with a full-access key each, written by one sandbox_patch_state. */
export async function fundSenders(rpc: Rpc, count: number, prefix = "load"): Promise<Sender[]> {
  const senders: Sender[] = [];
  const records: unknown[] = [];
  for (let index = 0; index < count; index++) {
    const keyPair = KeyPair.fromRandom("ed25519");
    const accountId = `${prefix}${index}.test.near`;
    const publicKey = keyPair.getPublicKey();
    records.push(
      {
        Account: {
          account_id: accountId,
          account: { amount: (100n * NEAR).toString(), locked: "0", code_hash: ZERO_HASH, storage_usage: 182 },
        },
      },
      {
        AccessKey: {
          account_id: accountId,
          public_key: publicKey.toString(),
          access_key: { nonce: 0, permission: "FullAccess" },
        },
      },
    );
    senders.push({ accountId, signer: new KeyPairSigner(keyPair), publicKey, nonce: 0n });
  }
  const reply = await rpc("sandbox_patch_state", { records });
  if (reply.error) throw new Error(`sandbox_patch_state: ${JSON.stringify(reply.error)}`);
  return senders;
}

/** A signed 1-yocto transfer to test.near with the sender's next nonce, on the current final block (as near-api-js signs). */
export async function signedTransfer(rpc: Rpc, sender: Sender): Promise<string> {
  const block = await rpc("block", { finality: "final" });
  sender.nonce += 1n;
  const tx = createTransaction(
    sender.accountId,
    sender.publicKey,
    "test.near",
    sender.nonce,
    [actions.transfer(1n)],
    fromBase58(block.result.header.hash),
  );
  const { signedTransaction } = await sender.signer.signTransaction(tx);
  return Buffer.from(signedTransaction.encode()).toString("base64");
}

function percentile(sorted: number[], fraction: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

const round = (value: number) => Math.round(value * 10) / 10;

/** What broadcast_tx_commit answers once every receipt ran (neard's EXECUTED_OPTIMISTIC; later levels if final by then). */
export function isExecuted(status: unknown): boolean {
  return status === "EXECUTED_OPTIMISTIC" || status === "EXECUTED" || status === "FINAL";
}

/** Whether an error reply is neard's InvalidTxError `Expired`. */
export function isExpired(error: unknown): boolean {
  return JSON.stringify(error ?? null).includes('"Expired"');
}

/** Runs the load against the node at `url` and returns the figures. */
export async function measureConcurrency(
  url: string,
  options: { senders?: number; seconds?: number } = {},
): Promise<ConcurrencyFigures> {
  const rpc = rpcAt(url);
  const count = options.senders ?? 64;
  const seconds = options.seconds ?? 30;
  const senders = await fundSenders(rpc, count);

  const latencies: number[] = [];
  let expired = 0;
  let otherErrors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    senders.map(async (sender) => {
      while (performance.now() < deadline) {
        const sentAt = performance.now();
        const reply = await rpc("broadcast_tx_commit", [await signedTransfer(rpc, sender)]);
        if (reply.error) {
          if (isExpired(reply.error)) expired++;
          else otherErrors++;
          // The nonce was not used: the next transaction takes it again.
          sender.nonce -= 1n;
          continue;
        }
        if (!isExecuted(reply.result.final_execution_status)) otherErrors++;
        latencies.push(performance.now() - sentAt);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;

  // Every sender broadcasts three transactions without waiting; each must become final.
  const hashes: Array<{ hash: string; sender: string }> = [];
  await Promise.all(
    senders.map(async (sender) => {
      for (let i = 0; i < 3; i++) {
        const reply = await rpc("broadcast_tx_async", [await signedTransfer(rpc, sender)]);
        if (typeof reply.result === "string") hashes.push({ hash: reply.result, sender: sender.accountId });
        else otherErrors++;
      }
    }),
  );
  let dropped = 0;
  await Promise.all(
    hashes.map(async ({ hash, sender }) => {
      const status = await rpc("tx", { tx_hash: hash, sender_account_id: sender, wait_until: "FINAL" });
      if (status.result?.final_execution_status !== "FINAL") dropped++;
    }),
  );

  const single = await measureSingleSender(url);
  otherErrors += single.errors;

  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    senders: count,
    seconds,
    transactions: latencies.length,
    tx_per_second: round(latencies.length / elapsed),
    p50_ms: round(percentile(sorted, 0.5)),
    p99_ms: round(percentile(sorted, 0.99)),
    expired,
    other_errors: otherErrors,
    async_sent: senders.length * 3,
    async_dropped: dropped + (senders.length * 3 - hashes.length),
    single_sender_median_ms: single.median_ms,
  };
}

/** One sender alone, 30 transfers one after the other: the latency a sequential test sees. */
export async function measureSingleSender(url: string): Promise<{ median_ms: number; errors: number }> {
  const rpc = rpcAt(url);
  const [single] = await fundSenders(rpc, 1, "single");
  const sequential: number[] = [];
  let errors = 0;
  for (let i = 0; i < 30; i++) {
    const sentAt = performance.now();
    const reply = await rpc("broadcast_tx_commit", [await signedTransfer(rpc, single)]);
    if (reply.error) errors++;
    sequential.push(performance.now() - sentAt);
  }
  return {
    median_ms: round(
      percentile(
        [...sequential].sort((a, b) => a - b),
        0.5,
      ),
    ),
    errors,
  };
}

/** The 1-, 5- and 15-minute load averages, to two decimals: figures measured on a busy machine are not idle figures. */
export function loadAverage(): number[] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}

/** The targets for these figures. */
export function concurrencyTargetsMet(figures: ConcurrencyFigures): boolean {
  return (
    figures.expired === 0 &&
    figures.other_errors === 0 &&
    figures.async_dropped === 0 &&
    figures.tx_per_second >= 150 &&
    figures.p99_ms <= 1000 &&
    figures.single_sender_median_ms <= 30
  );
}

async function main(): Promise<number> {
  let values: { senders?: string; seconds?: string };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      options: { senders: { type: "string" }, seconds: { type: "string" } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: concurrency.ts [--senders N] [--seconds S]`);
    return 2;
  }
  const senders = Number(values.senders ?? 64);
  const seconds = Number(values.seconds ?? 30);
  if (!Number.isInteger(senders) || senders < 1 || !(seconds > 0)) {
    console.error("usage: concurrency.ts [--senders N] [--seconds S] (positive numbers)");
    return 2;
  }
  const loadAtStart = loadAverage();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-concurrency-"));
  initSandboxHome(home);
  const node = await startSandbox({ home });
  try {
    const figures = await measureConcurrency(node.url, { senders, seconds });
    console.log(
      `${figures.senders} senders for ${figures.seconds} s: ${figures.transactions} transfers, ${figures.tx_per_second} tx/s`,
    );
    console.log(`latency: p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms`);
    console.log(`Expired ${figures.expired}, other errors ${figures.other_errors}`);
    console.log(`broadcast_tx_async: ${figures.async_sent} sent, ${figures.async_dropped} not final`);
    console.log(`single sender: median ${figures.single_sender_median_ms} ms`);
    console.log(`load average: ${loadAverage().join(", ")} (at the start: ${loadAtStart.join(", ")})`);
    console.log(
      JSON.stringify({
        ...figures,
        load_average_start: loadAtStart,
        load_average_end: loadAverage(),
        targets_met: concurrencyTargetsMet(figures),
      }),
    );
  } finally {
    await node.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) process.exitCode = await main();
