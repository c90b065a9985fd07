/**
 * A purchase's vesting schedule as an SVG line: the share vested over chain
 * time, the claimed share, and now. The curve's corners are computed with
 * the sale's own vesting function (contracts/sale/vesting.ts, pure), and the
 * schedule is piecewise linear between them, so the drawing is the contract's
 * schedule, not an approximation of it.
 */
import { vestedAmount, type VestingTerms } from "../../../contracts/sale/vesting.ts";
import { formatBps, shareBps } from "../format/amount.ts";
import { formatChainTime } from "../format/time.ts";

const WIDTH = 600;
const HEIGHT = 200;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };
const DAY_NS = 86_400_000_000_000n;

export interface VestingChartProps {
  total: bigint;
  claimed: bigint;
  terms: VestingTerms;
  nowNs: bigint;
  label: string;
}

export function VestingChart({ total, claimed, terms, nowNs, label }: VestingChartProps) {
  const fullAt = terms.start_ns + terms.cliff_ns + terms.duration_ns;
  const span = fullAt - terms.start_ns > DAY_NS ? fullAt - terms.start_ns : DAY_NS;
  const from = terms.start_ns - span / 10n;
  const to = (fullAt > terms.start_ns ? fullAt : terms.start_ns + DAY_NS) + span / 10n;
  const x = (ns: bigint) => {
    const clamped = ns < from ? from : ns > to ? to : ns;
    return PAD.left + (Number(((clamped - from) * 10_000n) / (to - from)) / 10_000) * (WIDTH - PAD.left - PAD.right);
  };
  const y = (bps: number) => HEIGHT - PAD.bottom - (bps / 10_000) * (HEIGHT - PAD.top - PAD.bottom);
  const corners = [from, terms.start_ns - 1n, terms.start_ns, terms.start_ns + terms.cliff_ns, fullAt, to];
  const points = corners
    .map((ns) => `${x(ns).toFixed(1)},${y(shareBps(vestedAmount(total, terms, ns), total)).toFixed(1)}`)
    .join(" ");
  const claimedBps = shareBps(claimed, total);
  const vestedNowBps = shareBps(vestedAmount(total, terms, nowNs), total);
  return (
    <figure>
      <svg
        className="chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${label}: ${formatBps(vestedNowBps)} vested now, ${formatBps(claimedBps)} claimed; fully vested ${formatChainTime(fullAt)}`}
      >
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} stroke="currentColor" strokeOpacity="0.3" />
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={y(10_000)}
          y2={y(10_000)}
          stroke="currentColor"
          strokeOpacity="0.15"
        />
        <text x={4} y={y(10_000) + 4}>
          100%
        </text>
        <text x={4} y={y(0) + 4}>
          0%
        </text>
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={y(claimedBps)}
          y2={y(claimedBps)}
          stroke="var(--ok)"
          strokeDasharray="4 4"
        />
        <polyline points={points} fill="none" stroke="var(--accent)" strokeWidth="2.5" />
        <line x1={x(nowNs)} x2={x(nowNs)} y1={PAD.top} y2={y(0)} stroke="var(--text)" strokeDasharray="2 3" />
        <text x={Math.min(x(nowNs) + 4, WIDTH - 40)} y={PAD.top + 10}>
          now
        </text>
        <text x={x(terms.start_ns)} y={HEIGHT - 8} textAnchor="middle">
          {formatChainTime(terms.start_ns).slice(0, 10)}
        </text>
        {fullAt > terms.start_ns && (
          <text x={x(fullAt)} y={HEIGHT - 8} textAnchor="middle">
            {formatChainTime(fullAt).slice(0, 10)}
          </text>
        )}
      </svg>
      <figcaption className="hint">
        Vested share over time (line), claimed share (dashed), now (dotted). Fully vested {formatChainTime(fullAt)}.
      </figcaption>
    </figure>
  );
}
