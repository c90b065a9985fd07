/**
 * finite-wasm's max_stack analysis (`src/max_stack/`): the largest operand
 * stack, in bytes (4 for i32/f32, 8 for i64/f64/references), a function can
 * build. Block frames and stack polymorphism are tracked as finite-wasm
 * tracks them — including its treatment of call_indirect, whose table
 * index operand it does not pop — because the result is charged against
 * max_stack_height and must be the same number nearcore charges.
 */

import type { Reader } from "../bytes.ts";
import * as opcodes from "../opcodes.ts";
import * as types from "../types.ts";
import type { FuncType } from "../types.ts";

// Imported names bound once: under tsx's CommonJS transform every use of an imported
// name is a getter call, which the per-instruction paths pay until V8 optimises them.
const { Opcode } = opcodes;
const { valueSize } = types;

interface StackFrame {
  /** Operands below the frame's own. */
  height: number;
  polymorphic: boolean;
  results: number[];
}

/** Result sizes of the conversions, I32WrapI64 to F64ReinterpretI64, in opcode order. */
const CONVERSION_RESULT = [4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 4, 8, 4, 8];
/** Result sizes of the loads, I32Load to I64Load32U, in opcode order. */
const LOAD_RESULT = [4, 8, 4, 8, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8];

export class StackModel {
  /** The largest size the operand stack reached, in bytes. */
  max = 0;
  private readonly operands: number[] = [];
  private size = 0;
  private readonly frames: StackFrame[];

  constructor(
    private readonly reader: Reader,
    results: number[],
  ) {
    this.frames = [{ height: 0, polymorphic: false, results }];
  }

  private get current(): StackFrame {
    return this.frames[this.frames.length - 1];
  }

  push(type: number): void {
    this.pushSize(valueSize(type));
  }

  pushSize(size: number): void {
    if (this.current.polymorphic) return;
    this.operands.push(size);
    this.size += size;
    if (this.size > this.max) this.max = this.size;
  }

  pop(): void {
    if (this.current.polymorphic) return;
    const size = this.operands.pop();
    if (size === undefined) this.reader.fail("operand stack underflow");
    this.size -= size;
  }

  popMany(count: number): void {
    if (count === 0 || this.current.polymorphic) return;
    if (this.operands.length < count) this.reader.fail("operand stack underflow");
    for (let i = 0; i < count; i++) this.size -= this.operands.pop() as number;
  }

  /** The rest of the frame is unreachable: nothing is tracked until it ends. */
  polymorphic(): void {
    this.current.polymorphic = true;
  }

  enter(results: number[]): void {
    this.frames.push({ height: this.operands.length, polymorphic: this.current.polymorphic, results });
  }

  /** Ends the innermost frame; undefined at the function's own end. */
  leave(): StackFrame | undefined {
    if (this.frames.length === 1) return undefined;
    const frame = this.frames.pop() as StackFrame;
    const excess = this.operands.length - frame.height;
    if (excess < 0) this.reader.fail("truncated operand stack");
    this.popMany(excess);
    return frame;
  }

  call(type: FuncType): void {
    this.popMany(type.params.length);
    for (const result of type.results) this.push(result);
  }

  load(op: number): void {
    this.pop();
    this.pushSize(LOAD_RESULT[op - Opcode.I32Load]);
  }

  /** The stack effect of a numeric instruction (Opcode.I32Eqz to Opcode.I64Extend32S). */
  numeric(op: number): void {
    if (op === Opcode.I32Eqz || op === Opcode.I64Eqz) {
      this.pop();
      this.pushSize(4);
    } else if (op <= Opcode.F64Ge) {
      this.popMany(2); // comparisons
      this.pushSize(4);
    } else if (op >= Opcode.I32WrapI64 && op <= Opcode.F64ReinterpretI64) {
      this.pop();
      this.pushSize(CONVERSION_RESULT[op - Opcode.I32WrapI64]);
    } else if (isBinaryOperator(op)) {
      this.pop();
    }
    // Unary operators and sign extensions leave the stack as it is.
  }
}

function isBinaryOperator(op: number): boolean {
  return (
    (op >= Opcode.I32Add && op <= Opcode.I32Rotr) ||
    (op >= Opcode.I64Add && op <= Opcode.I64Rotr) ||
    (op >= Opcode.F32Add && op <= Opcode.F32Copysign) ||
    (op >= Opcode.F64Add && op <= Opcode.F64Copysign)
  );
}
