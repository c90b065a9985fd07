/**
 * The `near-sandbox` command line, as near-workspaces drives neard's sandbox:
 *   near-sandbox --home DIR init [--chain-id ID]
 *   near-sandbox --home DIR run [--rpc-addr HOST:PORT] [--network-addr HOST:PORT]
 * `init` writes validator_key.json, node_key.json, genesis.json and
 * config.json; `run` serves JSON-RPC until killed, keeping state in
 * DIR/data (journal + snapshot).
 */
import fs from "node:fs";
import path from "node:path";
import { genesisFromJson, genesisToJson, localnetGenesis, newValidatorKey } from "../chain/genesis.ts";

const USAGE = `usage: near-sandbox --home DIR init [--chain-id ID]
       near-sandbox --home DIR run [--rpc-addr HOST:PORT] [--network-addr HOST:PORT]`;

interface Args {
  home: string;
  command: string | undefined;
  options: Map<string, string>;
}

function parseArgs(argv: string[]): Args {
  let home = path.join(process.env.HOME ?? ".", ".near");
  let command: string | undefined;
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--home") home = argv[++i];
    else if (arg.startsWith("--home=")) home = arg.slice("--home=".length);
    else if (arg.startsWith("--")) {
      const [name, inline] = arg.slice(2).split("=", 2);
      const value = inline ?? (argv[i + 1] && !argv[i + 1].startsWith("--") ? argv[++i] : "true");
      options.set(name, value);
    } else if (!command) command = arg;
  }
  return { home, command, options };
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function init(home: string, chainId = "localnet"): void {
  fs.mkdirSync(home, { recursive: true });
  const genesisFile = path.join(home, "genesis.json");
  if (fs.existsSync(genesisFile)) {
    console.error(`Genesis already exists in ${home}; keeping it`);
    return;
  }
  const validator = newValidatorKey();
  const nodeKey = newValidatorKey("node");
  writeJson(path.join(home, "validator_key.json"), validator);
  writeJson(path.join(home, "node_key.json"), { ...nodeKey, account_id: "" });
  writeJson(genesisFile, genesisToJson(localnetGenesis(validator, chainId)));
  writeJson(path.join(home, "config.json"), {
    genesis_file: "genesis.json",
    rpc: { addr: "0.0.0.0:3030" },
    network: { addr: "0.0.0.0:24567" },
    store: { path: "data" },
    node: "@modelfund/near-localnet",
  });
}

function splitAddr(addr: string): { host: string; port: number } {
  const at = addr.lastIndexOf(":");
  return { host: addr.slice(0, at) || "0.0.0.0", port: Number(addr.slice(at + 1)) };
}

export async function run(home: string, rpcAddr: string): Promise<void> {
  // Loaded here, so that `init` does not pay for the chain, the RPC server and the VM.
  const { createServer } = await import("../rpc/server.ts");
  const { createNode, genesisState, genesisTotalSupply } = await import("./node.ts");
  const { openPersistence } = await import("./persistence.ts");
  const genesisFile = path.join(home, "genesis.json");
  if (!fs.existsSync(genesisFile))
    throw new Error(`${genesisFile} does not exist; run \`near-sandbox --home ${home} init\` first`);
  const genesis = genesisFromJson(JSON.parse(fs.readFileSync(genesisFile, "utf8")));
  const node = await createNode(genesis, genesisState(genesis), rpcAddr);
  const persistence = openPersistence(path.join(home, "data"), node);
  if (!persistence.restored) {
    node.chain.start(BigInt(Date.parse(genesis.genesisTime)) * 1_000_000n, genesisTotalSupply(genesis));
    node.commit();
  }
  const { host, port } = splitAddr(rpcAddr);
  const server = createServer(node);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  console.error(
    `near-sandbox (@modelfund/near-localnet) serving JSON-RPC on ${host}:${port}, home ${home}, height ${node.chain.head.height}, ready after ${Math.round(performance.now())} ms`,
  );
  const stop = () => {
    persistence.close();
    server.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  try {
    switch (args.command) {
      case "init":
        init(args.home, args.options.get("chain-id"));
        return 0;
      case "run":
        await run(args.home, args.options.get("rpc-addr") ?? "0.0.0.0:3030");
        return 0;
      default:
        console.error(USAGE);
        return args.command === undefined && args.options.has("help") ? 0 : 2;
    }
  } catch (error) {
    console.error(`near-sandbox: ${(error as Error).message}`);
    return 1;
  }
}
