/**
 * The table section, with nearcore's limits: at most max_tables_per_contract
 * tables (TooManyTables), none with an initial size above
 * max_elements_per_contract_table (TooManyTableElements), checked in that
 * order once the section is decoded. Kept unchanged in the output.
 */

import { PrepareRejection } from "../limits.ts";
import { readRefType } from "../types.ts";
import { expectSectionEnd, readCount, readLimits } from "./common.ts";
import type { SectionReader } from "./state.ts";

export const readTableSection: SectionReader = ({ id, reader, bytes }, module, { limits }) => {
  const count = readCount(reader);
  const initialSizes: number[] = [];
  for (let i = 0; i < count; i++) {
    readRefType(reader);
    initialSizes.push(readLimits(reader, false).min);
  }
  expectSectionEnd(reader);
  if (count > limits.maxTables) throw new PrepareRejection("TooManyTables");
  module.tableCount = count;
  if (initialSizes.some((initial) => initial > limits.maxTableElements))
    throw new PrepareRejection("TooManyTableElements");
  module.keptSections.set(id, bytes);
};
