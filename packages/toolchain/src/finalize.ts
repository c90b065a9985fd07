import binaryen from "binaryen";
import { BuildError } from "./build-error.ts";
import { validateQuietly } from "./inspect.ts";

const WASI_MODULE = "wasi_snapshot_preview1";
const WASI_ERRNO_BADF = 8;

/** NEAR's accepted wasm feature set: the MVP plus sign-extension operators. */
export const NEAR_WASM_FEATURES = binaryen.Features.MVP | binaryen.Features.SignExt;

/**
 * What each WASI import of the prebuilt libc becomes. A contract has no files
 * or clocks: stdio calls fail with EBADF (QuickJS never needs their output),
 * the clock reads as 0 so Date is deterministic, and anything else traps.
 */
function stubBody(module: binaryen.Module, base: string): binaryen.ExpressionRef {
  switch (base) {
    case "clock_time_get":
      // (clock_id: i32, precision: i64, time_out: i32) -> errno
      return module.block(
        null,
        [module.i64.store(0, 8, module.local.get(2, binaryen.i32), module.i64.const(0n)), module.i32.const(0)],
        binaryen.i32,
      );
    case "fd_write":
    case "fd_seek":
    case "fd_close":
    case "fd_fdstat_get":
      return module.i32.const(WASI_ERRNO_BADF);
    default:
      return module.unreachable();
  }
}

/**
 * binaryen's bulk-memory lowering turns each memory.copy / memory.fill into a
 * call to a helper it adds, a one-byte loop. The prebuilt libc inlines such
 * instructions (realloc, printf); the helpers are pointed at the contract's
 * own word-at-a-time memmove and memset (c/near_memory.c) instead, which
 * copy correctly in both directions as memory.copy does.
 */
const LOWERED_HELPERS: ReadonlyArray<{ helper: string; target: string }> = [
  { helper: "__memory_copy", target: "memmove" },
  { helper: "__memory_fill", target: "memset" },
];

function redirectLoweredHelpers(module: binaryen.Module, file: string): void {
  for (const { helper, target } of LOWERED_HELPERS) {
    const found = module.getFunction(helper);
    if (!found) continue;
    if (!module.getFunction(target)) {
      throw new BuildError("wasm post-processing", `the module has no ${target} to replace ${helper} with`, file);
    }
    const info = binaryen.getFunctionInfo(found);
    const args = [0, 1, 2].map((index) => module.local.get(index, binaryen.i32));
    module.removeFunction(helper);
    module.addFunction(helper, info.params, info.results, [], module.drop(module.call(target, args, binaryen.i32)));
  }
}

export interface FinalizeOptions {
  /** Run binaryen's size optimizer (-Oz) after stubbing. */
  optimize: boolean;
}

/**
 * Turns the linked module into one NEAR accepts: WASI imports replaced by
 * internal stubs, bulk-memory and saturating conversions of the prebuilt libc
 * lowered to MVP code (bulk memory through near_memory.c's routines), then
 * validated against NEAR's feature set.
 */
export function finalizeForNear(wasm: Uint8Array, options: FinalizeOptions, file: string): Uint8Array {
  const module = binaryen.readBinary(wasm);
  try {
    const stubs: binaryen.FunctionInfo[] = [];
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
      if (info.module === WASI_MODULE) stubs.push(info);
    }
    for (const info of stubs) {
      module.removeFunction(info.name);
      module.addFunction(info.name, info.params, info.results, [], stubBody(module, info.base ?? ""));
    }
    module.runPasses(["llvm-memory-copy-fill-lowering", "llvm-nontrapping-fptoint-lowering"]);
    redirectLoweredHelpers(module, file);
    module.setFeatures(NEAR_WASM_FEATURES);
    const featureError = validateQuietly(module);
    if (featureError) throw new BuildError("wasm post-processing", `the module ${featureError}`, file);
    if (options.optimize) {
      binaryen.setOptimizeLevel(2);
      binaryen.setShrinkLevel(2);
      binaryen.setDebugInfo(false);
      module.optimize();
    }
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}
