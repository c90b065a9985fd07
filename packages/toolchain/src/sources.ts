import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { BuildError } from "./build-error.ts";
import { sha256Hex, sha256OfBytes } from "./hash.ts";

const require = createRequire(import.meta.url);

/** The directory of this package's own C sources. */
export const OWN_C_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "c");

/**
 * QuickJS 2021-03-27 as shipped by the npm package qjsc@0.3.0, pinned by the
 * sha256 of every file the build reads. A different file means a different
 * engine and a different bytecode format, so it stops the build.
 */
const QUICKJS_FILES: Record<string, string> = {
  "quickjs.c": "b3574a58f159bf5fc2ceaf9153ffb2181a20408dcd66701114342805298cbaf4",
  "quickjs.h": "2533d8c684cee8404e9e7df79139e3b80e2cfebc81419b40452b975db5ea7c7f",
  "quickjs-atom.h": "491139f5f2eaf40d146a588429c2bb884ffd4b5d0ad829e7b32d4a6fcce80509",
  "quickjs-opcode.h": "ef37e98009fd84f1f0e3acea8d5a8acded9da3d657a48b2cfbc690d50f543ca5",
  "libregexp.c": "f167039cfef4b6d830bdd000e01ab0e030b89098ae13d3ef31b633163594ae27",
  "libregexp.h": "bcf851a670715db2450588ae8e8f7d7c453583ed29195208cb391239fe5d5bf6",
  "libregexp-opcode.h": "ef2e192734aacbe67bb15b7856239368054e19558f636a93cca51ad128b63ba3",
  "libunicode.c": "7fe7d1b375946fc7f9684f7b7f42b2088098ce62533ba5ce9470f0070a70ac15",
  "libunicode.h": "3158cc84164e43ad3e24d04436060c77c8cf66dcce88bb86429522b651cbc7c5",
  "libunicode-table.h": "a990fbe88ed90ff8a141dfc29a8afb8951549130129f0559d67082cca47e0144",
  "cutils.c": "82a2cf31e18fb5d080e0ef146886af46a336bd523fb5ad01e4187c687008ebf2",
  "cutils.h": "af54a154072c55c69e730788b2351ca779dd9725f2105d230ea441040a5e0752",
  "libbf.c": "5caffbf754eb6a7a96e9fca6c185478b751bbb679a597d3d34eaa6e507f51af2",
  "libbf.h": "c2fe44fbcab3660a661d933e1791d42704366a688e9281db72de4be487aa588a",
  "list.h": "d275d4830a019944bff3f08747b12f16bc932630cff34f147a7b59b68f952f5f",
  VERSION: "6b600e98fef8541a1a0d3fcad07fcf44067efbfc1ea58a2eae2fb02f62061cfd",
};

/** near-sdk-js 2.0.0's builder/builder.c, the C glue between NEAR and QuickJS. */
const BUILDER_C_SHA256 = "e8d9b0429dd88cdf125e3b44e00b89dd8e2d58d4b6a2ba6b76583284255a6ee5";

/** An exact text substitution applied to a pinned source before compiling, with its reason. */
interface SourcePatch {
  file: string;
  find: string;
  replace: string;
  why: string;
}

/**
 * The whole difference between what we compile and the pinned upstream files.
 * Each patch must match exactly once, so a source change cannot slip past it.
 */
