/**
 * Contract preparation and instantiation: what nearcore's Wasmtime runner
 * (`runtime/near-vm-runner/src/wasmtime_runner/mod.rs`) does between
 * loading a contract's code and calling one of its methods.
 *
 * - prepare: validate the module in nearcore's order and with its
 *   PrepareError kinds, standardise its memory, meter it with finite-wasm's
 *   gas instrumentation (wasm/module.ts and what it uses), compile it, and
 *   cache the result (or the rejection) by the code's sha256 and the
 *   configuration that shapes it — like nearcore's compiled-contract cache,
 *   whose key is the code hash plus the VM config.
 * - link: an import whose name is not a host function fails the call with
 *   a LinkError, as Wasmtime's `Linker::instantiate_pre` does before the
 *   method is resolved.
 * - instantiate/call: the gas global is set to the gas the call may still
 *   burn (nearcore's `CallingWasm` / `ReturningFromHost` hooks); before every
 *   host function and when wasm returns or traps, the gas the instrumented
 *   code consumed is burnt on the GasCounter (the `CallingHost` /
 *   `ReturningFromWasm` hooks). A charge the global cannot cover leaves it
 *   negative and traps; burning it then fails with GasExceeded or
 *   GasLimitExceeded, burning exactly what was left, as nearcore's
 *   `finite_wasm_gas` → `GasCounter::burn_gas` does. Host functions get
 *   their i64 / i32 arguments as unsigned values (NEAR's u64 / u32). The
 *   linear memory is created by the host for every call (wasm/memories.ts).
 *
 * Stack height: as in nearcore, every function entry takes its modelled
 * frame (finite-wasm's max operand stack + 64 bytes + locals) from a
 * `max_stack_height` budget and gives it back on exit; running out fails
 * with HostError MemoryAccessViolation (nearcore's
 * `finite_wasm_stack_exhausted`). V8's own native stack limit still
 * applies and surfaces as WasmTrap StackOverflow; it is normally far
 * beyond the modelled budget.
 *
 * Not mirrored: V8's implementation limits (e.g. 50 000 locals per
 * function) may reject modules NEAR accepts. A mistyped import is a
 * LinkError as in nearcore, but its message is an approximation of
 * Wasmtime's.
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import type { RuntimeCosts, VMLimits } from "./costs.ts";
import {
  compilationError,
  hostErrors,
  linkError,
  WASM_TRAPS,
  type FunctionCallError,
  type WasmTrapKind,
} from "./errors.ts";
import type { GasCounter } from "./gas-counter.ts";
import type { GuestMemory } from "./memory.ts";
import { VM_LIMITS, WASM_CONFIG } from "./runtime-parameters.ts";
import { MalformedWasm } from "./wasm/bytes.ts";
import { dropContractMemory, newContractMemory } from "./wasm/memories.ts";
import { PrepareRejection, rewriteModule, type GasFees, type PrepareLimits } from "./wasm/module.ts";
import {
  EXPORT_PREFIX,
  GAS_EXPORT,
  INDIRECT_EXPORT,
  MEMORY_IMPORT_MODULE,
  MEMORY_IMPORT_NAME,
  STACK_EXPORT,
  START_EXPORT,
  TABLE_EXPORT,
} from "./wasm/names.ts";

/** The call fails before running: NEAR rejects the module. */
export class PrepareFailure extends Error {
  constructor(readonly outcome: FunctionCallError) {
    super(outcome.message);
    this.name = "PrepareFailure";
  }
}

/**
 * A trap whose nearcore kind V8's message does not tell: V8 reports a null
 * table entry and a signature mismatch of call_indirect alike.
 */
export class WasmTrapError extends Error {
  constructor(readonly kind: WasmTrapKind) {
    super(WASM_TRAPS[kind]);
    this.name = "WasmTrapError";
  }
}

/** Gas costs that instrumentation bakes into the code. */
export interface WasmGasConfig {
  regularOpCost: bigint;
  linearOpBaseCost: bigint;
  linearOpUnitCost: bigint;
}

/** The instrumentation costs of a RuntimeCosts (linear op costs from the parameter table). */
export function wasmGasConfig(costs?: Pick<RuntimeCosts, "regularOpCost">): WasmGasConfig {
  return {
    regularOpCost: costs?.regularOpCost ?? WASM_CONFIG.wasm_regular_op_cost,
    linearOpBaseCost: WASM_CONFIG.wasm_linear_op_base_cost,
    linearOpUnitCost: WASM_CONFIG.wasm_linear_op_unit_cost,
  };
}

export type HostFunctions = Record<string, (...args: never[]) => unknown>;

export interface ContractInstance {
  /** Runs the module's start function (if any), then `method`. */
  call(method: string): void;
}

