/**
 * Encodings shared by several sections: vector counts, table and memory
 * limits, constant expressions, and the rule that a section's content ends
 * exactly at its declared size. The accepted forms are NEAR's feature set:
 * no shared (threads), 64-bit or custom-page-size limits, and constant
 * expressions of one instruction (no extended constant expressions).
 */

import type { Reader } from "../bytes.ts";
import { Opcode } from "../opcodes.ts";
import { readRefType } from "../types.ts";

/** The number of memory pages a 32-bit address space holds. */
const MAX_MEMORY_PAGES = 65536;
const LIMITS_WITHOUT_MAXIMUM = 0;
const LIMITS_WITH_MAXIMUM = 1;

export function readCount(reader: Reader): number {
  return reader.u32();
}

export function expectSectionEnd(reader: Reader): void {
  if (!reader.eof) reader.fail("section size mismatch");
}

/** The bytes from `start` to the end of the section (its entries, copied unchanged). */
export function restOfSection(reader: Reader, start: number): Uint8Array {
  return reader.bytes.subarray(start, reader.end);
}

export function readLimits(reader: Reader, isMemory: boolean): { min: number; max?: number } {
  const flags = reader.u8();
  if (flags !== LIMITS_WITHOUT_MAXIMUM && flags !== LIMITS_WITH_MAXIMUM) reader.fail("unsupported limits flags");
  const min = reader.u32();
  const max = flags === LIMITS_WITH_MAXIMUM ? reader.u32() : undefined;
  if (max !== undefined && min > max) reader.fail("minimum above maximum");
  if (isMemory && (min > MAX_MEMORY_PAGES || (max !== undefined && max > MAX_MEMORY_PAGES)))
    reader.fail("memory size out of range");
  return { min, max };
}

/** A constant expression: one constant / ref.null / ref.func / global.get, then end. */
export function readConstExpr(reader: Reader): void {
  const op = reader.u8();
  switch (op) {
    case Opcode.I32Const:
      reader.skipSigned(32);
      break;
    case Opcode.I64Const:
      reader.skipSigned(64);
      break;
    case Opcode.F32Const:
      reader.skip(4);
      break;
    case Opcode.F64Const:
      reader.skip(8);
      break;
    case Opcode.RefNull:
      readRefType(reader);
      break;
    case Opcode.RefFunc:
    case Opcode.GlobalGet:
      reader.u32();
      break;
    default:
      reader.fail("unsupported constant expression");
  }
  if (reader.u8() !== Opcode.End) reader.fail("constant expression not terminated");
}
