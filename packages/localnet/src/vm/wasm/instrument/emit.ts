/**
 * Writes an instrumented function body. The original instructions are
 * copied unchanged (so instruction counts, and the gas they cost, are
 * nearcore's); code is only inserted: the locals the linear charges need,
 * the stack check and the frame charge at entry, a charge before every
 * point of the optimised table that costs something and can be reached,
 * the capture of call_indirect's element index, and the release of the
 * stack budget before every `return` and after the body. As instrument_v3
 * does, the body is wrapped in a block, so that every way out of it
 * (falling off the end, or a branch to the function's label) passes the
 * release after it.
 */

import { Opcode } from "../opcodes.ts";
import { EMPTY_BLOCK_TYPE, type FuncType, ValType } from "../types.ts";
import type { BodyAnalysis } from "./analyse.ts";
import type { InstrumentationContext } from "./context.ts";
import type { Locals } from "./locals.ts";
import * as points from "./points.ts";
import type { PointTable } from "./points.ts";
import { InstrumentWriter } from "./sequences.ts";

// Imported names bound once: under tsx's CommonJS transform every use of an imported
// name is a getter call, which the per-instruction paths pay until V8 optimises them.
const { PointKind } = points;

/** The frame charge is one regular op per 8 bytes of frame (instrument_v3). */
const FRAME_BYTES_PER_OP = 8;

/** What is inserted before an original instruction, in this order when several go to one offset. */
const Insertion = Object.freeze({ Charge: 0, CaptureIndex: 1, StackRelease: 2 });

interface PendingInsertion {
  offset: number;
  kind: number;
  /** For a charge: its index in the point table. */
  point: number;
}

function isCharged(table: PointTable, point: number): boolean {
  return table.kinds[point] !== PointKind.Unreachable && (table.constants[point] !== 0 || table.linears[point] !== 0);
}

function pendingInsertions(analysis: BodyAnalysis): PendingInsertion[] {
  const { table } = analysis.points;
  const insertions: PendingInsertion[] = [];
  for (let point = 0; point < table.length; point++)
    if (isCharged(table, point)) insertions.push({ offset: table.offsets[point], kind: Insertion.Charge, point });
  for (const offset of analysis.indirectCalls) insertions.push({ offset, kind: Insertion.CaptureIndex, point: 0 });
  for (const offset of analysis.returns) insertions.push({ offset, kind: Insertion.StackRelease, point: 0 });
  return insertions.sort((first, second) => first.offset - second.offset || first.kind - second.kind);
}

/** A linear charge computes its fee in two scratch locals: the length operand (i32) and the fee (i64). */
function needsScratchLocals(table: PointTable): boolean {
  for (let point = 0; point < table.length; point++)
    if (table.kinds[point] !== PointKind.Unreachable && table.linears[point] !== 0) return true;
  return false;
}

function writeLocals(out: InstrumentWriter, body: Uint8Array, locals: Locals, scratch: boolean): void {
  out.u32(locals.groupCount + (scratch ? 2 : 0));
  out.bytes(body.subarray(locals.groupsStart, locals.codeStart));
  if (scratch) {
    out.u32(1).byte(ValType.I32);
    out.u32(1).byte(ValType.I64);
  }
}

export function emitBody(
  body: Uint8Array,
  type: FuncType,
  analysis: BodyAnalysis,
  context: InstrumentationContext,
): Uint8Array {
  const { locals, points, stack } = analysis;
  const { globals } = context;
  const out = new InstrumentWriter(globals.gas, context.chargeCache);
  writeLocals(out, body, locals, needsScratchLocals(points.table));
  const countLocal = type.params.length + locals.declared;
  const feeLocal = countLocal + 1;
  const stackCharge = stack.max + locals.frameBytes;
  out.byte(Opcode.Block).byte(type.results.length > 0 ? type.results[0] : EMPTY_BLOCK_TYPE);
  out.stackCharge(globals.stack, stackCharge);
  out.charge(Math.ceil(locals.frameBytes / FRAME_BYTES_PER_OP) * context.fees.regular, false);
  let copied = locals.codeStart;
  for (const { offset, kind, point } of pendingInsertions(analysis)) {
    out.bytes(body.subarray(copied, offset));
    copied = offset;
    if (kind === Insertion.CaptureIndex) out.captureIndex(globals.indirect);
    else if (kind === Insertion.StackRelease) out.stackRelease(globals.stack, stackCharge);
    else if (points.table.linears[point] !== 0)
      out.linearCharge(points.table.constants[point], points.table.linears[point], countLocal, feeLocal);
    else out.charge(points.table.constants[point], points.loopHeads.has(offset));
  }
  out.bytes(body.subarray(copied)); // ends with the original final `end`, closing the block
  out.stackRelease(globals.stack, stackCharge);
  out.byte(Opcode.End);
  return out.finish();
}
