import test from "ava";
import { loadAppNetwork } from "../vite/suite-network.ts";

test("the local description names the deployed contracts and the dev wallet's accounts", async (t) => {
  const local = await loadAppNetwork("local", "/rpc");
  t.is(local.chainId, "localnet");
  t.is(local.rpcUrl, "/rpc");
  t.is(local.explorerTxUrl, null);
  t.is(local.contracts.token, "token.test.near");
  t.is(local.contracts.sale, "sale.test.near");
  t.is(local.contracts.stablecoin, "usd.test.near");
  t.is(local.contracts.vault, "vault.test.near");
  t.true(local.devWalletAccounts.includes("alice.test.near"));
  t.false(local.devWalletAccounts.includes("treasury.test.near"));
});

test("testnet and mainnet get their explorer and no development wallet", async (t) => {
  const testnet = await loadAppNetwork("testnet");
  t.is(testnet.chainId, "testnet");
  t.is(testnet.explorerTxUrl, "https://testnet.nearblocks.io/txns/");
  t.deepEqual(testnet.devWalletAccounts, []);
  t.true(testnet.contracts.sale.endsWith(".testnet"));
});
