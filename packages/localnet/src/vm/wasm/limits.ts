/**
 * The limits preparation enforces and how a module that breaks one is
 * rejected: with nearcore's PrepareError kinds, which the VM reports as
 * CompilationError::PrepareError.
 * Malformed input is not a rejection of this kind but a MalformedWasm
 * (bytes.ts), which preparation reports as Deserialization.
 */

/** The PrepareError kinds of nearcore. */
export type PrepareErrorKind =
  | "Serialization"
  | "Deserialization"
  | "InternalMemoryDeclared"
  | "GasInstrumentation"
  | "StackHeightInstrumentation"
  | "Instantiate"
  | "Memory"
  | "TooManyFunctions"
  | "TooManyLocals"
  | "TooManyTables"
  | "TooManyTableElements"
  | "FunctionBodyTooLarge";

export class PrepareRejection extends Error {
  constructor(
    readonly kind: PrepareErrorKind,
    detail?: string,
  ) {
    super(detail ? `${kind}: ${detail}` : kind);
    this.name = "PrepareRejection";
  }
}

/** nearcore's LimitConfig, as far as preparation uses it (numbers: all fit in a double). */
export interface PrepareLimits {
  /** Imported plus defined functions. */
  maxFunctions: number;
  /** Declared locals of all function bodies together (parameters do not count). */
  maxLocals: number;
  maxTables: number;
  /** The initial size of each table. */
  maxTableElements: number;
  /** The encoded size of one function body. */
  maxFunctionBodySize: number;
  /** The stack budget of a call, in finite-wasm's bytes. */
  maxStackHeight: number;
  /** Pages of the standard memory every module gets instead of its own. */
  initialMemoryPages: number;
  maxMemoryPages: number;
}
