/**
 * npm run deploy -- --network <local|testnet|mainnet> [--dry-run] [--no-build]
 *                   [--config FILE] [--rpc-url URL] [--local-home DIR] [--manifest FILE] [--build-dir DIR]
 * (options: lib/commands.ts; `--help` lists them; an unknown option exits 2 before anything runs)
 *
 * Validates the suite description, builds (cached), then brings the chain to
 * the described state: sends only the steps that are not done yet. Safe to
 * re-run at any time; see lib/deploy-steps.ts.
 */
import path from "node:path";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "./lib/build.ts";
import { runCommand, suiteFromArgs } from "./lib/cli.ts";
import { deployCommand } from "./lib/commands.ts";
import { deploySuite, DeployStepError } from "./lib/deploy-suite.ts";
import { LockHeldError } from "./lib/lock.ts";
import { defaultManifestPath } from "./lib/manifest.ts";
import { connect } from "./lib/network.ts";
import { REPO_ROOT } from "./lib/localnet.ts";
import { formatGas } from "./config/units.ts";

await runCommand(deployCommand, async (args) => {
  const suite = await suiteFromArgs(args);
  const network = suite.config.network;
  const buildDir = path.resolve(args["build-dir"] ?? DEFAULT_BUILD_DIR);
  if (!args["no-build"]) await buildSuiteContracts(buildDir, (line) => console.log(`build: ${line}`), args.rebuild);
  const chain = await connect(suite, { rpcUrl: args["rpc-url"], localHome: args["local-home"] });
  console.log(`network ${network}, RPC ${chain.rpcUrl}, keys ${chain.keys.describe()}`);
  const manifestPath = path.resolve(args.manifest ?? defaultManifestPath(network, REPO_ROOT));
  const started = performance.now();
  try {
    const report = await deploySuite({
      suite,
      chain,
      buildDir,
      manifestPath,
      dryRun: args["dry-run"],
      breakLock: args["break-lock"],
      log: (line) => console.log(line),
    });
    const gas = report.steps.reduce((sum, s) => sum + (s.result?.gasBurnt ?? 0n), 0n);
    const planned = report.steps.filter((s) => s.status === "planned").length;
    if (args["dry-run"]) console.log(`\nDry run: ${planned} transaction(s) would be sent; nothing was sent.`);
    else
      console.log(
        `\n${report.sent} transaction(s) sent (${formatGas(gas)} burnt) in ${((performance.now() - started) / 1000).toFixed(1)} s; manifest ${path.relative(process.cwd(), manifestPath)}`,
      );
    return 0;
  } catch (error) {
    if (error instanceof LockHeldError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof DeployStepError) {
      console.error(`\n${error.message}\nRe-run the same command to resume from this step once the cause is fixed.`);
      return 1;
    }
    throw error;
  }
});
