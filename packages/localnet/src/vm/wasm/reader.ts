/**
 * Reads a module section by section, in the order wasmparser requires,
 * each section checked as soon as it is read (sections/*.ts), as nearcore's
 * `PrepareContext::run` does with wasmparser's validator. Custom sections
 * are skipped (nearcore discards them); unknown sections, sections out of
 * order and the tag section (exceptions are disabled) are malformed.
 *
 * Type checking of function bodies and of the other sections is V8's
 * (`WebAssembly.validate` on the original module, see prepare.ts), after
 * all of this: a module that breaks a limit AND fails type checking in an
 * earlier section is reported here with the limit's error, by nearcore with
 * Deserialization.
 */

import { MalformedWasm, Reader } from "./bytes.ts";
import { SectionId, sectionRank, WASM_HEADER, WASM_MAGIC_LENGTH } from "./format.ts";
import { readCodeSection } from "./sections/code.ts";
import { readDataCountSection, readDataSection } from "./sections/data.ts";
import { readElementSection } from "./sections/elements.ts";
import { readExportSection, readStartSection } from "./sections/exports.ts";
import { readFunctionSection } from "./sections/functions.ts";
import { readGlobalSection } from "./sections/globals.ts";
import { readImportSection } from "./sections/imports.ts";
import { readMemorySection } from "./sections/memory.ts";
import {
  emptyModule,
  type DecodedModule,
  type RewriteConfig,
  type Section,
  type SectionReader,
} from "./sections/state.ts";
import { readTableSection } from "./sections/tables.ts";
import { readTypeSection } from "./sections/types.ts";

const SECTION_READERS: ReadonlyMap<number, SectionReader> = new Map([
  [SectionId.Type, readTypeSection],
  [SectionId.Import, readImportSection],
  [SectionId.Function, readFunctionSection],
  [SectionId.Table, readTableSection],
  [SectionId.Memory, readMemorySection],
  [SectionId.Global, readGlobalSection],
  [SectionId.Export, readExportSection],
  [SectionId.Start, readStartSection],
  [SectionId.Element, readElementSection],
  [SectionId.DataCount, readDataCountSection],
  [SectionId.Code, readCodeSection],
  [SectionId.Data, readDataSection],
]);

function matchesHeader(bytes: Uint8Array, from: number): boolean {
  return bytes.every((byte, i) => byte === WASM_HEADER[from + i]);
}

function readHeader(reader: Reader): void {
  if (!matchesHeader(reader.slice(WASM_MAGIC_LENGTH), 0)) reader.fail("bad magic");
  const versionLength = WASM_HEADER.length - WASM_MAGIC_LENGTH;
  if (!matchesHeader(reader.slice(versionLength), WASM_MAGIC_LENGTH)) reader.fail("unsupported version");
}

function nextSection(reader: Reader): Section {
  const id = reader.u8();
  const size = reader.u32();
  const start = reader.pos;
  reader.skip(size);
  return {
    id,
    reader: new Reader(reader.bytes, start, start + size),
    bytes: reader.bytes.subarray(start, start + size),
  };
}

/** Reads and checks the whole module; throws MalformedWasm or PrepareRejection at the first broken rule. */
export function readModule(code: Uint8Array, config: RewriteConfig): DecodedModule {
  const reader = new Reader(code);
  readHeader(reader);
  const module = emptyModule(config.limits);
  let lastRank = 0;
  while (!reader.eof) {
    const section = nextSection(reader);
    if (section.id === SectionId.Custom) {
      section.reader.name(); // the name must still be well-formed
      continue;
    }
    const rank = sectionRank(section.id);
    if (rank === undefined) return section.reader.fail(`unknown section ${section.id}`);
    if (rank <= lastRank) section.reader.fail(`section ${section.id} out of order`);
    lastRank = rank;
    const read = SECTION_READERS.get(section.id);
    if (!read) return section.reader.fail(`unsupported section ${section.id}`);
    read(section, module, config);
  }
  if (!module.hasCodeSection && module.functionTypes.length > 0)
    throw new MalformedWasm("function section without code section", code.length);
  return module;
}
