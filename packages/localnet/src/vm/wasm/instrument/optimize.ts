/**
 * finite-wasm's optimisation of the instrumentation table
 * (`src/gas/optimize.rs`), in its two passes: first the points at one
 * offset are merged, then consecutive points across instructions whose
 * kinds allow it (a straight-line segment gets one charge). The merge rules
 * are finite-wasm's; the result decides where charges go and how much each
 * is, so it must match finite-wasm exactly for gas parity.
 */

import * as points from "./points.ts";
import type { PointTable } from "./points.ts";

// Imported names bound once: under tsx's CommonJS transform every use of an imported
// name is a getter call, which the per-instruction paths pay until V8 optimises them.
const { PointKind } = points;

/** The kind of two points at one offset, merged. */
function mergeSamePoint(first: number, second: number): number {
  if (first === PointKind.Unreachable || second === PointKind.Unreachable) return PointKind.Unreachable;
  if (first === PointKind.Aggregate || second === PointKind.Aggregate) return PointKind.Aggregate;
  if (first === PointKind.Pure) return second;
  if (first === PointKind.Pre)
    return second === PointKind.Pre || second === PointKind.Pure ? PointKind.Pre : PointKind.Between;
  if (first === PointKind.Post)
    return second === PointKind.Post || second === PointKind.Pure ? PointKind.Post : PointKind.Between;
  return PointKind.Between;
}

/** The kind of two consecutive points merged across instructions, or -1 if they stay apart. */
function mergeAcross(first: number, second: number): number {
  if (first === PointKind.Pure && second === PointKind.Pure) return PointKind.Pure;
  if (first === PointKind.Unreachable && second === PointKind.Unreachable) return PointKind.Unreachable;
  if (first === PointKind.Post && second === PointKind.Pre) return PointKind.Between;
  if (first === PointKind.Pure && second === PointKind.Pre) return PointKind.Pre;
  if (first === PointKind.Post && second === PointKind.Pure) return PointKind.Post;
  return -1;
}

type Merge = (previousKind: number, nextKind: number, previousIndex: number, nextIndex: number) => number;

/** Writes the run that ended into slot `slot` of the table. */
function store(
  table: PointTable,
  slot: number,
  run: { offset: number; kind: number; constant: number; linear: number },
) {
  table.offsets[slot] = run.offset;
  table.kinds[slot] = run.kind;
  table.constants[slot] = run.constant;
  table.linears[slot] = run.linear;
}

/** One pass: folds each run of points `merge` accepts into one, in place. */
function mergeRuns(table: PointTable, merge: Merge): void {
  const count = table.length;
  if (count === 0) return;
  let stored = 0;
  const run = {
    offset: table.offsets[0],
    kind: table.kinds[0],
    constant: table.constants[0],
    linear: table.linears[0],
  };
  let runStart = 0;
  for (let i = 1; i < count; i++) {
    const merged = merge(run.kind, table.kinds[i], runStart, i);
    if (merged >= 0) {
      run.kind = merged;
      run.constant += table.constants[i];
      run.linear += table.linears[i];
      continue;
    }
    store(table, stored++, run);
    run.offset = table.offsets[i];
    run.kind = table.kinds[i];
    run.constant = table.constants[i];
    run.linear = table.linears[i];
    runStart = i;
  }
  store(table, stored++, run);
  table.offsets.length = stored;
  table.kinds.length = stored;
  table.constants.length = stored;
  table.linears.length = stored;
}

export function optimize(table: PointTable): void {
  mergeRuns(table, (first, second, firstIndex, secondIndex) =>
    table.offsets[firstIndex] === table.offsets[secondIndex] ? mergeSamePoint(first, second) : -1,
  );
  mergeRuns(table, mergeAcross);
}
