/**
 * The `npm start` lifecycle on a fresh local chain, as a test: every step
 * must have the effect it states (scripts/lifecycle.ts and
 * scripts/lifecycle-vault.ts), and afterwards the vault's token books still
 * equal its token balance.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "ava";
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
