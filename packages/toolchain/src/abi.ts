import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import type { ContentCache } from "./cache.ts";
import { sha256Hex } from "./hash.ts";

type AbiGenerator = (tsFile: string, packageJsonPath: string, tsConfigPath: string) => unknown;

/** Every .ts file under `dir` (node_modules excluded), sorted: the inputs an ABI can depend on. */
function sourceFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (name === "node_modules" || name.startsWith(".")) return [];
      if (statSync(path).isDirectory()) return sourceFilesUnder(path);
      return name.endsWith(".ts") ? [path] : [];
    });
}

function nearestFile(from: string, name: string): string | undefined {
  return ts.findConfigFile(from, ts.sys.fileExists, name);
}

/**
 * The contract's ABI (near-abi schema) as near-sdk-js's own generator writes
 * it, from the TypeScript source and the nearest package.json and
 * tsconfig.json. Cached under the digest of every source file of the
 * contract's TypeScript project, so a type-only change still regenerates it.
 * Returns undefined, with the reason, where near-sdk-js's generator cannot
 * describe the contract (it is optional output).
 */
export async function generateAbi(
  entry: string,
  nearSdkDir: string,
  cache: ContentCache,
): Promise<{ abi: Uint8Array } | { skipped: string }> {
  const tsConfig = nearestFile(dirname(entry), "tsconfig.json");
  const packageJson = nearestFile(dirname(entry), "package.json");
  if (!tsConfig || !packageJson) return { skipped: "no tsconfig.json or package.json above the contract" };
  const projectFiles = sourceFilesUnder(dirname(tsConfig));
  const key = sha256Hex(
    "abi-v1",
    readFileSync(join(nearSdkDir, "package.json")),
    entry,
    readFileSync(tsConfig),
    readFileSync(packageJson),
    ...projectFiles.flatMap((file) => [file, readFileSync(file)]),
  );
  const cached = cache.read(key, "abi.json");
  if (cached) return { abi: cached };
  const { runAbiCompilerPlugin } = (await import(pathToFileURL(join(nearSdkDir, "lib", "cli", "abi.js")).href)) as {
    runAbiCompilerPlugin: AbiGenerator;
  };
  let abi: unknown;
  try {
    abi = runAbiCompilerPlugin(entry, packageJson, tsConfig);
  } catch (error) {
    return { skipped: error instanceof Error ? error.message : String(error) };
  }
  const bytes = Buffer.from(`${JSON.stringify(abi, null, 2)}\n`);
  cache.write(key, "abi.json", bytes);
  return { abi: bytes };
}
