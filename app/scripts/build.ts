/**
 * npm run app:build [-- --network testnet|mainnet|local] [--rpc-url URL] [--out-dir DIR]
 *
 * The production bundle of the web app for one network (default testnet),
 * in app/dist/<network>/: static files any web server can host. The contract
 * ids come from scripts/config/<network>.ts. A `local` build serves only
 * through the local server (its RPC is the server's /rpc proxy).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { APP_ROOT, buildApp } from "../vite/config.ts";
import { isNetworkName, loadAppNetwork } from "../vite/suite-network.ts";

const USAGE = `usage: npm run app:build [-- --network testnet|mainnet|local] [--rpc-url URL] [--out-dir DIR]
  --network   the network whose suite description (scripts/config/<network>.ts) the app uses (default testnet)
  --rpc-url   the JSON-RPC endpoint the browser uses (default: the description's rpc_url)
  --out-dir   where the bundle goes (default app/dist/<network>)`;

function parse() {
  try {
    return parseArgs({
      strict: true,
      allowPositionals: false,
      options: {
        network: { type: "string", default: "testnet" },
        "rpc-url": { type: "string" },
        "out-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const args = parse();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!isNetworkName(args.network)) {
  console.error(`--network must be local, testnet or mainnet, got ${JSON.stringify(args.network)}\n${USAGE}`);
  process.exit(2);
}
const description = await loadAppNetwork(args.network, args.network === "local" ? "/rpc" : args["rpc-url"]);
const outDir = args["out-dir"] ? path.resolve(args["out-dir"]) : path.join(APP_ROOT, "dist", args.network);
await buildApp(description, outDir, "info");
