/**
 * The `near-sandbox` command line, as near-workspaces drives neard's sandbox:
 *   near-sandbox --home DIR init [--chain-id ID]
 *   near-sandbox --home DIR run [--rpc-addr HOST:PORT] [--network-addr HOST:PORT]
 * `init` writes validator_key.json, node_key.json, genesis.json and
 * config.json; `run` serves JSON-RPC until killed, keeping the chain in
 * DIR/data (an LMDB database, see src/store/).
 */
import fs from "node:fs";
import type http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { genesisFromJson, genesisToJson, localnetGenesis, newValidatorKey } from "../chain/genesis.ts";
import { loadVmWhenIdle } from "./vm-load.ts";

const USAGE = `usage: near-sandbox [--home DIR] init [--chain-id ID]
       near-sandbox [--home DIR] run [--rpc-addr HOST:PORT] [--network-addr HOST:PORT] [--block-interval-ms MS]`;

/**
 * neard's flags that this node understands, and the subcommand each belongs
 * to (null: global, before or after the subcommand as neard's clap accepts).
 * Anything else is refused: a mistyped flag must not silently change where
 * the node keeps its state or listens.
 */
const FLAGS = {
  home: { type: "string", command: null },
  help: { type: "boolean", command: null },
  "chain-id": { type: "string", command: "init" },
  "rpc-addr": { type: "string", command: "run" },
  "network-addr": { type: "string", command: "run" },
  // neard's min_block_production_delay (600 ms) unless given: an idle chain's block interval (src/chain/producer.ts).
  "block-interval-ms": { type: "string", command: "run" },
} as const;

const COMMANDS = ["init", "run"] as const;

interface Args {
  home: string;
  command: (typeof COMMANDS)[number] | undefined;
  help: boolean;
  chainId: string | undefined;
  rpcAddr: string | undefined;
  blockIntervalMs: number | undefined;
}

class UsageError extends Error {}

function parseCommandLine(argv: string[]): Args {
  let parsed: ReturnType<typeof parseNodeArgs>;
  try {
    parsed = parseNodeArgs(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`);
  const [word] = positionals;
  if (word !== undefined && !(COMMANDS as readonly string[]).includes(word))
    throw new UsageError(`unknown command ${JSON.stringify(word)}`);
  const command = word as Args["command"];
  for (const [name, flag] of Object.entries(FLAGS)) {
    if (flag.command !== null && name in values && flag.command !== command)
      throw new UsageError(
        `--${name} belongs to \`${flag.command}\`, not to ${command ? `\`${command}\`` : "no command"}`,
      );
  }
  const interval = values["block-interval-ms"];
  if (interval !== undefined && !(/^\d+$/.test(interval) && Number(interval) > 0))
    throw new UsageError(
      `--block-interval-ms must be a positive whole number of milliseconds, not ${JSON.stringify(interval)}`,
    );
  return {
    home: values.home ?? path.join(process.env.HOME ?? ".", ".near"),
    command,
    help: values.help === true,
    chainId: values["chain-id"],
    rpcAddr: values["rpc-addr"],
    blockIntervalMs: interval === undefined ? undefined : Number(interval),
  };
}

function parseNodeArgs(argv: string[]) {
  const options = Object.fromEntries(Object.entries(FLAGS).map(([name, flag]) => [name, { type: flag.type }]));
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: options as { [K in keyof typeof FLAGS]: { type: (typeof FLAGS)[K]["type"] } },
  });
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

/**
 * With LOCALNET_STARTUP_TRACE set, each startup phase is written to stderr
 * with the time since the process started and the CPU used so far: under load
 * the wall time says little, and the CPU time says where the work goes.
 */
function phase(label: string): void {
  if (!process.env.LOCALNET_STARTUP_TRACE) return;
  const cpu = process.cpuUsage();
  console.error(
    `near-sandbox: startup: ${label} at ${performance.now().toFixed(0)} ms, cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
  );
}

/** Resolves once `server` listens on host:port. */
function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * Serves the home's chain on `rpcAddr`. The port is listened on first, before
 * the chain, the database and the VM are loaded: near-workspaces asks a new
 * node for a block every 250 ms and waits the next 250 ms whenever the
 * connection is refused, so a connection accepted while the node loads (and
 * answered as soon as it is open) saves up to one whole poll interval.
 */
export async function run(home: string, rpcAddr: string, blockIntervalMs?: number): Promise<void> {
  phase("run");
  const genesisFile = path.join(home, "genesis.json");
  if (!fs.existsSync(genesisFile))
    throw new Error(`${genesisFile} does not exist; run \`near-sandbox --home ${home} init\` first`);
  const { host, port } = splitAddr(rpcAddr);
  // Loaded here, as the chain below, so that `init` does not pay for it.
  const { createServer } = await import("node:http");
  const server = createServer();
  const early: Array<[http.IncomingMessage, http.ServerResponse]> = [];
  const hold: http.RequestListener = (req, res) => early.push([req, res]);
  server.on("request", hold);
  await listen(server, host, port);
  phase("listening");
  // lmdb's value encoder (msgpackr) looks for its native extension when loaded; this node stores raw bytes
  // (src/store/binary.ts) and never decodes msgpack, so that search is skipped.
  process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED ??= "true";
  // Loaded here, so that `init` does not pay for the chain, the RPC server and the VM.
  const { serve } = await import("../rpc/server.ts");
  const { openNode } = await import("./persistence.ts");
  phase("modules loaded");
  const genesis = genesisFromJson(JSON.parse(fs.readFileSync(genesisFile, "utf8")));
  let opened: Awaited<ReturnType<typeof openNode>>;
  try {
    // The VM loads after the node answers its first requests (near-workspaces' readiness poll reads a block).
    opened = await openNode(path.join(home, "data"), genesis, rpcAddr, home, { vmInBackground: true });
  } catch (error) {
    server.close();
    throw error;
  }
  const { node, close } = opened;
  phase("node open");
  const listener = serve(server, node, { blockIntervalMs });
  loadVmWhenIdle(server, node, early[0]?.[1]);
  void node.vmLoaded.then(() => phase("vm loaded"));
  server.off("request", hold);
  for (const [req, res] of early.splice(0)) listener(req, res);
  console.error(
    `near-sandbox (@modelfund/near-localnet) serving JSON-RPC on ${host}:${port}, home ${home}, height ${node.chain.head.height}, ready after ${Math.round(performance.now())} ms`,
  );
  const stop = () => {
    close();
    server.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`near-sandbox: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (args.help || args.command === undefined) {
    console.error(USAGE);
    return args.help ? 0 : 2;
  }
  try {
    if (args.command === "init") init(args.home, args.chainId);
    else await run(args.home, args.rpcAddr ?? "0.0.0.0:3030", args.blockIntervalMs);
    return 0;
  } catch (error) {
    console.error(`near-sandbox: ${(error as Error).message}`);
    return 1;
  }
}
