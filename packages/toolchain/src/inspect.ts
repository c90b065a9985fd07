import binaryen from "binaryen";
import { NEAR_WASM_FEATURES } from "./finalize.ts";
import { NEAR_HOST_FUNCTIONS, type WasmValueType } from "./near-host-functions.ts";

export interface WasmImport {
  module: string;
  name: string;
  params: WasmValueType[];
  results: WasmValueType[];
}

export interface WasmInterface {
  imports: WasmImport[];
  exportedFunctions: string[];
  exportsMemory: boolean;
  /** Non-empty when the module uses a wasm feature NEAR rejects. */
  featureError: string | undefined;
}

function valueTypes(type: binaryen.Type): WasmValueType[] {
  return binaryen.expandType(type).map((t) => {
    if (t === binaryen.i32) return "i32";
    if (t === binaryen.i64) return "i64";
    return `type#${t}` as WasmValueType;
  });
}

/**
 * binaryen's validator prints its findings to stderr; capture them so the
 * first one can be part of our own message instead of stray output.
 */
export function validateQuietly(module: binaryen.Module): string | undefined {
  let printed = "";
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    printed += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  }) as typeof process.stderr.write;
  let valid: number;
  try {
    valid = module.validate();
  } finally {
    process.stderr.write = write;
  }
  if (valid) return undefined;
  const firstFinding = /\[wasm-validator error in function ([^\]]+)\] unexpected false: ([^,\n]+)/.exec(printed);
  return firstFinding
    ? `uses wasm features beyond the MVP and sign extension (function ${firstFinding[1]}: ${firstFinding[2]})`
    : "uses wasm features beyond the MVP and sign extension";
}

/** Reads a module's imports (with signatures), exports and feature conformance. */
export function inspectWasm(wasm: Uint8Array): WasmInterface {
  const module = binaryen.readBinary(wasm);
  try {
    const imports: WasmImport[] = [];
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const info = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
      if (info.module) {
        imports.push({
          module: info.module,
          name: info.base ?? "",
          params: valueTypes(info.params),
          results: valueTypes(info.results),
        });
      }
    }
    const exportedFunctions: string[] = [];
    let exportsMemory = false;
    for (let i = 0; i < module.getNumExports(); i++) {
      const info = binaryen.getExportInfo(module.getExportByIndex(i));
      if (info.kind === binaryen.ExternalFunction) exportedFunctions.push(info.name);
      if (info.kind === binaryen.ExternalMemory) exportsMemory = true;
    }
    module.setFeatures(NEAR_WASM_FEATURES);
    const featureError = validateQuietly(module);
    return { imports, exportedFunctions, exportsMemory, featureError };
  } finally {
    module.dispose();
  }
}

/**
 * Everything that would make NEAR reject the module or a contract method
 * unreachable: foreign imports, wrong host-function signatures, no exported
 * memory, missing method exports, unsupported wasm features.
 */
export function nearConformanceProblems(wasm: Uint8Array, methods: readonly string[]): string[] {
  const found = inspectWasm(wasm);
  const problems: string[] = [];
  for (const imported of found.imports) {
    const expected = imported.module === "env" ? NEAR_HOST_FUNCTIONS[imported.name] : undefined;
    if (!expected) {
      problems.push(`imports ${imported.module}.${imported.name}, which is not a NEAR host function`);
    } else if (
      expected.params.join() !== imported.params.join() ||
      expected.results.join() !== imported.results.join()
    ) {
      problems.push(
        `imports env.${imported.name} as (${imported.params}) -> (${imported.results}), NEAR defines (${expected.params}) -> (${expected.results})`,
      );
    }
  }
  if (!found.exportsMemory) problems.push("exports no memory");
  for (const method of methods) {
    if (!found.exportedFunctions.includes(method)) problems.push(`does not export contract method ${method}`);
  }
  if (found.featureError) problems.push(found.featureError);
  return problems;
}
