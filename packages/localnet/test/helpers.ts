import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildContracts } from "@modelfund/near-toolchain";
import { fixtureEntry } from "./fixture-entry.ts";
import { defaultContext, type VMContext } from "../src/vm/context.ts";
import { runContract, type RunRequest, type VMOutcome } from "../src/vm/runner.ts";
import { MapStorage } from "../src/vm/storage.ts";

const built = new Map<string, Promise<Uint8Array>>();

/**
 * A fixture contract (test/fixtures/<name>.ts here or in the toolchain),
 * built by our toolchain once per test process; the toolchain's content
 * cache makes a rebuild of unchanged sources cheap.
 */
export function fixtureWasm(name: string): Promise<Uint8Array> {
  let wasm = built.get(name);
  if (!wasm) {
    const entry = fixtureEntry(name);
    const output = join(tmpdir(), `near-localnet-fixture-${process.pid}-${name}.wasm`);
    wasm = buildContracts([{ name, entry, output }], { abi: false }).then(() => readFileSync(output));
    built.set(name, wasm);
  }
  return wasm;
}

/** Runs a method of `code` with JSON arguments; everything else from the default context unless overridden. */
export function callMethod(
  code: Uint8Array,
  method: string,
  args: unknown,
  context: Partial<VMContext> = {},
  extra: Partial<Omit<RunRequest, "code" | "method" | "context">> = {},
): VMOutcome {
  return runContract({
    code,
    method,
    context: defaultContext({ input: Buffer.from(args === undefined ? "" : JSON.stringify(args)), ...context }),
    storage: extra.storage ?? new MapStorage(),
    ...extra,
  });
}

/** The JSON a call returned. */
export function returnedJson(outcome: VMOutcome): unknown {
  if (outcome.error) throw new Error(`call failed: ${outcome.error.message}`);
  if (outcome.returnData.kind !== "Value") throw new Error(`call returned ${outcome.returnData.kind}`);
  return JSON.parse(Buffer.from(outcome.returnData.data).toString("utf8"));
}

export const hex = (bytes: Uint8Array | string) => ({ hex: Buffer.from(bytes).toString("hex") });
export const u64 = (value: bigint | number) => ({ u64: value.toString() });
