/**
 * The names that connect a prepared module with its host (prepare.ts). The
 * host's own names start with a NUL byte and the contract's exports get
 * EXPORT_PREFIX, so that no name a contract chooses can collide with them.
 */

/** The standard memory is imported as ("\0near", "memory"): the host creates it (see memories.ts). */
export const MEMORY_IMPORT_MODULE = "\u0000near";
export const MEMORY_IMPORT_NAME = "memory";
/** The i64 global holding the gas the call may still burn. */
export const GAS_EXPORT = "\u0000gas";
/** The module's start function, which the host calls before the method. */
export const START_EXPORT = "\u0000start";
/** The module's table, if it has one. */
export const TABLE_EXPORT = "\u0000table";
/** The i32 global receiving the element index of every call_indirect. */
export const INDIRECT_EXPORT = "\u0000indirect";
/** The i64 global holding the stack budget left. */
export const STACK_EXPORT = "\u0000stack";
/** Prefix of the contract's own exports. */
export const EXPORT_PREFIX = "m:";
/** Every import of a contract must come from this module (nearcore's rule). */
export const HOST_MODULE = "env";
