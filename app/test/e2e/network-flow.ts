/**
 * The wrong-network failure state: the same bundle (built for the local
 * chain, chain id "localnet") served against a node that reports another
 * chain id (a bare local node initialised with --chain-id testnet). The app
 * must say so and refuse to sign.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SANDBOX_BIN } from "@modelfund/near-localnet/workspaces";
import type { TestFn } from "ava";
import { startLocalChain } from "../../../scripts/lib/localnet.ts";
import { startLocalServer } from "../../server/local-server.ts";
import type { Harness } from "./harness.ts";
import { onPage } from "./steps.ts";

export function registerNetworkFlow(test: TestFn, harness: () => Harness): void {
  test.serial("wrong network: a node of another chain id is named and nothing can be signed", async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-app-wrong-"));
    const home = path.join(dir, "chain");
    execFileSync(process.execPath, [SANDBOX_BIN, "--home", home, "init", "--chain-id", "testnet"], { stdio: "pipe" });
    const chain = await startLocalChain({ home });
    const server = await startLocalServer({
      rpcUrl: chain.url,
      chainHome: home,
      accounts: harness().description.devWalletAccounts,
      port: 0,
      staticDir: harness().bundleDir,
    });
    const context = await harness().browser.newContext();
    const page = await context.newPage();
    try {
      await onPage(t, harness(), page, async () => {
        await page.goto(`${server.url}#/rounds`);
        const alert = page.getByTestId("wrong-network");
        await alert.waitFor();
        t.regex(
          (await alert.textContent()) ?? "",
          /built for local \(chain id localnet\), but its RPC node reports chain id testnet/,
        );
      });
    } finally {
      await context.close();
      await server.close();
      await chain.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
