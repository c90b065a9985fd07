/**
 * The global section. Its entries are copied unchanged; the emitter appends
 * the instrumentation's globals after them (gas, call_indirect index, stack
 * budget), so their indices are the count of the module's own globals and
 * the next two (global imports are refused, so no import shifts them).
 */

import type { InstrumentationGlobals } from "../instrument/context.ts";
import { checkValType } from "../types.ts";
import { expectSectionEnd, readConstExpr, readCount, restOfSection } from "./common.ts";
import type { DecodedModule, SectionReader } from "./state.ts";

export const readGlobalSection: SectionReader = ({ reader }, module) => {
  const count = readCount(reader);
  const entriesStart = reader.pos;
  for (let i = 0; i < count; i++) {
    const type = reader.u8();
    checkValType(reader, type);
    module.globalTypes.push(type);
    if (reader.u8() > 1) reader.fail("bad mutability");
    readConstExpr(reader);
  }
  expectSectionEnd(reader);
  module.globalEntries = restOfSection(reader, entriesStart);
};

/** Indices of the globals the emitter appends, in this order, after the module's own. */
export function instrumentationGlobals(module: DecodedModule): InstrumentationGlobals {
  const ownGlobals = module.globalTypes.length;
  return { gas: ownGlobals, indirect: ownGlobals + 1, stack: ownGlobals + 2 };
}
