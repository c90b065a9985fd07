/**
 * Gas instrumentation of one function body, the way NEAR meters wasm
 * execution since it moved to finite-wasm (nearcore
 * `runtime/near-vm-runner/src/prepare/prepare_v3.rs` + `instrument_v3.rs`,
 * which run finite-wasm's gas analysis, `src/gas/mod.rs` and
 * `src/gas/optimize.rs` of near/finite-wasm).
 *
 * The body is decoded opcode by opcode (MVP, sign extension, saturating
 * float-to-int, bulk memory and reference types: exactly the feature set
 * NEAR accepts; everything else is rejected as malformed), an
 * instrumentation table of (offset, kind, fee) points is built as
 * finite-wasm builds it, the table is coalesced with finite-wasm's two merge
 * passes, and a charge is inserted before the instruction at the offset of
 * every remaining point. The original instructions are copied unchanged.
 *
 * Fees are nearcore's `SimpleGasCostCfg`: `block`, `else` and `end` are free;
 * memory.init/copy/fill and table.init/copy/fill cost
 * `linear_op_base_cost + n × linear_op_unit_cost` (n = their length operand);
 * every other instruction costs `regular_op_cost`. On top of that every
 * function entry costs `ceil(frame / 8) × regular_op_cost`, where frame is
 * 64 bytes plus the size of the parameters and locals (4 bytes for i32/f32,
 * 8 for i64/f64/references) — instrument_v3's charge for the activation
 * frame, computed from `SimpleMaxStackCfg::size_of_function_activation`.
 *
 * Charges decrement a module-defined mutable i64 global holding the gas the
 * call may still burn. nearcore checks every charge (and calls its internal
 * `finite_wasm_gas` import to fail when the fee exceeds the global). Here
 * only the charges at the head of a loop that is branched to and the
 * linear charges check the global and execute `unreachable` when it went
 * negative; every other way the code can have an effect or end — a host
 * call, a trap, returning — first settles the global with the GasCounter on
 * the host side (prepare.ts), which then fails with GasExceeded /
 * GasLimitExceeded exactly as nearcore does at the charge that ran out: no
 * host function runs after it, the same gas is burnt, and the same error is
 * reported. Only wall time differs: the code between the charge that ran
 * out and the next check (a straight line, no loop) still runs. Checking
 * less often makes metered code about twice as fast.
 *
 * Stack height, as instrument_v3 with finite-wasm's max_stack analysis:
 * the body is wrapped in a block; on entry the function takes
 * `max operand stack + frame` bytes from an i64 stack-budget global (and
 * traps if that goes negative, before the frame charge), and gives them
 * back before every `return` and after the wrapping block.
 *
 * Additionally, the element index of every call_indirect is recorded in a
 * global just before the call, so that the host can tell a null entry
 * from a signature mismatch (V8 reports both with one message).
 */

import { Reader, Writer } from "./bytes.ts";

/** Fees of the cost model, in gas. */
export interface GasFees {
  regular: number;
  linearBase: number;
  linearUnit: number;
}

export interface FuncType {
  params: number[];
  results: number[];
}

export interface BodyContext {
  fees: GasFees;
  types: FuncType[];
  /** The type of the function whose body this is. */
  type: FuncType;
  /** Index of the gas global. */
  gasGlobal: number;
  /**
   * Index of an i32 global that receives the element index of every
   * call_indirect just before it executes. V8 reports a null entry and a
   * signature mismatch with one message; the host tells them apart with it
   * (nearcore: IndirectCallToNull vs IncorrectCallIndirectSignature).
   */
  indirectGlobal: number;
  /** Index of the i64 global holding the stack budget left (max_stack_height at the start). */
  stackGlobal: number;
  /** Value types of the module's globals. */
  globalTypes: number[];
  /** Type of every function, imported ones first. */
  functionTypes: FuncType[];
  /** Encoded charge sequences, shared by the bodies of one module (same gas global). */
  chargeCache?: Map<number, Uint8Array>;
}

export interface InstrumentedBody {
  /** The new body (locals + code), without its size prefix. */
  body: Uint8Array;
  /** Locals declared by the original body (for max_locals_per_contract). */
  declaredLocals: number;
}

// Instrumentation kinds, as finite-wasm's InstrumentationKind.
const PURE = 0;
const UNREACHABLE = 1;
const PRE = 2;
const POST = 3;
const BETWEEN = 4;
const AGGREGATE = 5;

