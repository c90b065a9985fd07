/**
 * Value types and function types as NEAR's feature set has them: the four
 * numeric types and the two reference types (reference-types proposal), no
 * v128 (SIMD is disabled) and no typed references (not enabled either), at
 * most one result per function or block (multi-value is disabled).
 */

import type { Reader } from "./bytes.ts";

export const ValType = Object.freeze({
  I32: 0x7f,
  I64: 0x7e,
  F32: 0x7d,
  F64: 0x7c,
  FuncRef: 0x70,
  ExternRef: 0x6f,
});

/** The byte that opens a function type in the type section. */
export const FUNC_TYPE_FORM = 0x60;
/** The block type of a block without result. */
export const EMPTY_BLOCK_TYPE = 0x40;

export interface FuncType {
  params: number[];
  results: number[];
}

const VALUE_TYPES: ReadonlySet<number> = new Set(Object.values(ValType));

export function isValType(type: number): boolean {
  return VALUE_TYPES.has(type);
}

export function checkValType(reader: Reader, type: number): void {
  if (!VALUE_TYPES.has(type)) reader.fail(`unsupported value type 0x${type.toString(16)}`);
}

/** funcref or externref: the only reference types without typed function references. */
export function isRefType(type: number): boolean {
  return type === ValType.FuncRef || type === ValType.ExternRef;
}

export function readRefType(reader: Reader): number {
  const type = reader.u8();
  if (!isRefType(type)) reader.fail("unsupported reference type");
  return type;
}

/**
 * The bytes a value occupies in finite-wasm's stack and frame models:
 * 4 for i32/f32, 8 for i64/f64 and references.
 */
export function valueSize(type: number): number {
  return type === ValType.I32 || type === ValType.F32 ? 4 : 8;
}
