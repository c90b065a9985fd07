import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { generateAbi } from "./abi.ts";
import { BuildError } from "./build-error.ts";
import { bundleContract } from "./bundle.ts";
import { compileBytecode } from "./bytecode.ts";
import { ContentCache } from "./cache.ts";
import { prepareEngine, type Engine } from "./engine.ts";
import { finalizeForNear } from "./finalize.ts";
import { sha256Hex, sha256OfBytes } from "./hash.ts";
import { nearConformanceProblems } from "./inspect.ts";
import { linkContract } from "./link.ts";
import { preinitialise, SnapshotHostCallError } from "./snapshot.ts";
import { OWN_C_DIR, loadBuilderSource } from "./sources.ts";
import { typecheckContracts } from "./typecheck.ts";

export interface ContractTarget {
  /** Contract name, used for messages and default output names. */
  name: string;
  /** The TypeScript (or JavaScript) entry file holding the @NearBindgen class. */
  entry: string;
  /** Where the wasm goes. */
  output: string;
}

/**
 * Whether contracts are pre-initialised when the caller does not say. One
 * constant for the library, the CLI and the suite's build script, so the
 * default changes in one place once every test of the repository has passed
 * on pre-initialised builds (see the README's "Pre-initialised contracts").
 */
export const SNAPSHOT_BY_DEFAULT = true;

export interface BuildOptions {
  /** Run binaryen's optimizer on the final module (default true). */
  optimize?: boolean;
  /** Skip type checking (the bundler still strips types). */
  skipTypecheck?: boolean;
  /** Write `<output>.abi.json` beside each wasm where near-sdk-js's ABI generator can describe the contract (default true). */
  abi?: boolean;
  /**
   * Pre-initialise each contract: QuickJS's runtime, context and the
   * evaluated contract module are built into the wasm's memory at build time
   * instead of at the start of every call (src/snapshot.ts). Default:
   * SNAPSHOT_BY_DEFAULT.
   */
  snapshot?: boolean;
  /**
   * When a contract's module-level code calls a host function (so it cannot
   * be pre-initialised), build it plain with a warning instead of failing.
   */
  snapshotFallback?: boolean;
  /** Content-addressed cache directory; default node_modules/.cache/near-ts-toolchain under the working directory. */
  cacheDir?: string;
  log?: (line: string) => void;
  /** Where warnings go (a bundled dependency at another version than near-sdk-js's lock); default `log`. */
  warn?: (line: string) => void;
}

export interface BuildResult {
  name: string;
  entry: string;
  output: string;
  methods: string[];
  size: number;
  sha256: string;
  /** Whether the wasm is pre-initialised (a snapshot build that did not fall back to the plain one). */
  preinitialised: boolean;
  /**
   * The size of the same contract before pre-initialisation (its code with
   * the bytecode array, no captured heap); only when this build produced the
   * wasm, not when it came from the cache.
   */
  sizeBeforeSnapshot?: number;
  /** The ABI file written beside the wasm, if any. */
  abi?: string;
  /** What the build warned about: bundled packages at other versions than near-sdk-js's lock. */
  warnings: string[];
  /** Milliseconds per step, for benchmarks. */
  timings: Record<string, number>;
}

const OWN_SRC_DIR = dirname(new URL(import.meta.url).pathname);

/** A digest of this toolchain's own code, so changing it invalidates every cached product. */
function toolchainDigest(): string {
  const files = [OWN_SRC_DIR, OWN_C_DIR].flatMap((dir) =>
    readdirSync(dir)
      .sort()
      .map((name) => join(dir, name)),
  );
  return sha256Hex(...files.map((file) => readFileSync(file)));
}

/**
 * `$NEAR_TS_TOOLCHAIN_CACHE`, or `.cache/near-ts-toolchain` in the
 * node_modules that holds this toolchain's dependencies: one cache per installation, shared
 * by every workspace and working directory that builds with it.
 */
export function defaultCacheDir(): string {
  if (process.env.NEAR_TS_TOOLCHAIN_CACHE) return process.env.NEAR_TS_TOOLCHAIN_CACHE;
  const compilerEntry = createRequire(import.meta.url).resolve("typescript");
  const nodeModules = compilerEntry.slice(
    0,
    compilerEntry.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length,
  );
  return join(nodeModules, ".cache", "near-ts-toolchain");
}

function nearSdkDirFor(entry: string): string {
  try {
    return dirname(createRequire(resolve(entry)).resolve("near-sdk-js/package.json"));
  } catch {
    throw new BuildError("setup", "near-sdk-js is not installed where this contract can import it", entry);
  }
}

/**
 * Contracts under a directory: every `<dir>/<name>/index.ts` and every
 * top-level `<dir>/<name>.ts`. Directories without an index.ts (shared
 * modules) are not contracts.
 */
export function discoverContracts(dir: string, outDir: string): ContractTarget[] {
  const targets: ContractTarget[] = [];
  for (const item of readdirSync(dir).sort()) {
    const path = join(dir, item);
    if (statSync(path).isDirectory()) {
      const entry = join(path, "index.ts");
      if (existsSync(entry)) targets.push({ name: item, entry, output: join(outDir, `${item}.wasm`) });
    } else if (item.endsWith(".ts") && !item.endsWith(".d.ts")) {
      const name = basename(item, ".ts");
      targets.push({ name, entry: path, output: join(outDir, `${name}.wasm`) });
    }
  }
  return targets;
}

