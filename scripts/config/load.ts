/**
 * Loads a network profile (scripts/config/<network>.ts) or a JSON file given
 * with --config, and validates it.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { mainnetPlaceholderProblems } from "./placeholders.ts";
import { validateSuite, type Validation } from "./validate.ts";

export const NETWORKS = ["local", "testnet", "mainnet"] as const;
export type NetworkName = (typeof NETWORKS)[number];

export async function loadSuiteInput(network: string, configFile?: string): Promise<unknown> {
  if (configFile) {
    const file = path.resolve(configFile);
    if (file.endsWith(".json")) return JSON.parse(fs.readFileSync(file, "utf8"));
    return (await import(pathToFileURL(file).href)).default;
  }
  if (!(NETWORKS as readonly string[]).includes(network))
    throw new Error(`unknown network "${network}" (expected ${NETWORKS.join(", ")})`);
  return (await import(`./${network}.ts`)).default;
}

/** Validation, plus mainnet's refusal of placeholder values (placeholders.ts). */
export async function loadSuite(network: string, configFile?: string): Promise<Validation> {
  const validation = validateSuite(await loadSuiteInput(network, configFile));
  if (!validation.ok) return validation;
  const placeholders = mainnetPlaceholderProblems(validation.suite.config);
  return placeholders.length ? { ok: false, problems: placeholders } : validation;
}
