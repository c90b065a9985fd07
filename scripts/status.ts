/**
 * npm run status -- --network <profile> [--rpc-url URL] [--config FILE] [--local-home DIR]
 * (options: lib/commands.ts; `--help` lists them)
 *
 * Prints rounds and their progress, revenue distributed/claimed, and the
 * balances of every suite account.
 */
import { runCommand, suiteFromArgs } from "./lib/cli.ts";
import { statusCommand } from "./lib/commands.ts";
import { connect } from "./lib/network.ts";
import { suiteStatus } from "./lib/status.ts";

await runCommand(statusCommand, async (args) => {
  const suite = await suiteFromArgs(args);
  const chain = await connect(suite, { rpcUrl: args["rpc-url"], localHome: args["local-home"] });
  console.log(await suiteStatus(suite, chain));
  return 0;
});
