/**
 * The errors a contract call can end with, shaped like nearcore's
 * FunctionCallError so that outcomes serialize the way neard reports them.
 * Messages are nearcore's Display texts, character for character
 * (runtime/near-vm-runner/src/logic/errors.rs; test/host-errors.test.ts
 * pins each one).
 */

/** A failure raised by a host function; aborts the call. */
export class HostError extends Error {
  readonly kind: string;
  readonly details: Record<string, unknown>;

  constructor(kind: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "HostError";
    this.kind = kind;
    this.details = details;
  }
}

export const hostErrors = {
  gasExceeded: () => new HostError("GasExceeded", "Exceeded the prepaid gas."),
  gasLimitExceeded: () =>
    new HostError("GasLimitExceeded", "Exceeded the maximum amount of gas allowed to burn per contract."),
  balanceExceeded: () => new HostError("BalanceExceeded", "Exceeded the account balance."),
  emptyMethodName: () => new HostError("EmptyMethodName", "Tried to call an empty method name."),
  guestPanic: (panicMsg: string) =>
    new HostError("GuestPanic", `Smart contract panicked: ${panicMsg}`, { panic_msg: panicMsg }),
  integerOverflow: () => new HostError("IntegerOverflow", "Integer overflow."),
  invalidPromiseIndex: (promiseIdx: bigint) =>
    new HostError("InvalidPromiseIndex", `${promiseIdx} does not correspond to existing promises`, {
      promise_idx: promiseIdx,
    }),
  cannotAppendActionToJointPromise: () =>
    new HostError("CannotAppendActionToJointPromise", "Actions can only be appended to non-joint promise."),
  cannotReturnJointPromise: () =>
    new HostError("CannotReturnJointPromise", "Returning joint promise is currently prohibited."),
  invalidPromiseResultIndex: (resultIdx: bigint) =>
    new HostError("InvalidPromiseResultIndex", `Accessed invalid promise result index: ${resultIdx}`, {
      result_idx: resultIdx,
    }),
  invalidRegisterId: (registerId: bigint) =>
    new HostError("InvalidRegisterId", `Accessed invalid register id: ${registerId}`, { register_id: registerId }),
  memoryAccessViolation: () => new HostError("MemoryAccessViolation", "Accessed memory outside the bounds."),
  invalidAccountId: () => new HostError("InvalidAccountId", "VM Logic returned an invalid account id"),
  invalidMethodName: () => new HostError("InvalidMethodName", "VM Logic returned an invalid method name"),
  invalidPublicKey: () => new HostError("InvalidPublicKey", "VM Logic provided an invalid public key"),
  badUtf8: () => new HostError("BadUTF8", "String encoding is bad UTF-8 sequence."),
  badUtf16: () => new HostError("BadUTF16", "String encoding is bad UTF-16 sequence."),
  prohibitedInView: (methodName: string) =>
    new HostError("ProhibitedInView", `${methodName} is not allowed in view calls`, { method_name: methodName }),
  numberOfLogsExceeded: (limit: bigint) =>
    new HostError("NumberOfLogsExceeded", `The number of logs will exceed the limit ${limit}`, { limit }),
  keyLengthExceeded: (length: bigint, limit: bigint) =>
    new HostError("KeyLengthExceeded", `The length of a storage key ${length} exceeds the limit ${limit}`, {
      length,
      limit,
    }),
  valueLengthExceeded: (length: bigint, limit: bigint) =>
    new HostError("ValueLengthExceeded", `The length of a storage value ${length} exceeds the limit ${limit}`, {
      length,
      limit,
    }),
  totalLogLengthExceeded: (length: bigint, limit: bigint) =>
    new HostError("TotalLogLengthExceeded", `The length of a log message ${length} exceeds the limit ${limit}`, {
      length,
      limit,
    }),
  numberPromisesExceeded: (count: bigint, limit: bigint) =>
    new HostError(
      "NumberPromisesExceeded",
      `The number of promises within a FunctionCall ${count} exceeds the limit ${limit}`,
      { number_of_promises: count, limit },
    ),
  numberInputDataDependenciesExceeded: (count: bigint, limit: bigint) =>
    new HostError(
      "NumberInputDataDependenciesExceeded",
      `The number of input data dependencies ${count} exceeds the limit ${limit}`,
      { number_of_input_data_dependencies: count, limit },
    ),
  returnedValueLengthExceeded: (length: bigint, limit: bigint) =>
    new HostError(
      "ReturnedValueLengthExceeded",
      `The length of a returned value ${length} exceeds the limit ${limit}`,
      { length, limit },
    ),
  contractSizeExceeded: (size: bigint, limit: bigint) =>
    new HostError(
      "ContractSizeExceeded",
      `The size of a contract code in DeployContract action ${size} exceeds the limit ${limit}`,
      { size, limit },
    ),
  ecrecoverError: (msg: string) => new HostError("ECRecoverError", `ECDSA recover error: ${msg}`, { msg }),
  altBn128InvalidInput: (msg: string) =>
    new HostError("AltBn128InvalidInput", `AltBn128 invalid input: ${msg}`, { msg }),
  /** Not a nearcore error: a host function this VM does not implement (see the package README). */
  unsupported: (name: string) =>
    new HostError("Unsupported", `${name} is not supported by @modelfund/near-localnet's VM`, { method_name: name }),
  ed25519VerifyInvalidInput: (msg: string) =>
    new HostError("Ed25519VerifyInvalidInput", `ED25519 signature verification error: ${msg}`, { msg }),
};

