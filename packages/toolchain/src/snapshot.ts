/**
 * Pre-initialisation (Wizer-like): runs a contract's `__near_snapshot_init`
 * once at build time and writes the state it leaves behind back into the
 * module, so every call on chain starts with QuickJS's runtime, context and
 * the evaluated contract module already in memory.
 *
 * What keeps the result equal to the plain build, call by call:
 * - The module is linked with NEAR's memory (1024 pages, link.ts), so the
 *   heap built here has the addresses it will have on chain, and a memory
 *   that grew during init (which no data segment could restore) is refused.
 * - Nothing of the chain is reachable: every host import throws, so
 *   module-level code that touches the chain is a build error naming the
 *   function (SnapshotHostCallError), never a value frozen at build time.
 *   The WASI clock is finalize.ts's stub (0), as at call time, so Math.random's
 *   seed and Date are what a plain call sees.
 * - The run is an ordinary deterministic wasm execution: same module, same
 *   bytes captured; segments are cut by scanning addresses in order.
 * - Below the stack pointer, memory is dead once init has returned (the C
 *   ABI keeps no red zone), so the stack is left out, as zeroes, like a fresh
 *   call's. The bytecode array is left out when no word of the captured heap
 *   points into it (QuickJS copies what it reads), so it costs no space twice.
 * - The init export (and the code-range probes) are removed; binaryen's
 *   optimizer then drops the code only init reached (JS_NewRuntime, the
 *   bytecode reader). Function pointers in the heap are table slots, which
 *   binaryen never renumbers.
 */
import binaryen from "binaryen";
import { BuildError } from "./build-error.ts";
import { NEAR_WASM_FEATURES } from "./finalize.ts";
import { validateQuietly } from "./inspect.ts";
import { NEAR_INITIAL_MEMORY_PAGES, NEAR_MAX_MEMORY_PAGES, STACK_SIZE } from "./link.ts";

const INIT_EXPORT = "__near_snapshot_init";
const CODE_START_EXPORT = "__near_snapshot_code_start";
const CODE_SIZE_EXPORT = "__near_snapshot_code_size";
const GLOBAL_EXPORT_PREFIX = "__near_snapshot_global_";
const WASM_PAGE = 65536;

/**
 * Zero runs shorter than this stay inside a segment: a segment's header
 * (flags, i32.const offset, end, length) costs about as many bytes, and fewer
 * segments instantiate faster.
 */
const SEGMENT_MERGE_GAP = 32;
/** wasmparser's (and so nearcore's) limit on data segments per module. */
const MAX_DATA_SEGMENTS = 100_000;

/** Module-level code called a host function: the contract cannot be pre-initialised as it is. */
export class SnapshotHostCallError extends BuildError {
  constructor(
    readonly hostFunction: string,
    readonly detail: string,
    file: string,
  ) {
    super("pre-initialisation", detail, file);
  }
}

/** Thrown inside the build-time instance by every host import. */
class HostCall extends Error {
  constructor(
    readonly hostFunction: string,
    readonly args: unknown[],
  ) {
    super(`host function ${hostFunction} called during pre-initialisation`);
  }
}

export interface SnapshotResult {
  wasm: Uint8Array;
  /** Bytes of the captured state written as data segments. */
  dataBytes: number;
  segments: number;
  /** Whether the bytecode array could be left out. */
  droppedBytecode: boolean;
}

interface Captured {
  memory: Uint8Array;
  globals: Map<string, number>;
  code: { start: number; size: number };
}

function utf8(memory: Uint8Array, ptr: bigint, len: bigint): string {
  const start = Number(ptr);
  const end = start + Number(len);
  if (end > memory.length || start < 0) return "(message outside memory)";
  return Buffer.from(memory.subarray(start, end)).toString("utf8");
}

function hostCallError(call: HostCall, memory: Uint8Array, file: string): SnapshotHostCallError {
  if (call.hostFunction === "panic_utf8") {
    const [len, ptr] = call.args as [bigint, bigint];
    return new SnapshotHostCallError(
      call.hostFunction,
      `the contract's module-level code threw while it was evaluated at build time: ${utf8(memory, ptr, len).trim()}`,
      file,
    );
  }
  return new SnapshotHostCallError(
    call.hostFunction,
    `the contract's module-level code calls the host function ${call.hostFunction}, which has no value at build ` +
      "time; move that call into a method, or build with --no-snapshot (or --snapshot-fallback)",
    file,
  );
}

/** The module with every mutable global exported, so its value can be read after init. */
function exposeGlobals(wasm: Uint8Array): { instrumented: Uint8Array; globals: string[] } {
  const module = binaryen.readBinary(wasm);
  try {
    const globals: string[] = [];
    for (let index = 0; index < module.getNumGlobals(); index++) {
      const info = binaryen.getGlobalInfo(module.getGlobalByIndex(index));
      if (!info.mutable || info.module) continue;
      if (info.type !== binaryen.i32) {
        throw new BuildError("pre-initialisation", `mutable global ${info.name} is not an i32; cannot capture it`);
      }
      module.addGlobalExport(info.name, `${GLOBAL_EXPORT_PREFIX}${globals.length}`);
      globals.push(info.name);
    }
    return { instrumented: module.emitBinary(), globals };
  } finally {
    module.dispose();
  }
}

