/**
 * A pre-initialised build must be the plain build minus the start-up: the
 * same calls on both builds of test/fixtures/snapshot/probe.ts, each build with its
 * own storage carried from call to call, must give the same return values,
 * logs, errors, storage changes and receipts (gas is the one difference, and
 * must drop). Module-level code that reaches the chain cannot be captured:
 * a build error naming the host function, or with the fallback the plain
 * build and a warning.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MapStorage, defaultContext, runContract, type VMContext, type VMOutcome } from "@modelfund/near-localnet";
import { BuildError, buildContracts, inspectWasm, type BuildResult } from "../src/index.ts";
import { FIXTURES, tempDir } from "./helpers.ts";

const PROBES = join(FIXTURES, "snapshot");

interface ProbeCall {
  method: string;
  args: unknown;
  context?: Partial<VMContext>;
  /** A method the module lacks: the call fails before any wasm runs, paying only to load the (larger) code. */
  missing?: boolean;
}

const OK = { status: "Successful" as const, data: Buffer.from('"done"') };

const CALLS: ProbeCall[] = [
  { method: "init", args: { owner: "owner.test.near" } },
  { method: "module_state", args: {}, context: { isView: true } },
  { method: "module_state", args: {}, context: { isView: true } },
  { method: "context", args: {}, context: { isView: true, blockHeight: 77n, predecessorAccountId: "bob.test.near" } },
  { method: "math", args: { a: "340282366920938463463374607431768211455", b: "7" }, context: { isView: true } },
  { method: "record", args: { account: "alice.test.near", amount: "1000000000000000000000000", note: "first" } },
  { method: "record", args: { account: "bob.test.near", amount: "5", note: "ünïcødé ✓" } },
  { method: "record", args: { account: "alice.test.near", amount: "1", note: "second" } },
  { method: "books", args: {}, context: { isView: true } },
  { method: "forget", args: { account: "bob.test.near" } },
  { method: "books", args: {}, context: { isView: true } },
  { method: "fail", args: { how: "throw" } },
  { method: "fail", args: { how: "assert" } },
  { method: "fail", args: { how: "panic" } },
  { method: "record", args: { account: "alice.test.near" } },
  { method: "forward", args: { receiver: "receiver.test.near" }, context: { attachedDeposit: 10n ** 24n } },
  { method: "after_forward", args: {}, context: { predecessorAccountId: "contract.test.near", promiseResults: [OK] } },
  { method: "after_forward", args: {}, context: { predecessorAccountId: "bob.test.near" } },
  { method: "no_such_method", args: {}, missing: true },
];

/** Everything a call did that a caller or the chain can observe, gas aside. */
function observable(outcome: VMOutcome) {
  return {
    returnData:
      outcome.returnData.kind === "Value"
        ? { kind: "Value", text: Buffer.from(outcome.returnData.data).toString("utf8") }
        : outcome.returnData,
    logs: outcome.logs,
    error: outcome.error,
    balance: outcome.balance,
    storageUsage: outcome.storageUsage,
    receipts: outcome.receipts,
    storageChanges: outcome.storageChanges.map(({ key, value }) => ({
      key: Buffer.from(key).toString("hex"),
      value: value === null ? null : Buffer.from(value).toString("hex"),
    })),
  };
}

function runAll(code: Uint8Array): VMOutcome[] {
  const storage = new MapStorage();
  return CALLS.map(({ method, args, context }) => {
    const outcome = runContract({
      code,
      method,
      context: defaultContext({ input: Buffer.from(JSON.stringify(args)), ...context }),
      storage,
    });
    for (const { key, value } of outcome.storageChanges) {
      if (value === null) storage.remove(key);
      else storage.set(key, value);
    }
    return outcome;
  });
}

