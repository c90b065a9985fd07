import test from "ava";
import { join } from "node:path";
import { BuildError, buildContracts } from "../src/index.ts";
import { INVALID, runCli, tempDir } from "./helpers.ts";

function target(file: string) {
  return { name: file.replace(/\.ts$/, ""), entry: join(INVALID, file), output: join(tempDir("invalid"), "out.wasm") };
}

async function buildError(file: string): Promise<BuildError> {
  try {
    await buildContracts([target(file)], { cacheDir: tempDir("cache") });
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  }
  throw new Error(`${file} built, but it should have been rejected`);
}

test("a type error names the file, line and message", async (t) => {
  const error = await buildError("type-error.ts");
  t.is(error.step, "type checking");
  t.regex(error.message, /type-error\.ts:7:\d+ - Type 'string' is not assignable to type 'number'/);
});

test("a contract without a @NearBindgen class is rejected", async (t) => {
  const error = await buildError("no-bindgen.ts");
  t.regex(error.message, /no-bindgen\.ts has no @NearBindgen class/);
});

test("a field neither initialised nor assigned in the constructor is rejected", async (t) => {
  const error = await buildError("uninitialized.ts");
  t.regex(error.message, /fields owner need an initializer/);
});

test("an import that cannot be bundled is rejected", async (t) => {
  const error = await buildError("foreign-import.ts");
  t.is(error.step, "bundling");
  t.regex(error.message, /unsupported import "node:fs"/);
});

test("the CLI reports a failure as one message and exits non-zero", (t) => {
  const run = runCli([join(INVALID, "type-error.ts"), "--out", join(tempDir("cli"), "x.wasm")]);
  t.is(run.status, 1);
  t.regex(run.stderr, /^type checking failed for .*type-error\.ts:\n/);
  t.is(run.stdout, "");
});

test("the CLI rejects bad arguments with its usage", (t) => {
  const run = runCli([]);
  t.is(run.status, 1);
  t.regex(run.stderr, /usage:/);
});