function runInit(wasm: Uint8Array, file: string): Captured {
  const { instrumented, globals } = exposeGlobals(wasm);
  const compiled = new WebAssembly.Module(instrumented as Uint8Array<ArrayBuffer>);
  const env: Record<string, (...args: unknown[]) => never> = {};
  for (const imported of WebAssembly.Module.imports(compiled)) {
    if (imported.kind !== "function") {
      throw new BuildError("pre-initialisation", `unexpected ${imported.kind} import ${imported.name}`, file);
    }
    env[imported.name] = (...args: unknown[]) => {
      throw new HostCall(imported.name, args);
    };
  }
  const instance = new WebAssembly.Instance(compiled, { env });
  const exports = instance.exports as Record<string, unknown>;
  const memoryExport = exports.memory as WebAssembly.Memory;
  if (memoryExport.buffer.byteLength !== NEAR_INITIAL_MEMORY_PAGES * WASM_PAGE) {
    throw new BuildError("pre-initialisation", "the module was not linked with NEAR's 1024-page memory", file);
  }
  try {
    (exports[INIT_EXPORT] as () => void)();
  } catch (error) {
    if (error instanceof HostCall) throw hostCallError(error, new Uint8Array(memoryExport.buffer), file);
    const message = error instanceof Error ? error.message : String(error);
    throw new BuildError("pre-initialisation", `initialising the contract trapped: ${message}`, file);
  }
  if (memoryExport.buffer.byteLength !== NEAR_INITIAL_MEMORY_PAGES * WASM_PAGE) {
    throw new BuildError(
      "pre-initialisation",
      `initialising the contract grew memory beyond NEAR's ${NEAR_INITIAL_MEMORY_PAGES} initial pages, ` +
        "which no data segment can restore; build with --no-snapshot",
      file,
    );
  }
  const values = new Map<string, number>();
  globals.forEach((name, index) => {
    values.set(name, (exports[`${GLOBAL_EXPORT_PREFIX}${index}`] as WebAssembly.Global).value as number);
  });
  return {
    memory: new Uint8Array(memoryExport.buffer.slice(0)),
    globals: values,
    code: {
      start: (exports[CODE_START_EXPORT] as () => number)() >>> 0,
      size: (exports[CODE_SIZE_EXPORT] as () => number)() >>> 0,
    },
  };
}

/** True when an aligned word outside the array holds an address inside it (or just past its end). */
function referencesRange(memory: Uint8Array, start: number, size: number): boolean {
  const words = new Uint32Array(memory.buffer, memory.byteOffset, memory.length >>> 2);
  const end = start + size;
  for (let index = STACK_SIZE >>> 2; index < words.length; index++) {
    const address = index << 2;
    if (address >= start && address < end) continue;
    const value = words[index];
    if (value >= start && value <= end) return true;
  }
  return false;
}

/** [start, end) ranges of non-zero bytes from `from` on, with short zero gaps merged in. */
function nonZeroRanges(memory: Uint8Array, from: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let at = from;
  while (at < memory.length) {
    while (at < memory.length && memory[at] === 0) at++;
    if (at >= memory.length) break;
    const start = at;
    let end = at;
    while (at < memory.length) {
      if (memory[at] !== 0) {
        end = ++at;
      } else if (at - end >= SEGMENT_MERGE_GAP) {
        break;
      } else {
        at++;
      }
    }
    ranges.push([start, end]);
  }
  return ranges;
}

/**
 * The pre-initialised module: `wasm` (finalized, with the snapshot glue) with
 * its data replaced by the memory init leaves, its mutable globals starting
 * at their captured values and the init exports gone.
 */
export function preinitialise(wasm: Uint8Array, options: { optimize: boolean }, file: string): SnapshotResult {
  const captured = runInit(wasm, file);
  const { memory } = captured;
  const stackPointerBack = [...captured.globals.values()].includes(STACK_SIZE);
  if (!stackPointerBack) {
    throw new BuildError(
      "pre-initialisation",
      "no global holds the stack's top after init; cannot find the stack",
      file,
    );
  }
  memory.fill(0, 0, STACK_SIZE);
  const droppedBytecode = !referencesRange(memory, captured.code.start, captured.code.size);
  if (droppedBytecode) memory.fill(0, captured.code.start, captured.code.start + captured.code.size);
  const ranges = nonZeroRanges(memory, STACK_SIZE);
  if (ranges.length > MAX_DATA_SEGMENTS) {
    throw new BuildError("pre-initialisation", `the captured heap needs ${ranges.length} data segments`, file);
  }

  const module = binaryen.readBinary(wasm);
  try {
    for (const [name, value] of captured.globals) {
      module.removeGlobal(name);
      module.addGlobal(name, binaryen.i32, true, module.i32.const(value));
    }
    for (const name of [INIT_EXPORT, CODE_START_EXPORT, CODE_SIZE_EXPORT]) module.removeExport(name);
    module.removeExport("memory");
    module.setMemory(
      NEAR_INITIAL_MEMORY_PAGES,
      NEAR_MAX_MEMORY_PAGES,
      "memory",
      ranges.map(([start, end]) => ({ offset: module.i32.const(start), data: memory.subarray(start, end) })),
    );
    module.setFeatures(NEAR_WASM_FEATURES);
    const featureError = validateQuietly(module);
    if (featureError) throw new BuildError("pre-initialisation", `the module ${featureError}`, file);
    if (options.optimize) {
      binaryen.setOptimizeLevel(2);
      binaryen.setShrinkLevel(2);
      binaryen.setDebugInfo(false);
      module.optimize();
    }
    return {
      wasm: module.emitBinary(),
      dataBytes: ranges.reduce((sum, [start, end]) => sum + end - start, 0),
      segments: ranges.length,
      droppedBytecode,
    };
  } finally {
    module.dispose();
  }
}
