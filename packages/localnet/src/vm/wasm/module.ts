/**
 * Module-level preparation: validation in nearcore's order with its
 * PrepareError kinds, memory standardisation, export renaming and the gas
 * instrumentation of every function body (gas.ts). Mirrors
 * `PrepareContext::run` of nearcore's `prepare/prepare_v3.rs` for
 * VMKind::Wasmtime (NEAR's VM since protocol 84) and the module rewrite of
 * `prepare/instrument_v3.rs`.
 *
 * The structural decoding here (and in gas.ts) rejects every encoding and
 * proposal outside NEAR's feature set. Type checking of function bodies
 * and of the other sections is left to V8 (`WebAssembly.validate` on the
 * original module, see prepare.ts), which runs after the limit checks
 * instead of section by section as wasmparser does: a module that breaks
 * a limit AND fails type checking in an earlier section is reported here
 * with the limit's error, by nearcore with Deserialization.
 */

import { MalformedWasm, Reader, Writer } from "./bytes.ts";
import { checkValType, instrumentBody, type FuncType, type GasFees } from "./gas.ts";
import { importTypeMatches } from "./host-signatures.ts";

/** Names under which the prepared module exports what the host needs. */
/** The standard memory is imported as ("\0near", "memory"): the host creates it (see memories.ts). */
export const MEMORY_IMPORT_MODULE = "\u0000near";
export const MEMORY_IMPORT_NAME = "memory";
export const GAS_EXPORT = "\u0000gas";
export const START_EXPORT = "\u0000start";
export const TABLE_EXPORT = "\u0000table";
export const INDIRECT_EXPORT = "\u0000indirect";
export const STACK_EXPORT = "\u0000stack";
/** Prefix of the contract's own exports, so that they cannot collide with the ones above. */
export const EXPORT_PREFIX = "m:";

/** The PrepareError kinds of nearcore (core/primitives ... logic/errors.rs). */
export type PrepareErrorKind =
  | "Serialization"
  | "Deserialization"
  | "InternalMemoryDeclared"
  | "GasInstrumentation"
  | "StackHeightInstrumentation"
  | "Instantiate"
  | "Memory"
  | "TooManyFunctions"
  | "TooManyLocals"
  | "TooManyTables"
  | "TooManyTableElements"
  | "FunctionBodyTooLarge";

export class PrepareRejection extends Error {
  constructor(
    readonly kind: PrepareErrorKind,
    detail?: string,
  ) {
    super(detail ? `${kind}: ${detail}` : kind);
    this.name = "PrepareRejection";
  }
}

export interface PrepareLimits {
  maxFunctions: number;
  maxLocals: number;
  maxTables: number;
  maxTableElements: number;
  maxFunctionBodySize: number;
  maxStackHeight: number;
  initialMemoryPages: number;
  maxMemoryPages: number;
}

export interface RewrittenModule {
  code: Uint8Array;
  /** Function imports from "env", in order. */
  imports: string[];
  /** Per import: its type differs from the host function's (see host-signatures.ts). */
  mistypedImports: boolean[];
  /** Exported function names (original names). */
  exports: Set<string>;
  /** Exported functions of type () -> (). */
  callable: Set<string>;
  hasStart: boolean;
}

// wasmparser's section order: type, import, function, table, memory, tag, global,
// export, start, element, data count, code, data.
const SECTION_ORDER: Record<number, number> = {
  1: 1,
  2: 2,
  3: 3,
  4: 4,
  5: 5,
  13: 6,
  6: 7,
  7: 8,
  8: 9,
  9: 10,
  12: 11,
  10: 12,
  11: 13,
};

function readLimits(r: Reader, memory: boolean): { min: number; max?: number } {
  const flags = r.u8();
  // 0/1: without/with maximum. Shared (threads), 64-bit and custom page sizes are disabled.
  if (flags > 1) r.fail("unsupported limits flags");
  const min = r.u32();
  const max = flags === 1 ? r.u32() : undefined;
  if (max !== undefined && min > max) r.fail("minimum above maximum");
  if (memory && (min > 65536 || (max !== undefined && max > 65536))) r.fail("memory size out of range");
  return { min, max };
}

function readRefType(r: Reader): number {
  const t = r.u8();
  if (t !== 0x70 && t !== 0x6f) r.fail("unsupported reference type");
  return t;
}

