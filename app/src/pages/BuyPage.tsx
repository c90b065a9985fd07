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
import { usePageData } from "../chain/use-view.ts";
import { formatToken, parseAmount } from "../format/amount.ts";
import { type AssetInfo, buyPlan } from "../tx/holder-calls.ts";
import { planDeposit } from "../tx/plan.ts";
import { AmountInput, RoundSelect } from "../ui/forms.tsx";
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
  const {
    data,
    me: account,
    refresh,
  } = usePageData(
    async () => {
      const [rounds, assets] = await Promise.all([
        reader.view<RoundView[]>(PAGE, network.contracts.sale, "rounds", {}),
        loadAssets(reader, network, PAGE),
      ]);
      return { open: rounds.filter((round) => round.status === "open"), assets };
    },
    async () =>
      accountId
        ? Promise.all([loadBalances(reader, network, PAGE, accountId), loadHolder(reader, network, PAGE, accountId)])
        : null,
    accountId,
  );

  const [roundId, setRoundId] = useState<number | null>(null);
  const [assetId, setAssetId] = useState("near");
  const [amountText, setAmountText] = useState("");
  const [quote, setQuote] = useState<QuoteState>({ state: "idle" });
  const [reviewError, setReviewError] = useState<string | null>(null);

  const ready = data.state === "ready" ? data.value : null;
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
  /** A figure of the quote: a dash before any amount is typed, a skeleton while the sale is asked. */
  const quoted = (pick: (result: PurchaseResult) => string, info: AssetInfo, digits?: number) =>
    quote.state === "idle"
      ? "—"
      : quoteReady
        ? formatToken(BigInt(pick(quoteReady)), info.decimals, info.symbol, digits)
        : undefined;

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
        refresh();
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
          <RoundSelect id="buy-round" rounds={ready.open} value={round.round_id} onChange={setRoundId} />
          <fieldset>
            <legend>Pay with</legend>
            {ready.assets.money.map((candidate) => (
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
          <AmountInput
            id="buy-amount"
            label={`Amount (${asset.symbol})`}
            value={amountText}
            onChange={setAmountText}
            testId="buy-amount"
            hintTestId="buy-hint"
            hint={
              amountText && parsed && !parsed.ok
                ? parsed.error
                : overBalance
                  ? `You hold only ${formatToken(balance ?? 0n, asset.decimals, asset.symbol)}.`
                  : balance !== undefined
                    ? `Balance: ${formatToken(balance, asset.decimals, asset.symbol)}`
                    : ""
            }
          />
          <dl className="fields" aria-live="polite" data-testid="quote">
            <Field
              label="You receive"
              value={quoted((result) => result.tokens, ready.assets.token)}
              testId="quote-tokens"
            />
            <Field label="Cost" value={quoted((result) => result.cost, asset)} />
            <Field label="Refunded at once" value={quoted((result) => result.refund, asset)} testId="quote-refund" />
            <Field label="Storage fee" value={quoted((result) => result.storage_fee, asset, 6)} />
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
