import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildContracts, discoverContracts, inspectWasm, NEAR_HOST_FUNCTIONS, type BuildResult } from "../src/index.ts";
import { FIXTURES, runCli, tempDir } from "./helpers.ts";

const EXPECTED_METHODS: Record<string, string[]> = {
  minimal: ["ping"],
  "status-message": ["set_status", "get_status", "get_updates"],
};

let first: BuildResult[];
let firstCache: string;

test.before(async () => {
  firstCache = tempDir("cache-a");
  first = await buildContracts(discoverContracts(FIXTURES, tempDir("out-a")), { cacheDir: firstCache });
});

test("builds every fixture contract", (t) => {
  t.deepEqual(first.map((r) => r.name).sort(), Object.keys(EXPECTED_METHODS).sort());
});

for (const [name, methods] of Object.entries(EXPECTED_METHODS)) {
  test(`${name}: imports only NEAR host functions from env`, (t) => {
    const wasm = readFileSync(first.find((r) => r.name === name)!.output);
    const { imports } = inspectWasm(wasm);
    t.true(imports.length > 0);
    for (const imported of imports) {
      t.is(imported.module, "env", `${imported.module}.${imported.name}`);
      t.truthy(NEAR_HOST_FUNCTIONS[imported.name], imported.name);
    }
  });

  test(`${name}: exports memory and exactly one function per contract method`, (t) => {
    const wasm = readFileSync(first.find((r) => r.name === name)!.output);
    const found = inspectWasm(wasm);
    t.true(found.exportsMemory);
    t.deepEqual([...found.exportedFunctions].sort(), [...methods].sort());
    t.is(found.featureError, undefined);
  });
}

test("writes near-sdk-js's ABI beside each wasm, one function per method", (t) => {
  for (const result of first) {
    t.is(result.abi, result.output.replace(/\.wasm$/, ".abi.json"));
    const abi = JSON.parse(readFileSync(result.abi!, "utf8"));
    t.is(abi.schema_version, "0.3.0");
    const functions = abi.body.functions.map((f: { name: string; kind: string }) => f.name);
    t.deepEqual(functions.sort(), [...EXPECTED_METHODS[result.name]].sort());
  }
  const statusMessage = JSON.parse(readFileSync(first.find((r) => r.name === "status-message")!.abi!, "utf8"));
  const getStatus = statusMessage.body.functions.find((f: { name: string }) => f.name === "get_status");
  t.is(getStatus.kind, "view");
  t.deepEqual(getStatus.params.args, [{ name: "account_id", type_schema: { type: "string" } }]);
});

test("reports size and sha256 of the wasm it wrote", (t) => {
  for (const result of first) {
    const wasm = readFileSync(result.output);
    t.is(result.size, wasm.length);
    t.regex(result.sha256, /^[0-9a-f]{64}$/);
  }
});

// The plain code (what the snapshot starts from) catches a bloated runtime; the
// pre-initialised module adds the captured heap and must stay well under NEAR's 4 MiB.
test("the minimal contract stays under 600 KB plain and 1 MiB pre-initialised", (t) => {
  const minimal = first.find((r) => r.name === "minimal")!;
  t.true(minimal.preinitialised, "the default build pre-initialises");
  t.true(minimal.sizeBeforeSnapshot! <= 600_000, `${minimal.sizeBeforeSnapshot} bytes plain`);
  t.true(minimal.size <= 1_048_576, `${minimal.size} bytes pre-initialised`);
});

test("two builds from empty caches give byte-identical wasm", async (t) => {
  const second = await buildContracts(discoverContracts(FIXTURES, tempDir("out-b")), { cacheDir: tempDir("cache-b") });
  t.deepEqual(
    second.map((r) => [r.name, r.sha256]),
    first.map((r) => [r.name, r.sha256]),
  );
});

test("a rebuild from the warm cache gives the same wasm", async (t) => {
  const again = await buildContracts(discoverContracts(FIXTURES, tempDir("out-c")), { cacheDir: firstCache });
  t.deepEqual(
    again.map((r) => r.sha256),
    first.map((r) => r.sha256),
  );
});

test("the CLI builds one entry to a chosen path and prints its size and sha256", (t) => {
  const output = join(tempDir("cli"), "ping.wasm");
  const run = runCli([join(FIXTURES, "minimal.ts"), "--out", output], { NEAR_TS_TOOLCHAIN_CACHE: firstCache });
  t.is(run.status, 0, run.stderr);
  const minimal = first.find((r) => r.name === "minimal")!;
  t.true(run.stdout.includes(`${minimal.size} bytes`), run.stdout);
  t.true(run.stdout.includes(`sha256 ${minimal.sha256}`), run.stdout);
  t.deepEqual(readFileSync(output), readFileSync(minimal.output));
});
