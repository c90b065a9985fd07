import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WASI } from "node:wasi";
import { BuildError } from "./build-error.ts";

const compiledQjsc = new WeakMap<Uint8Array, WebAssembly.Module>();

/**
 * Compiles one bundled ES module to QuickJS bytecode with near_qjsc running
 * under node:wasi. The module name is stored in the bytecode (it shows in
 * stack traces), so callers pass a stable relative name for reproducible output.
 */
export async function compileBytecode(
  qjscWasm: Uint8Array,
  moduleName: string,
  source: string,
  file: string,
): Promise<Uint8Array> {
  let module = compiledQjsc.get(qjscWasm);
  if (!module) {
    module = await WebAssembly.compile(qjscWasm as Uint8Array<ArrayBuffer>);
    compiledQjsc.set(qjscWasm, module);
  }
  const dir = mkdtempSync(join(tmpdir(), "near-qjsc-"));
  try {
    writeFileSync(join(dir, "input.js"), source);
    const stderr = openSync(join(dir, "errors.txt"), "w");
    let status: number;
    try {
      const wasi = new WASI({
        version: "preview1",
        args: ["near_qjsc", moduleName, "/io/input.js", "/io/bytecode.bin"],
        preopens: { "/io": dir },
        stderr,
        returnOnExit: true,
      });
      const instance = await WebAssembly.instantiate(module, wasi.getImportObject() as WebAssembly.Imports);
      status = wasi.start(instance);
    } finally {
      closeSync(stderr);
    }
    if (status !== 0) {
      const message = readFileSync(join(dir, "errors.txt"), "utf8").trim();
      throw new BuildError("bytecode compilation", message || `near_qjsc exited with status ${status}`, file);
    }
    return readFileSync(join(dir, "bytecode.bin"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The code.h that builder.c includes: the bytecode as a C byte array. */
export function renderCodeHeader(bytecode: Uint8Array): string {
  const rows: string[] = [];
  for (let offset = 0; offset < bytecode.length; offset += 32) {
    rows.push(
      "  " +
        Array.from(bytecode.subarray(offset, offset + 32), (b) => `0x${b.toString(16).padStart(2, "0")}`).join(","),
    );
  }
  return (
    `const uint32_t code_size = ${bytecode.length};\n` +
    `const uint8_t code[${bytecode.length}] = {\n${rows.join(",\n")}\n};\n`
  );
}

/** The methods.h that builder.c includes last: one exported wasm function per contract method. */
export function renderMethodsHeader(methods: readonly string[]): string {
  return methods.map((name) => `DEFINE_NEAR_METHOD(${name})\n`).join("");
}
