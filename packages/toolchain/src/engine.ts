import type { Tree } from "@yowasp/clang";
import type { ContentCache } from "./cache.ts";
import {
  CLANG_PACKAGE_VERSION,
  OPTIMIZE_FLAG,
  QUICKJS_DEFINES,
  QUICKJS_WARNING_FLAGS,
  TARGET_FLAGS,
  runClang,
  takeFile,
} from "./clang.ts";
import { sha256Hex } from "./hash.ts";
import { digestSources, loadOwnSources, loadQuickjsSources } from "./sources.ts";

/** Translation units of the engine, linked into every contract and into near_qjsc. */
const ENGINE_UNITS = [
  "near/near_engine.c",
  "quickjs/libregexp.c",
  "quickjs/libunicode.c",
  "quickjs/cutils.c",
  "quickjs/libbf.c",
];
/** Linked into contracts only: module loading and the job loop, which panic through NEAR. */
const CONTRACT_RUNTIME_UNIT = "near/near_contract_runtime.c";
/**
 * Linked into contracts only, ahead of wasi-libc: word-at-a-time memcpy,
 * memmove, memset and memcmp (the libc's are byte loops once lowered to the
 * MVP, and NEAR charges gas per instruction).
 */
const MEMORY_UNIT = "near/near_memory.c";
const QJSC_MAIN_UNIT = "near/near_qjsc.c";

export const COMPILE_FLAGS = [
  ...TARGET_FLAGS,
  OPTIMIZE_FLAG,
  ...QUICKJS_DEFINES,
  ...QUICKJS_WARNING_FLAGS,
  "-Iquickjs",
  "-Inear",
];

/**
 * near_memory.c's own flags: -fno-builtin keeps clang from turning its loops
 * into calls to the very functions they implement, and without loop strength
 * reduction the loops address their words as constant offsets of two
 * pointers (i64.load offset=8, 16, 24) instead of four separate additions.
 */
export const MEMORY_UNIT_FLAGS = ["-fno-builtin", "-mllvm", "-disable-lsr"];

const UNIT_FLAGS: Record<string, string[]> = { [MEMORY_UNIT]: MEMORY_UNIT_FLAGS };

/** Object files by name: what the contract link step takes. */
export type ObjectFiles = Record<string, Uint8Array>;

export interface Engine {
  /** Engine plus contract runtime objects. */
  contractObjects: ObjectFiles;
  /** near_qjsc as a WASI command module. */
  qjscWasm: Uint8Array;
  /** Source tree (headers) the contract glue compiles against. */
  headers: Tree;
  /** Digest of everything the engine was built from. */
  key: string;
}

function objectName(unit: string): string {
  return unit.split("/")[1].replace(/\.c$/, ".o");
}

/**
 * Compiles QuickJS and our C glue once per distinct input; every later build
 * reuses the objects from the cache.
 */
export async function prepareEngine(cache: ContentCache, log: (line: string) => void): Promise<Engine> {
  const quickjs = loadQuickjsSources();
  const own = loadOwnSources();
  const key = sha256Hex(
    "engine-v1",
    CLANG_PACKAGE_VERSION,
    COMPILE_FLAGS.join(" "),
    JSON.stringify(UNIT_FLAGS),
    digestSources(quickjs),
    digestSources(own),
  );
  const tree: Tree = { quickjs: { ...quickjs }, near: { ...own } };
  const headers: Tree = {
    quickjs: Object.fromEntries(Object.entries(quickjs).filter(([name]) => name.endsWith(".h"))),
    near: { "near_quickjs_api.h": own["near_quickjs_api.h"] },
  };

  const compile = async (unit: string): Promise<Uint8Array> =>
    cache.getOrCreate(key, objectName(unit), async () => {
      log(`compiling ${unit} (cached afterwards)`);
      const flags = [...COMPILE_FLAGS, ...(UNIT_FLAGS[unit] ?? [])];
      const out = await runClang("engine compilation", [...flags, "-c", unit, "-o", "out.o"], tree, unit);
      return takeFile(out, "out.o");
    });

  const objects: ObjectFiles = {};
  for (const unit of [...ENGINE_UNITS, CONTRACT_RUNTIME_UNIT, MEMORY_UNIT, QJSC_MAIN_UNIT]) {
    objects[objectName(unit)] = await compile(unit);
  }
  const engineNames = ENGINE_UNITS.map(objectName);
  const qjscWasm = await cache.getOrCreate(key, "near_qjsc.wasm", async () => {
    const linkTree: Tree = { ...objects };
    const args = [
      ...TARGET_FLAGS,
      OPTIMIZE_FLAG,
      objectName(QJSC_MAIN_UNIT),
      ...engineNames,
      "-lm",
      "-Wl,-z,stack-size=1048576",
      "-o",
      "near_qjsc.wasm",
    ];
    return takeFile(await runClang("near_qjsc link", args, linkTree), "near_qjsc.wasm");
  });
  const contractObjects: ObjectFiles = {};
  for (const name of [...engineNames, objectName(CONTRACT_RUNTIME_UNIT), objectName(MEMORY_UNIT)]) {
    contractObjects[name] = objects[name];
  }
  return { contractObjects, qjscWasm, headers, key };
}
