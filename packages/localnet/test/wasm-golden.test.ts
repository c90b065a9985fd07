/**
 * Golden outputs of the module rewriter (src/vm/wasm/): every committed
 * input module, rewritten with the limits and gas fees the VM uses by
 * default, must give byte for byte the module recorded in golden.json
 * (sha256 and length), with the same imports, exports and start function.
 * The rewrite decides the gas every contract burns (its parity with
 * nearcore), so a refactoring of it must not change one byte; this test is
 * what proves it.
 *
 * The inputs are committed (gzipped wasm in test/fixtures/golden/) rather
 * than rebuilt, because the contracts' builds change whenever the toolchain
 * does: token, sale and host-probe as built by the toolchain when the
 * goldens were recorded, and small modules assembled once from the .wat
 * files beside them (control.wasm with wabt's name section, so that custom
 * sections are covered). A deliberate change of the rewrite's output means
 * recording new hashes here, in the same commit, with the reason.
 */
import test from "ava";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { nearRuntimeCosts, nearVMLimits } from "../src/vm/costs.ts";
import { gasFees, prepareLimits, wasmGasConfig } from "../src/vm/prepare.ts";
import { rewriteModule, type GasFees, type PrepareLimits, type RewrittenModule } from "../src/vm/wasm/module.ts";

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "golden");

interface Golden {
  /** A gzipped wasm file in GOLDEN_DIR. */
  input: string;
  inputSha256: string;
  outputLength: number;
  outputSha256: string;
  /** sha256 of the JSON of the module's imports, mistyped imports, exports, callable methods and start flag. */
  interfaceSha256: string;
}

const goldens: Golden[] = JSON.parse(readFileSync(join(GOLDEN_DIR, "golden.json"), "utf8"));
const DEFAULT_LIMITS: PrepareLimits = prepareLimits(nearVMLimits());
const DEFAULT_FEES: GasFees = gasFees(wasmGasConfig(nearRuntimeCosts()));

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");
const readInput = (golden: Golden) => new Uint8Array(gunzipSync(readFileSync(join(GOLDEN_DIR, golden.input))));

function interfaceOf(rewritten: RewrittenModule): string {
  return JSON.stringify({
    imports: rewritten.imports,
    mistypedImports: rewritten.mistypedImports,
    exports: [...rewritten.exports],
    callable: [...rewritten.callable],
    hasStart: rewritten.hasStart,
  });
}

test("the golden inputs are the three contracts and the hand-written modules, under 1 MB gzipped", (t) => {
  t.deepEqual(goldens.map((golden) => golden.input).sort(), [
    "control.wasm.gz",
    "host-probe.wasm.gz",
    "memory.wasm.gz",
    "minimal.wasm.gz",
    "sale.wasm.gz",
    "tables.wasm.gz",
    "token.wasm.gz",
  ]);
  const total = goldens.reduce((sum, golden) => sum + readFileSync(join(GOLDEN_DIR, golden.input)).length, 0);
  t.true(total < 1_000_000, `${total} bytes`);
});

for (const golden of goldens) {
  test(`${golden.input}: rewritten with the default limits and fees, byte for byte the recorded module`, (t) => {
    const input = readInput(golden);
    t.is(sha256(input), golden.inputSha256, "the committed input itself changed");
    const rewritten = rewriteModule(input, DEFAULT_LIMITS, DEFAULT_FEES);
    t.deepEqual(
      { length: rewritten.code.length, sha256: sha256(rewritten.code), interface: sha256(interfaceOf(rewritten)) },
      { length: golden.outputLength, sha256: golden.outputSha256, interface: golden.interfaceSha256 },
    );
    t.true(WebAssembly.validate(rewritten.code as Uint8Array<ArrayBuffer>), "the recorded output is a valid module");
  });
}

// The goldens pin the costs: moving any one of them by the smallest step changes the output.
const perturbations: Array<{
  what: string;
  fees?: Partial<GasFees>;
  limits?: Partial<PrepareLimits>;
  inputs: string[];
}> = [
  {
    what: "wasm_regular_op_cost + 1",
    fees: { regular: DEFAULT_FEES.regular + 1 },
    inputs: goldens.map((g) => g.input),
  },
  {
    what: "wasm_linear_op_base_cost + 1",
    fees: { linearBase: DEFAULT_FEES.linearBase + 1 },
    inputs: ["memory.wasm.gz", "tables.wasm.gz"],
  },
  {
    what: "wasm_linear_op_unit_cost + 1",
    fees: { linearUnit: DEFAULT_FEES.linearUnit + 1 },
    inputs: ["memory.wasm.gz", "tables.wasm.gz"],
  },
  {
    what: "max_stack_height + 1",
    limits: { maxStackHeight: DEFAULT_LIMITS.maxStackHeight + 1 },
    inputs: goldens.map((g) => g.input),
  },
];

for (const { what, fees, limits, inputs } of perturbations) {
  test(`with ${what}, the rewrite of every input that depends on it differs from the golden`, (t) => {
    for (const golden of goldens.filter((candidate) => inputs.includes(candidate.input))) {
      const rewritten = rewriteModule(
        readInput(golden),
        { ...DEFAULT_LIMITS, ...limits },
        { ...DEFAULT_FEES, ...fees },
      );
      t.not(sha256(rewritten.code), golden.outputSha256, golden.input);
    }
  });
}