export interface PreparedContract {
  /** Names of the exported functions. */
  readonly exports: Set<string>;
  /** Exported functions of type () -> (): the callable methods. */
  readonly methodsWithoutSignature: Set<string>;
  /** Function imports (all from module "env"), in import order. */
  readonly imports: readonly string[];
  readonly module: WebAssembly.Module;
  /** The LinkError Wasmtime reports for these host functions, if any. */
  link(hostFunctions: HostFunctions): FunctionCallError | undefined;
  instantiate(hostFunctions: HostFunctions, gas: GasCounter, memory: GuestMemory): ContractInstance;
}

/** Wasmtime's description of an UnknownImportError, as nearcore reports it. */
const UNKNOWN_IMPORT = "unknown or invalid import";

class Prepared implements PreparedContract {
  constructor(
    readonly module: WebAssembly.Module,
    readonly imports: readonly string[],
    private readonly mistypedImports: readonly boolean[],
    readonly exports: Set<string>,
    readonly methodsWithoutSignature: Set<string>,
    private readonly hasStart: boolean,
    private readonly memoryPages: { initial: number; maximum: number },
  ) {}

  link(hostFunctions: HostFunctions): FunctionCallError | undefined {
    // In import order, as Wasmtime's linker: an unknown name, or a type other than the host function's.
    for (let i = 0; i < this.imports.length; i++) {
      const name = this.imports[i];
      if (typeof hostFunctions[name] !== "function" || !Object.hasOwn(hostFunctions, name))
        return linkError(UNKNOWN_IMPORT);
      if (this.mistypedImports[i]) return linkError(`incompatible import type for \`env::${name}\``);
    }
    return undefined;
  }

  instantiate(hostFunctions: HostFunctions, gas: GasCounter, memory: GuestMemory): ContractInstance {
    const linkFailure = this.link(hostFunctions);
    if (linkFailure) throw new PrepareFailure(linkFailure);
    const sync = new GasSync(gas);
    const linear = newContractMemory(this.memoryPages.initial, this.memoryPages.maximum);
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(this.module, {
        env: hostImports(this.imports, hostFunctions, sync),
        [MEMORY_IMPORT_MODULE]: { [MEMORY_IMPORT_NAME]: linear },
      });
    } catch (error) {
      dropContractMemory(linear);
      throw error;
    }
    const exports = instance.exports;
    sync.global = exports[GAS_EXPORT] as WebAssembly.Global;
    memory.attach(linear);
    const start = this.hasStart ? (exports[START_EXPORT] as () => void) : undefined;
    return { call: (method: string) => callMethod(method, { exports, start, sync, linear }) };
  }
}

/**
 * Keeps an instance's gas global and the GasCounter in step, as nearcore's
 * hooks do: the global is set to the gas the call may still burn before
 * wasm runs (`CallingWasm` / `ReturningFromHost`), and what the
 * instrumented code consumed is burnt before every host function and when
 * wasm returns or traps (`CallingHost` / `ReturningFromWasm`).
 */
class GasSync {
  /** Unset until the instance exists. */
  global: WebAssembly.Global | undefined;
  /** The value the gas global had when last synchronised with the GasCounter. */
  private synced = 0n;

  constructor(private readonly gas: GasCounter) {}

  /** Burns what the instrumented code consumed since the last synchronisation. */
  settle(): void {
    if (!this.global) return;
    const now = this.global.value as bigint;
    const consumed = this.synced - now;
    this.synced = now;
    if (consumed > 0n) this.gas.payWasmGas(consumed);
  }

  refill(): void {
    if (!this.global) return;
    const remaining = this.gas.remainingWasmGas();
    this.global.value = remaining;
    this.synced = remaining;
  }
}

/** The module's "env" imports: each host function between a settlement and a refill of the gas global. */
function hostImports(
  names: readonly string[],
  hostFunctions: HostFunctions,
  sync: GasSync,
): Record<string, (...args: unknown[]) => unknown> {
  const env: Record<string, (...args: unknown[]) => unknown> = {};
  for (const name of names) {
    const host = hostFunctions[name] as (...args: unknown[]) => unknown;
    env[name] = (...args: unknown[]) => {
      sync.settle();
      // NEAR's host functions take u64 / u32: wasm hands JS signed values.
      for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (typeof arg === "bigint") args[i] = BigInt.asUintN(64, arg);
        else if (typeof arg === "number") args[i] = arg >>> 0;
      }
      const result = host(...args);
      sync.refill();
      return result;
    };
  }
  return env;
}

interface LiveInstance {
  exports: WebAssembly.Exports;
  start: (() => void) | undefined;
  sync: GasSync;
  linear: WebAssembly.Memory;
}

/** Runs the start function (if any) and `method`; a trap becomes the error nearcore reports. */
function callMethod(method: string, { exports, start, sync, linear }: LiveInstance): void {
  const fn = exports[EXPORT_PREFIX + method];
  if (typeof fn !== "function") throw new Error(`${method} is not an exported function`);
  sync.refill();
  try {
    if (start) start();
    (fn as () => void)();
  } catch (error) {
    // A trap of the gas check surfaces as the GasCounter's error...
    sync.settle();
    // ...and one of the stack check as nearcore's finite_wasm_stack_exhausted error.
    if (((exports[STACK_EXPORT] as WebAssembly.Global).value as bigint) < 0n) throw hostErrors.memoryAccessViolation();
    throw refineTrap(error, exports);
  } finally {
    dropContractMemory(linear);
  }
  sync.settle();
}

