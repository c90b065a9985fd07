/**
 * Builds the suite's contracts with the project toolchain, so deploy, verify
 * and start always ship and compare against the current sources.
 *
 * The toolchain caches compiled wasm by content, but even a fully cached run
 * still type-checks and bundles every contract (~25–30 s on the 2-core dev
 * machine). So a stamp of everything a build depends on (contract sources,
 * toolchain sources, near-sdk-js version) and of the outputs it produced is
 * kept; when nothing changed, the build is skipped outright. The stamp also
 * records whether pre-initialised or plain contracts were asked for (or the
 * toolchain's default, which is in its sources), so switching always rebuilds.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./localnet.ts";
import { writeBuildVersions } from "./versions.ts";

export const DEFAULT_BUILD_DIR = path.join(REPO_ROOT, "build");
const STAMP_DIR = path.join(REPO_ROOT, "node_modules/.cache/modelfund-scripts");

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file);
    if (stat.isDirectory()) hashTree(hash, file);
    else hash.update(`${path.relative(REPO_ROOT, file)}\0`).update(fs.readFileSync(file));
  }
}

function inputsDigest(snapshot: boolean | undefined): string {
  const hash = createHash("sha256");
  hash.update(snapshot === undefined ? "default\0" : snapshot ? "pre-initialised\0" : "plain\0");
  hashTree(hash, path.join(REPO_ROOT, "contracts"));
  hashTree(hash, path.join(REPO_ROOT, "packages/toolchain/src"));
  hashTree(hash, path.join(REPO_ROOT, "packages/toolchain/c"));
  hash.update(fs.readFileSync(path.join(REPO_ROOT, "node_modules/near-sdk-js/package.json")));
  return hash.digest("hex");
}

function outputsDigest(buildDir: string, names: string[]): string | undefined {
  const hash = createHash("sha256");
  for (const name of names) {
    const file = path.join(buildDir, `${name}.wasm`);
    if (!fs.existsSync(file)) return undefined;
    hash.update(name).update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

export interface SuiteBuildOptions {
  /** Pre-initialised (true) or plain (false) contracts; unset, the toolchain's default. */
  snapshot?: boolean;
}

export async function buildSuiteContracts(
  buildDir = DEFAULT_BUILD_DIR,
  log: (line: string) => void = () => {},
  force = false,
  options: SuiteBuildOptions = {},
): Promise<void> {
  const { snapshot } = options;
  const contractsDir = path.join(REPO_ROOT, "contracts");
  // The toolchain's own discovery rule (a directory with index.ts), without importing it yet.
  const names = fs
    .readdirSync(contractsDir)
    .filter((d) => fs.existsSync(path.join(contractsDir, d, "index.ts")))
    .sort();
  const stampFile = path.join(
    STAMP_DIR,
    `build-${createHash("sha256").update(path.resolve(buildDir)).digest("hex").slice(0, 12)}.json`,
  );
  const inputs = inputsDigest(snapshot);
  if (!force && fs.existsSync(stampFile)) {
    const stamp = JSON.parse(fs.readFileSync(stampFile, "utf8")) as { inputs: string; outputs: string };
    if (stamp.inputs === inputs && stamp.outputs === outputsDigest(buildDir, names)) {
      log(`sources unchanged since the last build: ${names.map((n) => `${n}.wasm`).join(", ")} up to date`);
      writeBuildVersions(buildDir, names);
      return;
    }
  }
  // Loaded only when needed: importing the toolchain (TypeScript, binaryen, WASI) takes seconds.
  const { buildContracts, discoverContracts } = await import("@modelfund/near-toolchain");
  await buildContracts(discoverContracts(contractsDir, buildDir), { log, snapshot });
  writeBuildVersions(buildDir, names);
  fs.mkdirSync(STAMP_DIR, { recursive: true });
  fs.writeFileSync(stampFile, `${JSON.stringify({ inputs, outputs: outputsDigest(buildDir, names) })}\n`);
}
