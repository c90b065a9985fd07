import test from "ava";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";
import { buildContracts } from "@modelfund/near-toolchain";
import { defaultContext, type VMContext } from "../src/vm/context.ts";
import { nearRuntimeCosts, nearVMLimits, type VMLimits } from "../src/vm/costs.ts";
import { prepareContract, PrepareFailure, wasmGasConfig } from "../src/vm/prepare.ts";
import { runContract, type VMOutcome } from "../src/vm/runner.ts";
import { WASM_CONFIG } from "../src/vm/runtime-parameters.ts";
import { MapStorage, type ContractStorage } from "../src/vm/storage.ts";

const wabt = await wabtInit();
const R = WASM_CONFIG.wasm_regular_op_cost;
const LINEAR_BASE = WASM_CONFIG.wasm_linear_op_base_cost;
const LINEAR_UNIT = WASM_CONFIG.wasm_linear_op_unit_cost;
const TGAS = 10n ** 12n;

type Features = Parameters<typeof wabt.parseWat>[2];

/** Assembles a module from WAT. */
function wat(source: string, features: Features = {}): Uint8Array {
  const module = wabt.parseWat("test.wat", source, features);
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

interface RunOptions {
  method?: string;
  context?: Partial<VMContext>;
  limits?: Partial<VMLimits>;
  storage?: ContractStorage;
}

function run(code: Uint8Array, options: RunOptions = {}): VMOutcome {
  return runContract({
    code,
    method: options.method ?? "main",
    context: defaultContext(options.context),
    storage: options.storage ?? new MapStorage(),
    limits: { ...nearVMLimits(), ...options.limits },
  });
}

/** The WASM_INSTRUCTION part of the gas profile. */
function wasmGas(outcome: VMOutcome): bigint {
  return BigInt(outcome.gasProfile.find((entry) => entry.cost === "WASM_INSTRUCTION")?.gas_used ?? 0);
}

function prepareError(code: Uint8Array, limits: Partial<VMLimits> = {}): unknown {
  try {
    prepareContract(code, { ...nearVMLimits(), ...limits });
    return undefined;
  } catch (error) {
    if (error instanceof PrepareFailure) return error.outcome.json;
    throw error;
  }
}

const compilation = (kind: string) => ({ CompilationError: { PrepareError: kind } });

// ---------------------------------------------------------------- counting

test("straight-line code: every instruction costs regular_op_cost, plus 8 for the 64-byte frame", (t) => {
  const code = wat(`(module (func (export "main") (drop (i32.add (i32.const 1) (i32.const 2)))))`);
  const outcome = run(code);
  t.is(outcome.error, undefined);
  // i32.const, i32.const, i32.add, drop; `end` is free; entering the function: ceil(64/8).
  t.is(wasmGas(outcome), (4n + 8n) * R);
});

/** Contract loading as charged before preparation. */
function loading(code: Uint8Array): bigint {
  const costs = nearRuntimeCosts();
  return costs.ext.contract_loading_base.gas + BigInt(code.length) * costs.ext.contract_loading_bytes.gas;
}

test("the simplest contract burns what nearcore's test_simple_contract implies", (t) => {
  // nearcore runtime_errors.rs: `(module (func (export "main")))` burns 49_397_511 gas with
  // finite-wasm preparation under the parameters of that test: 35_445_963 + 34 × 216_750 for
  // loading, and 6_582_048 = 8 × 822_756 for the function entry (a 64-byte frame).
  const code = wat(`(module (func (export "main")))`);
  const outcome = run(code);
  t.is(outcome.burntGas, loading(code) + 8n * R);
  t.is(49_397_511n - (35_445_963n + 34n * 216_750n), 8n * 822_756n);
});

test("traps are charged up to and including the trapping segment (nearcore test_div_by_zero_contract)", (t) => {
  // nearcore: 53_166_279 = 35_445_963 + 40 × 216_750 (loading) + 11 × 822_756.
  const code = wat(`(module (func (export "main") i32.const 1 i32.const 0 i32.div_s return))`);
  const outcome = run(code);
  t.deepEqual(outcome.error?.json, { WasmTrap: "IllegalArithmetic" });
  t.is(outcome.burntGas, loading(code) + 11n * R);
  t.is(53_166_279n - (35_445_963n + 40n * 216_750n), 11n * 822_756n);
});

test("a loop of N iterations charges its body and the loop instruction N times", (t) => {
  const code = wat(`(module (func (export "main") (local $i i32)
    (local.set $i (i32.const 10))
    (loop $l
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (br_if $l (local.get $i)))))`);
  const outcome = run(code);
  t.is(outcome.error, undefined);
  // 2 before the loop; per iteration loop + 4 + local.get + br_if = 7; frame 64 + 4 → 9.
  t.is(wasmGas(outcome), (2n + 10n * 7n + 9n) * R);
});

test("branches and calls charge exactly the instructions executed", (t) => {
  const code = wat(`(module
    (func $f (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (i32.const 1))
        (else (i32.add (i32.const 2) (i32.const 3)))))
    (func (export "main")
      (drop (call $f (i32.const 1)))
      (drop (call $f (i32.const 0)))))`);
  const outcome = run(code);
  t.is(outcome.error, undefined);
  const main = 6n + 8n; // const, call, drop ×2; frame 64
  const taken = 2n + 1n + 9n; // local.get, if, const; frame 64 + 4
  const notTaken = 2n + 3n + 9n;
  t.is(wasmGas(outcome), (main + taken + notTaken) * R);
});

test("br_table, blocks and unreachable code are charged as executed", (t) => {
  const code = wat(`(module (func (export "main") (local $x i32)
    (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 (i32.const 1)))
      (local.set $x (i32.const 10)) (br $b2) (drop (i32.const 99)))
      (local.set $x (i32.const 20)))
    (drop (local.get $x))))`);
  const outcome = run(code);
  t.is(outcome.error, undefined);
  // i32.const, br_table → $b1's end; local.set (const, set) → $b2's end; local.get, drop. Frame 68 → 9.
  t.is(wasmGas(outcome), (2n + 2n + 2n + 9n) * R);
});

test("bulk memory operations cost linear_op_base_cost + n × linear_op_unit_cost", (t) => {
  const code = wat(`(module (memory 1) (func (export "main")
    (memory.fill (i32.const 0) (i32.const 7) (i32.const 100))
    (memory.copy (i32.const 200) (i32.const 0) (i32.const 50))))`);
  const outcome = run(code);
  t.is(outcome.error, undefined);
  t.is(wasmGas(outcome), (6n + 8n) * R + 2n * LINEAR_BASE + 150n * LINEAR_UNIT);
});

test("host calls see the gas burnt so far and the same call costs the same gas twice", (t) => {
  const code = wat(`(module
    (import "env" "used_gas" (func $used (result i64)))
    (import "env" "value_return" (func $ret (param i64 i64)))
    (memory 1)
    (func (export "main")
      (i64.store (i32.const 0) (call $used))
      (call $ret (i64.const 8) (i64.const 0))))`);
  const first = run(code);
  const second = run(code);
  t.is(first.error, undefined);
  t.deepEqual(second.gasProfile, first.gasProfile);
  t.is(second.burntGas, first.burntGas);
  // used_gas returned loading + the instructions before it: i32.const, call; frame 8.
  const reported = Buffer.from((first.returnData as { data: Uint8Array }).data).readBigUInt64LE();
  const loading = BigInt(
    first.gasProfile.filter((e) => e.cost.startsWith("CONTRACT_LOADING")).reduce((s, e) => s + Number(e.gas_used), 0),
  );
  const base = BigInt(first.gasProfile.find((e) => e.cost === "BASE")!.gas_used) / 2n; // used_gas and value_return
  t.is(reported, loading + base + (8n + 2n) * R);
});

// ---------------------------------------------------------------- gas limits

const INFINITE_LOOP = `(module (func (export "main") (loop (br 0))))`;

test("running out of prepaid gas burns exactly the prepaid gas (GasExceeded)", (t) => {
  const outcome = run(wat(INFINITE_LOOP), { context: { prepaidGas: 10n ** 10n } });
  t.deepEqual(outcome.error?.json, { HostError: "GasExceeded" });
  t.is(outcome.burntGas, 10n ** 10n);
  t.is(outcome.usedGas, 10n ** 10n);
});

test("an infinite start function burns the prepaid gas (nearcore test_infinite_initializer)", (t) => {
  const code = wat(`(module (func $start (loop (br 0))) (func (export "main")) (start $start))`);
  const outcome = run(code, { context: { prepaidGas: 10n ** 10n } });
  t.is(outcome.error?.message, "Exceeded the prepaid gas.");
  t.is(outcome.burntGas, 10n ** 10n);
});

test("hitting max_gas_burnt fails with GasLimitExceeded and burns exactly the limit", (t) => {
  const outcome = run(wat(INFINITE_LOOP), { limits: { maxGasBurnt: 3n * 10n ** 11n } });
  t.deepEqual(outcome.error?.json, { HostError: "GasLimitExceeded" });
  t.is(outcome.burntGas, 3n * 10n ** 11n);
  const view = run(wat(INFINITE_LOOP), { context: { isView: true }, limits: { maxGasBurnt: 2n * 10n ** 11n } });
  t.deepEqual(view.error?.json, { HostError: "GasLimitExceeded" });
  t.is(view.burntGas, 2n * 10n ** 11n);
});

test("after the gas ran out no host function runs and traps report GasExceeded", (t) => {
  const straight = "(drop (i32.const 1)) ".repeat(500);
  const logging =
    wat(`(module (import "env" "log_utf8" (func $log (param i64 i64))) (memory 1) (data (i32.const 0) "hi")
    (func (export "main") (call $log (i64.const 2) (i64.const 0)) ${straight} (call $log (i64.const 2) (i64.const 0))))`);
  const full = run(logging);
  t.deepEqual(full.logs, ["hi", "hi"]);
  // Enough for the first log and part of the straight line, not for the second log.
  const prepaidGas = full.burntGas - 300n * R;
  const short = run(logging, { context: { prepaidGas } });
  t.deepEqual(short.error?.json, { HostError: "GasExceeded" });
  t.deepEqual(short.logs, ["hi"]);
  t.is(short.burntGas, prepaidGas);
  const trapping = wat(`(module (func (export "main") ${straight} unreachable))`);
  const trapped = run(trapping, { context: { prepaidGas: loading(trapping) + 100n * R } });
  t.deepEqual(trapped.error?.json, { HostError: "GasExceeded" });
  t.is(trapped.burntGas, loading(trapping) + 100n * R);
});

test("a memory.fill the remaining gas cannot cover fails before filling", (t) => {
  const code = wat(
    `(module (memory 1) (func (export "main") (memory.fill (i32.const 0) (i32.const 1) (i32.const 65536))))`,
  );
  const outcome = run(code, { context: { prepaidGas: 50_000_000_000n } });
  t.deepEqual(outcome.error?.json, { HostError: "GasExceeded" });
  t.is(outcome.burntGas, 50_000_000_000n);
});

// ---------------------------------------------------------------- traps

test("traps map to nearcore's WasmTrap kinds", (t) => {
  const code = wat(`(module
    (type $t (func)) (type $r (func (result i32)))
    (memory 1) (table 2 funcref) (func $f) (elem (i32.const 0) $f)
    (func (export "unreachable") unreachable)
    (func (export "div") (drop (i32.div_u (i32.const 1) (i32.const 0))))
    (func (export "overflow") (drop (i32.div_s (i32.const 0x80000000) (i32.const -1))))
    (func (export "trunc") (drop (i32.trunc_f64_s (f64.const 1e100))))
    (func (export "oob") (drop (i32.load (i32.const 0x7fffffff))))
    (func (export "null") (call_indirect (type $t) (i32.const 1)))
    (func (export "signature") (drop (call_indirect (type $r) (i32.const 0))))
    (func (export "table") (call_indirect (type $t) (i32.const 5)))
    (func $rec (export "recursion") (call $rec)))`);
  const expected: Record<string, string> = {
    unreachable: "Unreachable",
    div: "IllegalArithmetic",
    overflow: "IllegalArithmetic",
    trunc: "IllegalArithmetic",
    oob: "MemoryOutOfBounds",
    null: "IndirectCallToNull",
    signature: "IncorrectCallIndirectSignature",
    // Wasmtime's TableOutOfBounds, which nearcore reports as MemoryOutOfBounds.
    table: "MemoryOutOfBounds",
  };
  for (const [method, trap] of Object.entries(expected)) {
    t.deepEqual(run(code, { method }).error?.json, { WasmTrap: trap }, method);
  }
});

test("the modelled stack (max_stack_height) runs out with MemoryAccessViolation, as finite_wasm_stack_exhausted", (t) => {
  // Each frame of $f takes 64 bytes (no operands, no locals): 262144 / 64 = 4096 entries succeed,
  // each charging 8 (frame) + 1 (call); the 4097th fails before charging anything.
  const code = wat(`(module (func $f (export "main") (call $f)))`);
  const outcome = run(code);
  t.deepEqual(outcome.error?.json, { HostError: "MemoryAccessViolation" });
  t.is(wasmGas(outcome), 4096n * 9n * R);
  // Recursion within the budget works, and returning gives the budget back.
  const bounded = wat(`(module
    (func $f (param i32) (if (local.get 0) (then (call $f (i32.sub (local.get 0) (i32.const 1))))))
    (func (export "main") (call $f (i32.const 3000)) (call $f (i32.const 3000))))`);
  t.is(run(bounded).error, undefined);
  // A smaller budget: frames of 64 + 4 (param) + 8 (operands) bytes.
  t.deepEqual(run(bounded, { limits: { maxStackHeight: 76n * 1000n } as Partial<VMLimits> }).error?.json, {
    HostError: "MemoryAccessViolation",
  });
});

test("a data segment outside the memory traps at instantiation", (t) => {
  const code = wat(`(module (memory 1) (data (i32.const 0x7fffffff) "x") (func (export "main")))`);
  t.deepEqual(run(code).error?.json, { WasmTrap: "MemoryOutOfBounds" });
});

test("guest panics and host errors pass through the instrumentation", (t) => {
  const code = wat(`(module (import "env" "panic" (func $panic)) (func (export "main") (call $panic)))`);
  const outcome = run(code);
  t.is(outcome.error?.message, "Smart contract panicked: explicit guest panic");
  t.is(wasmGas(outcome), 9n * R); // frame + call
  // nearcore test_panic_re_export: a host function exported as the method itself.
  const reexport = wat(`(module (import "env" "panic" (func $panic)) (export "main" (func $panic)))`);
  const direct = run(reexport);
  t.is(direct.error?.message, "Smart contract panicked: explicit guest panic");
  t.is(wasmGas(direct), 0n);
});

// ---------------------------------------------------------------- memory

test("the module's memory is replaced by the standard 1024..2048-page memory", (t) => {
  const code = wat(`(module (memory 1 1)
    (func (export "main")
      (if (i32.ne (memory.size) (i32.const 1024)) (then unreachable))
      (if (i32.ne (memory.grow (i32.const 1024)) (i32.const 1024)) (then unreachable))
      (if (i32.ne (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))))`);
  t.is(run(code).error, undefined);
  // A module without any memory gets one too (host functions can use it)...
  const without = wat(`(module (import "env" "log_utf8" (func $log (param i64 i64)))
    (func (export "main") (call $log (i64.const 0) (i64.const 0))))`);
  t.deepEqual(run(without).logs, [""]);
  // ...but its own code is validated as written: memory instructions need a memory.
  const invalid = wat(`(module (func (export "main") (drop (memory.size))))`, {});
  t.deepEqual(prepareError(invalid), compilation("Deserialization"));
});

test("every call starts with zeroed memory, also when memories are reused", (t) => {
  const code = wat(`(module (memory 1) (data (i32.const 16) "\\01")
    (func (export "main")
      (if (i32.load (i32.const 1000)) (then unreachable))
      (if (i32.load (i32.const 0x3ff0000)) (then unreachable))
      (if (i32.ne (i32.load8_u (i32.const 16)) (i32.const 1)) (then unreachable))
      (i32.store (i32.const 1000) (i32.const 42))
      (i32.store (i32.const 0x3ff0000) (i32.const 42))))`);
  for (let i = 0; i < 8; i++) t.is(run(code).error, undefined);
});

test("imported memories are rejected (PrepareError::Memory)", (t) => {
  t.deepEqual(prepareError(wat(`(module (import "env" "memory" (memory 1 2048)))`)), compilation("Memory"));
  t.deepEqual(prepareError(wat(`(module (import "env" "memory" (memory 1)))`)), compilation("Memory"));
  // Initial above maximum is a validation error.
  t.deepEqual(prepareError(wat(`(module (import "env" "memory" (memory 17 1)))`)), compilation("Deserialization"));
  // Two memories need multi-memory, which NEAR does not enable.
  t.deepEqual(
    prepareError(wat(`(module (memory 1) (memory 1))`, { multi_memory: true } as Features)),
    compilation("Deserialization"),
  );
});

// ---------------------------------------------------------------- limits

test("too many functions, counting imported ones (TooManyFunctions)", (t) => {
  const three = wat(`(module (import "env" "panic" (func)) (func) (func))`);
  t.deepEqual(prepareError(three, { maxFunctionsNumberPerContract: 2n }), compilation("TooManyFunctions"));
  t.is(prepareError(three, { maxFunctionsNumberPerContract: 3n }), undefined);
  const imports = wat(`(module (import "env" "panic" (func)) (import "env" "abort" (func (param i32 i32 i32 i32))))`);
  t.deepEqual(prepareError(imports, { maxFunctionsNumberPerContract: 1n }), compilation("TooManyFunctions"));
});

test("too many locals over all functions (TooManyLocals)", (t) => {
  const code = wat(`(module (func (local i32 i32 i64)) (func (local f32 f64)))`);
  t.deepEqual(prepareError(code, { maxLocalsPerContract: 4n }), compilation("TooManyLocals"));
  t.is(prepareError(code, { maxLocalsPerContract: 5n }), undefined);
});

test("too many tables and table elements", (t) => {
  t.deepEqual(prepareError(wat(`(module (table 1 funcref) (table 1 funcref))`)), compilation("TooManyTables"));
  t.deepEqual(prepareError(wat(`(module (table 10001 funcref))`)), compilation("TooManyTableElements"));
  t.is(prepareError(wat(`(module (table 10000 funcref))`)), undefined);
});

test("function bodies above max_function_body_size are rejected", (t) => {
  const code = wat(`(module (func ${"nop ".repeat(100)}))`);
  t.deepEqual(
    prepareError(code, { maxFunctionBodySize: 50n } as Partial<VMLimits>),
    compilation("FunctionBodyTooLarge"),
  );
});

// ---------------------------------------------------------------- imports and linking

test("imports from outside env, and of tables or globals, fail instantiation checks", (t) => {
  t.deepEqual(prepareError(wat(`(module (import "other" "f" (func)))`)), compilation("Instantiate"));
  t.deepEqual(
    prepareError(wat(`(module (import "another_module" "memory" (memory 1 1)))`)),
    compilation("Instantiate"),
  );
  t.deepEqual(prepareError(wat(`(module (import "env" "t" (table 1 funcref)))`)), compilation("Instantiate"));
  t.deepEqual(prepareError(wat(`(module (import "env" "g" (global i32)))`)), compilation("Instantiate"));
});

test("an unknown env import is a LinkError, reported before the method is resolved", (t) => {
  const code = wat(`(module (import "env" "no_such_host_function" (func)) (func (export "main")))`);
  t.is(prepareError(code), undefined);
  for (const method of ["main", "missing"]) {
    const outcome = run(code, { method });
    t.deepEqual(outcome.error?.json, { LinkError: { msg: "unknown or invalid import" } });
  }
});

test("an import whose type differs from the host function's is a LinkError", (t) => {
  const mistyped = wat(`(module (import "env" "panic" (func (param i32))) (func (export "main")))`);
  t.deepEqual(run(mistyped).error?.json, { LinkError: { msg: "incompatible import type for `env::panic`" } });
  const returns = wat(`(module (import "env" "register_len" (func (param i64))) (func (export "main")))`);
  t.is(run(returns).error?.kind, "LinkError");
  const abort = wat(`(module (import "env" "abort" (func (param i32 i32 i32 i32))) (func (export "main")))`);
  t.is(run(abort).error, undefined);
});

// ---------------------------------------------------------------- features

test("features outside NEAR's set are rejected as Deserialization", (t) => {
  const cases: Array<[string, Features]> = [
    [`(module (func (drop (v128.const i64x2 0 0))))`, { simd: true }],
    [`(module (func (result i32 i32) (i32.const 1) (i32.const 2)))`, { multi_value: true }],
    [`(module (memory 1 1 shared) (func (drop (i32.atomic.load (i32.const 0)))))`, { threads: true }],
    [`(module (func $f) (func (return_call $f)))`, { tail_call: true }],
    [`(module (global i32 (i32.add (i32.const 1) (i32.const 2))))`, { extended_const: true }],
  ];
  for (const [source, features] of cases)
    t.deepEqual(prepareError(wat(source, features)), compilation("Deserialization"), source);
  t.deepEqual(prepareError(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5])), compilation("Deserialization"));
  // Type errors are validation failures too.
  t.deepEqual(prepareError(new Uint8Array([...wasmHeader(), ...typeErrorModule()])), compilation("Deserialization"));
});

