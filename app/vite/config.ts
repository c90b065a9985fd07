/**
 * The Vite configuration of the web app for one network, used by the build
 * (scripts/build.ts) and the local server (scripts/local-server.ts). It is a
 * function, not a vite.config.ts, because the network description is made by
 * the scripts' loader (dynamic imports of scripts/config/<network>.ts), which
 * must run under tsx in node rather than inside Vite's config bundler.
 *
 * The local development wallet is compiled in only for the local network:
 * __DEV_WALLET__ is a constant, so the bundler drops the module elsewhere.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { build, type InlineConfig } from "vite";
import type { AppNetwork } from "../src/network/description.ts";
import { networkPlugin } from "./network-plugin.ts";

export const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function appViteConfig(
  description: AppNetwork,
  outDir = path.join(APP_ROOT, "dist", description.network),
): InlineConfig {
  return {
    configFile: false,
    root: APP_ROOT,
    logLevel: "warn",
    plugins: [react(), networkPlugin(description)],
    define: { __DEV_WALLET__: JSON.stringify(description.network === "local") },
    build: { outDir, emptyOutDir: true, sourcemap: false, reportCompressedSize: true },
  };
}

/**
 * The production bundle of `description` in `outDir`. NODE_ENV is set to production first: Vite and the React
 * plugin read it, and a test runner's NODE_ENV=test would otherwise give React's development runtime (bigger,
 * effects run twice, so the RPC counts double) inside a production bundle that cannot run it.
 */
export async function buildApp(description: AppNetwork, outDir: string, logLevel: InlineConfig["logLevel"] = "warn") {
  process.env.NODE_ENV = "production";
  return build({ ...appViteConfig(description, outDir), logLevel });
}
