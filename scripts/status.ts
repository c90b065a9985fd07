/**
 * npm run status -- --network <profile> [--rpc-url URL]
 *
 * Prints rounds and their progress, revenue distributed/claimed, and the
 * balances of every suite account.
 */
import { parseArgs } from "./lib/args.ts";
import { runMain, suiteFromArgs } from "./lib/cli.ts";
import { chainFor } from "./lib/network.ts";
import { suiteStatus } from "./lib/status.ts";

await runMain(async () => {
  const args = parseArgs(process.argv.slice(2), []);
  const suite = await suiteFromArgs(args);
  const chain = chainFor(suite, { rpcUrl: args.options.get("rpc-url"), localHome: args.options.get("local-home") });
  console.log(await suiteStatus(suite, chain));
  return 0;
});
