/**
 * finite-wasm's gas instrumentation table (`src/gas/mod.rs`): a list of
 * points (offset, kind, constant fee, linear fee), built instruction by
 * instruction with finite-wasm's rules. An instruction's fee is recorded
 * before it; an instruction with a side effect also schedules a POST point
 * after it, recorded at the next instruction's offset. Inside unreachable
 * code every point is UNREACHABLE (never charged). A loop's entry is charged
 * at the first instruction of its body, and only becomes a PRE/POST pair
 * (a segment boundary) once something branches to the loop.
 *
 * The points are kept in four parallel arrays because there is one per
 * instruction of the body, before optimize.ts merges them.
 */

import type { Reader } from "../bytes.ts";

/** finite-wasm's InstrumentationKind. */
export const PointKind = Object.freeze({
  Pure: 0,
  Unreachable: 1,
  Pre: 2,
  Post: 3,
  Between: 4,
  Aggregate: 5,
});

/** finite-wasm's BranchTargetKind: how a block's label is used. */
export const FrameKind = Object.freeze({
  Untaken: 0,
  Forward: 1,
  Loop: 2,
});

interface Frame {
  /** The rest of the frame is unreachable (after br, return, unreachable …). */
  polymorphic: boolean;
  kind: number;
  /** For a loop: the points of its entry (before it, and at the head of its body). */
  pre: number;
  post: number;
  isIf: boolean;
}

export class PointTable {
  offsets: number[] = [];
  kinds: number[] = [];
  constants: number[] = [];
  linears: number[] = [];

  get length(): number {
    return this.kinds.length;
  }

  push(offset: number, kind: number, constant: number, linear: number): void {
    this.offsets.push(offset);
    this.kinds.push(kind);
    this.constants.push(constant);
    this.linears.push(linear);
  }
}

export class ChargePoints {
  readonly table = new PointTable();
  /** Offsets of the first instruction of loops that are branched to. */
  readonly loopHeads = new Set<number>();
  readonly frames: Frame[] = [{ polymorphic: false, kind: FrameKind.Untaken, pre: 0, post: 0, isIf: false }];
  private scheduled: { kind: number; constant: number } | null = null;
  private offset = 0;

  get current(): Frame {
    return this.frames[this.frames.length - 1];
  }

  /** finite-wasm's set_offset: flushes the point scheduled after the previous instruction. */
  setOffset(offset: number): void {
    this.offset = offset;
    if (this.scheduled) {
      this.table.push(this.offset, this.scheduled.kind, this.scheduled.constant, 0);
      this.scheduled = null;
    }
  }

  before(kind: number, constant: number, linear = 0): void {
    this.table.push(this.offset, this.current.polymorphic ? PointKind.Unreachable : kind, constant, linear);
  }

  after(kind: number, constant: number): void {
    this.scheduled = { kind, constant };
  }

  /** An instruction without side effect: its fee joins the segment. */
  pure(fee: number): void {
    this.before(PointKind.Pure, fee);
  }

  /** An instruction with a side effect: the segment before it is charged first, a new one starts after it. */
  sideEffect(fee: number): void {
    this.before(PointKind.Pre, fee);
    this.after(PointKind.Post, 0);
  }

  /** An instruction whose fee depends on an operand (linear ops) or on the host (memory.grow, table.grow). */
  aggregate(constant: number, linear: number): void {
    this.before(PointKind.Aggregate, constant, linear);
    this.after(PointKind.Post, 0);
  }

  /** The rest of the current frame is unreachable. */
  unreachableFromHere(): void {
    this.current.polymorphic = true;
  }

  pushFrame(kind: number, isIf = false, pre = 0, post = 0): void {
    this.frames.push({ polymorphic: this.current.polymorphic, kind, pre, post, isIf });
  }

  popFrame(): void {
    if (this.frames.length > 1) this.frames.pop();
  }

  /** A branch to the label `depth` frames out: a loop's entry becomes a segment boundary. */
  branchTo(reader: Reader, depth: number): void {
    const index = this.frames.length - 1 - depth;
    if (index < 0) reader.fail("branch depth out of range");
    const frame = this.frames[index];
    if (frame.kind === FrameKind.Untaken) frame.kind = FrameKind.Forward;
    else if (frame.kind === FrameKind.Loop) {
      this.table.kinds[frame.post] = PointKind.Post;
      this.table.kinds[frame.pre] = PointKind.Pre;
      this.loopHeads.add(this.table.offsets[frame.post]);
    }
  }
}