/** Tells a call_indirect through a null entry from one with the wrong signature. */
function refineTrap(error: unknown, exports: WebAssembly.Exports): unknown {
  if (
    !(error instanceof WebAssembly.RuntimeError) ||
    !/null function or function signature mismatch/.test(error.message)
  )
    return error;
  const table = exports[TABLE_EXPORT] as WebAssembly.Table | undefined;
  const index = (exports[INDIRECT_EXPORT] as WebAssembly.Global).value as number;
  const isNull = table !== undefined && index >>> 0 < table.length && table.get(index >>> 0) === null;
  return new WasmTrapError(isNull ? "IndirectCallToNull" : "IncorrectCallIndirectSignature");
}

/** Limits of nearcore's LimitConfig that VMLimits does not carry (defaults: the parameter table). */
export type ExtraLimits = VMLimits & { maxFunctionBodySize?: bigint; maxStackHeight?: bigint };

type CacheEntry = Prepared | PrepareFailure;
const cacheByHash = new Map<string, CacheEntry>();
let cacheByCode = new WeakMap<Uint8Array, Map<string, CacheEntry>>();

/** The rewriter's limits for a VM configuration (the parameter table's for what VMLimits lacks). */
export function prepareLimits(limits: ExtraLimits): PrepareLimits {
  const n = (value: bigint) => (value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value));
  return {
    maxFunctions: n(limits.maxFunctionsNumberPerContract),
    maxLocals: n(limits.maxLocalsPerContract),
    maxTables: n(limits.maxTablesPerContract),
    maxTableElements: n(limits.maxElementsPerContractTable),
    maxFunctionBodySize: n(limits.maxFunctionBodySize ?? VM_LIMITS.max_function_body_size),
    maxStackHeight: n(limits.maxStackHeight ?? VM_LIMITS.max_stack_height),
    initialMemoryPages: n(limits.initialMemoryPages),
    maxMemoryPages: n(limits.maxMemoryPages),
  };
}

/** The fees instrumentation bakes into the code, for a gas configuration. */
export function gasFees(config: WasmGasConfig): GasFees {
  return {
    regular: Number(config.regularOpCost),
    linearBase: Number(config.linearOpBaseCost),
    linearUnit: Number(config.linearOpUnitCost),
  };
}

/**
 * Prepares (validates, instruments, compiles) a contract, or throws
 * PrepareFailure with the CompilationError nearcore reports. Results are
 * cached: the same code under the same configuration returns the same
 * object (or rethrows the same failure).
 */
export function prepareContract(
  code: Uint8Array,
  limits: ExtraLimits,
  gasConfig: WasmGasConfig = wasmGasConfig(),
): PreparedContract {
  const prepLimits = prepareLimits(limits);
  const fees = gasFees(gasConfig);
  const configKey = JSON.stringify([prepLimits, fees]);

  let byConfig = cacheByCode.get(code);
  let entry = byConfig?.get(configKey);
  if (!entry) {
    const hashKey = `${bytesToHex(sha256(code))}|${configKey}`;
    entry = cacheByHash.get(hashKey);
    if (!entry) {
      entry = prepareUncached(code, prepLimits, fees);
      cacheByHash.set(hashKey, entry);
    }
    if (!byConfig) {
      byConfig = new Map();
      cacheByCode.set(code, byConfig);
    }
    byConfig.set(configKey, entry);
  }
  if (entry instanceof PrepareFailure) throw entry;
  return entry;
}

function prepareUncached(code: Uint8Array, limits: PrepareLimits, fees: GasFees): CacheEntry {
  let rewritten: ReturnType<typeof rewriteModule>;
  try {
    rewritten = rewriteModule(code, limits, fees);
  } catch (error) {
    if (error instanceof PrepareRejection) return new PrepareFailure(compilationError(error.kind));
    if (error instanceof MalformedWasm) return new PrepareFailure(compilationError("Deserialization"));
    throw error;
  }
  // Type checking (wasmparser's validator in nearcore) is V8's.
  if (!WebAssembly.validate(code as Uint8Array<ArrayBuffer>))
    return new PrepareFailure(compilationError("Deserialization"));
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(rewritten.code as Uint8Array<ArrayBuffer>);
  } catch {
    // The instrumented module of a valid input failed to compile: nearcore's
    // instrumentation failure.
    return new PrepareFailure(compilationError("Serialization"));
  }
  const pages = { initial: limits.initialMemoryPages, maximum: limits.maxMemoryPages };
  return new Prepared(
    module,
    rewritten.imports,
    rewritten.mistypedImports,
    rewritten.exports,
    rewritten.callable,
    rewritten.hasStart,
    pages,
  );
}

/** Forgets every prepared contract (tests, memory pressure). */
export function clearPreparedContracts(): void {
  cacheByHash.clear();
  cacheByCode = new WeakMap();
}
