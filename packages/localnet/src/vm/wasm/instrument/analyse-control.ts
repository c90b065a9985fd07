/**
 * The analysis of control instructions, with finite-wasm's rules: `block`,
 * `else` and `end` are free (an `end` or `else` of a frame that is branched
 * to forward is a segment boundary); a loop is charged at the first
 * instruction of its body; branches, returns and calls have side effects
 * and mark the labels they target (points.ts); after `unreachable`, `br`,
 * `br_table` and `return` the rest of the frame is unreachable.
 */

import type { Reader } from "../bytes.ts";
import * as opcodes from "../opcodes.ts";
import type { BodyAnalysis } from "./analyse.ts";
import type { Instruction } from "./decode.ts";
import * as points from "./points.ts";

// Imported names bound once: under tsx's CommonJS transform every use of an imported
// name is a getter call, which the per-instruction paths pay until V8 optimises them.
const { Opcode } = opcodes;
const { FrameKind, PointKind } = points;

function enterLoop({ points, stack, regular }: BodyAnalysis, results: number[]): void {
  stack.enter(results);
  const pre = points.table.length;
  points.before(PointKind.Pure, 0);
  // Scheduled after the loop instruction: recorded at the first instruction of its body.
  const post = points.table.length;
  points.after(PointKind.Pure, regular);
  points.pushFrame(FrameKind.Loop, false, pre, post);
}

function enterElse({ points, stack, reader }: BodyAnalysis): void {
  if (points.frames.length < 2 || !points.current.isIf) reader.fail("else outside if");
  // The stack model's frames move with the points' frames: the if's is there.
  stack.enter(stack.leave()!.results);
  points.popFrame();
  points.pushFrame(FrameKind.Forward, false);
  points.sideEffect(0);
}

function endFrame(analysis: BodyAnalysis): void {
  const { points, stack } = analysis;
  if (points.current.kind === FrameKind.Forward) points.sideEffect(0);
  else points.pure(0);
  if (points.frames.length === 1) analysis.finished = true;
  points.popFrame();
  const frame = stack.leave();
  if (frame) for (const result of frame.results) stack.push(result);
}

/** unreachable, nop, block, loop, if, else, end. */
export function analyseStructure(analysis: BodyAnalysis, instruction: Instruction): void {
  const { points, stack, regular } = analysis;
  switch (instruction.opcode) {
    case Opcode.Unreachable:
      points.before(PointKind.Pre, regular);
      points.after(PointKind.Unreachable, 0);
      analysis.unreachableFromHere();
      return;
    case Opcode.Nop:
      points.pure(regular);
      return;
    case Opcode.Block:
      stack.enter(instruction.blockResults);
      points.pure(0);
      points.pushFrame(FrameKind.Untaken);
      return;
    case Opcode.Loop:
      enterLoop(analysis, instruction.blockResults);
      return;
    case Opcode.If:
      stack.pop();
      stack.enter(instruction.blockResults);
      points.sideEffect(regular);
      points.pushFrame(FrameKind.Forward, true);
      return;
    case Opcode.Else:
      enterElse(analysis);
      return;
    default:
      endFrame(analysis);
      return;
  }
}

/** br, br_if, br_table, return, call, call_indirect. */
export function analyseBranch(analysis: BodyAnalysis, instruction: Instruction): void {
  const { points, stack, regular, context } = analysis;
  const reader: Reader = analysis.reader;
  points.sideEffect(regular);
  switch (instruction.opcode) {
    case Opcode.Br:
      points.branchTo(reader, instruction.index);
      analysis.unreachableFromHere();
      return;
    case Opcode.BrIf:
      points.branchTo(reader, instruction.index);
      stack.pop();
      return;
    case Opcode.BrTable:
      for (const depth of instruction.targets) points.branchTo(reader, depth);
      points.branchTo(reader, instruction.index);
      analysis.unreachableFromHere();
      return;
    case Opcode.Return:
      points.branchTo(reader, points.frames.length - 1);
      analysis.returns.push(instruction.offset);
      analysis.unreachableFromHere();
      return;
    case Opcode.Call: {
      const callee = context.functionTypes[instruction.index];
      if (!callee) reader.fail("unknown function");
      stack.call(callee);
      return;
    }
    default: {
      const type = context.types[instruction.index];
      if (!type) reader.fail("unknown type");
      analysis.indirectCalls.push(instruction.offset);
      stack.call(type);
      return;
    }
  }
}
