/**
 * What the instrumentation of one module's function bodies shares: the
 * fees of nearcore's cost model, the module's types, functions and globals
 * as far as the analysis needs them, and where the instrumentation's own
 * globals are.
 */

import type { FuncType } from "../types.ts";

/** Fees of the cost model, in gas: nearcore's wasm_regular_op_cost and wasm_linear_op_{base,unit}_cost. */
export interface GasFees {
  regular: number;
  linearBase: number;
  linearUnit: number;
}

/** Indices of the globals the emitter appends after the module's own. */
export interface InstrumentationGlobals {
  /** i64: the gas the call may still burn. */
  gas: number;
  /**
   * i32: receives the element index of every call_indirect just before it
   * executes. V8 reports a null entry and a signature mismatch with one
   * message; the host tells them apart with it (nearcore:
   * IndirectCallToNull vs IncorrectCallIndirectSignature).
   */
  indirect: number;
  /** i64: the stack budget left (max_stack_height when a call starts). */
  stack: number;
}

export interface InstrumentationContext {
  fees: GasFees;
  types: FuncType[];
  globals: InstrumentationGlobals;
  /** Value types of the module's own globals. */
  globalTypes: number[];
  /** Type of every function, imported ones first. */
  functionTypes: FuncType[];
  /** Encoded charge sequences, shared by the bodies of one module (same gas global). */
  chargeCache: Map<number, Uint8Array>;
}
