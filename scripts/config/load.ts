/**
 * Loads a network profile (scripts/config/<network>.ts) or a JSON file given
 * with --config, and validates it.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
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

export async function loadSuite(network: string, configFile?: string): Promise<Validation> {
  return validateSuite(await loadSuiteInput(network, configFile));
}
