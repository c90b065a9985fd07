/**
 * Revenue: what the connected holder can claim now in NEAR and the
 * stablecoin, claim buttons, reinvestment of NEAR revenue into an open round
 * that accepts NEAR, the token's revenue totals per asset and the history of
 * its distributions per asset as charts.
 * Loads with 6 RPC calls: the revenue stats, the revenue history (the token
 * keeps the last 128 distributions; one call reads them all), rounds, two
 * metadata, and the connected holder.
 */
import { useState } from "react";
import type { RoundView } from "../../../contracts/sale/interface.ts";
import type { HolderInfo, RevenueHistory, RevenueStats } from "../../../contracts/token/interface.ts";
import { useApp } from "../app-context.ts";
import { loadAssets } from "../chain/assets.ts";
import { usePageData } from "../chain/use-view.ts";
import { formatToken, parseAmount } from "../format/amount.ts";
import { HistoryChart, HistoryChartSkeleton } from "../revenue/HistoryChart.tsx";
import { distributionsByAsset } from "../revenue/load.ts";
import { claimRevenuePlan, reinvestPlan, type AssetInfo } from "../tx/holder-calls.ts";
import { AmountInput, RoundSelect } from "../ui/forms.tsx";
import { ConnectPrompt, ErrorNote, Field, Skeleton } from "../ui/primitives.tsx";
import { RevenueChart } from "../ui/RevenueChart.tsx";

const PAGE = "revenue";

export function RevenuePage() {
  const app = useApp();
  const { reader, network, accountId } = app;
  const {
    data,
    me: holder,
    refresh,
  } = usePageData(
    async () => {
      const [stats, history, rounds, assets] = await Promise.all([
        reader.view<RevenueStats>(PAGE, network.contracts.token, "revenue_stats"),
        reader.view<RevenueHistory>(PAGE, network.contracts.token, "revenue_history", {}),
        reader.view<RoundView[]>(PAGE, network.contracts.sale, "rounds", {}),
        loadAssets(reader, network, PAGE),
      ]);
      const reinvestable = rounds.filter((round) => round.status === "open" && round.config.price_near !== null);
      return { stats, distributions: distributionsByAsset(history.entries), reinvestable, assets };
    },
    async () =>
      accountId
        ? reader.view<HolderInfo>(PAGE, network.contracts.token, "holder_info", { account_id: accountId })
        : null,
    accountId,
  );
  const [reinvestText, setReinvestText] = useState("");
  const [targetId, setTargetId] = useState<number | null>(null);

  if (data.state === "failed") return <ErrorNote>{data.error}</ErrorNote>;
  const ready = data.state === "ready" ? data.value : null;
  const revenueAssets = ready?.assets.money ?? [];
  const claimableOf = (asset: AssetInfo) => BigInt(holder?.claimable[asset.id] ?? "0");
  const nearClaimable = ready ? claimableOf(ready.assets.near) : 0n;
  const target = ready?.reinvestable.find((round) => round.round_id === targetId) ?? ready?.reinvestable[0];
  const reinvestParsed = reinvestText.trim() === "" ? null : parseAmount(reinvestText, 24, "NEAR");
  const reinvestError =
    reinvestParsed && !reinvestParsed.ok
      ? reinvestParsed.error
      : reinvestParsed?.ok && reinvestParsed.value > nearClaimable
        ? "That is more than your claimable NEAR revenue."
        : null;

  const claim = async (asset: AssetInfo) => {
    if (await app.sign(claimRevenuePlan({ network, asset, claimable: claimableOf(asset) }))) refresh();
  };
  const reinvest = async () => {
    if (!target || reinvestError) return;
    const plan = reinvestPlan({
      network,
      roundId: target.round_id,
      roundName: target.config.name,
      amount: reinvestParsed?.ok ? reinvestParsed.value : undefined,
      claimable: nearClaimable,
    });
    if (await app.sign(plan)) {
      setReinvestText("");
      refresh();
    }
  };

  return (
    <>
      <h1>Revenue</h1>
      {!accountId && app.walletReady ? (
        <ConnectPrompt connect={app.connect} ready={app.walletReady} what="and claim your revenue" />
      ) : (
        <section className="card" aria-busy={!ready || !holder}>
          <h2>Claimable now</h2>
          <dl className="fields">
            {ready && holder
              ? revenueAssets.map((asset) => (
                  <Field
                    key={asset.id}
                    label={asset.symbol}
                    value={formatToken(claimableOf(asset), asset.decimals, asset.symbol, 6)}
                    testId={`claimable-${asset.symbol}`}
                  />
                ))
              : [0, 1].map((index) => <Field key={index} label="…" value={undefined} />)}
          </dl>
          {holder?.excluded && <p className="hint">This account is excluded from revenue (a contract or treasury).</p>}
          <div className="actions">
            {revenueAssets.map((asset) => (
              <button
                key={asset.id}
                type="button"
                onClick={() => claim(asset)}
                disabled={claimableOf(asset) === 0n}
                data-testid={`claim-revenue-${asset.symbol}`}
              >
                Claim {asset.symbol}
              </button>
            ))}
          </div>
          <h2>Reinvest NEAR revenue</h2>
          {ready && !target && <p className="hint">No open round accepts NEAR now.</p>}
          {ready && target && (
            <>
              <RoundSelect
                id="reinvest-round"
                rounds={ready.reinvestable}
                value={target.round_id}
                onChange={setTargetId}
              />
              <AmountInput
                id="reinvest-amount"
                label="Amount (NEAR; empty: all of it)"
                value={reinvestText}
                onChange={setReinvestText}
                testId="reinvest-amount"
                hint={reinvestError ?? ""}
              />
              <div className="actions">
                <button
                  type="button"
                  onClick={reinvest}
                  disabled={nearClaimable === 0n || reinvestError !== null}
                  data-testid="reinvest"
                >
                  Reinvest in {target.config.name}
                </button>
              </div>
            </>
          )}
        </section>
      )}
      <section className="card">
        <h2>Revenue of all holders</h2>
        {/* one placeholder per revenue asset, known from the network before anything is read */}
        {!ready &&
          (network.contracts.stablecoin ? ["near", "stablecoin"] : ["near"]).map((slot) => (
            <div key={slot}>
              <Skeleton lines={4} />
              <HistoryChartSkeleton />
            </div>
          ))}
        {ready &&
          revenueAssets.map((asset) => {
            const stats = ready.stats.assets.find((entry) => entry.asset === asset.id);
            return (
              <div key={asset.id}>
                {stats && <RevenueChart stats={stats} asset={asset} />}
                <HistoryChart asset={asset} distributions={ready.distributions.get(asset.id) ?? []} />
              </div>
            );
          })}
      </section>
    </>
  );
}
