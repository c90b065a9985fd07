/**
 * What the section readers learn about a module. Sections are read in
 * order and each one is checked as soon as it is read (nearcore validates
 * and applies its limits section by section, so the first broken rule in
 * section order decides the error); what a later section or the emitter
 * needs is recorded here. The output module is assembled (emitter.ts) only
 * once the whole module has been read and accepted.
 */

import type { Reader } from "../bytes.ts";
import type { GasFees } from "../instrument/context.ts";
import type { PrepareLimits } from "../limits.ts";
import type { FuncType } from "../types.ts";

export interface ExportEntry {
  name: string;
  kind: number;
  index: number;
}

export interface DecodedModule {
  types: FuncType[];
  /** Names of the function imports (the only imports NEAR accepts), in import order. */
  importNames: string[];
  /** Type index of every function import. */
  importTypes: number[];
  /** The encoded import entries (after their count), copied to the output as they are. */
  importEntries: Uint8Array;
  /** Type index of every function the module defines. */
  functionTypes: number[];
  tableCount: number;
  /** Value type of every global the module defines. */
  globalTypes: number[];
  /** The encoded global entries (after their count), copied to the output as they are. */
  globalEntries: Uint8Array;
  exports: ExportEntry[];
  startFunction: number | undefined;
  dataCount: number | undefined;
  hasCodeSection: boolean;
  /** Sections that reach the output, by id: unchanged, except the code section (instrumented). */
  keptSections: Map<number, Uint8Array>;
  /** What is left of max_functions_number_per_contract. */
  functionBudget: number;
  /** What is left of max_locals_per_contract. */
  localBudget: number;
}

export function emptyModule(limits: PrepareLimits): DecodedModule {
  return {
    types: [],
    importNames: [],
    importTypes: [],
    importEntries: new Uint8Array(),
    functionTypes: [],
    tableCount: 0,
    globalTypes: [],
    globalEntries: new Uint8Array(),
    exports: [],
    startFunction: undefined,
    dataCount: undefined,
    hasCodeSection: false,
    keptSections: new Map(),
    functionBudget: limits.maxFunctions,
    localBudget: limits.maxLocals,
  };
}

/** One section of the input: a reader over its content, which is also `bytes`. */
export interface Section {
  id: number;
  reader: Reader;
  bytes: Uint8Array;
}

export interface RewriteConfig {
  limits: PrepareLimits;
  fees: GasFees;
}

/** Reads, checks and records one section. */
export type SectionReader = (section: Section, module: DecodedModule, config: RewriteConfig) => void;
