/**
 * Benchmark of the local chain through the real near-workspaces 5:
 * Worker.init time, median latency of a contract call, and transfer
 * throughput. Prints one line per figure, then a JSON line of all figures.
 * Targets (issue): Worker.init ≤ 1 s, median call ≤ 50 ms, ≥ 30 tx/s.
 *
 *   npm run bench:localnet   (from the repository root)
 */
import nearWorkspaces from "near-workspaces";
import { fixtureWasm } from "../test/helpers.ts";
import { useLocalSandbox } from "../src/workspaces.ts";

const { Worker } = nearWorkspaces as any;
const NEAR = 10n ** 24n;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

useLocalSandbox();
// near-workspaces echoes every contract log; the figures are what this script prints.
process.env.NEAR_WORKSPACES_NO_LOGS = "1";
const wasm = await fixtureWasm("status-message");

// A first init builds the cached bundle after source changes; not measured.
await (await Worker.init()).tearDown();

const inits: number[] = [];
let worker: any;
for (let i = 0; i < 3; i++) {
  if (worker) await worker.tearDown();
  const start = performance.now();
  worker = await Worker.init();
  inits.push(performance.now() - start);
}
const initMs = median(inits);
console.log(`Worker.init: median ${initMs.toFixed(0)} ms of ${inits.map((x) => x.toFixed(0)).join(", ")}`);

const root = worker.rootAccount;
const contract = await root.createSubAccount("bench", { initialBalance: (50n * NEAR).toString() });
await contract.deploy(wasm);
await root.call(contract, "set_status", { message: "warm-up" });
const calls: number[] = [];
for (let i = 0; i < 30; i++) {
  const start = performance.now();
  await root.call(contract, "set_status", { message: `message ${i}` });
  calls.push(performance.now() - start);
}
const callMs = median(calls);
console.log(`contract call: median ${callMs.toFixed(1)} ms over ${calls.length} calls`);

const senders = await Promise.all(
  [1, 2, 3, 4].map((i) => root.createSubAccount(`sender${i}`, { initialBalance: (10n * NEAR).toString() })),
);
const perSender = 25;
const start = performance.now();
await Promise.all(
  senders.map(async (sender: any) => {
    for (let i = 0; i < perSender; i++) await sender.transfer(root, "1");
  }),
);
const seconds = (performance.now() - start) / 1000;
const txPerSecond = (senders.length * perSender) / seconds;
console.log(`transfers: ${senders.length * perSender} in ${seconds.toFixed(2)} s = ${txPerSecond.toFixed(1)} tx/s`);
await worker.tearDown();

console.log(
  JSON.stringify({
    worker_init_ms: Math.round(initMs),
    median_call_ms: Math.round(callMs * 10) / 10,
    tx_per_second: Math.round(txPerSecond * 10) / 10,
    targets_met: initMs <= 1000 && callMs <= 50 && txPerSecond >= 30,
  }),
);
