import test from "ava";
import binaryen from "binaryen";
import { nearConformanceProblems } from "../src/index.ts";

interface ModuleSpec {
  imports?: Array<{ module: string; name: string; params: binaryen.Type[]; results: binaryen.Type }>;
  memory?: boolean;
  exports?: string[];
  bulkMemory?: boolean;
}

/** Builds a small module with binaryen to probe the conformance checks one rule at a time. */
function moduleWith(spec: ModuleSpec): Uint8Array {
  const module = new binaryen.Module();
  module.setFeatures(
    binaryen.Features.MVP | binaryen.Features.SignExt | (spec.bulkMemory ? binaryen.Features.BulkMemory : 0),
  );
  for (const [i, imported] of (spec.imports ?? []).entries()) {
    module.addFunctionImport(
      `import${i}`,
      imported.module,
      imported.name,
      binaryen.createType(imported.params),
      imported.results,
    );
  }
  module.setMemory(1, 16, spec.memory === false ? null : "memory");
  const body = spec.bulkMemory
    ? module.memory.fill(module.i32.const(0), module.i32.const(0), module.i32.const(8))
    : module.nop();
  for (const name of spec.exports ?? []) {
    module.addFunction(name, binaryen.none, binaryen.none, [], body);
    module.addFunctionExport(name, name);
  }
  const bytes = module.emitBinary();
  module.dispose();
  return bytes;
}

const i64 = binaryen.i64;

test("a conforming module has no problems", (t) => {
  const wasm = moduleWith({
    imports: [{ module: "env", name: "value_return", params: [i64, i64], results: binaryen.none }],
    exports: ["hello"],
  });
  t.deepEqual(nearConformanceProblems(wasm, ["hello"]), []);
});

test("imports outside module env are reported", (t) => {
  const wasm = moduleWith({
    imports: [
      {
        module: "wasi_snapshot_preview1",
        name: "fd_write",
        params: [binaryen.i32, binaryen.i32, binaryen.i32, binaryen.i32],
        results: binaryen.i32,
      },
    ],
    exports: ["hello"],
  });
  t.deepEqual(nearConformanceProblems(wasm, ["hello"]), [
    "imports wasi_snapshot_preview1.fd_write, which is not a NEAR host function",
  ]);
});

test("unknown env functions and wrong signatures are reported", (t) => {
  const wasm = moduleWith({
    imports: [
      { module: "env", name: "read_file", params: [i64], results: binaryen.none },
      { module: "env", name: "storage_read", params: [i64, i64], results: i64 },
    ],
    exports: ["hello"],
  });
  t.deepEqual(nearConformanceProblems(wasm, ["hello"]), [
    "imports env.read_file, which is not a NEAR host function",
    "imports env.storage_read as (i64,i64) -> (i64), NEAR defines (i64,i64,i64) -> (i64)",
  ]);
});

test("a module without exported memory is reported", (t) => {
  t.deepEqual(nearConformanceProblems(moduleWith({ memory: false, exports: ["hello"] }), ["hello"]), [
    "exports no memory",
  ]);
});

test("a contract method without an export is reported", (t) => {
  t.deepEqual(nearConformanceProblems(moduleWith({ exports: ["hello"] }), ["hello", "goodbye"]), [
    "does not export contract method goodbye",
  ]);
});

test("wasm features NEAR does not accept are reported", (t) => {
  t.deepEqual(nearConformanceProblems(moduleWith({ exports: ["hello"], bulkMemory: true }), ["hello"]), [
    "uses wasm features beyond the MVP and sign extension (function 0: memory.fill operations require bulk memory [--enable-bulk-memory-opt])",
  ]);
});
