/**
 * The sale's rounds, readable without a wallet: status and countdown (chain
 * time), price tiers per accepted asset, progress to the soft and hard caps,
 * what was raised, and whether an allowlist limits who may buy.
 * Loads with 4 RPC calls: rounds, the sale's config (chain time) and the two
 * tokens' metadata.
 */
import type { ContractConfigView, RoundView } from "../../../contracts/sale/interface.ts";
import { useApp } from "../app-context.ts";
import { type Assets, loadAssets } from "../chain/assets.ts";
import { type ChainClock, chainClock, useChainNow } from "../chain/chain-clock.ts";
import { useLoad } from "../chain/use-view.ts";
import { formatToken } from "../format/amount.ts";
import { formatChainTime, formatDuration } from "../format/time.ts";
import type { AssetInfo } from "../tx/holder-calls.ts";
import { type Column, DataTable } from "../ui/DataTable.tsx";
import { ErrorNote, Field, ProgressBar, Skeleton } from "../ui/primitives.tsx";

const PAGE = "rounds";

interface RoundsData {
  rounds: RoundView[];
  clock: ChainClock;
  assets: Assets;
}

/** Assets the round accepts, with the price of a whole token in each, tier by tier. */
function priceRows(round: RoundView, assets: Assets) {
  const accepted: { asset: AssetInfo; key: "price_near" | "price_ft" }[] = [];
  if (round.config.price_near !== null) accepted.push({ asset: assets.near, key: "price_near" });
  if (round.config.price_ft !== null && assets.stablecoin) accepted.push({ asset: assets.stablecoin, key: "price_ft" });
  const tiers = round.config.tiers.length
    ? round.config.tiers
    : [{ until_sold: round.config.hard_cap, price_near: round.config.price_near, price_ft: round.config.price_ft }];
  return { accepted, tiers };
}

function Countdown({ round, clock }: { round: RoundView; clock: ChainClock }) {
  const now = useChainNow(clock) ?? clock.nowNs;
  const start = BigInt(round.config.start_ns);
  const end = BigInt(round.config.end_ns);
  if (round.status === "upcoming" || now < start)
    return (
      <>
        opens in {formatDuration(start - now)} ({formatChainTime(start)})
      </>
    );
  if (round.status === "open" && now < end)
    return (
      <>
        closes in {formatDuration(end - now)} ({formatChainTime(end)})
      </>
    );
  return <>ended {formatChainTime(end)}</>;
}

export function RoundCard({ round, assets, clock }: { round: RoundView; assets: Assets; clock: ChainClock }) {
  const { token } = assets;
  const sold = BigInt(round.tokens_sold);
  const hardCap = BigInt(round.config.hard_cap);
  const softCap = BigInt(round.config.soft_cap);
  const { accepted, tiers } = priceRows(round, assets);
  const tierColumns: Column<(typeof tiers)[number]>[] = [
    { header: "until sold", cell: (tier) => formatToken(BigInt(tier.until_sold), token.decimals, token.symbol, 0) },
    ...accepted.map(({ asset, key }) => ({
      header: asset.symbol,
      cell: (tier: (typeof tiers)[number]) => {
        const price = tier[key];
        return price === null ? "—" : formatToken(BigInt(price), asset.decimals, asset.symbol, 6);
      },
    })),
  ];
  return (
    <section className="card" aria-labelledby={`round-${round.round_id}`} data-testid={`round-${round.round_id}`}>
      <h2 id={`round-${round.round_id}`}>
        {round.config.name} <span className={`status status-${round.status}`}>{round.status}</span>
      </h2>
      <p className="hint">
        <Countdown round={round} clock={clock} />
      </p>
      <p>
        Sold {formatToken(sold, token.decimals, token.symbol, 2)} of{" "}
        {formatToken(hardCap, token.decimals, token.symbol, 2)} (soft cap{" "}
        {formatToken(softCap, token.decimals, token.symbol, 2)}
        {round.soft_cap_reached ? ", reached" : ""})
      </p>
      <ProgressBar
        label={`${round.config.name}: tokens sold of the hard cap`}
        value={sold}
        max={hardCap}
        marks={[{ at: softCap, label: "soft cap" }]}
        testId={`progress-${round.round_id}`}
      />
      <DataTable
        caption={`Price of one ${token.symbol}`}
        columns={tierColumns}
        rows={tiers}
        rowKey={(tier) => tier.until_sold}
      />
      <dl className="fields">
        <Field label="Accepts" value={accepted.map(({ asset }) => asset.symbol).join(", ") || "nothing"} />
        <Field
          label="Who may buy"
          value={round.config.allowlist_root ? "allowlisted accounts only" : "anyone"}
          testId={`allowlist-${round.round_id}`}
        />
        <Field label="Buyers" value={String(round.buyers)} />
        {accepted.map(({ asset }) => (
          <Field
            key={asset.id}
            label={`Raised in ${asset.symbol}`}
            value={formatToken(BigInt(round.raised[asset.id] ?? "0"), asset.decimals, asset.symbol, 2)}
          />
        ))}
      </dl>
    </section>
  );
}

export async function loadRounds(
  reader: ReturnType<typeof useApp>["reader"],
  network: ReturnType<typeof useApp>["network"],
  page: string,
): Promise<RoundsData> {
  const [rounds, config, assets] = await Promise.all([
    reader.view<RoundView[]>(page, network.contracts.sale, "rounds", {}),
    reader.view<ContractConfigView>(page, network.contracts.sale, "contract_config"),
    loadAssets(reader, network, page),
  ]);
  return { rounds, clock: chainClock(config.now_ns), assets };
}

export function RoundsPage() {
  const { reader, network } = useApp();
  const { data } = useLoad(() => loadRounds(reader, network, PAGE), []);
  return (
    <>
      <h1>Rounds</h1>
      {data.state === "failed" && <ErrorNote>{data.error}</ErrorNote>}
      <div className="cards" aria-busy={data.state === "loading"}>
        {data.state === "loading" &&
          [0, 1].map((index) => (
            <section key={index} className="card skeleton-card" aria-hidden="true">
              <Skeleton lines={6} />
            </section>
          ))}
        {data.state === "ready" && data.value.rounds.length === 0 && <p>No round has been created yet.</p>}
        {data.state === "ready" &&
          data.value.rounds.map((round) => (
            <RoundCard key={round.round_id} round={round} assets={data.value.assets} clock={data.value.clock} />
          ))}
      </div>
    </>
  );
}
