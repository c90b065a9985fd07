/**
 * What the app knows about the network it serves: the contract ids and the
 * RPC endpoint, derived at build time from the same suite description the
 * scripts deploy (scripts/config/<network>.ts, see vite/suite-network.ts),
 * so no component names an account id of its own.
 *
 * Plain JSON on purpose: it is embedded in the bundle, and the browser never
 * loads the scripts' zod schemas or node modules.
 */

export type NetworkName = "local" | "testnet" | "mainnet";

export interface AppNetwork {
  network: NetworkName;
  /** The chain id the RPC node must report (`status().chain_id`); anything else is the wrong network. */
  chainId: string;
  /** JSON-RPC endpoint; a path ("/rpc") is resolved against the page's origin (the local dev server proxies it). */
  rpcUrl: string;
  /** Prefix of a transaction's explorer page (hash appended); null on the local chain, which has none. */
  explorerTxUrl: string | null;
  contracts: {
    /** The project token (NEP-141 with holder revenue). */
    token: string;
    sale: string;
    /** The stablecoin the sale and the token accept, or null. */
    stablecoin: string | null;
    vault: string | null;
    /** The inference-fee router, once the suite deploys one. */
    fees: string | null;
  };
  /** Only on the local chain: the development wallet's accounts (the keys stay on the dev server). */
  devWalletAccounts: string[];
}

/** The JSON-RPC endpoint as an absolute URL (near-api-js needs one). */
export function absoluteRpcUrl(description: AppNetwork, origin: string): string {
  return new URL(description.rpcUrl, origin).href;
}
