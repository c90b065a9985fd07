/**
 * The shell: checks that the RPC node is on the network the bundle was built
 * for, sets up the wallet, routes by hash to the pages of pages/registry.ts,
 * and runs every transaction through TxDialog. Counts of RPC calls per page
 * are published as `window.__rpcCalls` for the browser test's measurement.
 */
import { useCallback, useEffect, useState } from "react";
import { AppContext, type AppContextValue, type ChainCheck } from "./app-context.ts";
import { ChainReader } from "./chain/reader.ts";
import { absoluteRpcUrl } from "./network/description.ts";
import { currentNetwork } from "./network/current.ts";
import { PAGES } from "./pages/registry.ts";
import { readOutcome, type OutcomeLike, type TxOutcome } from "./tx/outcome.ts";
import { toWalletTransactions, type TxPlan } from "./tx/plan.ts";
import { HOLDER_PANICS } from "./tx/errors.ts";
import { FEES_PANICS, VAULT_PANICS } from "./tx/suite-panics.ts";
import { TxDialog } from "./tx/TxDialog.tsx";
import { ErrorNote } from "./ui/primitives.tsx";
import { createWallet, type Wallet } from "./wallet/selector.ts";

declare global {
  interface Window {
    __rpcCalls?: Record<string, number>;
  }
}

function routeOf(hash: string): string {
  const path = hash.replace(/^#\/?/, "");
  return PAGES.some((page) => page.path === path) ? path : PAGES[0].path;
}

const network = currentNetwork;
/** Every contract's panics: the vault's and the router's first, their texts are the more specific. */
const PANIC_RULES = [...VAULT_PANICS, ...FEES_PANICS, ...HOLDER_PANICS];
const reader = new ChainReader(absoluteRpcUrl(network, window.location.origin));

export function App() {
  const [route, setRoute] = useState(() => routeOf(window.location.hash));
  const [chain, setChain] = useState<ChainCheck>({ state: "checking" });
  const [wallet, setWallet] = useState<Wallet | null>(null);
  const [walletError, setWalletError] = useState<string | null>(null);
  const [accountId, setAccountId] = useState<string | null>(null);
  const [pending, setPending] = useState<{ plan: TxPlan; resolve: (outcomes: TxOutcome[] | null) => void } | null>(
    null,
  );

  window.__rpcCalls = reader.counts;

  useEffect(() => {
    const onHash = () => setRoute(routeOf(window.location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  useEffect(() => {
    reader.chainId("shell").then(
      (reported) => setChain(reported === network.chainId ? { state: "ok" } : { state: "wrong", reported }),
      (error: Error) => setChain({ state: "unreachable", error: error.message }),
    );
  }, []);

  useEffect(() => {
    let subscription: { remove(): void } | undefined;
    createWallet(network, window.location.origin).then(
      (created) => {
        setWallet(created);
        const sync = () =>
          setAccountId(created.selector.store.getState().accounts.find((a) => a.active)?.accountId ?? null);
        sync();
        subscription = created.selector.store.observable.subscribe(sync) as unknown as { remove(): void };
      },
      (error: Error) => setWalletError(`The wallets could not be loaded: ${error.message}`),
    );
    return () => subscription?.remove();
  }, []);

  const sendPlan = useCallback(
    async (plan: TxPlan): Promise<TxOutcome[]> => {
      if (!wallet || !accountId) throw new Error("Connect a wallet first.");
      const selected = await wallet.selector.wallet();
      const results = await selected.signAndSendTransactions({ transactions: toWalletTransactions(plan, accountId) });
      // Browser wallets that redirect return nothing: the page reloads with the outcome in the URL.
      return ((results ?? []) as unknown as OutcomeLike[]).map(readOutcome);
    },
    [wallet, accountId],
  );

  const context: AppContextValue = {
    network,
    reader,
    chain,
    accountId,
    walletReady: wallet !== null,
    connect: () => wallet?.modal.show(),
    disconnect: async () => {
      if (wallet) await (await wallet.selector.wallet()).signOut();
    },
    sign: (plan) => new Promise((resolve) => setPending({ plan, resolve })),
  };
  const Page = PAGES.find((page) => page.path === route)!.component;

  return (
    <AppContext.Provider value={context}>
      <header className="top">
        <a className="brand" href="#/rounds">
          modelfund
        </a>
        <nav aria-label="Pages">
          {PAGES.map((page) => (
            <a key={page.path} href={`#/${page.path}`} aria-current={page.path === route ? "page" : undefined}>
              {page.label}
            </a>
          ))}
        </nav>
        <div className="account">
          <span className="network-badge">{network.network}</span>
          {accountId ? (
            <>
              <span className="mono" data-testid="account-id">
                {accountId}
              </span>
              <button type="button" className="secondary" onClick={() => context.disconnect()}>
                Disconnect
              </button>
            </>
          ) : (
            <button type="button" onClick={context.connect} disabled={!wallet} data-testid="connect">
              Connect wallet
            </button>
          )}
        </div>
      </header>
      <main>
        {chain.state === "wrong" && (
          <ErrorNote testId="wrong-network">
            Wrong network: this app is built for {network.network} (chain id {network.chainId}), but its RPC node
            reports chain id {chain.reported}. Nothing will be signed here; open the app built for that network.
          </ErrorNote>
        )}
        {chain.state === "unreachable" && (
          <ErrorNote testId="rpc-unreachable">The network's RPC node cannot be reached: {chain.error}</ErrorNote>
        )}
        {walletError && <ErrorNote testId="wallet-error">{walletError}</ErrorNote>}
        <Page key={route} />
      </main>
      {pending && (
        <TxDialog
          plan={pending.plan}
          network={network}
          rules={PANIC_RULES}
          send={(plan) => {
            if (chain.state !== "ok") return Promise.reject(new Error("Wrong network: refusing to sign."));
            return sendPlan(plan);
          }}
          onClose={(outcomes) => {
            pending.resolve(outcomes);
            setPending(null);
          }}
        />
      )}
    </AppContext.Provider>
  );
}
