/**
 * Contract versions and where the code came from. A build's version is its
 * NEP-330 CONTRACT_VERSION: `<build-dir>/<name>.version` (written by
 * `npm run build`, so a build directory made from other sources carries its
 * own), else contracts/<name>/constants.ts. Replacing code whose on-chain
 * version is higher is a downgrade: refused unless `--allow-downgrade`,
 * because deploying older sources once silently took a contract from 0.1.1
 * back to 0.1.0. The git commit of the sources is recorded with every
 * deploy and upgrade in the manifest.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Suite } from "../config/validate.ts";
import { EMPTY_CODE_HASH, type WasmArtifact } from "./artifacts.ts";
import type { ChainClient } from "./chain.ts";
import { REPO_ROOT } from "./localnet.ts";

export function sourceVersion(name: string): string | null {
  const file = path.join(REPO_ROOT, "contracts", name, "constants.ts");
  if (!fs.existsSync(file)) return null;
  return /CONTRACT_VERSION\s*=\s*"([^"]+)"/.exec(fs.readFileSync(file, "utf8"))?.[1] ?? null;
}

export function buildVersion(buildDir: string, name: string): string | null {
  const file = path.join(buildDir, `${name}.version`);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  return sourceVersion(name);
}

/** `npm run build` records each contract's version next to its wasm. */
export function writeBuildVersions(buildDir: string, names: string[]): void {
  for (const name of names) {
    const version = sourceVersion(name);
    if (version !== null) fs.writeFileSync(path.join(buildDir, `${name}.version`), `${version}\n`);
  }
}

/** Negative when a < b, by numeric dot-separated parts (a pre-release suffix sorts before its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split("-", 2);
    return { parts: core.split(".").map((p) => Number.parseInt(p, 10) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.parts.length, y.parts.length); i++) {
    const diff = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (diff !== 0) return diff;
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** The commit of the sources (with "-dirty" when the tree has changes), or null outside a git checkout. */
export function gitCommit(): string | null {
  try {
    const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: REPO_ROOT, stdio: "pipe" }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd: REPO_ROOT,
      stdio: "pipe",
    })
      .toString()
      .trim();
    return dirty ? `${head}-dirty` : head;
  } catch {
    return null;
  }
}

/** Contracts whose code would be replaced by an older version. */
export async function downgrades(
  suite: Suite,
  chain: ChainClient,
  artifacts: Map<string, WasmArtifact>,
  buildDir: string,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(suite.config.contracts)) {
    const accountId = suite.resolve(`@${name}`);
    const onChain = await chain.codeHash(accountId);
    if (onChain === undefined || onChain === EMPTY_CODE_HASH || onChain === artifacts.get(entry.wasm)?.codeHash)
      continue;
    const deployed = (await chain.viewOrUndefined<{ version: string | null }>(accountId, "contract_source_metadata"))
      ?.version;
    const built = buildVersion(buildDir, entry.wasm);
    if (deployed && built && compareVersions(built, deployed) < 0)
      problems.push(
        `code:${name}: ${accountId} runs version ${deployed}; the build is ${built}, older: a downgrade is refused unless --allow-downgrade`,
      );
  }
  return problems;
}