// Frame kinds, as finite-wasm's BranchTargetKind.
const UNTAKEN = 0;
const FORWARD = 1;
const LOOP = 2;

interface Frame {
  polymorphic: boolean;
  kind: number;
  pre: number;
  post: number;
  isIf: boolean;
}

const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x70, 0x6f]);

export function valueSize(type: number): number {
  return type === 0x7f || type === 0x7d ? 4 : 8;
}

export function checkValType(r: Reader, type: number): void {
  if (!VALTYPES.has(type)) r.fail(`unsupported value type 0x${type.toString(16)}`);
}

/** Integer division/remainder and float→int truncation: trapping numeric ops. */
function isTrappingNumeric(op: number): boolean {
  return (
    (op >= 0x6d && op <= 0x70) || (op >= 0x7f && op <= 0x82) || (op >= 0xa8 && op <= 0xab) || (op >= 0xae && op <= 0xb1)
  );
}

class Analysis {
  offsets: number[] = [];
  kinds: number[] = [];
  constants: number[] = [];
  linears: number[] = [];
  scheduled: { kind: number; constant: number } | null = null;
  /** Offsets of the first instruction of loops that are branched to. */
  readonly loopHeads = new Set<number>();
  frames: Frame[] = [{ polymorphic: false, kind: UNTAKEN, pre: 0, post: 0, isIf: false }];
  offset = 0;

  get current(): Frame {
    return this.frames[this.frames.length - 1];
  }

  /** finite-wasm's set_offset: flushes the charge scheduled after the previous instruction. */
  at(offset: number): void {
    this.offset = offset;
    if (this.scheduled) {
      this.push(this.scheduled.kind, this.scheduled.constant, 0);
      this.scheduled = null;
    }
  }

  private push(kind: number, constant: number, linear: number): void {
    this.offsets.push(this.offset);
    this.kinds.push(kind);
    this.constants.push(constant);
    this.linears.push(linear);
  }

  before(kind: number, constant: number, linear = 0): void {
    this.push(this.current.polymorphic ? UNREACHABLE : kind, constant, linear);
  }

  after(kind: number, constant: number): void {
    this.scheduled = { kind, constant };
  }

  pure(fee: number): void {
    this.before(PURE, fee);
  }

  sideEffect(fee: number): void {
    this.before(PRE, fee);
    this.after(POST, 0);
  }

  aggregate(constant: number, linear: number): void {
    this.before(AGGREGATE, constant, linear);
    this.after(POST, 0);
  }

  newFrame(kind: number, isIf = false, pre = 0, post = 0): void {
    this.frames.push({ polymorphic: this.current.polymorphic, kind, pre, post, isIf });
  }

  endFrame(): void {
    if (this.frames.length > 1) this.frames.pop();
  }

  adjust(r: Reader, depth: number): void {
    const index = this.frames.length - 1 - depth;
    if (index < 0) r.fail("branch depth out of range");
    const frame = this.frames[index];
    if (frame.kind === UNTAKEN) frame.kind = FORWARD;
    else if (frame.kind === LOOP) {
      this.kinds[frame.post] = POST;
      this.kinds[frame.pre] = PRE;
      this.loopHeads.add(this.offsets[frame.post]);
    }
  }

  /** finite-wasm's optimize: merge points at one offset, then across instructions. */
  optimize(): void {
    this.mergeWith((a, b, ia, ib) => (this.offsets[ia] === this.offsets[ib] ? mergeSamePoint(a, b) : -1));
    this.mergeWith((a, b) => mergeAcross(a, b));
  }

  private mergeWith(merge: (prevKind: number, nextKind: number, prevIndex: number, nextIndex: number) => number): void {
    const n = this.kinds.length;
    if (n === 0) return;
    let out = 0;
    let kind = this.kinds[0];
    let constant = this.constants[0];
    let linear = this.linears[0];
    let offset = this.offsets[0];
    let prevIndex = 0;
    for (let i = 1; i < n; i++) {
      const merged = merge(kind, this.kinds[i], prevIndex, i);
      if (merged >= 0) {
        kind = merged;
        constant += this.constants[i];
        linear += this.linears[i];
      } else {
        this.offsets[out] = offset;
        this.kinds[out] = kind;
        this.constants[out] = constant;
        this.linears[out] = linear;
        out++;
        kind = this.kinds[i];
        constant = this.constants[i];
        linear = this.linears[i];
        offset = this.offsets[i];
        prevIndex = i;
      }
    }
    this.offsets[out] = offset;
    this.kinds[out] = kind;
    this.constants[out] = constant;
    this.linears[out] = linear;
    out++;
    this.offsets.length = out;
    this.kinds.length = out;
    this.constants.length = out;
    this.linears.length = out;
  }
}

