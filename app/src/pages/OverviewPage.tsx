/**
 * The public overview, needing no wallet: funds raised per stage (the
 * sale's rounds), compute released to providers from the rounds' escrow,
 * revenue distributed to tokenholders (the token's revenue stats) and fees
 * received by the router, and what contributors were rewarded (the vault's
 * totals: rewards credited and withdrawn, royalties paid). Views only.
 * Loads with 6 RPC calls: rounds, revenue stats, the vault's and the
 * router's totals, two token metadata (fewer when the suite has no vault or
 * router).
 */
import type { TotalsView as FeesTotals } from "../../../contracts/fees/interface.ts";
import type { RoundView } from "../../../contracts/sale/interface.ts";
import type { RevenueStats } from "../../../contracts/token/interface.ts";
import type { TotalsView as VaultTotals } from "../../../contracts/vault/interface.ts";
import { useApp } from "../app-context.ts";
import { loadAssets } from "../chain/assets.ts";
import { useLoad } from "../chain/use-view.ts";
import { formatToken } from "../format/amount.ts";
import { ErrorNote, Field, ProgressBar, Skeleton } from "../ui/primitives.tsx";

const PAGE = "overview";

export function OverviewPage() {
  const { reader, network } = useApp();
  const { data } = useLoad(async () => {
    const { sale, token, vault, fees } = network.contracts;
    const [rounds, revenue, vaultTotals, feesTotals, assets] = await Promise.all([
      reader.view<RoundView[]>(PAGE, sale, "rounds", {}),
      reader.view<RevenueStats>(PAGE, token, "revenue_stats"),
      vault ? reader.view<VaultTotals>(PAGE, vault, "totals") : null,
      fees ? reader.view<FeesTotals>(PAGE, fees, "totals") : null,
      loadAssets(reader, network, PAGE),
    ]);
    return { rounds, revenue, vaultTotals, feesTotals, assets };
  }, []);

  if (data.state === "failed") return <ErrorNote>{data.error}</ErrorNote>;
  const ready = data.state === "ready" ? data.value : null;
  const show = (value: string | bigint | undefined, assetId: string) => {
    const asset = ready?.assets.byId(assetId);
    return asset ? formatToken(BigInt(value ?? "0"), asset.decimals, asset.symbol, 2) : `${value} ${assetId}`;
  };
  const perAsset = (amounts: Record<string, string>) =>
    Object.entries(amounts)
      .filter(([, amount]) => BigInt(amount) > 0n)
      .map(([assetId, amount]) => show(amount, assetId))
      .join(" + ") || "nothing yet";

  return (
    <>
      <h1>Overview</h1>
      <div className="cards" aria-busy={!ready}>
        <section className="card" aria-labelledby="raised-title" data-testid="overview-raised">
          <h2 id="raised-title">Funds raised per stage</h2>
          {!ready && <Skeleton lines={4} />}
          {ready?.rounds.length === 0 && <p>No round yet.</p>}
          {ready?.rounds.map((round) => (
            <div key={round.round_id} data-testid={`overview-round-${round.round_id}`}>
              <h3>
                {round.config.name} <span className={`status status-${round.status}`}>{round.status}</span>
              </h3>
              <p>Raised {perAsset(round.raised)}</p>
              <ProgressBar
                label={`${round.config.name}: tokens sold of the hard cap`}
                value={BigInt(round.tokens_sold)}
                max={BigInt(round.config.hard_cap)}
                marks={[{ at: BigInt(round.config.soft_cap), label: "soft cap" }]}
              />
            </div>
          ))}
        </section>
        <section className="card" aria-labelledby="compute-title" data-testid="overview-compute">
          <h2 id="compute-title">Compute released</h2>
          {!ready && <Skeleton lines={2} />}
          {ready?.rounds.map((round) => (
            <p key={round.round_id}>
              {round.config.name}: {perAsset(round.released)} released to compute providers
            </p>
          ))}
        </section>
        <section className="card" aria-labelledby="revenue-title" data-testid="overview-revenue">
          <h2 id="revenue-title">Revenue distributed</h2>
          {!ready && <Skeleton lines={3} />}
          {ready && (
            <dl className="fields">
              {ready.revenue.assets.map((stats) => (
                <Field
                  key={stats.asset}
                  label={`To tokenholders in ${ready.assets.byId(stats.asset)?.symbol ?? stats.asset}`}
                  value={`${show(stats.total_distributed, stats.asset)} (${show(stats.total_claimed, stats.asset)} claimed)`}
                />
              ))}
              {ready.feesTotals &&
                Object.entries(ready.feesTotals.assets).map(([assetId, totals]) => (
                  <Field
                    key={assetId}
                    label={`Inference fees received in ${ready.assets.byId(assetId)?.symbol ?? assetId}`}
                    value={`${show(totals.received, assetId)} (${show(totals.forwarded, assetId)} forwarded)`}
                  />
                ))}
              {ready.feesTotals && <Field label="Providers" value={String(ready.feesTotals.providers)} />}
            </dl>
          )}
        </section>
        <section className="card" aria-labelledby="contributors-title" data-testid="overview-contributors">
          <h2 id="contributors-title">Contributors rewarded</h2>
          {!ready && <Skeleton lines={3} />}
          {ready && !ready.vaultTotals && <p>This suite has no contributor vault.</p>}
          {ready?.vaultTotals && (
            <dl className="fields">
              <Field
                label="Rewards credited"
                value={show(ready.vaultTotals.credited, ready.assets.token.id)}
                testId="overview-credited"
              />
              <Field label="Withdrawn" value={show(ready.vaultTotals.withdrawn, ready.assets.token.id)} />
              <Field label="Still vesting" value={show(ready.vaultTotals.vesting, ready.assets.token.id)} />
              {Object.entries(ready.vaultTotals.royalties).map(([assetId, royalties]) => (
                <Field
                  key={assetId}
                  label={`Royalties paid in ${ready.assets.byId(assetId)?.symbol ?? assetId}`}
                  value={show(royalties.paid, assetId)}
                />
              ))}
            </dl>
          )}
        </section>
      </div>
    </>
  );
}
