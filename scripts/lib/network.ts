/**
 * From a validated suite to a chain client: the RPC endpoint and the key
 * store of its network. For `local`, the chain started by `npm start`
 * (its URL recorded in .localnet/rpc-url) is preferred over the config's URL.
 */
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

export function keyStoreFor(suite: Suite, options: NetworkOptions = {}): KeyStore {
  const { config } = suite;
  if (config.network === "local")
    return localKeyStore(options.localHome ?? DEFAULT_LOCAL_HOME, config.master_account_id);
  return credentialsKeyStore(config.network, config.master_account_id, options.credentialsDir);
}

export function chainFor(suite: Suite, options: NetworkOptions = {}): ChainClient {
  const { config } = suite;
  const rpcUrl =
    options.rpcUrl ??
    (config.network === "local" ? recordedLocalRpcUrl(options.localHome) : undefined) ??
    config.rpc_url;
  return new ChainClient(rpcUrl, keyStoreFor(suite, options));
}
