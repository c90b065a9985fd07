/**
 * npm run handoff -- --network <local|testnet|mainnet> [--yes] [--force] [--config FILE] [--rpc-url URL] [--local-home DIR]
 * (options: lib/commands.ts; `--help` lists them)
 *
 * After the deploy and the ownership transfer: prints, per contract account,
 * the full-access keys it still has and the transaction deleting them, then
 * every key file to back up. Sends only with --yes (the network's deploy
 * lock held), and refuses while the owner is still an account whose key the
 * scripts hold (lib/handoff.ts); --force overrides that refusal.
 */
import path from "node:path";
import { runCommand, suiteFromArgs } from "./lib/cli.ts";
import { handoffCommand } from "./lib/commands.ts";
import { defaultCredentialsDir } from "./lib/keys.ts";
import { REPO_ROOT } from "./lib/localnet.ts";
import { acquireDeployLock, LockHeldError, lockPathFor } from "./lib/lock.ts";
import { defaultManifestPath } from "./lib/manifest.ts";
import { connect, PUBLIC_CHAIN_IDS } from "./lib/network.ts";
import { keyFiles, planHandoff } from "./lib/handoff.ts";
import { describeTxInFull } from "./lib/plan.ts";

await runCommand(handoffCommand, async (args) => {
  const suite = await suiteFromArgs(args);
  const { network } = suite.config;
  const chain = await connect(suite, { rpcUrl: args["rpc-url"], localHome: args["local-home"] });
  let lock: ReturnType<typeof acquireDeployLock> | undefined;
  try {
    if (args.yes) lock = acquireDeployLock(lockPathFor(defaultManifestPath(network, REPO_ROOT)));
    const plan = await planHandoff(suite, chain);
    console.log(`Key hand-off on ${network} (${chain.rpcUrl})`);
    for (const name of plan.locked) console.log(`  ✓ ${name}: no full-access key left`);
    for (const tx of plan.txs) for (const line of describeTxInFull(tx)) console.log(`  → ${line}`);
    for (const refusal of plan.refusals) console.error(`  ✗ ${refusal}`);
    if (network !== "local") {
      const files = keyFiles(suite, PUBLIC_CHAIN_IDS[network], defaultCredentialsDir());
      console.log(
        `\nKey files (${files.length}): back each up offline and encrypted (a password manager or hardware-backed vault), then remove it from this machine. The plain accounts' files are the only way to move their funds; after the hand-off the contract accounts' files hold deleted keys.`,
      );
      for (const file of files) console.log(`  ${path.relative(process.cwd(), file)}`);
    }
    if (plan.txs.length === 0) {
      console.log("\nNothing to delete.");
      return plan.refusals.length && !args.force ? 1 : 0;
    }
    if (plan.refusals.length && !args.force) {
      console.error("\nRefused: nothing was sent (--force overrides, once you are sure).");
      return 1;
    }
    if (!args.yes) {
      console.log("\nNothing was sent: rerun with --yes to delete these keys. This cannot be undone.");
      return 0;
    }
    for (const tx of plan.txs) {
      const result = await chain.send(tx);
      if (!result.ok) {
        console.error(`${tx.signerId}: ${result.failure}`);
        return 1;
      }
      console.log(`  ✓ ${tx.signerId}: keys deleted in ${result.hash}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof LockHeldError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    lock?.release();
  }
});
