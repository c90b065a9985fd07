/**
 * The data count and data sections: active segments (for memory 0 only,
 * multi-memory being disabled) and passive ones; the number of segments
 * must match the data count when there is one. Both are kept unchanged:
 * the segments initialise the standard memory that replaces the module's.
 */

import type { Reader } from "../bytes.ts";
import { expectSectionEnd, readConstExpr, readCount } from "./common.ts";
import type { SectionReader } from "./state.ts";

const ACTIVE = 0;
const PASSIVE = 1;
const ACTIVE_WITH_MEMORY_INDEX = 2;

function readDataSegment(reader: Reader): void {
  const flags = reader.u32();
  if (flags === ACTIVE) readConstExpr(reader);
  else if (flags === ACTIVE_WITH_MEMORY_INDEX) {
    if (reader.u32() !== 0) reader.fail("data segment for memory other than 0");
    readConstExpr(reader);
  } else if (flags !== PASSIVE) reader.fail("bad data segment flags");
  reader.skip(reader.u32());
}

export const readDataCountSection: SectionReader = ({ id, reader, bytes }, module) => {
  module.dataCount = reader.u32();
  expectSectionEnd(reader);
  module.keptSections.set(id, bytes);
};

export const readDataSection: SectionReader = ({ id, reader, bytes }, module) => {
  const count = readCount(reader);
  for (let i = 0; i < count; i++) readDataSegment(reader);
  expectSectionEnd(reader);
  if (module.dataCount !== undefined && module.dataCount !== count) reader.fail("data count mismatch");
  module.keptSections.set(id, bytes);
};
