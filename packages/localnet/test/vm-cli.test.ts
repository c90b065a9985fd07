import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fixtureWasm } from "./helpers.ts";

const VM_BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "vm.js");

async function runVm(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "vm-cli-"));
  const wasm = join(dir, "probe.wasm");
  writeFileSync(wasm, await fixtureWasm("host-probe"));
  const result = spawnSync(process.execPath, [VM_BIN, "--wasm", wasm, ...args], { encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, dir };
}

test("prints the outcome as one JSON object with neard's gas profile", async (t) => {
  const { status, stdout } = await runVm(["--method", "ping", "--args", "{}"]);
  t.is(status, 0);
  const outcome = JSON.parse(stdout);
  t.is(Buffer.from(outcome.return_data, "base64").toString(), '"pong"');
  t.regex(outcome.gas_burnt, /^[1-9][0-9]+$/);
  t.deepEqual(outcome.logs, []);
  const total = outcome.gas_profile.reduce(
    (sum: bigint, entry: { gas_used: string }) => sum + BigInt(entry.gas_used),
    0n,
  );
  t.is(total.toString(), outcome.gas_burnt);
  t.true(outcome.gas_profile.some((entry: { cost: string }) => entry.cost === "WASM_INSTRUCTION"));
});

test("takes a context and a state file, and exits 1 with the error of a failed call", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "vm-cli-ctx-"));
  const context = join(dir, "context.json");
  const state = join(dir, "state.json");
  // 0.1 TGas: below even the pre-initialised `ping` (0.82 TGas), so the call runs out of gas on either build.
  writeFileSync(context, JSON.stringify({ currentAccountId: "probe.near", prepaidGas: "100000000000" }));
  writeFileSync(state, JSON.stringify({ [Buffer.from("k").toString("base64")]: Buffer.from("v").toString("base64") }));
  const { status, stdout } = await runVm(["--method", "ping", "--context", context, "--state", state]);
  t.is(status, 1);
  const outcome = JSON.parse(stdout);
  t.is(outcome.error.HostError, "GasExceeded");
  t.is(outcome.gas_burnt, "100000000000");
});

test("usage errors exit 2", async (t) => {
  const { status, stderr } = await runVm([]);
  t.is(status, 2);
  t.regex(stderr, /usage: vm --wasm FILE --method NAME/);
});
