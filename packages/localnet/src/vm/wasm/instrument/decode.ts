/**
 * Decodes the instructions of a function body one at a time: the opcode
 * and its immediates, checked against NEAR's feature set (MVP, sign
 * extension, saturating float-to-int, bulk memory, reference types).
 * Anything else — SIMD (0xfd), threads (0xfe), tail calls, exceptions, GC,
 * typed function references, multi-memory, multi-value blocks, unknown
 * opcodes — is malformed. Indices are checked by the analysis, which knows
 * what they refer to. The decoder fills one reused record, as bodies of
 * real contracts have hundreds of thousands of instructions.
 */

import type { Reader } from "../bytes.ts";
import * as opcodes from "../opcodes.ts";
import * as types from "../types.ts";
import type { FuncType } from "../types.ts";

// Imported names bound once: under tsx's CommonJS transform every use of an imported
// name is a getter call, which the per-instruction paths pay until V8 optimises them.
const { MiscOpcode, Opcode } = opcodes;
const { checkValType, EMPTY_BLOCK_TYPE, isRefType, isValType } = types;

export interface Instruction {
  /** Offset of the opcode in the body. */
  offset: number;
  opcode: number;
  /** The sub-opcode of an instruction behind Opcode.MiscPrefix. */
  misc: number;
  /** The immediate the analysis uses: branch depth, or function, type, local or global index. */
  index: number;
  /** br_table's targets, without the default (which is `index`). */
  targets: number[];
  /** The result types of a block, loop or if. */
  blockResults: number[];
}

export function newInstruction(): Instruction {
  return { offset: 0, opcode: 0, misc: 0, index: 0, targets: [], blockResults: [] };
}

/** The shapes of immediates. */
const Immediate = Object.freeze({
  Invalid: 0,
  None: 1,
  BlockType: 2,
  Index: 3,
  BrTable: 4,
  /** call_indirect: type index, then table index. */
  TypeAndTable: 5,
  SelectTypes: 6,
  MemArg: 7,
  /** The reserved memory index 0 of memory.size and memory.grow. */
  ZeroByte: 8,
  I32: 9,
  I64: 10,
  F32: 11,
  F64: 12,
  HeapType: 13,
  Misc: 14,
});

const IMMEDIATES = new Uint8Array(256); // Immediate.Invalid unless set below
function setImmediate(shape: number, first: number, last = first): void {
  IMMEDIATES.fill(shape, first, last + 1);
}
setImmediate(Immediate.None, Opcode.Unreachable, Opcode.Nop);
setImmediate(Immediate.BlockType, Opcode.Block, Opcode.If);
setImmediate(Immediate.None, Opcode.Else);
setImmediate(Immediate.None, Opcode.End);
setImmediate(Immediate.Index, Opcode.Br, Opcode.BrIf);
setImmediate(Immediate.BrTable, Opcode.BrTable);
setImmediate(Immediate.None, Opcode.Return);
setImmediate(Immediate.Index, Opcode.Call);
setImmediate(Immediate.TypeAndTable, Opcode.CallIndirect);
setImmediate(Immediate.None, Opcode.Drop, Opcode.Select);
setImmediate(Immediate.SelectTypes, Opcode.SelectTyped);
setImmediate(Immediate.Index, Opcode.LocalGet, Opcode.TableSet);
setImmediate(Immediate.MemArg, Opcode.I32Load, Opcode.I64Store32);
setImmediate(Immediate.ZeroByte, Opcode.MemorySize, Opcode.MemoryGrow);
setImmediate(Immediate.I32, Opcode.I32Const);
setImmediate(Immediate.I64, Opcode.I64Const);
setImmediate(Immediate.F32, Opcode.F32Const);
setImmediate(Immediate.F64, Opcode.F64Const);
setImmediate(Immediate.None, Opcode.I32Eqz, Opcode.I64Extend32S);
setImmediate(Immediate.HeapType, Opcode.RefNull);
setImmediate(Immediate.None, Opcode.RefIsNull);
setImmediate(Immediate.Index, Opcode.RefFunc);
setImmediate(Immediate.Misc, Opcode.MiscPrefix);

