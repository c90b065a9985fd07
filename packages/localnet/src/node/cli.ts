/**
 * The `near-sandbox` command line, as near-workspaces drives neard's sandbox:
 *   near-sandbox --home DIR init [--chain-id ID]
 *   near-sandbox --home DIR run [--rpc-addr HOST:PORT] [--network-addr HOST:PORT]
 * `init` writes validator_key.json, node_key.json, genesis.json and
 * config.json; `run` serves JSON-RPC until killed, keeping the chain in
 * DIR/data (an LMDB database, see src/store/). `run` lives in ./run.ts,
 * loaded only when asked for: `init` (near-workspaces starts one per
 * Worker.init) loads only this file and the genesis.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { genesisToJson, localnetGenesis, newValidatorKey } from "../chain/genesis.ts";

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

type RunModule = Pick<typeof import("./run.ts"), "run">;

/**
 * Runs the command line; resolves to the exit code (`run` resolves once the
 * node serves, and the process lives on). `loadRun` loads ./run.ts: the
 * launcher (bin/near-sandbox.cjs) passes its bundle of it.
 */
export async function main(
  argv: string[],
  loadRun: () => Promise<RunModule> = () => import("./run.ts"),
): Promise<number> {
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
    else await (await loadRun()).run(args.home, args.rpcAddr ?? "0.0.0.0:3030", args.blockIntervalMs);
    return 0;
  } catch (error) {
    console.error(`near-sandbox: ${(error as Error).message}`);
    return 1;
  }
}
