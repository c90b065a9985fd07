/**
 * The type section: function types of value types, with at most one result
 * (multi-value is not in NEAR's feature set). Kept unchanged in the output.
 */

import { checkValType, FUNC_TYPE_FORM, type FuncType } from "../types.ts";
import type { Reader } from "../bytes.ts";
import { expectSectionEnd, readCount } from "./common.ts";
import type { SectionReader } from "./state.ts";

function readValTypes(reader: Reader): number[] {
  const types: number[] = [];
  for (let remaining = readCount(reader); remaining > 0; remaining--) {
    const type = reader.u8();
    checkValType(reader, type);
    types.push(type);
  }
  return types;
}

function readFuncType(reader: Reader): FuncType {
  if (reader.u8() !== FUNC_TYPE_FORM) reader.fail("expected a function type");
  const params = readValTypes(reader);
  const results = readValTypes(reader);
  if (results.length > 1) reader.fail("multi-value function type");
  return { params, results };
}

export const readTypeSection: SectionReader = ({ id, reader, bytes }, module) => {
  for (let count = readCount(reader); count > 0; count--) module.types.push(readFuncType(reader));
  expectSectionEnd(reader);
  module.keptSections.set(id, bytes);
};