function mergeSamePoint(a: number, b: number): number {
  if (a === UNREACHABLE || b === UNREACHABLE) return UNREACHABLE;
  if (a === AGGREGATE || b === AGGREGATE) return AGGREGATE;
  if (a === PURE) return b;
  if (a === PRE) return b === PRE || b === PURE ? PRE : BETWEEN;
  if (a === POST) return b === POST || b === PURE ? POST : BETWEEN;
  return BETWEEN;
}

function mergeAcross(a: number, b: number): number {
  if (a === PURE && b === PURE) return PURE;
  if (a === UNREACHABLE && b === UNREACHABLE) return UNREACHABLE;
  if (a === POST && b === PRE) return BETWEEN;
  if (a === PURE && b === PRE) return PRE;
  if (a === POST && b === PURE) return POST;
  return -1;
}

const NO_RESULTS: number[] = [];

/** Reads a block type; returns the block's result types. */
function readBlockType(r: Reader, types: FuncType[]): number[] {
  const first = r.bytes[r.pos];
  if (first === 0x40) {
    r.pos++;
    return NO_RESULTS;
  }
  if (VALTYPES.has(first)) {
    r.pos++;
    return [first];
  }
  const index = r.signed(33);
  if (index < 0n || index >= BigInt(types.length)) r.fail("invalid block type");
  const type = types[Number(index)];
  // Multi-value is disabled: a block may take no parameters and yield at most one result.
  if (type.params.length > 0 || type.results.length > 1) r.fail("multi-value block type");
  return type.results;
}

/**
 * finite-wasm's max_stack analysis (`src/max_stack/`): the largest operand
 * stack (in bytes: 4 for i32/f32, 8 for i64/f64/references) a function can
 * build, tracking block frames and stack polymorphism as finite-wasm does —
 * including its treatment of call_indirect, whose table index operand it
 * does not pop.
 */
class StackModel {
  private readonly operands: number[] = [];
  private size = 0;
  max = 0;
  private readonly frames: Array<{ height: number; polymorphic: boolean; results: number[] }>;

  constructor(
    private readonly r: Reader,
    results: number[],
  ) {
    this.frames = [{ height: 0, polymorphic: false, results }];
  }

  private get current() {
    return this.frames[this.frames.length - 1];
  }

  push(type: number): void {
    if (this.current.polymorphic) return;
    const size = valueSize(type);
    this.operands.push(size);
    this.size += size;
    if (this.size > this.max) this.max = this.size;
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
    if (size === undefined) this.r.fail("operand stack underflow");
    this.size -= size;
  }

  popMany(count: number): void {
    if (count === 0 || this.current.polymorphic) return;
    if (this.operands.length < count) this.r.fail("operand stack underflow");
    for (let i = 0; i < count; i++) this.size -= this.operands.pop()!;
  }

  polymorphic(): void {
    this.current.polymorphic = true;
  }

  enter(results: number[]): void {
    this.frames.push({ height: this.operands.length, polymorphic: this.current.polymorphic, results });
  }

  /** Ends the innermost frame; false at the function's own end. */
  leave(): { results: number[] } | undefined {
    if (this.frames.length === 1) return undefined;
    const frame = this.frames.pop()!;
    const excess = this.operands.length - frame.height;
    if (excess < 0) this.r.fail("truncated operand stack");
    this.popMany(excess);
    return frame;
  }

  call(type: FuncType): void {
    this.popMany(type.params.length);
    for (const result of type.results) this.push(result);
  }
}

/** Result sizes of the conversions 0xa7..0xbf, in opcode order. */
const CONVERSION_RESULT = [4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8, 4, 4, 4, 4, 4, 8, 8, 8, 8, 8, 4, 8, 4, 8];
/** Result sizes of the loads 0x28..0x35. */
const LOAD_RESULT = [4, 8, 4, 8, 4, 4, 4, 4, 8, 8, 8, 8, 8, 8];

