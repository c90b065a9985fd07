/**
 * Inference providers: the router's price list (current and scheduled) for
 * anyone; with a wallet, registration for an unregistered account, the
 * provider's status and bond, paying a period's fees after a quote, and the
 * usage history.
 * Loads with 4 RPC calls without a wallet (contract config, price list, two
 * token metadata), 5 with a wallet, and 5 + 2 per served stage for a
 * registered provider (usage and payments). A quote adds one call.
 */
import { useApp } from "../app-context.ts";
import { usePageData } from "../chain/use-view.ts";
import { formatNear } from "../format/amount.ts";
import { loadProviderAccount, loadProviders } from "../providers/load.ts";
import { PayForm } from "../providers/PayForm.tsx";
import { PricesPanel } from "../providers/PricesPanel.tsx";
import { RegisterForm } from "../providers/RegisterForm.tsx";
import { UsagePanel } from "../providers/UsagePanel.tsx";
import { PageShell } from "../ui/PageShell.tsx";
import { ConnectPrompt, Field } from "../ui/primitives.tsx";

const PAGE = "providers";

const STATUS_HINT: Record<string, string> = {
  pending: "waiting for the router's provider manager to approve it; fees can be paid once active",
  active: "active: you can pay fees",
  suspended: "suspended by the router's provider manager: fees cannot be paid",
  retired: "retired: the bond and unused storage were returned",
};

export function ProvidersPage() {
  const { reader, network, accountId, connect, walletReady } = useApp();
  const {
    data,
    mine,
    me: account,
    refresh,
  } = usePageData(
    () => loadProviders(reader, network, PAGE),
    () => loadProviderAccount(reader, network, PAGE, accountId),
    accountId,
  );
  const provider = account?.provider ?? null;
  return (
    <PageShell title="Providers" data={data} mine={mine}>
      {(ready) => (
        <>
          {walletReady && !accountId && (
            <ConnectPrompt connect={connect} what="your provider account" ready={walletReady} />
          )}
          {accountId && account && !provider && (
            <RegisterForm feesId={ready.feesId} stageCount={ready.config.stage_count} onDone={refresh} />
          )}
          {provider && (
            <section className="card" aria-labelledby="provider-title" data-testid="provider">
              <h2 id="provider-title">
                {provider.name} <span className={`status status-${provider.status}`}>{provider.status}</span>
              </h2>
              <dl className="fields">
                <Field
                  label="Status"
                  value={STATUS_HINT[provider.status] ?? provider.status}
                  testId="provider-status"
                />
                <Field label="Endpoint" value={<span className="mono">{provider.endpoint}</span>} />
                <Field label="Stages" value={provider.stages.join(", ")} />
                <Field label="Bond" value={formatNear(BigInt(provider.bond))} />
                <Field label="Storage deposit" value={formatNear(BigInt(provider.storage_deposit))} />
              </dl>
            </section>
          )}
          {provider?.status === "active" && (
            <PayForm
              page={PAGE}
              feesId={ready.feesId}
              provider={provider}
              assets={ready.assets}
              clock={ready.clock}
              onDone={refresh}
            />
          )}
          {account && provider && <UsagePanel history={account.history} assets={ready.assets} />}
          <PricesPanel prices={ready.prices} assets={ready.assets} />
        </>
      )}
    </PageShell>
  );
}
