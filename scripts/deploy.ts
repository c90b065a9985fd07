/**
 * npm run deploy -- --network <local|testnet|mainnet> [--plan] [--yes --plan-hash H] [--no-build]
 *                   [--config FILE] [--rpc-url URL] [--local-home DIR] [--manifest FILE] [--build-dir DIR] [--break-lock]
 * (options: lib/commands.ts; `--help` lists them; an unknown option exits 2 before anything runs)
 *
 * `--plan` reads the chain and prints the plan (lib/plan.ts); it builds
 * nothing and writes nothing, and exits 1 when the plan cannot be applied.
 * Without it: validates, builds (cached), takes the network's lock, makes
 * the same plan, refuses drift or failing preflight checks, asks for the
 * confirmation on mainnet (lib/confirm.ts), then sends only the steps that
 * are not done yet. Safe to re-run at any time; see lib/deploy-steps.ts.
 */
import path from "node:path";
import { formatGas } from "./config/units.ts";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "./lib/build.ts";
import { runCommand, suiteFromArgs } from "./lib/cli.ts";
import { deployCommand } from "./lib/commands.ts";
import { confirmPlan } from "./lib/confirm.ts";
import { DeployStepError, deploySuite, PlanRefusedError } from "./lib/deploy-suite.ts";
import { REPO_ROOT } from "./lib/localnet.ts";
import { LockHeldError } from "./lib/lock.ts";
import { defaultManifestPath } from "./lib/manifest.ts";
import { connect } from "./lib/network.ts";

await runCommand(deployCommand, async (args) => {
  const suite = await suiteFromArgs(args);
  const network = suite.config.network;
  const planOnly = args.plan || args["dry-run"];
  const buildDir = path.resolve(args["build-dir"] ?? DEFAULT_BUILD_DIR);
  // A plan reads build/ as it is: it writes nothing, not even a build.
  if (!planOnly && !args["no-build"])
    await buildSuiteContracts(buildDir, (line) => console.log(`build: ${line}`), args.rebuild);
  const chain = await connect(suite, { rpcUrl: args["rpc-url"], localHome: args["local-home"] });
  console.log(`network ${network}, RPC ${chain.rpcUrl}, keys ${chain.keys.describe()}`);
  const manifestPath = path.resolve(args.manifest ?? defaultManifestPath(network, REPO_ROOT));
  const needsConfirmation = network === "mainnet" || args["plan-hash"] !== undefined || args.yes;
  const started = performance.now();
  try {
    const report = await deploySuite({
      suite,
      chain,
      buildDir,
      manifestPath,
      dryRun: planOnly,
      breakLock: args["break-lock"],
      allowDowngrade: args["allow-downgrade"],
      confirm: needsConfirmation
        ? (plan) => confirmPlan(plan, { network, yes: args.yes, planHash: args["plan-hash"] })
        : undefined,
      log: (line) => console.log(line),
    });
    if (planOnly) {
      const plan = report.plan!;
      console.log(
        plan.ok
          ? `\nPlan: ${plan.transactions} transaction(s) would be sent; nothing was sent or written.`
          : `\nThis plan cannot be applied (see ✗ above); nothing was sent or written.`,
      );
      return plan.ok ? 0 : 1;
    }
    const gas = report.steps.reduce((sum, s) => sum + (s.result?.gasBurnt ?? 0n), 0n);
    console.log(
      `\n${report.sent} transaction(s) sent (${formatGas(gas)} burnt) in ${((performance.now() - started) / 1000).toFixed(1)} s; manifest ${path.relative(process.cwd(), manifestPath)}`,
    );
    return 0;
  } catch (error) {
    if (error instanceof LockHeldError || error instanceof PlanRefusedError) {
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
