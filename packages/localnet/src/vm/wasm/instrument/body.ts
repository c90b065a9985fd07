/**
 * Gas and stack-height instrumentation of one function body, the way NEAR
 * meters wasm since it moved to finite-wasm (nearcore
 * `runtime/near-vm-runner/src/prepare/prepare_v3.rs` + `instrument_v3.rs`,
 * which run finite-wasm's analyses, `src/gas/` and `src/max_stack/` of
 * near/finite-wasm), in three phases:
 *
 * - decode and analyse (decode.ts, analyse*.ts): the body's instructions,
 *   checked against NEAR's feature set, build finite-wasm's table of charge
 *   points with nearcore's fees and the operand stack model, and the table
 *   is coalesced with finite-wasm's two merge passes (optimize.ts);
 * - emit (emit.ts, sequences.ts): the original instructions, unchanged,
 *   with a charge before every remaining point. On top of the instructions'
 *   fees, every function entry costs `ceil(frame / 8) × regular_op_cost`,
 *   instrument_v3's charge for the activation frame (locals.ts).
 *
 * Stack height, as instrument_v3 with finite-wasm's max_stack analysis: on
 * entry the function takes `max operand stack + frame` bytes from an i64
 * stack-budget global (and traps if that goes negative, before the frame
 * charge), and gives them back on every way out.
 *
 * Additionally, the element index of every call_indirect is recorded in a
 * global just before the call, so that the host can tell a null entry from
 * a signature mismatch (V8 reports both with one message).
 */

import { Reader } from "../bytes.ts";
import type { FuncType } from "../types.ts";
import { analyseCode } from "./analyse.ts";
import type { InstrumentationContext } from "./context.ts";
import { emitBody } from "./emit.ts";
import { Locals } from "./locals.ts";

/**
 * The instrumented body (locals and code, without its size prefix) of the
 * function of type `type` whose original body is `body`. Throws
 * MalformedWasm on anything outside the accepted binary format and
 * feature set.
 */
export function instrumentBody(body: Uint8Array, type: FuncType, context: InstrumentationContext): Uint8Array {
  const reader = new Reader(body);
  const locals = new Locals(reader, type.params);
  const analysis = analyseCode(reader, locals, type, context);
  return emitBody(body, type, analysis, context);
}
