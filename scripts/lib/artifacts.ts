/**
 * Contract code to deploy: build/<name>.wasm, with the two hashes the checks
 * compare — sha256 hex (what the toolchain prints) and its base58 form (what
 * view_account returns as code_hash).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { baseEncode } from "near-api-js";

export interface WasmArtifact {
  name: string;
  file: string;
  code: Uint8Array;
  sha256: string;
  codeHash: string;
}

export function readArtifact(buildDir: string, name: string): WasmArtifact {
  const file = path.join(buildDir, `${name}.wasm`);
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist: run \`npm run build\` first`);
  const code = new Uint8Array(fs.readFileSync(file));
  const digest = createHash("sha256").update(code).digest();
  return { name, file, code, sha256: digest.toString("hex"), codeHash: baseEncode(new Uint8Array(digest)) };
}

/** Every wasm a suite needs, read once; fails listing all that are missing. */
export function readArtifacts(buildDir: string, names: Iterable<string>): Map<string, WasmArtifact> {
  const artifacts = new Map<string, WasmArtifact>();
  const missing: string[] = [];
  for (const name of new Set(names)) {
    try {
      artifacts.set(name, readArtifact(buildDir, name));
    } catch (error) {
      missing.push((error as Error).message);
    }
  }
  if (missing.length) throw new Error(missing.join("\n"));
  return artifacts;
}

export const EMPTY_CODE_HASH = "11111111111111111111111111111111";
