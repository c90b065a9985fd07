/**
 * Module-level preparation: what nearcore's `PrepareContext::run`
 * (`prepare/prepare_v3.rs`, for VMKind::Wasmtime, NEAR's VM since protocol
 * 84) and the module rewrite of `prepare/instrument_v3.rs` do, in three
 * steps: read and check every section in nearcore's order with its
 * PrepareError kinds, instrumenting each function body for gas and stack
 * height on the way (reader.ts, sections/, instrument/); write the prepared
 * module with the standard memory and the host's globals and exports
 * (emitter.ts); describe its interface to the host (below).
 *
 * The output must stay byte for byte what it is (test/wasm-golden.test.ts):
 * the instrumentation decides the gas every contract burns.
 */

import { emitModule, keptExports } from "./emitter.ts";
import { ExternalKind } from "./format.ts";
import { importTypeMatches } from "./host-signatures.ts";
import type { GasFees } from "./instrument/context.ts";
import type { PrepareLimits } from "./limits.ts";
import { readModule } from "./reader.ts";
import type { DecodedModule } from "./sections/state.ts";

export type { GasFees } from "./instrument/context.ts";
export { PrepareRejection, type PrepareErrorKind, type PrepareLimits } from "./limits.ts";

export interface RewrittenModule {
  code: Uint8Array;
  /** Function imports from "env", in order. */
  imports: string[];
  /** Per import: its type differs from the host function's (see host-signatures.ts). */
  mistypedImports: boolean[];
  /** Exported function names (original names). */
  exports: Set<string>;
  /** Exported functions of type () -> (). */
  callable: Set<string>;
  hasStart: boolean;
}

/** The type index of a function, imported or defined. */
function functionType(module: DecodedModule, index: number): number | undefined {
  const imported = module.importTypes.length;
  return index < imported ? module.importTypes[index] : module.functionTypes[index - imported];
}

function exportedFunctions(module: DecodedModule): { exports: Set<string>; callable: Set<string> } {
  const exports = new Set<string>();
  const callable = new Set<string>();
  for (const entry of keptExports(module)) {
    if (entry.kind !== ExternalKind.Function) continue;
    exports.add(entry.name);
    const typeIndex = functionType(module, entry.index);
    const type = typeIndex === undefined ? undefined : module.types[typeIndex];
    if (type && type.params.length === 0 && type.results.length === 0) callable.add(entry.name);
  }
  return { exports, callable };
}

/** Validates, standardises and instruments a module; throws MalformedWasm or PrepareRejection. */
export function rewriteModule(code: Uint8Array, limits: PrepareLimits, fees: GasFees): RewrittenModule {
  const module = readModule(code, { limits, fees });
  const { types, importNames, importTypes } = module;
  const mistypedImports = importNames.map(
    (name, i) => !importTypeMatches(name, types[importTypes[i]].params, types[importTypes[i]].results),
  );
  return {
    code: emitModule(module, limits, code.length),
    imports: importNames,
    mistypedImports,
    ...exportedFunctions(module),
    hasStart: module.startFunction !== undefined,
  };
}
