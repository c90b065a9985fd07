/**
 * The toolchain's memcpy/memmove/memset/memcmp (packages/toolchain/c/near_memory.c),
 * run in this VM: compiled with the toolchain's clang and flags next to a C
 * checker (fixtures/memory-check.c), finalized for NEAR like a contract, and
 * checked exhaustively at every offset within a word and every length up to
 * 80, then priced: one 4 KiB copy or fill must cost under one wasm
 * instruction per byte (the lowered bulk-memory byte loops cost over ten).
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OPTIMIZE_FLAG, TARGET_FLAGS, runClang, takeFile } from "../../toolchain/src/clang.ts";
import { MEMORY_UNIT_FLAGS } from "../../toolchain/src/engine.ts";
import { finalizeForNear } from "../../toolchain/src/finalize.ts";
import { inspectWasm } from "../../toolchain/src/inspect.ts";
import { OWN_C_DIR } from "../../toolchain/src/sources.ts";
import { WASM_CONFIG } from "../src/vm/runtime-parameters.ts";
import { defaultContext } from "../src/vm/context.ts";
import { runContract } from "../src/vm/runner.ts";
import { MapStorage } from "../src/vm/storage.ts";
import { callMethod } from "./helpers.ts";

const CHECKER = join(import.meta.dirname, "fixtures", "memory-check.c");
const CHECKS = ["check_memcpy", "check_memmove", "check_memset", "check_memcmp"];
const EXPORTS = [...CHECKS, "copy_4096", "fill_4096", "nothing"];
/** Length ranges per call, so that no call needs more than the prepaid gas. */
const LENGTH_RANGES = [
  [0, 24],
  [25, 48],
  [49, 64],
  [65, 80],
];

async function buildChecker(): Promise<Uint8Array> {
  const files = {
    "near_memory.c": readFileSync(join(OWN_C_DIR, "near_memory.c"), "utf8"),
    "memory-check.c": readFileSync(CHECKER, "utf8"),
  };
  const args = [
    ...TARGET_FLAGS,
    OPTIMIZE_FLAG,
    ...MEMORY_UNIT_FLAGS,
    "-nostdlib",
    "near_memory.c",
    "memory-check.c",
    "-Wl,--no-entry",
    "-Wl,--allow-undefined",
    ...EXPORTS.map((name) => `-Wl,--export=${name}`),
    "-o",
    "checker.wasm",
  ];
  const linked = takeFile(await runClang("memory checker", args, files, CHECKER), "checker.wasm");
  return finalizeForNear(linked, { optimize: true }, CHECKER);
}

const checker = buildChecker();

function instructions(method: string, code: Uint8Array): bigint {
  const outcome = callMethod(code, method, undefined);
  if (outcome.error) throw new Error(`${method}: ${outcome.error.message}`);
  const gas = outcome.gasProfile.find((entry) => entry.cost === "WASM_INSTRUCTION")?.gas_used ?? "0";
  return BigInt(gas) / WASM_CONFIG.wasm_regular_op_cost;
}

test("the checker is MVP wasm: no bulk-memory instructions", async (t) => {
  t.is(inspectWasm(await checker).featureError, undefined);
});

for (const method of CHECKS) {
  for (const [first, last] of LENGTH_RANGES) {
    test(`${method.slice("check_".length)} agrees with a byte loop at every offset, lengths ${first}..${last}`, async (t) => {
      const outcome = runContract({
        code: await checker,
        method,
        context: defaultContext({ input: Uint8Array.of(first, last) }),
        storage: new MapStorage(),
      });
      t.is(outcome.error, undefined, outcome.error?.message);
      t.is(outcome.returnData.kind === "Value" && Buffer.from(outcome.returnData.data).toString(), "ok");
    });
  }
}

test("a 4 KiB memcpy or memset costs under one wasm instruction per byte", async (t) => {
  const code = await checker;
  const baseline = instructions("nothing", code);
  const copy = instructions("copy_4096", code) - baseline;
  const fill = instructions("fill_4096", code) - baseline;
  t.log(`4096 bytes: memcpy ${copy} instructions, memset ${fill}`);
  t.true(copy < 4096n, `memcpy: ${copy}`);
  t.true(fill < 4096n, `memset: ${fill}`);
});
