/**
 * The import section. The whole section is decoded first (a malformed
 * entry anywhere is Deserialization), then nearcore's import rules apply
 * entry by entry, in order: every import comes from "env" (else
 * Instantiate), memory imports are refused (Memory), table and global
 * imports too (Instantiate), and each function import counts towards
 * max_functions_number_per_contract. The function entries are copied to the
 * output unchanged; the emitter appends the standard memory's import.
 */

import type { Reader } from "../bytes.ts";
import { ExternalKind } from "../format.ts";
import { PrepareRejection } from "../limits.ts";
import { HOST_MODULE } from "../names.ts";
import { checkValType, readRefType } from "../types.ts";
import { expectSectionEnd, readCount, readLimits, restOfSection } from "./common.ts";
import type { DecodedModule, SectionReader } from "./state.ts";

interface ImportEntry {
  module: string;
  name: string;
  kind: number;
  /** The type index of a function import. */
  type: number;
}

function readImportEntry(reader: Reader, module: DecodedModule): ImportEntry {
  const from = reader.name();
  const name = reader.name();
  const kind = reader.u8();
  let type = 0;
  if (kind === ExternalKind.Function) {
    type = reader.u32();
    if (type >= module.types.length) reader.fail("unknown type");
  } else if (kind === ExternalKind.Table) {
    readRefType(reader);
    readLimits(reader, false);
  } else if (kind === ExternalKind.Memory) {
    readLimits(reader, true);
  } else if (kind === ExternalKind.Global) {
    checkValType(reader, reader.u8());
    if (reader.u8() > 1) reader.fail("bad mutability");
  } else {
    reader.fail("unsupported import kind"); // tags (exceptions) are disabled
  }
  return { module: from, name, kind, type };
}

function applyImportRules(entry: ImportEntry, module: DecodedModule): void {
  if (entry.module !== HOST_MODULE) throw new PrepareRejection("Instantiate", `import from module ${entry.module}`);
  if (entry.kind === ExternalKind.Memory) throw new PrepareRejection("Memory", "memory import");
  if (entry.kind !== ExternalKind.Function) throw new PrepareRejection("Instantiate", "table or global import");
  module.functionBudget -= 1;
  if (module.functionBudget < 0) throw new PrepareRejection("TooManyFunctions");
  module.importNames.push(entry.name);
  module.importTypes.push(entry.type);
}

export const readImportSection: SectionReader = ({ reader }, module) => {
  const count = readCount(reader);
  const entriesStart = reader.pos;
  const entries: ImportEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(readImportEntry(reader, module));
  expectSectionEnd(reader);
  if (entries.filter((entry) => entry.kind === ExternalKind.Memory).length > 1) reader.fail("multiple memories");
  for (const entry of entries) applyImportRules(entry, module);
  module.importEntries = restOfSection(reader, entriesStart);
};