/** The operand stack effect of a numeric instruction (0x45..0xc4). */
function numericStackEffect(stack: StackModel, op: number): void {
  if (op === 0x45 || op === 0x50) {
    stack.pop(); // eqz
    stack.pushSize(4);
  } else if (op <= 0x66) {
    stack.popMany(2); // comparisons
    stack.pushSize(4);
  } else if (op >= 0xa7 && op <= 0xbf) {
    stack.pop();
    stack.pushSize(CONVERSION_RESULT[op - 0xa7]);
  } else if (
    (op >= 0x6a && op <= 0x78) ||
    (op >= 0x7c && op <= 0x8a) ||
    (op >= 0x92 && op <= 0x98) ||
    (op >= 0xa0 && op <= 0xa6)
  ) {
    stack.pop(); // binary operators
  }
  // Unary operators and sign extensions leave the stack as it is.
}

function readMemArg(r: Reader): void {
  const align = r.u32();
  // Bit 6 announces an explicit memory index (multi-memory): not enabled.
  if (align >= 0x40) r.fail("multi-memory memarg");
  r.u32();
}

function zeroByte(r: Reader): void {
  if (r.u8() !== 0) r.fail("expected memory index 0");
}

/**
 * Decodes, analyses and instruments one function body. Throws MalformedWasm
 * on anything outside the accepted binary format and feature set.
 */
