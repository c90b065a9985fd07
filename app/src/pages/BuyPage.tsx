/**
 * Buying tokens in an open round with NEAR or the stablecoin. The amount is
 * typed as decimal text and read with bigint math; the sale's `quote` view
 * shows what it buys (tokens, cost, refund, storage fee) before anything is
 * signed; the review lists the storage registrations a first purchase and a
 * later claim need, then the purchase itself.
 * Loads with 7 RPC calls with a wallet (rounds, two metadata, NEAR and
 * stablecoin balances, the sale account, the token holder), 3 without.
 */
import { useEffect, useState } from "react";
import type { PurchaseResult, RoundView } from "../../../contracts/sale/interface.ts";
import { useApp } from "../app-context.ts";
import { loadAssets } from "../chain/assets.ts";
import { loadBalances, loadHolder, saleRegistration, tokenRegistration } from "../chain/holder.ts";
import { useLoad } from "../chain/use-view.ts";
import { formatToken, parseAmount } from "../format/amount.ts";
import { buyPlan } from "../tx/holder-calls.ts";
import { planDeposit } from "../tx/plan.ts";
import { ConnectPrompt, ErrorNote, Field, Skeleton } from "../ui/primitives.tsx";

const PAGE = "buy";
const QUOTE_DELAY_MS = 300;

type QuoteState =
  | { state: "idle" }
  | { state: "loading" }
  | { state: "ready"; quote: PurchaseResult }
  | { state: "failed"; error: string };