async function buildProbe(name: string, options: { snapshot: boolean; snapshotFallback?: boolean }) {
  const warnings: string[] = [];
  const [result] = await buildContracts(
    [{ name, entry: join(PROBES, `${name}.ts`), output: join(tempDir("snapshot-out"), `${name}.wasm`) }],
    // The default cache: its engine objects are shared, and each product is keyed by every input, options included.
    { ...options, abi: false, skipTypecheck: true, warn: (line) => warnings.push(line) },
  );
  return { result, warnings, wasm: readFileSync(result.output) };
}

let plain: BuildResult;
let snapshot: BuildResult;
let plainOutcomes: VMOutcome[];
let snapshotOutcomes: VMOutcome[];

test.before(async () => {
  const plainBuild = await buildProbe("probe", { snapshot: false });
  const snapshotBuild = await buildProbe("probe", { snapshot: true });
  plain = plainBuild.result;
  snapshot = snapshotBuild.result;
  plainOutcomes = runAll(plainBuild.wasm);
  snapshotOutcomes = runAll(snapshotBuild.wasm);
});

test("the snapshot build is pre-initialised, exports only the contract's methods and reports its size before", (t) => {
  t.false(plain.preinitialised);
  t.true(snapshot.preinitialised);
  t.is(typeof snapshot.sizeBeforeSnapshot, "number");
  const exported = inspectWasm(readFileSync(snapshot.output));
  t.deepEqual([...exported.exportedFunctions].sort(), [...plain.methods].sort());
  t.true(exported.exportsMemory);
  t.is(exported.featureError, undefined);
});

CALLS.forEach((call, index) => {
  const cheaper = call.missing ? "" : ", for less gas";
  test(`call ${index} (${call.method}): same outcome on the plain and the snapshot build${cheaper}`, (t) => {
    t.deepEqual(observable(snapshotOutcomes[index]), observable(plainOutcomes[index]));
    if (!call.missing) t.true(snapshotOutcomes[index].burntGas < plainOutcomes[index].burntGas);
  });
});

test("the probe's calls did what they say (the comparison compares something)", (t) => {
  const text = (outcome: VMOutcome) =>
    outcome.returnData.kind === "Value" ? Buffer.from(outcome.returnData.data).toString("utf8") : "";
  const state = snapshotOutcomes.slice(1, 3).map((outcome) => JSON.parse(text(outcome)));
  // Each call starts from the module as evaluated, never from a previous call's changes.
  t.is(state[0].calls, 1);
  t.deepEqual(state[1], state[0]);
  t.is(state[0].now, 0);
  t.deepEqual(JSON.parse(text(snapshotOutcomes[4])).parsed, ["key", "340282366920938463463374607431768211455"]);
  t.is(text(snapshotOutcomes[7]), '"1000000000000000000000001"');
  t.true(snapshotOutcomes[11].error?.message.includes("thrown on purpose"));
  t.true(snapshotOutcomes[13].error?.message.includes("panicked on purpose"));
  t.is(snapshotOutcomes[15].receipts.length, 2);
  t.truthy(snapshotOutcomes[17].error);
  t.truthy(snapshotOutcomes[18].error);
});

test("module-level code calling a host function is a build error naming it", async (t) => {
  const error = await t.throwsAsync(buildProbe("host-call", { snapshot: true }), { instanceOf: BuildError });
  t.is(error?.step, "pre-initialisation");
  t.regex(error?.message ?? "", /host-call\.ts:\n.*calls the host function block_timestamp/);
});

test("with the fallback, such a contract is built plain with a warning", async (t) => {
  const { result, warnings, wasm } = await buildProbe("host-call", { snapshot: true, snapshotFallback: true });
  t.false(result.preinitialised);
  t.is(warnings.length, 1);
  t.regex(warnings[0], /^host-call: warning: not pre-initialised, built plain: .*block_timestamp/);
  const storage = new MapStorage();
  const outcome = runContract({ code: wasm, method: "started", context: defaultContext({ isView: true }), storage });
  t.is(Buffer.from((outcome.returnData as { data: Uint8Array }).data).toString("utf8"), '"1700000000000000000"');
});
