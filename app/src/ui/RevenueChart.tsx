/**
 * Where each revenue asset stands, as horizontal SVG bars on one scale per
 * asset: distributed to holders in total, of it claimed (and reinvested),
 * and what is still streaming. Amounts are bigint; only the bar lengths are
 * turned into pixels, through basis points.
 */
import type { AssetStats } from "../../../contracts/token/interface.ts";
import { formatToken, shareBps } from "../format/amount.ts";
import type { AssetInfo } from "../tx/holder-calls.ts";

const WIDTH = 600;
const ROW = 26;
const LABEL = 150;

export function RevenueChart({ stats, asset }: { stats: AssetStats; asset: AssetInfo }) {
  const distributed = BigInt(stats.total_distributed);
  const rows: [string, bigint][] = [
    ["distributed", distributed],
    ["claimed", BigInt(stats.total_claimed)],
    ["reinvested", BigInt(stats.total_reinvested)],
    ["still streaming", BigInt(stats.streaming)],
  ];
  const max = rows.reduce((top, [, value]) => (value > top ? value : top), 0n);
  const show = (value: bigint) => formatToken(value, asset.decimals, asset.symbol, 4);
  return (
    <figure>
      <svg
        className="chart"
        style={{ height: `${rows.length * ROW + 8}px` }}
        viewBox={`0 0 ${WIDTH} ${rows.length * ROW + 8}`}
        role="img"
        aria-label={`${asset.symbol} revenue: ${rows.map(([label, value]) => `${label} ${show(value)}`).join(", ")}`}
      >
        {rows.map(([label, value], index) => (
          <g key={label} transform={`translate(0 ${index * ROW + 4})`}>
            <text x={0} y={15}>
              {label}
            </text>
            <rect
              x={LABEL}
              y={3}
              width={((WIDTH - LABEL - 140) * shareBps(value, max)) / 10_000}
              height={16}
              fill="var(--accent)"
              rx={3}
            />
            <text x={WIDTH - 135} y={15}>
              {show(value)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
