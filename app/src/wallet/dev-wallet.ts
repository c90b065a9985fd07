/**
 * The local development wallet: a wallet-selector module that signs as the
 * local suite's demo accounts, so the app can be used and tested on the
 * embedded chain with no browser extension or hosted wallet.
 *
 * It exists only in builds for the local network (__DEV_WALLET__), and the
 * key it signs with never ships in the bundle: it is fetched from the local
 * server (scripts/local-server.ts), which serves it on 127.0.0.1 only and
 * refuses any other Host or Origin. Like a real wallet it asks before
 * signing: an overlay shows the receiver and methods with Approve / Reject,
 * and Reject fails the request as a wallet's refusal does.
 */
import type { InjectedWallet, WalletModuleFactory } from "@near-wallet-selector/core";
import { Account, KeyPair, type KeyPairString, KeyPairSigner } from "near-api-js";
import type { AppNetwork } from "../network/description.ts";
import { absoluteRpcUrl } from "../network/description.ts";
import { DEV_WALLET_KEY_PATH } from "./dev-wallet-path.ts";

export const DEV_WALLET_ID = "modelfund-dev-wallet";
const STORAGE_KEY = "account";

interface DevKey {
  secretKey: string;
  accounts: string[];
}

async function fetchKey(origin: string): Promise<DevKey> {
  const response = await fetch(new URL(DEV_WALLET_KEY_PATH, origin));
  if (!response.ok) throw new Error(`the local server refused the development key (${response.status})`);
  return (await response.json()) as DevKey;
}

/** A small modal of buttons; resolves with the chosen value, or null for the last (cancel) choice. */
function ask(
  title: string,
  lines: string[],
  choices: { label: string; value: string | null }[],
): Promise<string | null> {
  return new Promise((resolve) => {
    const backdrop = document.createElement("div");
    backdrop.className = "dev-wallet";
    const dialog = document.createElement("div");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", title);
    const heading = document.createElement("h2");
    heading.textContent = title;
    dialog.append(heading);
    for (const line of lines) {
      const paragraph = document.createElement("p");
      paragraph.textContent = line;
      dialog.append(paragraph);
    }
    const done = (value: string | null) => {
      backdrop.remove();
      resolve(value);
    };
    for (const choice of choices) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = choice.label;
      button.addEventListener("click", () => done(choice.value));
      dialog.append(button);
    }
    backdrop.addEventListener("keydown", (event) => {
      if (event.key === "Escape") done(null);
    });
    backdrop.append(dialog);
    document.body.append(backdrop);
    dialog.querySelector("button")?.focus();
  });
}

function describeActions(actions: { functionCall?: { methodName: string } }[]): string {
  return actions.map((action) => action.functionCall?.methodName ?? "an action").join(", ");
}

export function setupDevWallet(network: AppNetwork, origin: string): WalletModuleFactory<InjectedWallet> {
  return async () => ({
    id: DEV_WALLET_ID,
    type: "injected",
    metadata: {
      name: "Local development wallet",
      description: "Signs as the local chain's demo accounts (local network only).",
      iconUrl:
        "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 8 8'%3E%3Crect width='8' height='8' rx='2' fill='%23365'/%3E%3C/svg%3E",
      deprecated: false,
      available: true,
      downloadUrl: "",
    },
    init: async ({ storage, emitter }) => {
      const rpcUrl = absoluteRpcUrl(network, origin);
      let key: DevKey | undefined;
      const devKey = async () => {
        key ??= await fetchKey(origin);
        return key;
      };
      const signedInAccount = async () => (await storage.getItem<string>(STORAGE_KEY)) ?? null;
      const accountFor = async (accountId: string) => {
        const { secretKey } = await devKey();
        return new Account(accountId, rpcUrl, new KeyPairSigner(KeyPair.fromString(secretKey as KeyPairString)));
      };
      const publicKey = async () => KeyPair.fromString((await devKey()).secretKey as KeyPairString).getPublicKey();

      const send = async (receiverId: string, actions: unknown[]) => {
        const accountId = await signedInAccount();
        if (!accountId) throw new Error("The development wallet is not signed in");
        const approved = await ask(
          "Development wallet: sign?",
          [`${accountId} → ${receiverId}`, describeActions(actions as { functionCall?: { methodName: string } }[])],
          [
            { label: "Approve", value: "approve" },
            { label: "Reject", value: null },
          ],
        );
        if (approved !== "approve") throw new Error("User rejected the transaction");
        const account = await accountFor(accountId);
        return account.signAndSendTransaction({
          receiverId,
          actions: actions as never,
          waitUntil: "FINAL",
          throwOnFailure: false,
        });
      };

      const unsupported = (what: string) => async (): Promise<never> => {
        throw new Error(`The development wallet does not ${what}`);
      };

      return {
        async signIn() {
          const { accounts } = await devKey();
          const chosen = await ask(
            "Development wallet: sign in as",
            ["Local demo accounts of the embedded chain."],
            [...accounts.map((account) => ({ label: account, value: account })), { label: "Cancel", value: null }],
          );
          if (!chosen) throw new Error("User cancelled the sign-in");
          await storage.setItem(STORAGE_KEY, chosen);
          const signedIn = [{ accountId: chosen, publicKey: (await publicKey()).toString() }];
          emitter.emit("accountsChanged", { accounts: signedIn });
          return signedIn;
        },
        async signOut() {
          await storage.removeItem(STORAGE_KEY);
        },
        async getAccounts() {
          const accountId = await signedInAccount();
          return accountId ? [{ accountId, publicKey: (await publicKey()).toString() }] : [];
        },
        async signAndSendTransaction({ receiverId, actions }) {
          if (!receiverId) throw new Error("The development wallet needs a receiver");
          return (await send(receiverId, actions)) as never;
        },
        async signAndSendTransactions({ transactions }) {
          const outcomes = [];
          for (const tx of transactions) outcomes.push(await send(tx.receiverId, tx.actions));
          return outcomes as never;
        },
        verifyOwner: unsupported("verify owners"),
        getPublicKey: async () => (await publicKey()) as never,
        signNep413Message: unsupported("sign messages"),
        signTransaction: unsupported("sign without sending"),
        signDelegateAction: unsupported("sign delegate actions"),
      };
    },
  });
}
