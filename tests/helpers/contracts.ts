import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildContracts, discoverContracts, type BuildResult } from "@modelfund/near-toolchain";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUILD_DIR = join(REPO_ROOT, "build");

let built: Promise<BuildResult[]> | undefined;

/**
 * The suite's contracts, built once per test process into build/ by our
 * toolchain (its content cache makes an unchanged rebuild take seconds).
 */
export function suiteBuild(): Promise<BuildResult[]> {
  built ??= buildContracts(discoverContracts(join(REPO_ROOT, "contracts"), BUILD_DIR));
  return built;
}

/** The wasm of contracts/<name>/. */
export async function contractWasm(name: string): Promise<Uint8Array> {
  const result = (await suiteBuild()).find((r) => r.name === name);
  if (!result) throw new Error(`no contract named ${name} under contracts/`);
  return readFileSync(result.output);
}
