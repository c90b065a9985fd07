/**
 * Build-time (node) side of the network description: loads and validates the
 * suite description of a network with the scripts' own loader, and reduces it
 * to the app's AppNetwork. Contracts are found by their kind in the suite,
 * never by name, so a renamed entry or another master account needs no change
 * in the app.
 */
import { loadSuite } from "../../scripts/config/load.ts";
import type { Suite } from "../../scripts/config/validate.ts";
import type { AppNetwork, NetworkName } from "../src/network/description.ts";

const CHAIN_IDS: Record<NetworkName, string> = { local: "localnet", testnet: "testnet", mainnet: "mainnet" };
const EXPLORERS: Record<NetworkName, string | null> = {
  local: null,
  testnet: "https://testnet.nearblocks.io/txns/",
  mainnet: "https://nearblocks.io/txns/",
};
/** Accounts the local development wallet offers: the suite's plain accounts (buyers, providers, contributors). */
const NOT_USERS = new Set(["treasury", "contributors"]);

export function isNetworkName(name: string): name is NetworkName {
  return name === "local" || name === "testnet" || name === "mainnet";
}

export async function loadAppNetwork(network: NetworkName, rpcUrl?: string): Promise<AppNetwork> {
  const validation = await loadSuite(network);
  if (!validation.ok)
    throw new Error(
      `the ${network} suite description is invalid:\n${validation.problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  return appNetworkOf(validation.suite, rpcUrl);
}

/** The app's view of a validated suite; `rpcUrl` overrides the description's endpoint (the local dev proxy). */
export function appNetworkOf(suite: Suite, rpcUrl?: string): AppNetwork {
  const { config } = suite;
  const byKind = (kind: string) =>
    Object.entries(config.contracts).filter(([, entry]) => (entry.init.kind as string) === kind);
  const idOf = (name: string) => suite.accountIds.get(name)!;

  const sales = byKind("sale");
  if (sales.length !== 1) throw new Error(`the app expects one sale contract, the suite has ${sales.length}`);
  const [saleName, saleEntry] = sales[0];
  const saleInit = saleEntry.init as { token: string; stablecoin: string | null };
  const single = (kind: string) => {
    const found = byKind(kind);
    if (found.length > 1)
      throw new Error(`the app expects at most one ${kind} contract, the suite has ${found.length}`);
    return found.length ? idOf(found[0][0]) : null;
  };

  return {
    network: config.network,
    chainId: CHAIN_IDS[config.network],
    rpcUrl: rpcUrl ?? config.rpc_url,
    explorerTxUrl: EXPLORERS[config.network],
    contracts: {
      token: suite.resolve(saleInit.token),
      sale: idOf(saleName),
      stablecoin: saleInit.stablecoin === null ? null : suite.resolve(saleInit.stablecoin),
      vault: single("vault"),
      fees: single("fees"),
    },
    devWalletAccounts:
      config.network === "local"
        ? Object.keys(config.accounts)
            .filter((name) => !NOT_USERS.has(name))
            .map(idOf)
        : [],
  };
}
