/**
 * npm start [-- --keep-running] [--port N] [--keep-state] [--no-build] [--build-dir DIR]
 * (options: lib/commands.ts; `--help` lists them)
 *
 * The whole suite on a fresh local chain, end to end: build (toolchain cache),
 * start the embedded chain in .localnet/, deploy the local suite, play the
 * demo lifecycle (scripts/lifecycle.ts), print a report and the wall time.
 * Exit 0 when every step behaved as expected; otherwise 1, naming the step.
 * With --keep-running the chain stays up (Ctrl-C stops it) for
 * `npm run status -- --network local` and manual exploration.
 */
import path from "node:path";
import localSuiteInput from "./config/local.ts";
import { formatGas } from "./config/units.ts";
import { assertValidSuite } from "./config/validate.ts";
import { demoContext, demoLifecycle } from "./lifecycle.ts";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "./lib/build.ts";
import { ChainClient } from "./lib/chain.ts";
import { runCommand } from "./lib/cli.ts";
import { startCommand } from "./lib/commands.ts";
import { deploySuite, DeployStepError } from "./lib/deploy-suite.ts";
import { localKeyStore } from "./lib/keys.ts";
import { runLifecycle, stepLine } from "./lib/lifecycle-runner.ts";
import {
  DEFAULT_LOCAL_HOME,
  recordedLocalRpcUrl,
  REPO_ROOT,
  startLocalChain,
  type LocalChain,
} from "./lib/localnet.ts";
import { defaultManifestPath } from "./lib/manifest.ts";
import { suiteStatus } from "./lib/status.ts";
import { heading, table } from "./lib/table.ts";

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const phase = (text: string) => console.log(`\n[${elapsed()}] ${text}`);

await runCommand(startCommand, async (args) => {
  const suite = assertValidSuite(localSuiteInput);
  const buildDir = path.resolve(args["build-dir"] ?? DEFAULT_BUILD_DIR);

  if (!args["no-build"]) {
    phase("Building contracts (toolchain cache)");
    await buildSuiteContracts(buildDir, (line) => console.log(`  ${line}`), args.rebuild);
  }

  const running = recordedLocalRpcUrl();
  if (
    running &&
    (await fetch(running, { method: "POST", body: '{"jsonrpc":"2.0","id":1,"method":"status","params":[]}' }).then(
      () => true,
      () => false,
    ))
  ) {
    console.error(
      `A local chain started by \`npm start -- --keep-running\` still serves ${running} from ${path.relative(REPO_ROOT, DEFAULT_LOCAL_HOME)}/; stop it (Ctrl-C) first.`,
    );
    return 1;
  }
  phase(`Starting the local chain in ${path.relative(REPO_ROOT, DEFAULT_LOCAL_HOME)}/`);
  const local: LocalChain = await startLocalChain({
    home: DEFAULT_LOCAL_HOME,
    port: args.port,
    fresh: !args["keep-state"],
  });
  console.log(`  serving ${local.url}`);
  let code = 1;
  try {
    const chain = new ChainClient(local.url, localKeyStore(local.home, suite.config.master_account_id));

    phase("Deploying the suite");
    const manifestPath = defaultManifestPath("local", REPO_ROOT);
    let deployed: Awaited<ReturnType<typeof deploySuite>>;
    try {
      deployed = await deploySuite({ suite, chain, buildDir, manifestPath, log: (line) => console.log(line) });
    } catch (error) {
      if (error instanceof DeployStepError) {
        console.error(`\nFAILED at deploy step ${error.stepId}: ${error.message}`);
        return 1;
      }
      throw error;
    }
    const deployGas = deployed.steps.reduce((sum, s) => sum + (s.result?.gasBurnt ?? 0n), 0n);
    console.log(
      `  ${deployed.sent} transactions, ${formatGas(deployGas)} burnt; manifest ${path.relative(REPO_ROOT, manifestPath)}`,
    );

    phase("Playing the lifecycle");
    const ctx = await demoContext(suite, chain);
    const { records, failed, notRun } = await runLifecycle(demoLifecycle(), ctx, (record) =>
      console.log(`  ${stepLine(record)}`),
    );

    console.log(heading("Lifecycle report"));
    console.log(
      table(
        ["#", "step", "account", "gas burnt", "outcome", "ok"],
        [
          ...records.map((r) => [
            String(r.index),
            r.title,
            r.account,
            r.gasBurnt > 0n ? formatGas(r.gasBurnt) : "—",
            r.outcome,
            r.ok ? "✓" : "✗",
          ]),
          ...notRun.map((title, i) => [String(records.length + i + 1), title, "", "", "not run", "·"]),
        ],
      ),
    );
    const totalGas = records.reduce((sum, r) => sum + r.gasBurnt, 0n);
    console.log(`\n${records.length} steps, ${formatGas(totalGas)} burnt`);
    console.log(`\n${await suiteStatus(suite, chain)}`);

    if (failed) {
      console.error(`\nFAILED at step ${failed.index}: ${failed.title} — ${failed.outcome}`);
      code = 1;
    } else {
      console.log(`\nAll ${records.length} lifecycle steps behaved as expected.`);
      code = 0;
    }
    console.log(`Wall time: ${elapsed()}`);

    if (args["keep-running"]) {
      console.log(
        `\nThe chain keeps running at ${local.url} (state in ${path.relative(REPO_ROOT, local.home)}/). Try:\n  npm run status -- --network local\nCtrl-C stops it.`,
      );
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
    }
    return code;
  } finally {
    await local.stop();
  }
});
