/**
 * Paying a period's fees: the stage, the usage of the period (requests,
 * input and output tokens), the asset and the period length; the period's
 * id is derived from the chain's time with the provider client's own
 * periodIdOf, the router's `quote` is read and shown, and only then is the
 * payment planned (pay_fees in NEAR, ft_transfer_call in the stablecoin).
 */
import { useState } from "react";
import type { ProviderView, QuoteView } from "../../../contracts/fees/interface.ts";
import { periodIdOf, type Usage, usageJson } from "../../../scripts/lib/provider-period.ts";
import { useApp } from "../app-context.ts";
import type { Assets } from "../chain/assets.ts";
import { type ChainClock, useChainNow } from "../chain/chain-clock.ts";
import { formatToken } from "../format/amount.ts";
import { NS_PER_MS } from "../format/time.ts";
import { payFeesPlan } from "../tx/provider-calls.ts";
import { ErrorNote } from "../ui/primitives.tsx";
import { readCount } from "./register-form.ts";

const PERIODS = [
  { label: "hour", ms: 3_600_000 },
  { label: "day", ms: 86_400_000 },
];

interface Quoted {
  stage: number;
  periodId: string;
  usage: Usage;
  assetId: string;
  amount: bigint;
}

export function PayForm({
  page,
  feesId,
  provider,
  assets,
  clock,
  onDone,
}: {
  page: string;
  feesId: string;
  provider: ProviderView;
  assets: Assets;
  clock: ChainClock;
  onDone: () => void;
}) {
  const app = useApp();
  const now = useChainNow(clock) ?? clock.nowNs;
  const [stage, setStage] = useState(provider.stages[0]);
  const [requests, setRequests] = useState("");
  const [inputTokens, setInputTokens] = useState("");
  const [outputTokens, setOutputTokens] = useState("");
  const [assetId, setAssetId] = useState("near");
  const [periodMs, setPeriodMs] = useState(PERIODS[0].ms);
  const [quoted, setQuoted] = useState<Quoted | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const asset = assets.byId(assetId) ?? assets.near;
  const periodId = periodIdOf(stage, Number(now / NS_PER_MS), periodMs);

  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setQuoted(null);
    };

  const quote = async () => {
    setProblem(null);
    const counts = [
      readCount(requests, "Requests"),
      readCount(inputTokens, "Input tokens"),
      readCount(outputTokens, "Output tokens"),
    ];
    const bad = counts.find((count) => !count.ok);
    if (bad && !bad.ok) {
      setProblem(bad.error);
      return;
    }
    const [req, input, output] = counts.map((count) => (count.ok ? count.value : 0n));
    const usage: Usage = { requests: req, input_tokens: input, output_tokens: output };
    try {
      const view = await app.reader.view<QuoteView>(page, feesId, "quote", { stage, usage: usageJson(usage) });
      const price = asset.id === "near" ? view.near : view.stable;
      if (price === null) {
        setProblem(`Stage ${stage} has no price in ${asset.symbol}: pay in the other asset.`);
        return;
      }
      setQuoted({ stage, periodId, usage, assetId: asset.id, amount: BigInt(price) });
    } catch (error) {
      setProblem(`Could not read the quote: ${(error as Error).message}`);
    }
  };

  const pay = async () => {
    if (!quoted) return;
    const paying = assets.byId(quoted.assetId) ?? assets.near;
    const plan = payFeesPlan({
      feesId,
      stage: quoted.stage,
      periodId: quoted.periodId,
      usage: quoted.usage,
      asset: paying,
      amount: quoted.amount,
      quote: quoted.amount,
    });
    if (await app.sign(plan)) {
      setQuoted(null);
      onDone();
    }
  };

  return (
    <section className="card" aria-labelledby="pay-title">
      <h2 id="pay-title">Pay fees for a period</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          quote();
        }}
      >
        <label>
          Stage{" "}
          <select value={stage} onChange={(event) => changed(setStage)(Number(event.target.value))}>
            {provider.stages.map((served) => (
              <option key={served} value={served}>
                {served}
              </option>
            ))}
          </select>
        </label>
        <label>
          Period{" "}
          <select
            value={periodMs}
            onChange={(event) => changed(setPeriodMs)(Number(event.target.value))}
            data-testid="period-length"
          >
            {PERIODS.map((period) => (
              <option key={period.ms} value={period.ms}>
                this {period.label}
              </option>
            ))}
          </select>
        </label>
        <p className="hint">
          Period id{" "}
          <span className="mono" data-testid="period-id">
            {periodId}
          </span>
        </p>
        <label>
          Requests{" "}
          <input
            value={requests}
            onChange={(event) => changed(setRequests)(event.target.value)}
            inputMode="numeric"
            data-testid="usage-requests"
          />
        </label>
        <label>
          Input tokens{" "}
          <input
            value={inputTokens}
            onChange={(event) => changed(setInputTokens)(event.target.value)}
            inputMode="numeric"
            data-testid="usage-input"
          />
        </label>
        <label>
          Output tokens{" "}
          <input
            value={outputTokens}
            onChange={(event) => changed(setOutputTokens)(event.target.value)}
            inputMode="numeric"
            data-testid="usage-output"
          />
        </label>
        <label>
          Pay in{" "}
          <select value={assetId} onChange={(event) => changed(setAssetId)(event.target.value)}>
            {assets.money.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.symbol}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary" data-testid="quote-fees">
          Quote
        </button>
      </form>
      {quoted && (
        <div className="actions">
          <span data-testid="fees-quote">
            {formatToken(quoted.amount, asset.decimals, asset.symbol, 6)} for period {quoted.periodId}
          </span>
          <button type="button" onClick={pay} data-testid="pay-fees">
            Review payment
          </button>
        </div>
      )}
      {problem && <ErrorNote testId="pay-error">{problem}</ErrorNote>}
    </section>
  );
}