test("sign extension, saturating truncation, bulk memory and reference types are accepted", (t) => {
  const code = wat(`(module (memory 1) (table 2 funcref) (func $f)
    (elem declare func $f)
    (func (export "main")
      (drop (i32.extend8_s (i32.const 255)))
      (drop (i32.trunc_sat_f64_s (f64.const 1e100)))
      (memory.fill (i32.const 0) (i32.const 0) (i32.const 0))
      (table.set (i32.const 1) (ref.func $f))
      (drop (ref.is_null (table.get (i32.const 1))))
      (drop (select (result i32) (i32.const 1) (i32.const 2) (i32.const 0)))))`);
  const outcome = run(code);
  t.is(outcome.error, undefined);
});

function wasmHeader(): number[] {
  return [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
}

/** (func (result i32) i64.const 0): a body of the wrong type. */
function typeErrorModule(): number[] {
  return [
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x00, 0x0b,
  ];
}

// ---------------------------------------------------------------- methods and cache

test("method resolution: MethodNotFound, MethodInvalidSignature, MethodEmptyName", (t) => {
  const code = wat(`(module (func (export "main")) (func (export "with_param") (param i32))
    (func (export "with_result") (result i32) (i32.const 0)) (global (export "a_global") i32 (i32.const 1)))`);
  t.deepEqual(run(code, { method: "missing" }).error?.json, { MethodResolveError: "MethodNotFound" });
  t.deepEqual(run(code, { method: "a_global" }).error?.json, { MethodResolveError: "MethodNotFound" });
  t.deepEqual(run(code, { method: "with_param" }).error?.json, { MethodResolveError: "MethodInvalidSignature" });
  t.deepEqual(run(code, { method: "with_result" }).error?.json, { MethodResolveError: "MethodInvalidSignature" });
  t.deepEqual(run(code, { method: "" }).error?.json, { MethodResolveError: "MethodEmptyName" });
  t.is(run(code).error, undefined);
});

test("prepared contracts are cached by code hash and configuration", (t) => {
  const code = wat(`(module (func (export "main") nop))`);
  const limits = nearVMLimits();
  const first = prepareContract(code, limits);
  t.is(prepareContract(code, limits), first);
  t.is(prepareContract(Uint8Array.from(code), limits), first);
  t.not(prepareContract(code, limits, { ...wasmGasConfig(), regularOpCost: 1n }), first);
  // Rejections are cached too.
  const bad = wat(`(module (import "x" "y" (func)))`);
  let failure: unknown;
  try {
    prepareContract(bad, limits);
  } catch (error) {
    failure = error;
  }
  t.true(failure instanceof PrepareFailure);
  t.throws(() => prepareContract(bad, limits), { is: failure as Error });
});

// ---------------------------------------------------------------- a near-sdk-js contract

const HERE = dirname(fileURLToPath(import.meta.url));
const STATUS_MESSAGE = join(HERE, "../../toolchain/test/fixtures/status-message.ts");

test("the status-message near-sdk-js fixture runs end to end", async (t) => {
  const output = join(tmpdir(), `near-localnet-prepare-${process.pid}-status-message.wasm`);
  await buildContracts([{ name: "status-message", entry: STATUS_MESSAGE, output }]);
  const code = new Uint8Array(readFileSync(output));
  const storage = new MapStorage();
  const call = (method: string, args: unknown, context: Partial<VMContext> = {}) =>
    runContract({
      code,
      method,
      storage,
      context: defaultContext({ input: Buffer.from(JSON.stringify(args)), ...context }),
    });

  let started = performance.now();
  const empty = call("get_status", { account_id: "alice.test.near" }, { isView: true });
  const cold = performance.now() - started;
  t.is(empty.error, undefined);
  t.deepEqual(JSON.parse(Buffer.from((empty.returnData as { data: Uint8Array }).data).toString()), null);

  const set = call("set_status", { message: "hello" }, { prepaidGas: 300n * TGAS });
  t.is(set.error, undefined, set.error?.message);
  t.deepEqual(set.logs, ["alice.test.near set a status"]);
  for (const change of set.storageChanges) {
    if (change.value) storage.set(change.key, change.value);
    else storage.remove(change.key);
  }

  const times: number[] = [];
  let view: VMOutcome | undefined;
  for (let i = 0; i < 40; i++) {
    started = performance.now();
    view = call("get_status", { account_id: "alice.test.near" }, { isView: true });
    times.push(performance.now() - started);
  }
  t.is(view!.error, undefined);
  t.is(JSON.parse(Buffer.from((view!.returnData as { data: Uint8Array }).data).toString()), "hello");
  const warm = times.slice(10).sort((a, b) => a - b);
  const median = warm[warm.length >> 1];
  t.log(
    `cold ${cold.toFixed(1)} ms, warm median ${median.toFixed(1)} ms (min ${warm[0].toFixed(1)}), burnt ${view!.burntGas} gas, wasm ${wasmGas(view!)}`,
  );
  // The same view costs the same gas every time.
  t.is(call("get_status", { account_id: "alice.test.near" }, { isView: true }).burntGas, view!.burntGas);
  t.true(wasmGas(view!) > 0n && wasmGas(view!) % R === 0n);
});
