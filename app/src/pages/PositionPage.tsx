/**
 * My position: the token balance, each purchase's vesting (chart, vested,
 * claimed, claimable now) and a claim button (a claim adds the token
 * registration first when the account lacks it); a round that failed shows
 * the refund due and its withdrawal instead.
 * Loads with 6 RPC calls: rounds, the sale's config (chain time), two
 * metadata, the sale account and the token holder.
 */
import type { ContractConfigView, PurchaseView, RoundView } from "../../../contracts/sale/interface.ts";
import { useApp } from "../app-context.ts";
import { type Assets, loadAssets } from "../chain/assets.ts";
import { loadHolder, tokenRegistration } from "../chain/holder.ts";
import { useLoad } from "../chain/use-view.ts";
import { formatToken } from "../format/amount.ts";
import { claimTokensPlan, refundPlan } from "../tx/holder-calls.ts";
import { ConnectPrompt, ErrorNote, Field, Skeleton } from "../ui/primitives.tsx";
import { VestingChart } from "../ui/VestingChart.tsx";

const PAGE = "position";

function PurchaseCard({
  purchase,
  round,
  assets,
  nowNs,
  onClaim,
  onRefund,
}: {
  purchase: PurchaseView;
  round: RoundView;
  assets: Assets;
  nowNs: bigint;
  onClaim: () => void;
  onRefund: () => void;
}) {
  const { token } = assets;
  const show = (value: string) => formatToken(BigInt(value), token.decimals, token.symbol);
  const claimable = BigInt(purchase.claimable);
  const settled = purchase.status === "successful";
  const refunding = purchase.status === "failed" || purchase.status === "cancelled";
  const refundDue = Object.entries(purchase.refund_due).filter(
    ([assetId, due]) => BigInt(due) > 0n && !purchase.refunded[assetId],
  );
  return (
    <section className="card" aria-labelledby={`purchase-${round.round_id}`} data-testid={`purchase-${round.round_id}`}>
      <h2 id={`purchase-${round.round_id}`}>
        {round.config.name} <span className={`status status-${purchase.status}`}>{purchase.status}</span>
      </h2>
      <dl className="fields">
        <Field label="Bought" value={show(purchase.tokens)} />
        <Field label="Vested" value={show(purchase.vested)} />
        <Field label="Claimed" value={show(purchase.claimed)} testId={`claimed-${round.round_id}`} />
        <Field label="Claimable now" value={show(purchase.claimable)} testId={`claimable-${round.round_id}`} />
        {Object.entries(purchase.paid).map(([assetId, paid]) => {
          const asset = assets.byId(assetId);
          return asset ? (
            <Field
              key={assetId}
              label={`Paid in ${asset.symbol}`}
              value={formatToken(BigInt(paid), asset.decimals, asset.symbol)}
            />
          ) : null;
        })}
      </dl>
      {!refunding && (
        <VestingChart
          label={`Vesting of ${round.config.name}`}
          total={BigInt(purchase.tokens)}
          claimed={BigInt(purchase.claimed)}
          nowNs={nowNs}
          terms={{
            start_ns: BigInt(round.config.end_ns),
            tge_bps: round.config.vesting.tge_bps,
            cliff_ns: BigInt(round.config.vesting.cliff_ns),
            duration_ns: BigInt(round.config.vesting.duration_ns),
          }}
        />
      )}
      {!settled && (
        <p className="hint">
          {purchase.status === "open" || purchase.status === "upcoming"
            ? "Tokens vest from the round's end, if it reaches its soft cap."
            : refundDue.length
              ? "This round did not succeed: what you paid is refundable."
              : "This round did not succeed; your payment was refunded."}
        </p>
      )}
      <div className="actions">
        {refunding && refundDue.length > 0 && (
          <button type="button" onClick={onRefund} data-testid={`refund-${round.round_id}`}>
            Withdraw refund
          </button>
        )}
        <button
          type="button"
          onClick={onClaim}
          disabled={!settled || claimable === 0n}
          data-testid={`claim-${round.round_id}`}
        >
          Claim {show(purchase.claimable)}
        </button>
      </div>
    </section>
  );
}

export function PositionPage() {
  const app = useApp();
  const { reader, network, accountId } = app;
  const { data, reload } = useLoad(async () => {
    if (!accountId) return null;
    const [rounds, config, assets, holder] = await Promise.all([
      reader.view<RoundView[]>(PAGE, network.contracts.sale, "rounds", {}),
      reader.view<ContractConfigView>(PAGE, network.contracts.sale, "contract_config"),
      loadAssets(reader, network, PAGE),
      loadHolder(reader, network, PAGE, accountId),
    ]);
    return { rounds, nowNs: BigInt(config.now_ns), assets, holder };
  }, [accountId]);

  if (!accountId && app.walletReady)
    return (
      <>
        <h1>My position</h1>
        <ConnectPrompt connect={app.connect} ready={app.walletReady} what="your tokens and vesting" />
      </>
    );
  if (data.state === "failed") return <ErrorNote>{data.error}</ErrorNote>;
  // Until the wallet has said who is connected, the page stays on its skeleton (no prompt flashing by).
  const ready = data.state === "ready" ? data.value : null;

  const claim = async (round: RoundView, purchase: PurchaseView) => {
    if (!ready || !accountId) return;
    const plan = claimTokensPlan({
      network,
      accountId,
      roundId: round.round_id,
      roundName: round.config.name,
      claimable: purchase.claimable,
      token: ready.assets.token,
      registrations: await tokenRegistration(reader, network, PAGE, ready.holder.holder),
    });
    if (await app.sign(plan)) reload();
  };

  const refund = async (round: RoundView, purchase: PurchaseView) => {
    if (!ready) return;
    const due = Object.entries(purchase.refund_due)
      .filter(([assetId, amount]) => BigInt(amount) > 0n && !purchase.refunded[assetId])
      .map(([assetId, amount]) => {
        const asset = ready.assets.byId(assetId);
        return asset ? formatToken(BigInt(amount), asset.decimals, asset.symbol) : `${amount} of ${assetId}`;
      });
    if (await app.sign(refundPlan({ network, roundId: round.round_id, roundName: round.config.name, due }))) reload();
  };

  return (
    <>
      <h1>My position</h1>
      <section className="card">
        <dl className="fields">
          <Field
            label="Token balance"
            value={
              ready
                ? formatToken(
                    BigInt(ready.holder.holder.balance),
                    ready.assets.token.decimals,
                    ready.assets.token.symbol,
                  )
                : undefined
            }
            testId="token-balance"
          />
          <Field label="Purchases" value={ready ? String(ready.holder.sale.purchases.length) : undefined} />
        </dl>
      </section>
      {!ready && (
        <section className="card skeleton-card" aria-busy="true">
          <Skeleton lines={6} />
        </section>
      )}
      {ready && ready.holder.sale.purchases.length === 0 && <p>You have bought nothing yet.</p>}
      {ready?.holder.sale.purchases.map((purchase) => {
        const round = ready.rounds.find((candidate) => candidate.round_id === purchase.round_id);
        return round ? (
          <PurchaseCard
            key={purchase.round_id}
            purchase={purchase}
            round={round}
            assets={ready.assets}
            nowNs={ready.nowNs}
            onClaim={() => claim(round, purchase)}
            onRefund={() => refund(round, purchase)}
          />
        ) : null;
      })}
    </>
  );
}
