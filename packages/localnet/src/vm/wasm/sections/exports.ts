/**
 * The export section: unique names, the four MVP kinds. The emitter
 * re-encodes it (contract exports renamed, memory exports dropped, the
 * host's exports added), so only the entries are recorded.
 */

import { ExternalKind } from "../format.ts";
import { expectSectionEnd, readCount } from "./common.ts";
import type { SectionReader } from "./state.ts";

export const readExportSection: SectionReader = ({ reader }, module) => {
  const names = new Set<string>();
  for (let count = readCount(reader); count > 0; count--) {
    const name = reader.name();
    const kind = reader.u8();
    if (kind > ExternalKind.Global) reader.fail("unsupported export kind");
    const index = reader.u32();
    if (names.has(name)) reader.fail("duplicate export name");
    names.add(name);
    module.exports.push({ name, kind, index });
  }
  expectSectionEnd(reader);
};

/** The start section: the emitter exports the start function for the host to call, instead of keeping it. */
export const readStartSection: SectionReader = ({ reader }, module) => {
  module.startFunction = reader.u32();
  expectSectionEnd(reader);
};
