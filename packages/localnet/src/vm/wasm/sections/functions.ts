/**
 * The function section: the type of every function the module defines.
 * These count towards max_functions_number_per_contract when the code
 * section is read (as in nearcore, which counts the code section's
 * entries). Kept unchanged in the output.
 */

import { expectSectionEnd, readCount } from "./common.ts";
import type { SectionReader } from "./state.ts";

export const readFunctionSection: SectionReader = ({ id, reader, bytes }, module) => {
  for (let count = readCount(reader); count > 0; count--) {
    const type = reader.u32();
    if (type >= module.types.length) reader.fail("unknown type");
    module.functionTypes.push(type);
  }
  expectSectionEnd(reader);
  module.keptSections.set(id, bytes);
};
