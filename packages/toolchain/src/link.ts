import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Tree } from "@yowasp/clang";
import { BuildError } from "./build-error.ts";
import { renderCodeHeader, renderMethodsHeader } from "./bytecode.ts";
import { OPTIMIZE_FLAG, TARGET_FLAGS, runClang, takeFile } from "./clang.ts";
import { COMPILE_FLAGS, type Engine } from "./engine.ts";
import { OWN_C_DIR } from "./sources.ts";

/**
 * The shadow stack sits below the data (wasm-ld's stack-first layout, so an
 * overflow traps instead of overwriting data). QuickJS lets JavaScript use
 * 256 KiB of it (JS_DEFAULT_STACK_SIZE, checked against the stack's top); the
 * extra 64 KiB keeps that limit above address 0 and leaves room for the C
 * frames below the last check.
 */
export const STACK_SIZE = 320 * 1024;

/**
 * NEAR runs every contract in its own memory of 1024 pages (64 MiB), growable
 * to 2048. A module meant to be pre-initialised is linked with exactly that
 * memory, so wasi-libc's allocator takes the heap up to 64 MiB as its first
 * region instead of growing memory: the heap captured at build time then
 * lies inside the memory every call starts with, where data segments can
 * restore it.
 */
export const NEAR_INITIAL_MEMORY_PAGES = 1024;
export const NEAR_MAX_MEMORY_PAGES = 2048;
const WASM_PAGE = 65536;

/** Method names builder.c itself defines; a contract method of that name would collide. */
const RESERVED_METHOD_NAMES = new Set(["panic", "_start"]);

/**
 * Compiles near-sdk-js's builder.c around the contract's bytecode and method
 * list, and links it with the cached engine into a wasm module whose
 * exports are exactly the contract methods (plus memory).
 */
export async function linkContract(
  engine: Engine,
  builderSource: string,
  bytecode: Uint8Array,
  methods: readonly string[],
  file: string,
  snapshot: boolean,
): Promise<Uint8Array> {
  const reserved = methods.filter((name) => RESERVED_METHOD_NAMES.has(name));
  if (reserved.length > 0) {
    throw new BuildError("linking", `method name ${reserved.join(", ")} is reserved by near-sdk-js; rename it`, file);
  }
  const tree: Tree = {
    ...engine.headers,
    contract: {
      "builder.c": builderSource,
      "code.h": renderCodeHeader(bytecode),
      "methods.h": (snapshot ? '#include "near_snapshot.h"\n' : "") + renderMethodsHeader(methods),
      ...(snapshot ? { "near_snapshot.h": readFileSync(join(OWN_C_DIR, "near_snapshot.h"), "utf8") } : {}),
    },
    obj: { ...engine.contractObjects },
  };
  const compiled = await runClang(
    "contract glue compilation",
    [...COMPILE_FLAGS, "-c", "contract/builder.c", "-o", "obj/builder.o"],
    tree,
    file,
  ).catch((error: BuildError) => {
    const clash = /conflicting types for '(\w+)'|redefinition of '(\w+)'/.exec(error.message);
    if (clash) {
      throw new BuildError(
        "linking",
        `method name ${clash[1] ?? clash[2]} clashes with a C library symbol; rename it`,
        file,
      );
    }
    throw error;
  });
  const objects = { ...engine.contractObjects, "builder.o": takeFile(compiled, "obj/builder.o") };
  const args = [
    ...TARGET_FLAGS,
    OPTIMIZE_FLAG,
    "-nostartfiles",
    "builder.o",
    ...Object.keys(engine.contractObjects),
    "-lm",
    "-Wl,--no-entry",
    "-Wl,--allow-undefined",
    "-Wl,--gc-sections",
    `-Wl,-z,stack-size=${STACK_SIZE}`,
    ...(snapshot
      ? [
          `-Wl,--initial-memory=${NEAR_INITIAL_MEMORY_PAGES * WASM_PAGE}`,
          `-Wl,--max-memory=${NEAR_MAX_MEMORY_PAGES * WASM_PAGE}`,
        ]
      : []),
    "-o",
    "contract.wasm",
  ];
  const linked = await runClang("contract link", args, objects, file);
  return takeFile(linked, "contract.wasm");
}
