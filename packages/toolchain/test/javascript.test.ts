import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BuildError, buildContracts, inspectWasm } from "../src/index.ts";
import { FIXTURES, INVALID, tempDir } from "./helpers.ts";

// near-sdk-js builds a .js contract without type checking (its `tsc --noEmit`
// step is for .ts sources only); so does this toolchain, while still
// requiring a @NearBindgen class.

test("a JavaScript contract builds with type checking on, one export per method", async (t) => {
  const entry = join(FIXTURES, "javascript", "counter.js");
  const [result] = await buildContracts([{ name: "counter", entry, output: join(tempDir("js"), "counter.wasm") }], {
    abi: false,
  });
  t.deepEqual([...result.methods].sort(), ["get_count", "increment"]);
  const found = inspectWasm(readFileSync(result.output));
  t.deepEqual([...found.exportedFunctions].sort(), ["get_count", "increment"]);
  t.is(found.featureError, undefined);
});

test("a JavaScript contract without a @NearBindgen class is rejected by name", async (t) => {
  const entry = join(INVALID, "no-bindgen.js");
  const error = await t.throwsAsync(
    buildContracts([{ name: "no-bindgen", entry, output: join(tempDir("js-invalid"), "out.wasm") }], { abi: false }),
    { instanceOf: BuildError },
  );
  t.is(error?.step, "type checking");
  t.regex(error?.message ?? "", /no-bindgen\.js has no @NearBindgen class/);
});