export function instrumentBody(body: Uint8Array, ctx: BodyContext): InstrumentedBody {
  const r = new Reader(body);
  const { fees, types } = ctx;
  const R = fees.regular;

  // Locals.
  const localGroups = r.u32();
  let declaredLocals = 0;
  let frameBytes = 64;
  for (const param of ctx.type.params) frameBytes += valueSize(param);
  for (let i = 0; i < localGroups; i++) {
    const count = r.u32();
    const type = r.u8();
    checkValType(r, type);
    declaredLocals += count;
    frameBytes += count * valueSize(type);
  }
  const localsEnd = r.pos;
  const codeStart = r.pos;
  // Local types, as runs: local i has the type of the first run whose end exceeds i.
  const localRunEnds: number[] = [];
  const localRunTypes: number[] = [];
  {
    let end = 0;
    for (const param of ctx.type.params) {
      localRunEnds.push(++end);
      localRunTypes.push(param);
    }
    const locals = new Reader(body);
    for (let groups = locals.u32(); groups > 0; groups--) {
      end += locals.u32();
      localRunEnds.push(end);
      localRunTypes.push(locals.u8());
    }
  }
  const localType = (index: number): number => {
    let lo = 0;
    let hi = localRunEnds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (localRunEnds[mid] > index) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= localRunEnds.length) r.fail("unknown local");
    return localRunTypes[lo];
  };
  const stack = new StackModel(r, ctx.type.results);

  const a = new Analysis();
  const indirectCalls: number[] = [];
  const returns: number[] = [];
  let finished = false;
  while (!r.eof) {
    if (finished) r.fail("code after the function's final end");
    const start = r.pos;
    a.at(start);
    const op = r.u8();
    if (op >= 0x45 && op <= 0xc4) {
      if (isTrappingNumeric(op)) a.sideEffect(R);
      else a.pure(R);
      numericStackEffect(stack, op);
      continue;
    }
    switch (op) {
      case 0x00: // unreachable
        a.before(PRE, R);
        a.after(UNREACHABLE, 0);
        a.current.polymorphic = true;
        stack.polymorphic();
        break;
      case 0x01: // nop
        a.pure(R);
        break;
      case 0x02: // block
        stack.enter(readBlockType(r, types));
        a.pure(0);
        a.newFrame(UNTAKEN);
        break;
      case 0x03: {
        // loop: charged after it executes, at the first instruction of its body.
        stack.enter(readBlockType(r, types));
        const pre = a.kinds.length;
        a.before(PURE, 0);
        const post = a.kinds.length;
        a.after(PURE, R);
        a.newFrame(LOOP, false, pre, post);
        break;
      }
      case 0x04: // if
        stack.pop();
        stack.enter(readBlockType(r, types));
        a.sideEffect(R);
        a.newFrame(FORWARD, true);
        break;
      case 0x05: // else
        if (a.frames.length < 2 || !a.current.isIf) r.fail("else outside if");
        stack.enter(stack.leave()!.results);
        a.endFrame();
        a.newFrame(FORWARD, false);
        a.sideEffect(0);
        break;
      case 0x0b: {
        // end
        if (a.current.kind === FORWARD) a.sideEffect(0);
        else a.pure(0);
        if (a.frames.length === 1) finished = true;
        a.endFrame();
        const frame = stack.leave();
        if (frame) for (const result of frame.results) stack.push(result);
        break;
      }
      case 0x0c: {
        // br
        const depth = r.u32();
        a.sideEffect(R);
        a.adjust(r, depth);
        a.current.polymorphic = true;
        stack.polymorphic();
        break;
      }
      case 0x0d: {
        // br_if
        const depth = r.u32();
        a.sideEffect(R);
        a.adjust(r, depth);
        stack.pop();
        break;
      }
      case 0x0e: {
        // br_table
        const count = r.u32();
        const targets: number[] = [];
        for (let i = 0; i < count; i++) targets.push(r.u32());
        const fallback = r.u32();
        a.sideEffect(R);
        for (const depth of targets) a.adjust(r, depth);
        a.adjust(r, fallback);
        a.current.polymorphic = true;
        stack.polymorphic();
        break;
      }
      case 0x0f: // return
        a.sideEffect(R);
        a.adjust(r, a.frames.length - 1);
        a.current.polymorphic = true;
        stack.polymorphic();
        returns.push(start);
        break;
      case 0x10: {
        // call
        const callee = ctx.functionTypes[r.u32()];
        if (!callee) r.fail("unknown function");
        a.sideEffect(R);
        stack.call(callee);
        break;
      }
      case 0x11: {
        // call_indirect typeidx tableidx
        const type = types[r.u32()];
        if (!type) r.fail("unknown type");
        r.u32();
        a.sideEffect(R);
        indirectCalls.push(start);
        stack.call(type);
        break;
      }
      case 0x1a: // drop
        a.pure(R);
        stack.pop();
        break;
      case 0x1b: // select
        a.pure(R);
        stack.popMany(2);
        break;
      case 0x1c: {
        // select t*
        if (r.u32() !== 1) r.fail("typed select arity");
        checkValType(r, r.u8());
        a.pure(R);
        stack.popMany(2);
        break;
      }
      case 0x20: // local.get
        stack.push(localType(r.u32()));
        a.pure(R);
        break;
      case 0x21: // local.set
        r.u32();
        a.pure(R);
        stack.pop();
        break;
      case 0x22: // local.tee
        r.u32();
        a.pure(R);
        break;
      case 0x23: {
        // global.get
        const global = ctx.globalTypes[r.u32()];
        if (global === undefined) r.fail("unknown global");
        a.pure(R);
        stack.push(global);
        break;
      }
      case 0x24: // global.set
        r.u32();
        a.pure(R);
        stack.pop();
        break;
      case 0x25: // table.get
        r.u32();
        a.sideEffect(R);
        stack.pop();
        stack.pushSize(8);
        break;
      case 0x26: // table.set
        r.u32();
        a.sideEffect(R);
        stack.popMany(2);
        break;
      case 0x3f: // memory.size
        zeroByte(r);
        a.pure(R);
        stack.pushSize(4);
        break;
      case 0x40: // memory.grow
        zeroByte(r);
        a.aggregate(R, 0);
        break;
      case 0x41:
        r.skipSigned(32);
        a.pure(R);
        stack.pushSize(4);
        break;
      case 0x42:
        r.skipSigned(64);
        a.pure(R);
        stack.pushSize(8);
        break;
      case 0x43:
        r.skip(4);
        a.pure(R);
        stack.pushSize(4);
        break;
      case 0x44:
        r.skip(8);
        a.pure(R);
        stack.pushSize(8);
        break;
      case 0xd0: {
        // ref.null
        const heap = r.u8();
        if (heap !== 0x70 && heap !== 0x6f) r.fail("unsupported heap type");
        a.pure(R);
        stack.pushSize(8);
        break;
      }
      case 0xd1: // ref.is_null
        a.pure(R);
        stack.pop();
        stack.pushSize(4);
        break;
      case 0xd2: // ref.func
        r.u32();
        a.pure(R);
        stack.pushSize(8);
        break;
      case 0xfc: {
        const sub = r.u32();
        if (sub <= 7) {
          a.pure(R); // saturating truncations
          stack.pop();
          stack.pushSize(sub <= 3 ? 4 : 8);
        } else if (sub === 8) {
          r.u32();
          zeroByte(r);
          a.aggregate(fees.linearBase, fees.linearUnit); // memory.init
          stack.popMany(3);
        } else if (sub === 9) {
          r.u32();
          a.pure(R); // data.drop
        } else if (sub === 10) {
          zeroByte(r);
          zeroByte(r);
          a.aggregate(fees.linearBase, fees.linearUnit); // memory.copy
          stack.popMany(3);
        } else if (sub === 11) {
          zeroByte(r);
          a.aggregate(fees.linearBase, fees.linearUnit); // memory.fill
          stack.popMany(3);
        } else if (sub === 12) {
          r.u32();
          r.u32();
          a.aggregate(fees.linearBase, fees.linearUnit); // table.init
          stack.popMany(3);
        } else if (sub === 13) {
          r.u32();
          a.pure(R); // elem.drop
        } else if (sub === 14) {
          r.u32();
          r.u32();
          a.aggregate(fees.linearBase, fees.linearUnit); // table.copy
          stack.popMany(3);
        } else if (sub === 15) {
          r.u32();
          a.aggregate(R, 0); // table.grow
          stack.popMany(2);
          stack.pushSize(4);
        } else if (sub === 16) {
          r.u32();
          a.pure(R); // table.size
          stack.pushSize(4);
        } else if (sub === 17) {
          r.u32();
          a.aggregate(fees.linearBase, fees.linearUnit); // table.fill
          stack.popMany(3);
        } else {
          r.fail(`unsupported instruction 0xfc ${sub}`);
        }
        break;
      }
      default:
        if (op >= 0x28 && op <= 0x3e) {
          readMemArg(r);
          a.sideEffect(R);
          if (op <= 0x35) {
            stack.pop();
            stack.pushSize(LOAD_RESULT[op - 0x28]);
          } else {
            stack.popMany(2);
          }
          break;
        }
        // SIMD (0xfd), threads (0xfe), tail calls, exceptions, GC, typed function
        // references and anything unknown: not in NEAR's feature set.
        r.fail(`unsupported instruction 0x${op.toString(16)}`);
    }
  }
  if (!finished) r.fail("function body without final end");
  a.optimize();

  // Emit: locals (plus scratch locals for linear charges), the frame charge, then the code
  // with a charge before every reachable point with a non-zero fee.
  let needsScratch = false;
  for (let i = 0; i < a.kinds.length; i++) {
    if (a.kinds[i] !== UNREACHABLE && a.linears[i] !== 0) needsScratch = true;
  }
  const out = new Emitter(ctx.gasGlobal, ctx.chargeCache ?? new Map());
  out.u32(localGroups + (needsScratch ? 2 : 0));
  out.bytes(body.subarray(1 + lebLength(body, 0), localsEnd));
  const firstLocal = ctx.type.params.length + declaredLocals;
  const countLocal = firstLocal;
  const feeLocal = firstLocal + 1;
  if (needsScratch) {
    out.u32(1).byte(0x7f); // i32: the length operand
    out.u32(1).byte(0x7e); // i64: the fee
  }
  // The body is wrapped in a block, so that every way out of it (falling off the end, or a
  // branch to the function's label) passes the stack release after it; `return`s release
  // before returning. As instrument_v3 does.
  const stackCharge = stack.max + frameBytes;
  out.byte(0x02).byte(ctx.type.results.length > 0 ? ctx.type.results[0] : 0x40);
  out.stackCharge(ctx.stackGlobal, stackCharge);
  out.charge(Math.ceil(frameBytes / 8) * R, false);

  // Insertions before original instructions: charges, call_indirect index captures, stack
  // releases before `return`.
  const events: Array<{ offset: number; order: number; index: number }> = [];
  for (let i = 0; i < a.kinds.length; i++) {
    if (a.kinds[i] === UNREACHABLE || (a.constants[i] === 0 && a.linears[i] === 0)) continue;
    events.push({ offset: a.offsets[i], order: 0, index: i });
  }
  for (const offset of indirectCalls) events.push({ offset, order: 1, index: 0 });
  for (const offset of returns) events.push({ offset, order: 2, index: 0 });
  events.sort((x, y) => x.offset - y.offset || x.order - y.order);
  let copied = codeStart;
  for (const event of events) {
    out.bytes(body.subarray(copied, event.offset));
    copied = event.offset;
    if (event.order === 0) {
      const constant = a.constants[event.index];
      const linear = a.linears[event.index];
      if (linear === 0) out.charge(constant, a.loopHeads.has(event.offset));
      else out.linearCharge(constant, linear, countLocal, feeLocal);
    } else if (event.order === 1) {
      out.captureIndex(ctx.indirectGlobal);
    } else {
      out.stackRelease(ctx.stackGlobal, stackCharge);
    }
  }
  out.bytes(body.subarray(copied)); // ends with the original final `end`, closing the block
  out.stackRelease(ctx.stackGlobal, stackCharge);
  out.byte(0x0b);
  return { body: out.finish(), declaredLocals };
}

