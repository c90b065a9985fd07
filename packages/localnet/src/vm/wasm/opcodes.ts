/**
 * The opcodes the rewriter reads or writes, by name: MVP, sign extension,
 * saturating float-to-int (the 0xfc prefix), bulk memory and reference
 * types — NEAR's feature set. Opcodes outside it (SIMD 0xfd, threads 0xfe,
 * tail calls, exceptions, GC) have no name here because preparation rejects
 * them. Numeric instructions are not all named: they are handled by the
 * ranges below, which follow the opcode table's layout (each type's
 * comparisons, then its operators, then the conversions).
 */

export const Opcode = Object.freeze({
  Unreachable: 0x00,
  Nop: 0x01,
  Block: 0x02,
  Loop: 0x03,
  If: 0x04,
  Else: 0x05,
  End: 0x0b,
  Br: 0x0c,
  BrIf: 0x0d,
  BrTable: 0x0e,
  Return: 0x0f,
  Call: 0x10,
  CallIndirect: 0x11,
  Drop: 0x1a,
  Select: 0x1b,
  SelectTyped: 0x1c,
  LocalGet: 0x20,
  LocalSet: 0x21,
  LocalTee: 0x22,
  GlobalGet: 0x23,
  GlobalSet: 0x24,
  TableGet: 0x25,
  TableSet: 0x26,
  /** The first load; loads run to I64Load32U. */
  I32Load: 0x28,
  I64Load32U: 0x35,
  /** The first store; stores run to I64Store32. */
  I32Store: 0x36,
  I64Store32: 0x3e,
  MemorySize: 0x3f,
  MemoryGrow: 0x40,
  I32Const: 0x41,
  I64Const: 0x42,
  F32Const: 0x43,
  F64Const: 0x44,
  /** The first numeric instruction; they run to I64Extend32S. */
  I32Eqz: 0x45,
  I64Eqz: 0x50,
  I64LtS: 0x53,
  /** The last comparison. */
  F64Ge: 0x66,
  I32Add: 0x6a,
  I32DivS: 0x6d,
  I32RemU: 0x70,
  I32Rotr: 0x78,
  I64Add: 0x7c,
  I64Sub: 0x7d,
  I64Mul: 0x7e,
  I64DivS: 0x7f,
  I64RemU: 0x82,
  I64Rotr: 0x8a,
  F32Add: 0x92,
  F32Copysign: 0x98,
  F64Add: 0xa0,
  F64Copysign: 0xa6,
  /** The first conversion; conversions run to F64ReinterpretI64. */
  I32WrapI64: 0xa7,
  I32TruncF32S: 0xa8,
  I32TruncF64U: 0xab,
  I64ExtendI32U: 0xad,
  I64TruncF32S: 0xae,
  I64TruncF64U: 0xb1,
  F64ReinterpretI64: 0xbf,
  I64Extend32S: 0xc4,
  RefNull: 0xd0,
  RefIsNull: 0xd1,
  RefFunc: 0xd2,
  /** Prefix of the saturating truncations, bulk memory and table instructions. */
  MiscPrefix: 0xfc,
});

/** The instructions behind the 0xfc prefix, by their sub-opcode. */
export const MiscOpcode = Object.freeze({
  /** The saturating truncations run from 0 to 7; up to 3 they yield an i32, then an i64. */
  I32TruncSatF32S: 0,
  I32TruncSatF64U: 3,
  I64TruncSatF64U: 7,
  MemoryInit: 8,
  DataDrop: 9,
  MemoryCopy: 10,
  MemoryFill: 11,
  TableInit: 12,
  ElemDrop: 13,
  TableCopy: 14,
  TableGrow: 15,
  TableSize: 16,
  TableFill: 17,
});

/** Loads and stores (memarg immediate). */
export function isMemoryAccess(op: number): boolean {
  return op >= Opcode.I32Load && op <= Opcode.I64Store32;
}

/** Numeric instructions: no immediate, and their cost is regular_op_cost. */
export function isNumeric(op: number): boolean {
  return op >= Opcode.I32Eqz && op <= Opcode.I64Extend32S;
}

/** Integer division and remainder and float-to-int truncation: the numeric instructions that can trap. */
export function isTrappingNumeric(op: number): boolean {
  return (
    (op >= Opcode.I32DivS && op <= Opcode.I32RemU) ||
    (op >= Opcode.I64DivS && op <= Opcode.I64RemU) ||
    (op >= Opcode.I32TruncF32S && op <= Opcode.I32TruncF64U) ||
    (op >= Opcode.I64TruncF32S && op <= Opcode.I64TruncF64U)
  );
}