export const SOURCE_PATCHES: readonly SourcePatch[] = [
  {
    file: "quickjs.c",
    find: "#if !defined(EMSCRIPTEN)\n#define CONFIG_ATOMICS",
    replace: "#if !defined(EMSCRIPTEN) && !defined(__wasi__)\n#define CONFIG_ATOMICS",
    why: "wasm32-wasip1 has no threads, so no Atomics object (its atoms also leave the atom table bytecode indexes into)",
  },
  {
    file: "quickjs.c",
    find: "#if !defined(_WIN32)\n/* define it if printf uses the RNDN rounding mode instead of RNDNA */",
    replace:
      "#if !defined(_WIN32) && !defined(__wasi__)\n/* define it if printf uses the RNDN rounding mode instead of RNDNA */",
    why: "wasm can only round to nearest, so fesetround(FE_UPWARD/FE_DOWNWARD) does not exist; toFixed ties round half-to-even",
  },
  {
    file: "libbf.c",
    find: "r->tab[1] = (a1 << shift) | (a0 >> (LIMB_BITS - shift));",
    replace: "r->tab[1] = (a1 << shift) | (shift == 0 ? 0 : a0 >> (LIMB_BITS - shift));",
    why:
      "bf_set_ui on 32-bit limbs shifts a u32 by 32 when the high word's top bit is set: undefined in C, a no-op in wasm, so " +
      "u64 values ≥ 2^63 (the low half of every u128 amount NEAR hands a contract) converted to BigInt came out too large",
  },
  {
    file: "builder.c",
    find: "arguments_ptr = JS_ToCStringLenRaw(ctx, &arguments_len, argv[2]);",
    replace:
      "arguments_ptr = (const char *)JS_Uint8Array_to_C(ctx, argv[2], &arguments_len);\n" +
      '  if (arguments_ptr == NULL) {\n    return JS_ThrowTypeError(ctx, "Expect Uint8Array for arguments");\n  }',
    why:
      "promise_batch_action_function_call_weight read its arguments as a string while near-sdk-js passes a Uint8Array " +
      '(api.js encodes them), so the callee received "123,34,…"; now it reads them as promise_batch_action_function_call does',
  },
  {
    file: "builder.c",
    find: '#include "../node_modules/near-sdk-js/lib/cli/deps/quickjs/quickjs-libc-min.h"',
    replace: '#include "near_quickjs_api.h"',
    why: "builder.c names NEAR's QuickJS fork by a path into near-sdk-js's download folder; our API header stands in for it",
  },
  {
    file: "builder.c",
    find: '#include "../node_modules/near-sdk-js/lib/cli/deps/quickjs/libbf.h"',
    replace: '#include "libbf.h"',
    why: "the same download-folder path, for QuickJS's own libbf.h",
  },
];

function readPinned(path: string, name: string, expected: string): string {
  const bytes = readFileSync(path);
  const actual = sha256OfBytes(bytes);
  if (actual !== expected) {
    throw new BuildError(
      "source verification",
      `${name} has sha256 ${actual}, expected ${expected}; reinstall the pinned package version`,
      path,
    );
  }
  return bytes.toString("utf8");
}

function applyPatches(name: string, text: string): string {
  for (const patch of SOURCE_PATCHES.filter((p) => p.file === name)) {
    const at = text.indexOf(patch.find);
    if (at < 0 || text.indexOf(patch.find, at + 1) >= 0) {
      throw new BuildError("source patching", `patch for ${name} does not match exactly once: ${patch.why}`);
    }
    text = text.slice(0, at) + patch.replace + text.slice(at + patch.find.length);
  }
  return text;
}

export function quickjsDir(): string {
  return join(dirname(require.resolve("qjsc/package.json")), "deps", "quickjs_2021_03_27");
}

/** QuickJS sources, verified and patched, keyed by file name. */
export function loadQuickjsSources(): Record<string, string> {
  const dir = quickjsDir();
  const files: Record<string, string> = {};
  for (const [name, sha] of Object.entries(QUICKJS_FILES)) {
    files[name] = applyPatches(name, readPinned(join(dir, name), name, sha));
  }
  return files;
}

/** near-sdk-js's builder.c, verified and patched, resolved from the contract's own near-sdk-js. */
export function loadBuilderSource(nearSdkDir: string): string {
  const path = join(nearSdkDir, "builder", "builder.c");
  return applyPatches("builder.c", readPinned(path, "near-sdk-js builder.c", BUILDER_C_SHA256));
}

/** Our own C files, keyed by file name. */
export function loadOwnSources(): Record<string, string> {
  const names = ["near_engine.c", "near_contract_runtime.c", "near_memory.c", "near_qjsc.c", "near_quickjs_api.h"];
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(OWN_C_DIR, name), "utf8")]));
}

/** A digest of a set of named sources, for cache keys. */
export function digestSources(files: Record<string, string>): string {
  const names = Object.keys(files).sort();
  return sha256Hex(...names.flatMap((name) => [name, files[name]]));
}