/** nearcore's WasmTrap kinds and their texts. */
export const WASM_TRAPS = {
  Unreachable: "An `unreachable` opcode was executed.",
  IncorrectCallIndirectSignature: "Call indirect incorrect signature trap.",
  MemoryOutOfBounds: "Memory out of bounds trap.",
  CallIndirectOOB: "Call indirect out of bounds trap.",
  IllegalArithmetic: "An arithmetic exception, e.g. divided by zero.",
  IndirectCallToNull: "Indirect call to null.",
  StackOverflow: "Stack overflow.",
  GenericTrap: "Generic trap.",
} as const;
export type WasmTrapKind = keyof typeof WASM_TRAPS;

/**
 * How a call failed, as nearcore's FunctionCallError: the variant, its
 * payload in neard's JSON form, and the text neard shows for it.
 */
export type FunctionCallError =
  | { kind: "CompilationError"; json: { CompilationError: unknown }; message: string }
  | { kind: "LinkError"; json: { LinkError: { msg: string } }; message: string }
  | { kind: "MethodResolveError"; json: { MethodResolveError: string }; message: string }
  | { kind: "WasmTrap"; json: { WasmTrap: string }; message: string }
  | { kind: "HostError"; json: { HostError: unknown }; message: string; hostError: HostError };

export function compilationError(prepareError: string): FunctionCallError {
  return {
    kind: "CompilationError",
    json: { CompilationError: { PrepareError: prepareError } },
    message: `PrepareError: ${prepareError}`,
  };
}

export function linkError(msg: string): FunctionCallError {
  return { kind: "LinkError", json: { LinkError: { msg } }, message: `Wasm linking error: ${msg}` };
}

export function methodResolveError(
  variant: "MethodEmptyName" | "MethodNotFound" | "MethodInvalidSignature",
): FunctionCallError {
  return { kind: "MethodResolveError", json: { MethodResolveError: variant }, message: variant };
}

export function wasmTrap(trap: WasmTrapKind): FunctionCallError {
  return { kind: "WasmTrap", json: { WasmTrap: trap }, message: `WebAssembly trap: ${WASM_TRAPS[trap]}` };
}

export function hostErrorOutcome(error: HostError): FunctionCallError {
  const payload = Object.keys(error.details).length === 0 ? error.kind : { [error.kind]: jsonSafe(error.details) };
  return { kind: "HostError", json: { HostError: payload }, message: error.message, hostError: error };
}

function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]));
}
