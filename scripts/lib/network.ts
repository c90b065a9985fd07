/**
 * From a validated suite to a chain client on the right chain, or an error
 * before anything is read or signed:
 *
 * - the endpoint: `--rpc-url`, else the network's own variable
 *   (NEAR_TESTNET_RPC_URL / NEAR_MAINNET_RPC_URL), else the description's
 *   rpc_url; for `local`, the chain `npm start` serves (.localnet/rpc-url)
 *   before the description's. One variable per network, so a testnet
 *   endpoint exported for a rehearsal cannot follow a deploy to mainnet; the
 *   former shared NEAR_RPC_URL is refused with the variable to use instead.
 * - the chain id, checked on every command: testnet and mainnet need the
 *   node to report exactly that chain id; `local` refuses both public ones.
 *   So a rehearsal on a local node can never run with a public profile's
 *   keys, and a public deploy never runs against the wrong chain.
 * - keys namespaced by chain id: ~/.near-credentials/<chain id>/ (which is
 *   near-cli's <network> directory once the chain id is checked).
 */
import type { NetworkName } from "../config/load.ts";
import type { Suite } from "../config/validate.ts";
import { ChainClient } from "./chain.ts";
import { credentialsKeyStore, localKeyStore, type KeyStore } from "./keys.ts";
import { DEFAULT_LOCAL_HOME, recordedLocalRpcUrl } from "./localnet.ts";

export interface NetworkOptions {
  rpcUrl?: string;
  /** Local chain home (validator_key.json); default .localnet. */
  localHome?: string;
  credentialsDir?: string;
}

/** The chain id a public network's node reports. */
export const PUBLIC_CHAIN_IDS: Record<Exclude<NetworkName, "local">, string> = {
  testnet: "testnet",
  mainnet: "mainnet",
};

/** Each public network's own RPC variable. */
export const RPC_URL_ENV: Record<Exclude<NetworkName, "local">, string> = {
  testnet: "NEAR_TESTNET_RPC_URL",
  mainnet: "NEAR_MAINNET_RPC_URL",
};

const SHARED_RPC_ENV = "NEAR_RPC_URL";

/** The node is not the network the profile describes; nothing was read beyond its status. */
export class WrongChainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WrongChainError";
  }
}

/** Why a node reporting `chainId` may not serve `network`, or undefined when it may. */
export function chainIdProblem(network: NetworkName, chainId: string, rpcUrl: string): string | undefined {
  const where = `the RPC endpoint ${rpcUrl} serves chain id "${chainId}"`;
  if (network === "local") {
    if (Object.values(PUBLIC_CHAIN_IDS).includes(chainId))
      return `${where}, a public network, but the profile is local; pass --network ${chainId}`;
    return undefined;
  }
  const expected = PUBLIC_CHAIN_IDS[network];
  if (chainId === expected) return undefined;
  return `${where}, but the ${network} profile needs "${expected}": check --rpc-url / ${RPC_URL_ENV[network]}; nothing was sent`;
}

export function rpcUrlFor(suite: Suite, options: NetworkOptions = {}): string {
  const { network } = suite.config;
  if (options.rpcUrl) return options.rpcUrl;
  if (network === "local") return recordedLocalRpcUrl(options.localHome) ?? suite.config.rpc_url;
  if (process.env[SHARED_RPC_ENV])
    throw new WrongChainError(
      `${SHARED_RPC_ENV} is shared by every network and no longer read: set ${RPC_URL_ENV[network]} (or pass --rpc-url) for ${network}`,
    );
  return process.env[RPC_URL_ENV[network]] ?? suite.config.rpc_url;
}

function keyStoreFor(suite: Suite, chainId: string, options: NetworkOptions): KeyStore {
  const { config } = suite;
  if (config.network === "local")
    return localKeyStore(options.localHome ?? DEFAULT_LOCAL_HOME, config.master_account_id);
  return credentialsKeyStore(chainId, config.master_account_id, options.credentialsDir);
}

/** The chain client for `suite`, after checking the node's chain id (throws WrongChainError otherwise). */
export async function connect(suite: Suite, options: NetworkOptions = {}): Promise<ChainClient> {
  const { network } = suite.config;
  const rpcUrl = rpcUrlFor(suite, options);
  // Keys live under the expected chain id; the check below makes it the actual one before any key is read.
  const expected = network === "local" ? "localnet" : PUBLIC_CHAIN_IDS[network];
  const chain = new ChainClient(rpcUrl, keyStoreFor(suite, expected, options));
  await assertChainId(chain, network);
  return chain;
}

export async function assertChainId(chain: ChainClient, network: NetworkName): Promise<void> {
  const { chainId } = await chain.identity();
  const problem = chainIdProblem(network, chainId, chain.rpcUrl);
  if (problem) throw new WrongChainError(problem);
}
