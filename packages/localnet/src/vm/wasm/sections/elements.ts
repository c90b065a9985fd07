/**
 * The element section, in all eight encodings of the bulk-memory and
 * reference-types proposals (flags bit 0: passive or declarative, bit 1:
 * explicit table index or declarative, bit 2: expressions instead of
 * function indices). Kept unchanged in the output.
 */

import type { Reader } from "../bytes.ts";
import { readRefType } from "../types.ts";
import { expectSectionEnd, readConstExpr, readCount } from "./common.ts";
import type { SectionReader } from "./state.ts";

const PASSIVE_OR_DECLARATIVE = 1;
const EXPLICIT_TABLE = 2;
const EXPRESSIONS = 4;
const LAST_FLAGS = 7;
/** The element kind of function indices: funcref. */
const ELEMENT_KIND_FUNCREF = 0x00;

function readElementSegment(reader: Reader): void {
  const flags = reader.u32();
  if (flags > LAST_FLAGS) reader.fail("bad element segment flags");
  const passiveOrDeclarative = (flags & PASSIVE_OR_DECLARATIVE) !== 0;
  const explicitTable = (flags & EXPLICIT_TABLE) !== 0;
  const expressions = (flags & EXPRESSIONS) !== 0;
  if (!passiveOrDeclarative) {
    if (explicitTable) reader.u32();
    readConstExpr(reader);
  }
  if (passiveOrDeclarative || explicitTable) {
    if (expressions) readRefType(reader);
    else if (reader.u8() !== ELEMENT_KIND_FUNCREF) reader.fail("bad element kind");
  }
  for (let count = reader.u32(); count > 0; count--) {
    if (expressions) readConstExpr(reader);
    else reader.u32();
  }
}

export const readElementSection: SectionReader = ({ id, reader, bytes }, module) => {
  for (let count = readCount(reader); count > 0; count--) readElementSegment(reader);
  expectSectionEnd(reader);
  module.keptSections.set(id, bytes);
};