function lebLength(bytes: Uint8Array, at: number): number {
  let n = 0;
  while (bytes[at + n] & 0x80) n++;
  return n;
}

/** A Writer that knows the instrumentation sequences. */
class Emitter extends Writer {
  private readonly getGas: Uint8Array;
  private readonly setGas: Uint8Array;
  /** Encoded charge sequences by fee: most segments share a few fees. */
  private readonly charges: Map<number, Uint8Array>;

  constructor(gasGlobal: number, charges: Map<number, Uint8Array>) {
    super(256);
    this.charges = charges;
    this.getGas = new Writer(6).byte(0x23).u32(gasGlobal).finish().slice();
    this.setGas = new Writer(6).byte(0x24).u32(gasGlobal).finish().slice();
  }

  /** gas -= fee, and with `check`: if gas < 0 { unreachable } */
  charge(fee: number, check: boolean): void {
    if (fee === 0) return;
    const key = check ? -fee : fee;
    let sequence = this.charges.get(key);
    if (!sequence) {
      const w = new Writer(32).bytes(this.getGas).byte(0x42).signed(BigInt(fee)).byte(0x7d).bytes(this.setGas);
      // global.get; i64.const 0; i64.lt_s; if; unreachable; end
      if (check) w.bytes(this.getGas).bytes([0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b]);
      sequence = w.finish().slice();
      this.charges.set(key, sequence);
    }
    this.bytes(sequence);
  }

