/**
 * Writes the prepared module from what the readers recorded. Function
 * indices and the module's own global indices stay as they are, so kept
 * sections are copied byte for byte; only three sections are re-encoded:
 * imports (the module's function imports, then NEAR's standard memory,
 * imported from the host), globals (the module's, then the
 * instrumentation's three) and exports (the contract's renamed with
 * EXPORT_PREFIX, memory exports dropped, then the host's). The memory
 * section (replaced by the import) and the start section (exported for the
 * host to call instead) are not written.
 */

import { Writer } from "./bytes.ts";
import { ExternalKind, SectionId, WASM_HEADER } from "./format.ts";
import type { PrepareLimits } from "./limits.ts";
import {
  EXPORT_PREFIX,
  GAS_EXPORT,
  INDIRECT_EXPORT,
  MEMORY_IMPORT_MODULE,
  MEMORY_IMPORT_NAME,
  STACK_EXPORT,
  START_EXPORT,
  TABLE_EXPORT,
} from "./names.ts";
import { Opcode } from "./opcodes.ts";
import { instrumentationGlobals } from "./sections/globals.ts";
import type { DecodedModule } from "./sections/state.ts";
import { ValType } from "./types.ts";

const OUTPUT_ORDER = [
  SectionId.Type,
  SectionId.Import,
  SectionId.Function,
  SectionId.Table,
  SectionId.Global,
  SectionId.Export,
  SectionId.Element,
  SectionId.DataCount,
  SectionId.Code,
  SectionId.Data,
];
const MUTABLE = 1;
/** Limits flags of a shared memory with a maximum: see memories.ts for why it is shared. */
const SHARED_WITH_MAXIMUM = 0x03;
const INSTRUMENTATION_GLOBAL_COUNT = 3;

function importSection(module: DecodedModule, limits: PrepareLimits): Uint8Array {
  return new Writer(module.importEntries.length + 32)
    .u32(module.importNames.length + 1)
    .bytes(module.importEntries)
    .name(MEMORY_IMPORT_MODULE)
    .name(MEMORY_IMPORT_NAME)
    .byte(ExternalKind.Memory)
    .byte(SHARED_WITH_MAXIMUM)
    .u32(limits.initialMemoryPages)
    .u32(limits.maxMemoryPages)
    .finish();
}

function globalSection(module: DecodedModule, limits: PrepareLimits): Uint8Array {
  return new Writer(module.globalEntries.length + 16)
    .u32(module.globalTypes.length + INSTRUMENTATION_GLOBAL_COUNT)
    .bytes(module.globalEntries)
    .bytes([ValType.I64, MUTABLE, Opcode.I64Const, 0x00, Opcode.End]) // gas: set by the host before a call
    .bytes([ValType.I32, MUTABLE, Opcode.I32Const, 0x00, Opcode.End]) // last call_indirect index
    .bytes([ValType.I64, MUTABLE, Opcode.I64Const]) // stack budget: max_stack_height
    .signed(BigInt(limits.maxStackHeight))
    .byte(Opcode.End)
    .finish();
}

/** The contract's exports without its memory exports (the host owns the memory). */
export function keptExports(module: DecodedModule) {
  return module.exports.filter((entry) => entry.kind !== ExternalKind.Memory);
}

function exportSection(module: DecodedModule): Uint8Array {
  const kept = keptExports(module);
  const hasTable = module.tableCount > 0;
  const hasStart = module.startFunction !== undefined;
  const section = new Writer(256).u32(
    kept.length + INSTRUMENTATION_GLOBAL_COUNT + (hasStart ? 1 : 0) + (hasTable ? 1 : 0),
  );
  for (const entry of kept)
    section
      .name(EXPORT_PREFIX + entry.name)
      .byte(entry.kind)
      .u32(entry.index);
  const globals = instrumentationGlobals(module);
  section.name(GAS_EXPORT).byte(ExternalKind.Global).u32(globals.gas);
  section.name(INDIRECT_EXPORT).byte(ExternalKind.Global).u32(globals.indirect);
  section.name(STACK_EXPORT).byte(ExternalKind.Global).u32(globals.stack);
  if (hasTable) section.name(TABLE_EXPORT).byte(ExternalKind.Table).u32(0);
  if (module.startFunction !== undefined)
    section.name(START_EXPORT).byte(ExternalKind.Function).u32(module.startFunction);
  return section.finish();
}

export function emitModule(module: DecodedModule, limits: PrepareLimits, inputLength: number): Uint8Array {
  const sections = new Map(module.keptSections);
  sections.set(SectionId.Import, importSection(module, limits));
  sections.set(SectionId.Global, globalSection(module, limits));
  sections.set(SectionId.Export, exportSection(module));
  const output = new Writer(inputLength * 2 + 256).bytes(WASM_HEADER);
  for (const id of OUTPUT_ORDER) {
    const section = sections.get(id);
    if (section) output.byte(id).u32(section.length).bytes(section);
  }
  return output.finish();
}