const NO_RESULTS: number[] = [];

/** A block type: empty, one value type, or a type index (whose type may take no parameters and yield at most one result). */
function readBlockType(reader: Reader, types: FuncType[]): number[] {
  const first = reader.bytes[reader.pos];
  if (first === EMPTY_BLOCK_TYPE) {
    reader.pos++;
    return NO_RESULTS;
  }
  if (isValType(first)) {
    reader.pos++;
    return [first];
  }
  const index = reader.signed(33);
  if (index < 0n || index >= BigInt(types.length)) reader.fail("invalid block type");
  const type = types[Number(index)];
  if (type.params.length > 0 || type.results.length > 1) reader.fail("multi-value block type");
  return type.results;
}

function readMemArg(reader: Reader): void {
  const align = reader.u32();
  // Bit 6 announces an explicit memory index (multi-memory): not enabled.
  if (align >= 0x40) reader.fail("multi-memory memarg");
  reader.u32();
}

function zeroByte(reader: Reader): void {
  if (reader.u8() !== 0) reader.fail("expected memory index 0");
}

function readBrTable(reader: Reader, instruction: Instruction): void {
  const count = reader.u32();
  instruction.targets = [];
  for (let i = 0; i < count; i++) instruction.targets.push(reader.u32());
  instruction.index = reader.u32();
}

/** The immediates of the 0xfc instructions; the sub-opcode goes to `misc`. */
function readMisc(reader: Reader, instruction: Instruction): void {
  const sub = reader.u32();
  instruction.misc = sub;
  if (sub <= MiscOpcode.I64TruncSatF64U) return;
  switch (sub) {
    case MiscOpcode.MemoryInit:
      reader.u32();
      zeroByte(reader);
      return;
    case MiscOpcode.MemoryCopy:
      zeroByte(reader);
      zeroByte(reader);
      return;
    case MiscOpcode.MemoryFill:
      zeroByte(reader);
      return;
    case MiscOpcode.TableInit:
    case MiscOpcode.TableCopy:
      reader.u32();
      reader.u32();
      return;
    case MiscOpcode.DataDrop:
    case MiscOpcode.ElemDrop:
    case MiscOpcode.TableGrow:
    case MiscOpcode.TableSize:
    case MiscOpcode.TableFill:
      reader.u32();
      return;
    default:
      reader.fail(`unsupported instruction 0xfc ${sub}`);
  }
}

/** Reads the instruction at the reader's position into `instruction`. */
export function decodeInstruction(reader: Reader, types: FuncType[], instruction: Instruction): void {
  instruction.offset = reader.pos;
  const opcode = reader.u8();
  instruction.opcode = opcode;
  switch (IMMEDIATES[opcode]) {
    case Immediate.None:
      return;
    case Immediate.BlockType:
      instruction.blockResults = readBlockType(reader, types);
      return;
    case Immediate.Index:
      instruction.index = reader.u32();
      return;
    case Immediate.BrTable:
      readBrTable(reader, instruction);
      return;
    case Immediate.TypeAndTable:
      instruction.index = reader.u32();
      reader.u32();
      return;
    case Immediate.SelectTypes:
      if (reader.u32() !== 1) reader.fail("typed select arity");
      checkValType(reader, reader.u8());
      return;
    case Immediate.MemArg:
      readMemArg(reader);
      return;
    case Immediate.ZeroByte:
      zeroByte(reader);
      return;
    case Immediate.I32:
      reader.skipSigned(32);
      return;
    case Immediate.I64:
      reader.skipSigned(64);
      return;
    case Immediate.F32:
      reader.skip(4);
      return;
    case Immediate.F64:
      reader.skip(8);
      return;
    case Immediate.HeapType:
      if (!isRefType(reader.u8())) reader.fail("unsupported heap type");
      return;
    case Immediate.Misc:
      readMisc(reader, instruction);
      return;
    default:
      reader.fail(`unsupported instruction 0x${opcode.toString(16)}`);
  }
}
