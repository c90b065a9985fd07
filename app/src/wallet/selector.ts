/**
 * NEAR Wallet Selector, set up per network: on testnet and mainnet the
 * wallets that work there (MyNearWallet, Meteor, HERE, HOT, Intear), on the
 * local chain only the development wallet. Wallet modules are loaded with
 * dynamic imports so their code (HOT alone brings a Solana client) does not
 * delay the first paint; the page is usable read-only while they load.
 */
import type { WalletModuleFactory, WalletSelector } from "@near-wallet-selector/core";
import type { WalletSelectorModal } from "@near-wallet-selector/modal-ui";
import "@near-wallet-selector/modal-ui/styles.css";
import { type AppNetwork, absoluteRpcUrl } from "../network/description.ts";

export interface Wallet {
  selector: WalletSelector;
  modal: WalletSelectorModal;
}

async function publicNetworkModules(): Promise<WalletModuleFactory[]> {
  const [myNear, meteor, here, hot, intear] = await Promise.all([
    import("@near-wallet-selector/my-near-wallet"),
    import("@near-wallet-selector/meteor-wallet"),
    import("@near-wallet-selector/here-wallet"),
    import("@near-wallet-selector/hot-wallet"),
    import("@near-wallet-selector/intear-wallet"),
  ]);
  return [
    myNear.setupMyNearWallet(),
    meteor.setupMeteorWallet(),
    here.setupHereWallet(),
    hot.setupHotWallet(),
    intear.setupIntearWallet(),
  ] as WalletModuleFactory[];
}

export async function createWallet(network: AppNetwork, origin: string): Promise<Wallet> {
  const [{ setupWalletSelector }, { setupModal }] = await Promise.all([
    import("@near-wallet-selector/core"),
    import("@near-wallet-selector/modal-ui"),
  ]);
  let modules: WalletModuleFactory[];
  if (__DEV_WALLET__ && network.network === "local") {
    const { setupDevWallet } = await import("./dev-wallet.ts");
    modules = [setupDevWallet(network, origin)];
  } else {
    modules = await publicNetworkModules();
  }
  const nodeUrl = absoluteRpcUrl(network, origin);
  // wallet-selector 10 knows only the mainnet and testnet presets (any other networkId throws), so the local
  // chain runs under the testnet label with the local node as its RPC. Only the development wallet is offered
  // there, and the shell checks the node's real chain id before anything is signed.
  const selector = await setupWalletSelector({
    network:
      network.network === "local"
        ? { networkId: "testnet", nodeUrl, helperUrl: "", explorerUrl: "", indexerUrl: "" }
        : network.network,
    fallbackRpcUrls: [nodeUrl],
    modules,
  });
  // No contractId: the app asks for no function-call key; every transaction goes through the wallet.
  const modal = setupModal(selector, { theme: "auto" });
  return { selector, modal };
}
