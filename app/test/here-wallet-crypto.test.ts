import path from "node:path";
import test from "ava";
import { randomBytes } from "../src/wallet/node-crypto-random.ts";
import { appViteConfig, hereWalletCrypto } from "../vite/config.ts";

const HERE_WALLET =
  "/repo/node_modules/@near-wallet-selector/here-wallet/node_modules/@here-wallet/core/build/wallet.js";

test("the HERE wallet's require('crypto') resolves to the WebCrypto randomBytes, and nothing else changes", (t) => {
  const plugin = hereWalletCrypto();
  const resolve = plugin.resolveId as (source: string, importer?: string) => string | null;
  t.is(plugin.enforce, "pre");
  t.is(resolve("crypto", HERE_WALLET), path.resolve(import.meta.dirname, "../src/wallet/node-crypto-random.ts"));
  t.is(resolve("crypto", "/repo/node_modules/js-sha256/src/sha256.js"), null);
  t.is(resolve("util", HERE_WALLET), null);
  const config = appViteConfig({
    network: "testnet",
    chainId: "testnet",
    rpcUrl: "https://rpc.testnet.example",
    explorerTxUrl: null,
    contracts: { token: "t", sale: "s", stablecoin: null, vault: null, fees: null },
    devWalletAccounts: [],
  });
  const names = (plugins: unknown[] | undefined) => (plugins ?? []).map((entry) => (entry as { name: string }).name);
  t.true(names(config.plugins).includes("modelfund:here-wallet-crypto"));
  t.true(names(config.optimizeDeps?.rolldownOptions?.plugins as unknown[]).includes("modelfund:here-wallet-crypto"));
});

test("randomBytes gives fresh bytes of the size asked", (t) => {
  const first = randomBytes(32);
  t.true(first instanceof Uint8Array);
  t.is(first.length, 32);
  t.notDeepEqual(first, randomBytes(32));
});