  /** The same with fee = constant + n × linear, n being the i32 on top of the stack (kept there). */
  linearCharge(constant: number, linear: number, countLocal: number, feeLocal: number): void {
    this.byte(0x22).u32(countLocal); // local.tee n
    this.byte(0xad); // i64.extend_i32_u
    this.byte(0x42).signed(BigInt(linear)).byte(0x7e); // × linear
    this.byte(0x42).signed(BigInt(constant)).byte(0x7c); // + constant
    this.byte(0x21).u32(feeLocal);
    this.bytes(this.getGas).byte(0x20).u32(feeLocal).byte(0x7d).bytes(this.setGas);
    this.check();
    this.byte(0x20).u32(countLocal); // local.get n
  }

  /**
   * stack -= charge; if stack < 0 { unreachable } — finite-wasm's stack check at function
   * entry (nearcore then fails with HostError MemoryAccessViolation, see prepare.ts).
   */
  stackCharge(global: number, charge: number): void {
    const get = [0x23, ...new Writer(5).u32(global).finish()];
    const set = [0x24, ...new Writer(5).u32(global).finish()];
    this.bytes(get).byte(0x42).signed(BigInt(charge)).byte(0x7d).bytes(set);
    this.bytes(get).byte(0x42).byte(0x00).byte(0x53).byte(0x04).byte(0x40).byte(0x00).byte(0x0b);
  }

  /** stack += charge */
  stackRelease(global: number, charge: number): void {
    this.byte(0x23).u32(global).byte(0x42).signed(BigInt(charge)).byte(0x7c).byte(0x24).u32(global);
  }

  /** global.set $indirect; global.get $indirect — records the i32 on top of the stack. */
  captureIndex(global: number): void {
    this.byte(0x24).u32(global).byte(0x23).u32(global);
  }

  private check(): void {
    // global.get; i64.const 0; i64.lt_s; if; unreachable; end
    this.bytes(this.getGas).byte(0x42).byte(0x00).byte(0x53).byte(0x04).byte(0x40).byte(0x00).byte(0x0b);
  }
}
