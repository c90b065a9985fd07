/**
 * The history of revenue distributions of one asset as SVG bars over chain
 * time: each bar sums the distributions of its time bucket, the vertical
 * axis has round ticks labelled in the asset (format/amount.ts), the
 * horizontal axis names the first and last bucket's times. The figure has
 * one fixed size whether loading (HistoryChartSkeleton), empty (a sentence)
 * or drawn, so nothing moves when the history arrives.
 */
import { formatToken } from "../format/amount.ts";
import { formatChainTime } from "../format/time.ts";
import type { AssetInfo } from "../tx/holder-calls.ts";
import { Skeleton } from "../ui/primitives.tsx";
import { bucketize, type Distribution, niceScale, scaleTo } from "./history.ts";

const WIDTH = 600;
const HEIGHT = 200;
const AXIS = 110;
const BOTTOM = 24;
const TOP = 8;
const BUCKETS = 12;
const PLOT_HEIGHT = HEIGHT - BOTTOM - TOP;

/** The chart's place while its asset or history is not known yet: the same size, caption line included. */
export function HistoryChartSkeleton() {
  return (
    <figure aria-busy="true">
      <figcaption className="hint">
        <Skeleton width="medium" />
      </figcaption>
      <div className="chart skeleton" aria-hidden="true" />
    </figure>
  );
}

export function HistoryChart({ asset, distributions }: { asset: AssetInfo; distributions: Distribution[] }) {
  const show = (value: bigint, digits = 4) => formatToken(value, asset.decimals, asset.symbol, digits);
  const buckets = bucketize(distributions, BUCKETS);
  const total = distributions.reduce((sum, entry) => sum + entry.amount, 0n);
  const scale = niceScale(
    buckets.reduce((high, bucket) => (bucket.total > high ? bucket.total : high), 0n),
    asset.decimals,
  );
  const slot = buckets.length ? (WIDTH - AXIS) / buckets.length : 0;
  const label =
    distributions.length === 0
      ? `${asset.symbol}: no distribution yet`
      : `${asset.symbol}: ${distributions.length} distribution(s) totalling ${show(total)}, from ${formatChainTime(buckets[0].fromNs)} to ${formatChainTime(buckets[buckets.length - 1].toNs)}`;
  return (
    <figure data-testid={`history-${asset.symbol}`}>
      <figcaption className="hint">{asset.symbol} distributed to holders over time</figcaption>
      <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label}>
        {distributions.length === 0 ? (
          <text x={WIDTH / 2} y={HEIGHT / 2} textAnchor="middle">
            No distribution yet.
          </text>
        ) : (
          <>
            {scale.ticks.map((tick) => {
              const y = TOP + PLOT_HEIGHT - scaleTo(tick, scale.top, PLOT_HEIGHT);
              return (
                <g key={tick.toString()}>
                  <line x1={AXIS} x2={WIDTH} y1={y} y2={y} stroke="var(--bar)" />
                  <text x={AXIS - 6} y={y + 4} textAnchor="end">
                    {show(tick, scale.fractionDigits)}
                  </text>
                </g>
              );
            })}
            {buckets.map((bucket, index) => {
              const height = scaleTo(bucket.total, scale.top, PLOT_HEIGHT);
              return (
                <rect
                  key={bucket.fromNs.toString()}
                  x={AXIS + index * slot + slot * 0.15}
                  y={TOP + PLOT_HEIGHT - height}
                  width={slot * 0.7}
                  height={height}
                  fill="var(--accent)"
                  rx={2}
                >
                  <title>
                    {formatChainTime(bucket.fromNs)}: {show(bucket.total)} in {bucket.count} distribution(s)
                  </title>
                </rect>
              );
            })}
            <text x={AXIS} y={HEIGHT - 6}>
              {formatChainTime(buckets[0].fromNs)}
            </text>
            <text x={WIDTH} y={HEIGHT - 6} textAnchor="end">
              {formatChainTime(buckets[buckets.length - 1].toNs)}
            </text>
          </>
        )}
      </svg>
    </figure>
  );
}
