import { commands, type Tree } from "@yowasp/clang";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BuildError } from "./build-error.ts";

/** The @yowasp/clang release in use; part of every cache key. (Its exports hide package.json.) */
export const CLANG_PACKAGE_VERSION: string = JSON.parse(
  readFileSync(fileURLToPath(new URL("../package.json", import.meta.resolve("@yowasp/clang"))), "utf8"),
).version;

/**
 * Code generation flags shared by the engine, the contract glue and near_qjsc.
 * NEAR accepts the wasm MVP plus sign extension, so later features are
 * switched off here and lowered out of the prebuilt libc after linking.
 */
export const TARGET_FLAGS = ["--target=wasm32-wasip1", "-mcpu=mvp", "-msign-ext", "-mmutable-globals"];

/** The defines near-sdk-js compiles QuickJS with. */
export const QUICKJS_DEFINES = ["-D_GNU_SOURCE", '-DCONFIG_VERSION="2021-03-27"', "-DCONFIG_BIGNUM"];

/** Warnings of upstream QuickJS that are benign on wasm32 and that clang 16+ would turn into errors. */
export const QUICKJS_WARNING_FLAGS = [
  "-Wno-incompatible-function-pointer-types",
  "-Wno-implicit-const-int-float-conversion",
];

export const OPTIMIZE_FLAG = "-Oz";

let resourcesLoaded: Promise<unknown> | undefined;

/** Loads LLVM's wasm modules and sysroot once per process, quietly (the default prints progress). */
function loadResources(): Promise<unknown> {
  resourcesLoaded ??= Promise.resolve(commands.clang(undefined, {}, { fetchProgress: () => {} }));
  return resourcesLoaded;
}

/**
 * Runs clang (or the linker through its driver) inside Node on an in-memory
 * file tree and returns the tree it leaves behind.
 */
export async function runClang(step: string, args: string[], files: Tree, file?: string): Promise<Tree> {
  let diagnostics = "";
  const decoder = new TextDecoder();
  await loadResources();
  try {
    const result = await commands.clang(args, files, {
      stdout: null,
      stderr: (bytes) => {
        if (bytes) diagnostics += decoder.decode(bytes, { stream: true });
      },
    });
    if (!result) throw new Error("clang returned no files");
    return result;
  } catch (error) {
    const reason = diagnostics.trim() || (error instanceof Error ? error.message : String(error));
    throw new BuildError(step, reason, file);
  }
}

/** Reads a file the compiler wrote, by its path in the tree. */
export function takeFile(tree: Tree, path: string): Uint8Array {
  let node: Tree | string | Uint8Array = tree;
  for (const part of path.split("/")) {
    if (typeof node === "string" || node instanceof Uint8Array || !(part in node)) {
      throw new BuildError("compilation", `the compiler produced no ${path}`);
    }
    node = node[part];
  }
  if (typeof node === "string") return new TextEncoder().encode(node);
  if (node instanceof Uint8Array) return node;
  throw new BuildError("compilation", `${path} is a directory`);
}
