/**
 * The module-level vocabulary of the WebAssembly binary format: the header,
 * section ids and the kinds of imports and exports. Section ids are not in
 * the order sections must appear, so the order is a table of its own:
 * wasmparser's, which nearcore's validation follows (the data count section,
 * id 12, comes before code; the tag section, id 13, right after memory).
 */

/** "\0asm" followed by version 1. */
export const WASM_HEADER: readonly number[] = Object.freeze([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
export const WASM_MAGIC_LENGTH = 4;

export const SectionId = Object.freeze({
  Custom: 0,
  Type: 1,
  Import: 2,
  Function: 3,
  Table: 4,
  Memory: 5,
  Global: 6,
  Export: 7,
  Start: 8,
  Element: 9,
  Code: 10,
  Data: 11,
  DataCount: 12,
  Tag: 13,
});
export type SectionId = (typeof SectionId)[keyof typeof SectionId];

/** The rank of every known non-custom section in the order wasmparser requires. */
const SECTION_RANK: ReadonlyMap<number, number> = new Map([
  [SectionId.Type, 1],
  [SectionId.Import, 2],
  [SectionId.Function, 3],
  [SectionId.Table, 4],
  [SectionId.Memory, 5],
  [SectionId.Tag, 6],
  [SectionId.Global, 7],
  [SectionId.Export, 8],
  [SectionId.Start, 9],
  [SectionId.Element, 10],
  [SectionId.DataCount, 11],
  [SectionId.Code, 12],
  [SectionId.Data, 13],
]);

/** The section's rank in the required order, or undefined for an unknown id. */
export function sectionRank(id: number): number | undefined {
  return SECTION_RANK.get(id);
}

/** The kind byte of an import or export. Tags (exceptions) are not in NEAR's feature set. */
export const ExternalKind = Object.freeze({
  Function: 0,
  Table: 1,
  Memory: 2,
  Global: 3,
});
export type ExternalKind = (typeof ExternalKind)[keyof typeof ExternalKind];
