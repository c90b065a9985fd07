/**
 * The Vite configuration of the web app for one network, used by the build
 * (scripts/build.ts) and the local server (scripts/local-server.ts). It is a
 * function, not a vite.config.ts, because the network description is made by
 * the scripts' loader (dynamic imports of scripts/config/<network>.ts), which
 * must run under tsx in node rather than inside Vite's config bundler.
 *
 * The local development wallet is compiled in only for the local network:
 * __DEV_WALLET__ is a constant, so the bundler drops the module elsewhere.
 *
 * The HERE wallet's library requires Node's `crypto` for `randomBytes`
 * alone; it is resolved to the WebCrypto implementation in
 * src/wallet/node-crypto-random.ts, in the build and in the dev server's
 * dependency optimizer alike, instead of Vite's empty stand-in (a warning
 * at build time, an exception at sign-in).
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { build, type InlineConfig, type Plugin } from "vite";
import type { AppNetwork } from "../src/network/description.ts";
import { networkPlugin } from "./network-plugin.ts";

export const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const HERE_WALLET_CORE = `${path.sep}@here-wallet${path.sep}core${path.sep}`;
const CRYPTO_RANDOM = path.join(APP_ROOT, "src", "wallet", "node-crypto-random.ts");

/** `crypto` as required by @here-wallet/core, and by nothing else, is the browser's (see the file head). */
export function hereWalletCrypto(): Plugin {
  return {
    name: "modelfund:here-wallet-crypto",
    // before Vite's own resolver, which would swap Node built-ins for an empty module
    enforce: "pre",
    resolveId(source, importer) {
      return source === "crypto" && importer?.includes(HERE_WALLET_CORE) ? CRYPTO_RANDOM : null;
    },
  };
}

export function appViteConfig(
  description: AppNetwork,
  outDir = path.join(APP_ROOT, "dist", description.network),
): InlineConfig {
  return {
    configFile: false,
    root: APP_ROOT,
    logLevel: "warn",
    plugins: [hereWalletCrypto(), react(), networkPlugin(description)],
    optimizeDeps: { rolldownOptions: { plugins: [hereWalletCrypto()] } },
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
