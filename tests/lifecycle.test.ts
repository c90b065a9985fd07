/**
 * The `npm start` lifecycle on a fresh local chain, as a test: every step
 * must have the effect it states (scripts/lifecycle.ts, lifecycle-fees.ts
 * and lifecycle-vault.ts), the inference fees go through the fee router
 * (its steps are there, no direct payment into the token or the vault is),
 * and afterwards the router has forwarded every share and the vault's token
 * books still equal its token balance.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "ava";
import type { TotalsView as FeesTotalsView } from "../contracts/fees/interface.ts";
import type { TotalsView } from "../contracts/vault/interface.ts";
import localSuiteInput from "../scripts/config/local.ts";
import { assertValidSuite } from "../scripts/config/validate.ts";
import { demoContext, demoLifecycle } from "../scripts/lifecycle.ts";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "../scripts/lib/build.ts";
import { ChainClient } from "../scripts/lib/chain.ts";
import { deploySuite } from "../scripts/lib/deploy-suite.ts";
import { localKeyStore } from "../scripts/lib/keys.ts";
import { runLifecycle } from "../scripts/lib/lifecycle-runner.ts";
import { startLocalChain } from "../scripts/lib/localnet.ts";

test("the demo lifecycle behaves as expected at every step", async (t) => {
  await buildSuiteContracts();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-lifecycle-"));
  const local = await startLocalChain({ home: path.join(dir, "chain") });
  try {
    const suite = assertValidSuite(localSuiteInput);
    const chain = new ChainClient(local.url, localKeyStore(local.home, suite.config.master_account_id));
    await deploySuite({ suite, chain, buildDir: DEFAULT_BUILD_DIR, manifestPath: path.join(dir, "local.json") });
    const { records, failed } = await runLifecycle(demoLifecycle(), await demoContext(suite, chain));
    t.is(failed, undefined, failed && `step ${failed.index} (${failed.title}): ${failed.outcome}`);
    t.is(records.length, demoLifecycle().length);
    // the fees reach holders and contributors through the router, not by direct payments
    const titles = records.map((record) => record.title);
    for (const step of [
      /^inference registers as an inference provider/,
      /^treasury \(provider manager\) approves inference$/,
      /^inference pays stage 0 usage of s0-20261130T000000Z-86400s in NEAR/,
      /^inference pays stage 0 usage of s0-20261201T000000Z-86400s in USD/,
      /^inference retries s0-20261130T000000Z-86400s .*already paid$/,
      /^flush the holders' NEAR share to the token's revenue/,
      /^flush the holders' USD share to the token's revenue/,
      /^flush the reserve's NEAR share/,
      /^flush the reserve's USD share/,
      /^flush the contributors' NEAR share to the vault's stage 0 royalties/,
      /^flush the contributors' USD share to the vault's stage 0 royalties/,
    ]) {
      t.true(
        titles.some((title) => step.test(title)),
        `a step matching ${step}`,
      );
    }
    t.false(
      records.some((record) => /into the token's revenue|royalties into the vault/.test(record.title)),
      "no direct fee payment into the token or the vault",
    );
    const feesId = suite.resolve("@fees");
    const routerTotals = await chain.view<FeesTotalsView>(feesId, "totals");
    for (const [asset, books] of Object.entries(routerTotals.assets)) {
      t.is(books.pending, "0", `every ${asset} share was forwarded`);
      t.is(
        BigInt(books.forwarded) + BigInt(books.carried),
        BigInt(books.received),
        `${asset}: received = forwarded + carried`,
      );
    }
    const vaultId = suite.resolve("@vault");
    const totals = await chain.view<TotalsView>(vaultId, "totals");
    t.true(BigInt(totals.withdrawn) > 0n, "a contributor withdrew vested tokens");
    t.is(
      totals.token_owed,
      await chain.view<string>(suite.resolve("@token"), "ft_balance_of", { account_id: vaultId }),
    );
  } finally {
    await local.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
