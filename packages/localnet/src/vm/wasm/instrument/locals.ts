/**
 * The locals declared at the head of a function body: their types (for the
 * operand stack model of local.get) and the size of the function's
 * activation frame, as nearcore's `SimpleMaxStackCfg` models it: 64 bytes
 * plus the parameters and locals (4 bytes for i32/f32, 8 for the others).
 * Locals are kept as runs of one type: local i has the type of the first
 * run that ends after i.
 */

import type { Reader } from "../bytes.ts";
import { checkValType, valueSize } from "../types.ts";

/** The fixed part of an activation frame in finite-wasm's stack model. */
const FRAME_OVERHEAD = 64;

export class Locals {
  /** Number of local declarations (runs of one type) in the body. */
  readonly groupCount: number;
  /** Offset of the first declaration, after their count. */
  readonly groupsStart: number;
  /** Offset of the code, after the declarations. */
  readonly codeStart: number;
  /** Locals the body declares (parameters excluded). */
  declared = 0;
  frameBytes = FRAME_OVERHEAD;
  private readonly runEnds: number[] = [];
  private readonly runTypes: number[] = [];

  constructor(
    private readonly reader: Reader,
    params: number[],
  ) {
    for (const param of params) this.addRun(1, param);
    this.groupCount = reader.u32();
    this.groupsStart = reader.pos;
    for (let i = 0; i < this.groupCount; i++) {
      const count = reader.u32();
      const type = reader.u8();
      checkValType(reader, type);
      this.declared += count;
      this.addRun(count, type);
    }
    this.codeStart = reader.pos;
  }

  private addRun(count: number, type: number): void {
    const end = (this.runEnds.length === 0 ? 0 : this.runEnds[this.runEnds.length - 1]) + count;
    this.runEnds.push(end);
    this.runTypes.push(type);
    this.frameBytes += count * valueSize(type);
  }

  /** The type of local `index` (parameters first); malformed if there is no such local. */
  typeOf(index: number): number {
    let low = 0;
    let high = this.runEnds.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.runEnds[middle] > index) high = middle;
      else low = middle + 1;
    }
    if (low >= this.runEnds.length) this.reader.fail("unknown local");
    return this.runTypes[low];
  }
}
