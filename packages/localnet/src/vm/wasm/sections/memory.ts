/**
 * The memory section: at most one memory (multi-memory is disabled). It is
 * validated and then dropped: every module gets NEAR's standard memory
 * (initial_memory_pages to max_memory_pages), which the emitter imports
 * from the host instead.
 */

import { expectSectionEnd, readCount, readLimits } from "./common.ts";
import type { SectionReader } from "./state.ts";

export const readMemorySection: SectionReader = ({ reader }) => {
  const count = readCount(reader);
  if (count > 1) reader.fail("multiple memories");
  for (let i = 0; i < count; i++) readLimits(reader, true);
  expectSectionEnd(reader);
};
