/**
 * The analysis of a function body, instruction by instruction, with
 * nearcore's cost model (`SimpleGasCostCfg` of instrument_v3): `block`,
 * `else` and `end` are free; memory.init/copy/fill and table.init/copy/fill
 * cost `linear_op_base_cost + n × linear_op_unit_cost` (n = their length
 * operand); every other instruction costs `regular_op_cost`. Which
 * instructions have side effects, start frames or make code unreachable
 * follows finite-wasm's gas analysis (points.ts); the operand stack is
 * modelled alongside (stack.ts). It also records where the emitter inserts
 * code besides charges: before every call_indirect and every return.
 */

import type { Reader } from "../bytes.ts";
import * as opcodes from "../opcodes.ts";
import type { FuncType } from "../types.ts";
import type { InstrumentationContext } from "./context.ts";
import { decodeInstruction, type Instruction, newInstruction } from "./decode.ts";
import type { Locals } from "./locals.ts";
import { optimize } from "./optimize.ts";
import { ChargePoints } from "./points.ts";
import { StackModel } from "./stack.ts";
import { analyseBranch, analyseStructure } from "./analyse-control.ts";

// Imported names bound once: under tsx's CommonJS transform every use of an imported
// name is a getter call, which the per-instruction paths pay until V8 optimises them.
const { isNumeric, isTrappingNumeric, MiscOpcode, Opcode } = opcodes;

export class BodyAnalysis {
  readonly points = new ChargePoints();
  readonly stack: StackModel;
  /** Offsets of the call_indirect instructions. */
  readonly indirectCalls: number[] = [];
  /** Offsets of the return instructions. */
  readonly returns: number[] = [];
  /** The function's final `end` was read. */
  finished = false;
  readonly regular: number;

  constructor(
    readonly reader: Reader,
    readonly locals: Locals,
    readonly context: InstrumentationContext,
    type: FuncType,
  ) {
    this.stack = new StackModel(reader, type.results);
    this.regular = context.fees.regular;
  }

  /** The rest of the current frame is unreachable, for the gas analysis and the stack model alike. */
  unreachableFromHere(): void {
    this.points.unreachableFromHere();
    this.stack.polymorphic();
  }

  analyse(instruction: Instruction): void {
    const op = instruction.opcode;
    if (isNumeric(op)) this.numeric(op);
    else if (op <= Opcode.End) analyseStructure(this, instruction);
    else if (op <= Opcode.CallIndirect) analyseBranch(this, instruction);
    else if (op <= Opcode.TableSet) this.variable(instruction);
    else if (op <= Opcode.F64Const) this.memoryOrConstant(op);
    else if (op === Opcode.MiscPrefix) this.misc(instruction.misc);
    else this.reference(op);
  }

  private numeric(op: number): void {
    if (isTrappingNumeric(op)) this.points.sideEffect(this.regular);
    else this.points.pure(this.regular);
    this.stack.numeric(op);
  }

  /** drop, select, locals, globals, table.get/set. */
  private variable({ opcode, index }: Instruction): void {
    const { points, stack, regular } = this;
    switch (opcode) {
      case Opcode.TableGet:
        points.sideEffect(regular);
        stack.pop();
        stack.pushSize(8);
        return;
      case Opcode.TableSet:
        points.sideEffect(regular);
        stack.popMany(2);
        return;
      case Opcode.GlobalGet: {
        const type = this.context.globalTypes[index];
        if (type === undefined) this.reader.fail("unknown global");
        points.pure(regular);
        stack.push(type);
        return;
      }
      case Opcode.LocalGet:
        points.pure(regular);
        stack.push(this.locals.typeOf(index));
        return;
    }
    points.pure(regular);
    if (opcode === Opcode.Select || opcode === Opcode.SelectTyped) stack.popMany(2);
    else if (opcode !== Opcode.LocalTee) stack.pop(); // drop, local.set, global.set
  }

  /** Loads, stores, memory.size/grow and the constants. */
  private memoryOrConstant(op: number): void {
    const { points, stack, regular } = this;
    if (op === Opcode.MemoryGrow) {
      points.aggregate(regular, 0);
      return;
    }
    if (op === Opcode.MemorySize || op >= Opcode.I32Const) {
      points.pure(regular);
      stack.pushSize(op === Opcode.I64Const || op === Opcode.F64Const ? 8 : 4);
      return;
    }
    points.sideEffect(regular);
    if (op <= Opcode.I64Load32U) stack.load(op);
    else stack.popMany(2);
  }

  private reference(op: number): void {
    this.points.pure(this.regular);
    if (op === Opcode.RefIsNull) {
      this.stack.pop();
      this.stack.pushSize(4);
    } else {
      this.stack.pushSize(8); // ref.null, ref.func
    }
  }

  /** The 0xfc instructions: saturating truncations, bulk memory and tables. */
  private misc(sub: number): void {
    const { points, stack, regular } = this;
    const { linearBase, linearUnit } = this.context.fees;
    if (sub <= MiscOpcode.I64TruncSatF64U) {
      points.pure(regular);
      stack.pop();
      stack.pushSize(sub <= MiscOpcode.I32TruncSatF64U ? 4 : 8);
      return;
    }
    switch (sub) {
      case MiscOpcode.DataDrop:
      case MiscOpcode.ElemDrop:
        points.pure(regular);
        return;
      case MiscOpcode.TableSize:
        points.pure(regular);
        stack.pushSize(4);
        return;
      case MiscOpcode.TableGrow:
        points.aggregate(regular, 0);
        stack.popMany(2);
        stack.pushSize(4);
        return;
      default: // memory.init/copy/fill, table.init/copy/fill
        points.aggregate(linearBase, linearUnit);
        stack.popMany(3);
        return;
    }
  }
}

/** Decodes and analyses the code of a body (after its locals), then merges the charge points. */
export function analyseCode(
  reader: Reader,
  locals: Locals,
  type: FuncType,
  context: InstrumentationContext,
): BodyAnalysis {
  const analysis = new BodyAnalysis(reader, locals, context, type);
  const instruction = newInstruction();
  while (!reader.eof) {
    if (analysis.finished) reader.fail("code after the function's final end");
    analysis.points.setOffset(reader.pos);
    decodeInstruction(reader, context.types, instruction);
    analysis.analyse(instruction);
  }
  if (!analysis.finished) reader.fail("function body without final end");
  optimize(analysis.points.table);
  return analysis;
}