/** A constant expression: one constant / ref.null / ref.func / global.get, then end. */
function readConstExpr(r: Reader): void {
  const op = r.u8();
  switch (op) {
    case 0x41:
      r.skipSigned(32);
      break;
    case 0x42:
      r.skipSigned(64);
      break;
    case 0x43:
      r.skip(4);
      break;
    case 0x44:
      r.skip(8);
      break;
    case 0xd0:
      readRefType(r);
      break;
    case 0xd2:
    case 0x23:
      r.u32();
      break;
    default:
      r.fail("unsupported constant expression");
  }
  if (r.u8() !== 0x0b) r.fail("constant expression not terminated");
}

function vecCount(r: Reader): number {
  return r.u32();
}

export function rewriteModule(code: Uint8Array, limits: PrepareLimits, fees: GasFees): RewrittenModule {
  const r = new Reader(code);
  const magic = r.slice(4);
  if (magic[0] !== 0x00 || magic[1] !== 0x61 || magic[2] !== 0x73 || magic[3] !== 0x6d) r.fail("bad magic");
  const version = r.slice(4);
  if (version[0] !== 1 || version[1] !== 0 || version[2] !== 0 || version[3] !== 0) r.fail("unsupported version");

  let functionLimit = limits.maxFunctions;
  let localLimit = limits.maxLocals;

  const types: FuncType[] = [];
  const imports: string[] = [];
  const importTypes: number[] = [];
  const functionTypes: number[] = [];
  const out = new Map<number, Uint8Array>();
  let globalCount = 0;
  let importCount = 0;
  let tableCount = 0;
  const globalTypes: number[] = [];
  let importEntries: Uint8Array = new Uint8Array();
  let globalEntries: Uint8Array = new Uint8Array();
  let exportEntries: Array<{ name: string; kind: number; index: number }> = [];
  let startFunction: number | undefined;
  let lastOrder = 0;
  let sawCode = false;
  let dataCount: number | undefined;

  while (!r.eof) {
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    const s = new Reader(code, start, start + size);
    const raw = code.subarray(start, start + size);
    if (id === 0) {
      s.name(); // custom sections are discarded (discard_custom_sections)
      continue;
    }
    const order = SECTION_ORDER[id];
    if (order === undefined) s.fail(`unknown section ${id}`);
    if (order <= lastOrder) s.fail(`section ${id} out of order`);
    lastOrder = order;

    switch (id) {
      case 1: {
        const n = vecCount(s);
        for (let i = 0; i < n; i++) {
          if (s.u8() !== 0x60) s.fail("expected a function type");
          const params: number[] = [];
          const results: number[] = [];
          for (let j = vecCount(s); j > 0; j--) {
            const t = s.u8();
            checkValType(s, t);
            params.push(t);
          }
          for (let j = vecCount(s); j > 0; j--) {
            const t = s.u8();
            checkValType(s, t);
            results.push(t);
          }
          if (results.length > 1) s.fail("multi-value function type");
          types.push({ params, results });
        }
        if (!s.eof) s.fail("section size mismatch");
        out.set(1, raw);
        break;
      }
      case 2: {
        // Validation of the whole section first, then nearcore's import rules in order.
        const n = vecCount(s);
        const entriesStart = s.pos;
        const entries: Array<{ module: string; name: string; kind: number; type: number }> = [];
        for (let i = 0; i < n; i++) {
          const module = s.name();
          const name = s.name();
          const kind = s.u8();
          let type = 0;
          if (kind === 0) {
            type = s.u32();
            if (type >= types.length) s.fail("unknown type");
          } else if (kind === 1) {
            readRefType(s);
            readLimits(s, false);
          } else if (kind === 2) {
            readLimits(s, true);
          } else if (kind === 3) {
            checkValType(s, s.u8());
            if (s.u8() > 1) s.fail("bad mutability");
          } else {
            s.fail("unsupported import kind"); // tags (exceptions) are disabled
          }
          entries.push({ module, name, kind, type });
        }
        if (!s.eof) s.fail("section size mismatch");
        if (entries.filter((e) => e.kind === 2).length > 1) s.fail("multiple memories");
        for (const entry of entries) {
          if (entry.module !== "env") throw new PrepareRejection("Instantiate", `import from module ${entry.module}`);
          if (entry.kind === 0) {
            functionLimit -= 1;
            if (functionLimit < 0) throw new PrepareRejection("TooManyFunctions");
            imports.push(entry.name);
            importTypes.push(entry.type);
          } else if (entry.kind === 2) {
            throw new PrepareRejection("Memory", "memory import");
          } else {
            throw new PrepareRejection("Instantiate", "table or global import");
          }
        }
        importCount = n;
        importEntries = code.subarray(entriesStart, start + size);
        break;
      }
      case 3: {
        const n = vecCount(s);
        for (let i = 0; i < n; i++) {
          const type = s.u32();
          if (type >= types.length) s.fail("unknown type");
          functionTypes.push(type);
        }
        if (!s.eof) s.fail("section size mismatch");
        out.set(3, raw);
        break;
      }
      case 4: {
        const n = vecCount(s);
        const initials: number[] = [];
        for (let i = 0; i < n; i++) {
          readRefType(s);
          initials.push(readLimits(s, false).min);
        }
        if (!s.eof) s.fail("section size mismatch");
        if (n > limits.maxTables) throw new PrepareRejection("TooManyTables");
        tableCount = n;
        if (initials.some((initial) => initial > limits.maxTableElements))
          throw new PrepareRejection("TooManyTableElements");
        out.set(4, raw);
        break;
      }
      case 5: {
        const n = vecCount(s);
        if (n > 1) s.fail("multiple memories");
        for (let i = 0; i < n; i++) readLimits(s, true);
        if (!s.eof) s.fail("section size mismatch");
        // The module's own memory is replaced by the standard one (initial/max pages of the
        // config), which is imported (see MEMORY_IMPORT_MODULE).
        break;
      }
      case 6: {
        const n = vecCount(s);
        const entriesStart = s.pos;
        for (let i = 0; i < n; i++) {
          const type = s.u8();
          checkValType(s, type);
          globalTypes.push(type);
          if (s.u8() > 1) s.fail("bad mutability");
          readConstExpr(s);
        }
        if (!s.eof) s.fail("section size mismatch");
        globalCount = n;
        globalEntries = code.subarray(entriesStart, start + size);
        break;
      }
      case 7: {
        const n = vecCount(s);
        const names = new Set<string>();
        exportEntries = [];
        for (let i = 0; i < n; i++) {
          const name = s.name();
          const kind = s.u8();
          if (kind > 3) s.fail("unsupported export kind");
          const index = s.u32();
          if (names.has(name)) s.fail("duplicate export name");
          names.add(name);
          exportEntries.push({ name, kind, index });
        }
        if (!s.eof) s.fail("section size mismatch");
        break;
      }
      case 8:
        startFunction = s.u32();
        if (!s.eof) s.fail("section size mismatch");
        break;
      case 9: {
        const n = vecCount(s);
        for (let i = 0; i < n; i++) readElementSegment(s);
        if (!s.eof) s.fail("section size mismatch");
        out.set(9, raw);
        break;
      }
      case 12:
        dataCount = s.u32();
        if (!s.eof) s.fail("section size mismatch");
        out.set(12, raw);
        break;
      case 10: {
        sawCode = true;
        const n = vecCount(s);
        functionLimit -= n;
        if (functionLimit < 0) throw new PrepareRejection("TooManyFunctions");
        if (n !== functionTypes.length) s.fail("function and code section counts differ");
        const codeOut = new Writer(size + size / 2 + 64);
        codeOut.u32(n);
        // Appended after the module's own globals (global imports are rejected).
        const gasGlobal = globalCount;
        const indirectGlobal = globalCount + 1;
        const stackGlobal = globalCount + 2;
        const allFunctionTypes = [...importTypes, ...functionTypes].map((index) => types[index]);
        const chargeCache = new Map<number, Uint8Array>();
        for (let i = 0; i < n; i++) {
          const bodySize = s.u32();
          const bodyStart = s.pos;
          s.skip(bodySize);
          if (bodySize > limits.maxFunctionBodySize) throw new PrepareRejection("FunctionBodyTooLarge");
          const body = code.subarray(bodyStart, bodyStart + bodySize);
          // Locals count towards max_locals_per_contract before the body is validated.
          const locals = new Reader(body);
          for (let groups = locals.u32(); groups > 0; groups--) {
            localLimit -= locals.u32();
            if (localLimit < 0) throw new PrepareRejection("TooManyLocals");
            locals.u8();
          }
          const type = types[functionTypes[i]];
          const instrumented = instrumentBody(body, {
            fees,
            types,
            type,
            gasGlobal,
            indirectGlobal,
            stackGlobal,
            globalTypes,
            functionTypes: allFunctionTypes,
            chargeCache,
          });
          codeOut.u32(instrumented.body.length).bytes(instrumented.body);
        }
        if (!s.eof) s.fail("section size mismatch");
        out.set(10, codeOut.finish());
        break;
      }
      case 11: {
        const n = vecCount(s);
        for (let i = 0; i < n; i++) {
          const flags = s.u32();
          if (flags === 0) readConstExpr(s);
          else if (flags === 2) {
            if (s.u32() !== 0) s.fail("data segment for memory other than 0");
            readConstExpr(s);
          } else if (flags !== 1) s.fail("bad data segment flags");
          s.skip(s.u32());
        }
        if (!s.eof) s.fail("section size mismatch");
        if (dataCount !== undefined && dataCount !== n) s.fail("data count mismatch");
        out.set(11, raw);
        break;
      }
      default:
        s.fail(`unsupported section ${id}`); // tags (13): exceptions are disabled
    }
  }
  if (!sawCode && functionTypes.length > 0)
    throw new MalformedWasm("function section without code section", code.length);

  // Globals: the module's own, then the gas counter.
  const globalSection = new Writer(globalEntries.length + 16)
    .u32(globalCount + 3)
    .bytes(globalEntries)
    .bytes([0x7e, 0x01, 0x42, 0x00, 0x0b]) // (mut i64) (i64.const 0): gas
    .bytes([0x7f, 0x01, 0x41, 0x00, 0x0b]) // (mut i32) (i32.const 0): last call_indirect index
    .bytes([0x7e, 0x01, 0x42]) // (mut i64) (i64.const max_stack_height): stack budget
    .signed(BigInt(limits.maxStackHeight))
    .byte(0x0b)
    .finish();

  // Exports: memory exports are dropped, the others prefixed; then the host's own.
  const exports = new Set<string>();
  const callable = new Set<string>();
  const exportSection = new Writer(256);
  const kept = exportEntries.filter((e) => e.kind !== 2);
  exportSection.u32(kept.length + 3 + (startFunction !== undefined ? 1 : 0) + (tableCount > 0 ? 1 : 0));
  for (const entry of kept) {
    exportSection
      .name(EXPORT_PREFIX + entry.name)
      .byte(entry.kind)
      .u32(entry.index);
    if (entry.kind === 0) {
      exports.add(entry.name);
      const typeIndex =
        entry.index < imports.length ? importTypes[entry.index] : functionTypes[entry.index - imports.length];
      const type = typeIndex === undefined ? undefined : types[typeIndex];
      if (type && type.params.length === 0 && type.results.length === 0) callable.add(entry.name);
    }
  }
  exportSection.name(GAS_EXPORT).byte(3).u32(globalCount);
  exportSection
    .name(INDIRECT_EXPORT)
    .byte(3)
    .u32(globalCount + 1);
  exportSection
    .name(STACK_EXPORT)
    .byte(3)
    .u32(globalCount + 2);
  if (tableCount > 0) exportSection.name(TABLE_EXPORT).byte(1).u32(0);
  if (startFunction !== undefined) exportSection.name(START_EXPORT).byte(0).u32(startFunction);

  // Imports: the module's functions, then the standard memory (function indices are unchanged).
  const importSection = new Writer(importEntries.length + 32)
    .u32(importCount + 1)
    .bytes(importEntries)
    .name(MEMORY_IMPORT_MODULE)
    .name(MEMORY_IMPORT_NAME)
    .byte(0x02)
    .byte(0x03) // shared: see memories.ts
    .u32(limits.initialMemoryPages)
    .u32(limits.maxMemoryPages)
    .finish();
  out.set(2, importSection);
  out.set(6, globalSection);
  out.set(7, exportSection.finish());

  const module = new Writer(code.length * 2 + 256);
  module.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  for (const id of [1, 2, 3, 4, 5, 6, 7, 9, 12, 10, 11]) {
    const section = out.get(id);
    if (!section) continue;
    module.byte(id).u32(section.length).bytes(section);
  }
  const mistypedImports = imports.map(
    (name, i) => !importTypeMatches(name, types[importTypes[i]].params, types[importTypes[i]].results),
  );
  return { code: module.finish(), imports, mistypedImports, exports, callable, hasStart: startFunction !== undefined };
}

function readElementSegment(s: Reader): void {
  const flags = s.u32();
  if (flags > 7) s.fail("bad element segment flags");
  const passiveOrDeclarative = (flags & 1) !== 0;
  const explicitTable = (flags & 2) !== 0;
  const expressions = (flags & 4) !== 0;
  if (!passiveOrDeclarative) {
    if (explicitTable) s.u32();
    readConstExpr(s);
  }
  if (passiveOrDeclarative || explicitTable) {
    if (expressions) readRefType(s);
    else if (s.u8() !== 0x00) s.fail("bad element kind");
  }
  const n = s.u32();
  for (let i = 0; i < n; i++) {
    if (expressions) readConstExpr(s);
    else s.u32();
  }
}
