/**
 * The router's price list, readable without a wallet: per priced stage, the
 * price in force and any announced change with the chain time it takes
 * effect, in NEAR and the stablecoin (per million input and output tokens,
 * per request).
 */
import { Fragment } from "react";
import type { AssetPriceJson, PricesView, PriceScheduleView } from "../../../contracts/fees/interface.ts";
import type { Assets } from "../chain/assets.ts";
import { formatToken } from "../format/amount.ts";
import { formatChainTime } from "../format/time.ts";
import type { AssetInfo } from "../tx/holder-calls.ts";

function PriceCells({ price, asset }: { price: AssetPriceJson | null; asset: AssetInfo | null }) {
  if (!price || !asset) return <td colSpan={3}>—</td>;
  const show = (value: string) => formatToken(BigInt(value), asset.decimals, asset.symbol, 6);
  return (
    <>
      <td>{show(price.per_million_input)}</td>
      <td>{show(price.per_million_output)}</td>
      <td>{show(price.per_request)}</td>
    </>
  );
}

function ScheduleRows({
  stage,
  label,
  schedule,
  assets,
}: {
  stage: number;
  label: string;
  schedule: PriceScheduleView;
  assets: Assets;
}) {
  const rows: [string, AssetPriceJson | null, AssetInfo | null][] = [
    ["near", schedule.near, assets.near],
    ["stable", schedule.stable, assets.stablecoin],
  ];
  return (
    <>
      {rows
        .filter(([, price]) => price !== null)
        .map(([key, price, asset]) => (
          <tr key={`${stage}-${label}-${key}`} data-testid={`price-${stage}-${label}-${key}`}>
            <td>{stage}</td>
            <td>
              {label}
              {label === "scheduled" ? ` from ${formatChainTime(BigInt(schedule.effective_at_ns))}` : ""}
            </td>
            <td>{asset?.symbol ?? key}</td>
            <PriceCells price={price} asset={asset} />
          </tr>
        ))}
    </>
  );
}

export function PricesPanel({ prices, assets }: { prices: PricesView[]; assets: Assets }) {
  const priced = prices.filter((entry) => entry.effective || entry.scheduled);
  return (
    <section className="card" aria-labelledby="prices-title">
      <h2 id="prices-title">Price list</h2>
      {priced.length === 0 ? (
        <p>No stage has a price yet.</p>
      ) : (
        <table className="tiers">
          <thead>
            <tr>
              <th scope="col">stage</th>
              <th scope="col">price</th>
              <th scope="col">asset</th>
              <th scope="col">per million input</th>
              <th scope="col">per million output</th>
              <th scope="col">per request</th>
            </tr>
          </thead>
          <tbody>
            {priced.map((entry) => (
              <Fragment key={entry.stage}>
                {entry.effective && (
                  <ScheduleRows stage={entry.stage} label="current" schedule={entry.effective} assets={assets} />
                )}
                {entry.scheduled && (
                  <ScheduleRows stage={entry.stage} label="scheduled" schedule={entry.scheduled} assets={assets} />
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