export function BuyPage() {
  const app = useApp();
  const { reader, network, accountId } = app;
  // What every visitor sees, and what only the connected account sees, load separately: the wallet connects
  // after the first paint, and the rounds are not read twice for it.
  const { data, reload } = useLoad(async () => {
    const [rounds, assets] = await Promise.all([
      reader.view<RoundView[]>(PAGE, network.contracts.sale, "rounds", {}),
      loadAssets(reader, network, PAGE),
    ]);
    return { open: rounds.filter((round) => round.status === "open"), assets };
  }, []);
  const { data: mine, reload: reloadMine } = useLoad(
    async () =>
      accountId
        ? Promise.all([loadBalances(reader, network, PAGE, accountId), loadHolder(reader, network, PAGE, accountId)])
        : null,
    [accountId],
  );

  const [roundId, setRoundId] = useState<number | null>(null);
  const [assetId, setAssetId] = useState("near");
  const [amountText, setAmountText] = useState("");
  const [quote, setQuote] = useState<QuoteState>({ state: "idle" });
  const [reviewError, setReviewError] = useState<string | null>(null);

  const ready = data.state === "ready" ? data.value : null;
  const account = mine.state === "ready" ? mine.value : null;
  const round = ready?.open.find((candidate) => candidate.round_id === roundId) ?? ready?.open[0];
  const asset = ready?.assets.byId(assetId) ?? ready?.assets.near;
  const parsed = asset ? parseAmount(amountText, asset.decimals, asset.symbol) : null;
  const amount = parsed?.ok ? parsed.value : null;
  const accepts = (id: string) =>
    round ? (id === "near" ? round.config.price_near !== null : round.config.price_ft !== null) : false;

  useEffect(() => {
    if (!round || !asset || amount === null || amount === 0n) {
      setQuote({ state: "idle" });
      return;
    }
    setQuote({ state: "loading" });
    let live = true;
    const timer = setTimeout(() => {
      reader
        .view<PurchaseResult>(PAGE, network.contracts.sale, "quote", {
          round_id: round.round_id,
          asset: asset.id,
          amount: amount.toString(),
          account_id: accountId,
        })
        .then(
          (result) => live && setQuote({ state: "ready", quote: result }),
          (error: Error) => live && setQuote({ state: "failed", error: error.message }),
        );
    }, QUOTE_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [round, asset, amount, accountId, reader, network]);

  if (data.state === "failed") return <ErrorNote>{data.error}</ErrorNote>;

  const balance = account ? (asset?.id === "near" ? account[0].near : (account[0].stablecoin ?? 0n)) : undefined;
  const overBalance = amount !== null && balance !== undefined && amount > balance;
  const quoteReady = quote.state === "ready" ? quote.quote : null;

  const review = async () => {
    if (!ready || !account || !round || !asset || amount === null || !quoteReady || !accountId) return;
    setReviewError(null);
    try {
      const [balances, holderState] = account;
      const registrations = [
        ...(asset.id === "near" ? [] : await saleRegistration(reader, network, PAGE, holderState.sale, round.round_id)),
        ...(await tokenRegistration(reader, network, PAGE, holderState.holder)),
      ];
      const plan = buyPlan({
        network,
        accountId,
        roundId: round.round_id,
        roundName: round.config.name,
        asset,
        token: ready.assets.token,
        amount,
        quote: quoteReady,
        registrations,
      });
      if (asset.id === "near" && planDeposit(plan) > balances.near) {
        setReviewError("Your account does not hold enough NEAR for this payment and the storage deposits.");
        return;
      }
      const outcomes = await app.sign(plan);
      if (outcomes) {
        setAmountText("");
        reload();
        reloadMine();
      }
    } catch (error) {
      setReviewError(`Could not prepare the purchase: ${(error as Error).message}`);
    }
  };

  return (
    <>
      <h1>Buy</h1>
      {!ready && (
        <section className="card skeleton-card" aria-busy="true">
          <Skeleton lines={6} />
        </section>
      )}
      {ready && ready.open.length === 0 && (
        <p data-testid="no-open-round">No round is open right now: see Rounds for the next one.</p>
      )}
      {ready && round && asset && (
        <section className="card">
          <label htmlFor="buy-round">Round</label>
          <select id="buy-round" value={round.round_id} onChange={(event) => setRoundId(Number(event.target.value))}>
            {ready.open.map((candidate) => (
              <option key={candidate.round_id} value={candidate.round_id}>
                {candidate.config.name}
              </option>
            ))}
          </select>
          <fieldset>
            <legend>Pay with</legend>
            {[ready.assets.near, ...(ready.assets.stablecoin ? [ready.assets.stablecoin] : [])].map((candidate) => (
              <label key={candidate.id}>
                <input
                  type="radio"
                  name="asset"
                  value={candidate.id}
                  checked={asset.id === candidate.id}
                  disabled={!accepts(candidate.id)}
                  onChange={() => setAssetId(candidate.id)}
                />
                {candidate.symbol}
                {accepts(candidate.id) ? "" : " (not accepted)"}
              </label>
            ))}
          </fieldset>
          <label htmlFor="buy-amount">Amount ({asset.symbol})</label>
          <input
            id="buy-amount"
            inputMode="decimal"
            autoComplete="off"
            value={amountText}
            onChange={(event) => setAmountText(event.target.value)}
            aria-describedby="buy-amount-hint"
            data-testid="buy-amount"
          />
          <p id="buy-amount-hint" className="hint" data-testid="buy-hint">
            {amountText && parsed && !parsed.ok
              ? parsed.error
              : overBalance
                ? `You hold only ${formatToken(balance ?? 0n, asset.decimals, asset.symbol)}.`
                : balance !== undefined
                  ? `Balance: ${formatToken(balance, asset.decimals, asset.symbol)}`
                  : ""}
          </p>
          <dl className="fields" aria-live="polite" data-testid="quote">
            <Field
              label="You receive"
              value={
                quote.state === "idle"
                  ? "—"
                  : quoteReady
                    ? formatToken(BigInt(quoteReady.tokens), ready.assets.token.decimals, ready.assets.token.symbol)
                    : undefined
              }
              testId="quote-tokens"
            />
            <Field
              label="Cost"
              value={
                quote.state === "idle"
                  ? "—"
                  : quoteReady
                    ? formatToken(BigInt(quoteReady.cost), asset.decimals, asset.symbol)
                    : undefined
              }
            />
            <Field
              label="Refunded at once"
              value={
                quote.state === "idle"
                  ? "—"
                  : quoteReady
                    ? formatToken(BigInt(quoteReady.refund), asset.decimals, asset.symbol)
                    : undefined
              }
              testId="quote-refund"
            />
            <Field
              label="Storage fee"
              value={
                quote.state === "idle"
                  ? "—"
                  : quoteReady
                    ? formatToken(BigInt(quoteReady.storage_fee), asset.decimals, asset.symbol, 6)
                    : undefined
              }
            />
          </dl>
          {quoteReady && BigInt(quoteReady.refund) > 0n && (
            <p className="hint" data-testid="refund-explained">
              The round's hard cap or your per-account limit leaves room for less than you pay: the rest comes back to
              you in the same transaction.
            </p>
          )}
          {quote.state === "failed" && <ErrorNote testId="quote-error">No quote: {quote.error}</ErrorNote>}
          {reviewError && <ErrorNote testId="review-error">{reviewError}</ErrorNote>}
          {accountId ? (
            <div className="actions">
              <button
                type="button"
                onClick={review}
                disabled={!quoteReady || overBalance || BigInt(quoteReady.tokens) === 0n}
                data-testid="buy-review"
              >
                Review purchase
              </button>
            </div>
          ) : (
            <ConnectPrompt connect={app.connect} ready={app.walletReady} what="your balances and buy" />
          )}
        </section>
      )}
    </>
  );
}