async function timed<T>(timings: Record<string, number>, step: string, work: () => Promise<T> | T): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings[step] = Math.round(performance.now() - start);
  }
}

async function buildOne(
  target: ContractTarget,
  engine: () => Promise<Engine>,
  cache: ContentCache,
  digest: string,
  options: BuildOptions,
): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const nearSdkDir = nearSdkDirFor(target.entry);
  const bundle = await timed(timings, "bundle", () => bundleContract(target.entry, nearSdkDir));
  const warn = options.warn ?? options.log;
  for (const line of bundle.lockWarnings) warn?.(`${target.name}: warning: ${line}`);
  if (bundle.exports.length === 0) {
    throw new BuildError(
      "bundling",
      "the contract exports no methods: is its class decorated with @NearBindgen and its methods with @call/@view/@initialize?",
      target.entry,
    );
  }
  const prepared = await engine();
  const builderSource = loadBuilderSource(nearSdkDir);
  const moduleName = `${target.name}.js`;
  const optimize = options.optimize ?? true;
  const snapshot = options.snapshot ?? SNAPSHOT_BY_DEFAULT;
  const fallback = options.snapshotFallback ?? false;
  const key = sha256Hex(
    snapshot ? `contract-snapshot-v1-${fallback}` : "contract-v1",
    digest,
    prepared.key,
    builderSource,
    moduleName,
    bundle.code,
    bundle.exports.join(","),
    String(optimize),
  );
  const warnings = [...bundle.lockWarnings];
  let sizeBeforeSnapshot: number | undefined;
  const plainWasm = async (bytecode: Uint8Array, withSnapshotGlue: boolean): Promise<Uint8Array> => {
    const linked = await timed(timings, "link", () =>
      linkContract(prepared, builderSource, bytecode, bundle.exports, target.entry, withSnapshotGlue),
    );
    return timed(timings, "finalize", () => finalizeForNear(linked, { optimize }, target.entry));
  };
  const wasm = await cache.getOrCreate(key, "contract.wasm", async () => {
    const bytecode = await timed(timings, "bytecode", () =>
      compileBytecode(prepared.qjscWasm, moduleName, bundle.code, target.entry),
    );
    if (!snapshot) return plainWasm(bytecode, false);
    const unsnapshotted = await plainWasm(bytecode, true);
    try {
      const result = await timed(timings, "snapshot", () => preinitialise(unsnapshotted, { optimize }, target.entry));
      sizeBeforeSnapshot = unsnapshotted.length;
      return result.wasm;
    } catch (error) {
      if (!(fallback && error instanceof SnapshotHostCallError)) throw error;
      const warning = `not pre-initialised, built plain: ${error.detail}`;
      cache.write(key, "contract-warning.txt", Buffer.from(warning));
      return plainWasm(bytecode, false);
    }
  });
  const fallbackWarning = snapshot && fallback ? cache.read(key, "contract-warning.txt") : undefined;
  if (fallbackWarning) warnings.push(Buffer.from(fallbackWarning).toString("utf8"));
  for (const line of warnings.slice(bundle.lockWarnings.length)) warn?.(`${target.name}: warning: ${line}`);
  const problems = nearConformanceProblems(wasm, bundle.exports);
  if (problems.length > 0) {
    throw new BuildError("validation", `the wasm NEAR would receive:\n- ${problems.join("\n- ")}`, target.entry);
  }
  mkdirSync(dirname(target.output), { recursive: true });
  writeFileSync(target.output, wasm);
  let abi: string | undefined;
  if (options.abi ?? true) {
    const generated = await timed(timings, "abi", () => generateAbi(target.entry, nearSdkDir, cache));
    if ("abi" in generated) {
      abi = `${target.output.replace(/\.wasm$/, "")}.abi.json`;
      writeFileSync(abi, generated.abi);
    } else {
      options.log?.(`${target.name}: no ABI (${generated.skipped})`);
    }
  }
  return {
    name: target.name,
    entry: target.entry,
    output: target.output,
    methods: bundle.exports,
    size: wasm.length,
    sha256: sha256OfBytes(wasm),
    preinitialised: snapshot && !fallbackWarning,
    sizeBeforeSnapshot,
    abi,
    warnings,
    timings,
  };
}

/** Builds contracts to NEAR wasm; throws a BuildError naming the first failing file. */
export async function buildContracts(
  targets: readonly ContractTarget[],
  options: BuildOptions = {},
): Promise<BuildResult[]> {
  const log = options.log ?? (() => {});
  if (targets.length === 0) return [];
  if (!options.skipTypecheck) {
    const start = performance.now();
    typecheckContracts(targets.map((t) => t.entry));
    log(`type-checked ${targets.length} contract(s) in ${Math.round(performance.now() - start)} ms`);
  }
  const cache = new ContentCache(options.cacheDir ?? defaultCacheDir());
  // Prepared on first need, so a contract that fails to bundle fails fast.
  let prepared: Promise<Engine> | undefined;
  const engine = () => (prepared ??= prepareEngine(cache, log));
  const digest = toolchainDigest();
  const results: BuildResult[] = [];
  for (const target of targets) {
    const result = await buildOne(target, engine, cache, digest, options);
    const before =
      result.sizeBeforeSnapshot === undefined ? "" : ` (pre-initialised; ${result.sizeBeforeSnapshot} before)`;
    log(`${relative(process.cwd(), result.output)}  ${result.size} bytes${before}  sha256 ${result.sha256}`);
    results.push(result);
  }
  return results;
}
