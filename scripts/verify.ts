/**
 * npm run verify -- --network <profile> [--no-build] [--build-dir DIR] [--rpc-url URL]
 * (options: lib/commands.ts; `--help` lists them)
 *
 * Prints each contract's on-chain code hash next to the local build's and
 * exits 1 if any differs (or is missing).
 */
import path from "node:path";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "./lib/build.ts";
import { runCommand, suiteFromArgs } from "./lib/cli.ts";
import { verifyCommand } from "./lib/commands.ts";
import { connect } from "./lib/network.ts";
import { table } from "./lib/table.ts";
import { verifySuite } from "./lib/verify.ts";

await runCommand(verifyCommand, async (args) => {
  const suite = await suiteFromArgs(args);
  const buildDir = path.resolve(args["build-dir"] ?? DEFAULT_BUILD_DIR);
  if (!args["no-build"]) await buildSuiteContracts(buildDir, (line) => console.log(`build: ${line}`), args.rebuild);
  const chain = await connect(suite, { rpcUrl: args["rpc-url"], localHome: args["local-home"] });
  const rows = await verifySuite(suite, chain, buildDir);
  console.log(`${suite.config.network} (${chain.rpcUrl})\n`);
  console.log(
    table(
      ["contract", "account", "build sha256", "build code_hash", "on-chain code_hash", "verdict"],
      rows.map((r) => [
        r.contract,
        r.accountId,
        `${r.buildSha256.slice(0, 16)}…`,
        r.buildCodeHash,
        r.chainCodeHash ?? "—",
        r.verdict,
      ]),
    ),
  );
  const bad = rows.filter((r) => r.verdict !== "match");
  if (bad.length)
    console.error(`\n${bad.length} contract(s) differ from the build: ${bad.map((r) => r.contract).join(", ")}`);
  return bad.length ? 1 : 0;
});
