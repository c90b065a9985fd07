import type { VMContext } from "./context.ts";
import { nearRuntimeCosts, nearVMLimits, type RuntimeCosts, type VMLimits } from "./costs.ts";
import {
  HostError,
  hostErrorOutcome,
  methodResolveError,
  wasmTrap,
  type FunctionCallError,
  type WasmTrapKind,
} from "./errors.ts";
import { GasCounter, type GasProfileEntry } from "./gas-counter.ts";
import { hostFunctions, type ValidatorStakes } from "./host/index.ts";
import { VMLogic, type ReturnData } from "./logic.ts";
import { prepareContract, wasmGasConfig, WasmTrapError, type PreparedContract } from "./prepare.ts";
import type { CreatedReceipt } from "./receipts.ts";
import { OverlayStorage, type ContractStorage } from "./storage.ts";

export interface RunRequest {
  code: Uint8Array;
  method: string;
  context: VMContext;
  storage: ContractStorage;
  validatorStakes?: ValidatorStakes;
  costs?: RuntimeCosts;
  limits?: VMLimits;
}

/** What one function call did: nearcore's VMOutcome plus the storage changes it made. */
export interface VMOutcome {
  returnData: ReturnData;
  logs: string[];
  burntGas: bigint;
  usedGas: bigint;
  gasProfile: GasProfileEntry[];
  balance: bigint;
  storageUsage: bigint;
  /** Receipts the call created; none when it failed. */
  receipts: CreatedReceipt[];
  /** Writes (value) and removals (null); none when it failed. */
  storageChanges: Array<{ key: Uint8Array; value: Uint8Array | null }>;
  error?: FunctionCallError;
}

/**
 * V8's trap messages, mapped to nearcore's WasmTrap kinds as its Wasmtime
 * runner classifies them (wasmtime_runner/mod.rs `into_vm_error`): an
 * out-of-bounds table access — call_indirect past the table, or an element
 * segment at instantiation — is Wasmtime's TableOutOfBounds, which nearcore
 * reports as MemoryOutOfBounds. Null entries and signature mismatches are
 * told apart by prepare.ts (WasmTrapError).
 */
const TRAPS: Array<[RegExp, WasmTrapKind]> = [
  [/unreachable/i, "Unreachable"],
  [/memory access out of bounds|out of bounds memory access|data segment.*out of bounds/i, "MemoryOutOfBounds"],
  [/divide by zero|remainder by zero|integer overflow|unrepresentable/i, "IllegalArithmetic"],
  [/table index is out of bounds|out of bounds table access|element segment.*out of bounds/i, "MemoryOutOfBounds"],
  [/null function/i, "IndirectCallToNull"],
  [/signature mismatch|function signature/i, "IncorrectCallIndirectSignature"],
  [/call stack size exceeded/i, "StackOverflow"],
];

function classify(error: unknown): FunctionCallError {
  if (error instanceof HostError) return hostErrorOutcome(error);
  if (error instanceof WasmTrapError) return wasmTrap(error.kind);
  const message = error instanceof Error ? error.message : String(error);
  const trap = TRAPS.find(([pattern]) => pattern.test(message));
  return wasmTrap(trap ? trap[1] : "GenericTrap");
}

/**
 * Runs one exported method of a contract the way nearcore's runner does:
 * charge contract loading, prepare (validate and instrument) the module,
 * resolve the method, run it with NEAR's host functions, and report the
 * outcome. Storage is changed only through the returned changes, and only
 * when the call succeeded.
 */
export function runContract(request: RunRequest): VMOutcome {
  const costs = request.costs ?? nearRuntimeCosts();
  const limits = request.limits ?? nearVMLimits();
  const { context } = request;
  const gas = new GasCounter(costs, context.prepaidGas, limits.maxGasBurnt, context.isView);
  const storage = new OverlayStorage(request.storage);
  const logic = new VMLogic(context, gas, limits, storage);

  const finish = (error?: FunctionCallError): VMOutcome => {
    if (!error) gas.promises += logic.receipts.distributeUnusedGas(context.isView ? 0n : context.prepaidGas - gas.used);
    return {
      returnData: error ? { kind: "None" } : logic.returnData,
      logs: logic.logs,
      burntGas: gas.burnt,
      usedGas: gas.used,
      gasProfile: gas.gasProfile(),
      balance: logic.balance,
      storageUsage: error ? context.storageUsage : logic.storageUsage,
      receipts: error ? [] : logic.receipts.receipts,
      storageChanges: error ? [] : storage.pendingChanges(),
      error,
    };
  };

  if (request.method.length === 0) return finish(methodResolveError("MethodEmptyName"));
  try {
    gas.pay("contract_loading_base");
    gas.pay("contract_loading_bytes", BigInt(request.code.length));
  } catch (error) {
    return finish(classify(error));
  }
  let prepared: PreparedContract;
  try {
    prepared = prepareContract(request.code, limits, wasmGasConfig(costs));
  } catch (error) {
    if (error instanceof PrepareFailure) return finish(error.outcome);
    throw error;
  }
  // Like Wasmtime's instantiate_pre, linking fails before the method is resolved.
  const hosts = hostFunctions(logic, request.validatorStakes ?? new Map());
  const linkFailure = prepared.link(hosts);
  if (linkFailure) return finish(linkFailure);
  if (!prepared.exports.has(request.method)) return finish(methodResolveError("MethodNotFound"));
  if (!prepared.methodsWithoutSignature.has(request.method))
    return finish(methodResolveError("MethodInvalidSignature"));
  try {
    const instance = prepared.instantiate(hosts, gas, logic.memory);
    instance.call(request.method);
  } catch (error) {
    return finish(classify(error));
  }
  return finish();
}

export { PrepareFailure } from "./prepare.ts";
import { PrepareFailure } from "./prepare.ts";
