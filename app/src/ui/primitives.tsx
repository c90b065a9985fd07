/**
 * Small building blocks shared by the pages. Skeletons have the size of what
 * they stand for (fixed width and height in CSS), so nothing moves when data
 * arrives; bars are plain elements with ARIA values, readable without colour.
 */
import type { ReactNode } from "react";
import { shareBps, formatBps } from "../format/amount.ts";

/** A placeholder of `lines` text lines of the given width ("short", "medium", "long"). */
export function Skeleton({ lines = 1, width = "long" }: { lines?: number; width?: "short" | "medium" | "long" }) {
  return (
    <span className="skeleton-group" aria-hidden="true">
      {Array.from({ length: lines }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical, fixed placeholders.
        <span key={index} className={`skeleton skeleton-${width}`} />
      ))}
    </span>
  );
}

/** A labelled value; `value` undefined shows a skeleton of the same height. */
export function Field({ label, value, testId }: { label: string; value: ReactNode | undefined; testId?: string }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value === undefined ? <Skeleton width="medium" /> : value}</dd>
    </div>
  );
}

export interface BarMark {
  at: bigint;
  label: string;
}

/** Progress of `value` to `max`, with marks (the soft cap) drawn on it. */
export function ProgressBar({
  label,
  value,
  max,
  marks = [],
  testId,
}: {
  label: string;
  value: bigint;
  max: bigint;
  marks?: BarMark[];
  testId?: string;
}) {
  const bps = shareBps(value, max);
  return (
    <div className="bar-block">
      <div
        className="bar"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={bps / 100}
        aria-valuetext={`${formatBps(bps)} of ${label}`}
        data-testid={testId}
      >
        <div className="bar-fill" style={{ width: `${bps / 100}%` }} />
        {marks.map((mark) => (
          <div
            key={mark.label}
            className="bar-mark"
            style={{ left: `${shareBps(mark.at, max) / 100}%` }}
            title={mark.label}
          />
        ))}
      </div>
    </div>
  );
}

/** An error sentence (role=alert so screen readers announce it). */
export function ErrorNote({ children, testId = "error" }: { children: ReactNode; testId?: string }) {
  return (
    <p className="error-note" role="alert" data-testid={testId}>
      {children}
    </p>
  );
}

/** Shown by pages that need a connected account. */
export function ConnectPrompt({ connect, what, ready }: { connect: () => void; what: string; ready: boolean }) {
  return (
    <div className="card connect-prompt">
      <p>Connect a wallet to see {what}.</p>
      <button type="button" onClick={connect} disabled={!ready}>
        Connect wallet
      </button>
    </div>
  );
}
