/**
 * The contributor's position from the vault's `contributor` view: per stage
 * the reward credited, vested, withdrawn and withdrawable with the date all
 * of it has vested, and the royalties claimable per asset; with the
 * withdraw_vested and claim_royalties transactions. The registrations those
 * payouts need (the token, the stablecoin) are read when the plan is built.
 */
import { useState } from "react";
import type { ContributorView } from "../../../contracts/vault/interface.ts";
import { useApp } from "../app-context.ts";
import type { Assets } from "../chain/assets.ts";
import { missingRegistration } from "../chain/storage-registration.ts";
import { formatBps, formatToken, shareBps } from "../format/amount.ts";
import { formatChainTime } from "../format/time.ts";
import { claimRoyaltiesPlan, withdrawVestedPlan } from "../tx/contributor-calls.ts";
import type { AssetInfo } from "../tx/holder-calls.ts";
import type { TxPlan } from "../tx/plan.ts";
import { ErrorNote, ProgressBar } from "../ui/primitives.tsx";

export function RewardsPanel({
  page,
  vaultId,
  me,
  assets,
  onDone,
}: {
  page: string;
  vaultId: string;
  me: ContributorView;
  assets: Assets;
  onDone: () => void;
}) {
  const app = useApp();
  const { token } = assets;
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const show = (value: string | bigint, asset: AssetInfo = token) =>
    formatToken(BigInt(value), asset.decimals, asset.symbol, 4);
  const withdrawable = BigInt(me.withdrawable);

  const run = async (build: () => Promise<TxPlan>) => {
    setBusy(true);
    setProblem(null);
    try {
      if (await app.sign(await build())) onDone();
    } catch (error) {
      setProblem(`Could not prepare the transaction: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  const payoutRegistration = (asset: AssetInfo) =>
    asset.id === "near"
      ? Promise.resolve([])
      : missingRegistration(app.reader, page, asset.id, me.account_id, `register on ${asset.symbol} to receive it`);

  const withdraw = () =>
    run(async () =>
      withdrawVestedPlan({
        vaultId,
        accountId: me.account_id,
        withdrawable,
        token,
        registrations: await payoutRegistration(token),
      }),
    );
  const claimRoyalties = (asset: AssetInfo, claimable: bigint) =>
    run(async () =>
      claimRoyaltiesPlan({
        vaultId,
        accountId: me.account_id,
        asset,
        claimable,
        registrations: await payoutRegistration(asset),
      }),
    );

  const royalties = Object.entries(me.royalties)
    .map(([id, amount]) => ({ asset: assets.byId(id), amount: BigInt(amount) }))
    .filter((entry): entry is { asset: AssetInfo; amount: bigint } => entry.asset !== undefined);

  return (
    <section className="card" aria-labelledby="rewards-title" data-testid="my-rewards">
      <h2 id="rewards-title">My rewards</h2>
      {me.stages.length === 0 && <p>No reward claimed yet: load your proofs below and claim an epoch.</p>}
      {me.stages.map((stage) => (
        <div key={stage.stage} data-testid={`my-stage-${stage.stage}`}>
          <h3>Stage {stage.stage}</h3>
          <p>
            {show(stage.reward)} credited for {stage.points} points over {stage.epochs_claimed} epoch(s);{" "}
            {show(stage.vested)} vested, {show(stage.withdrawn)} withdrawn; fully vested{" "}
            {formatChainTime(BigInt(stage.fully_vested_at_ns))}.
          </p>
          <ProgressBar
            label={`stage ${stage.stage}: vested of the reward`}
            value={BigInt(stage.vested)}
            max={BigInt(stage.reward)}
          />
          {BigInt(stage.reward) > 0n && (
            <p className="hint">{formatBps(shareBps(BigInt(stage.vested), BigInt(stage.reward)))} vested</p>
          )}
        </div>
      ))}
      <div className="actions">
        <span data-testid="withdrawable">Withdrawable now: {show(withdrawable)}</span>
        <button type="button" onClick={withdraw} disabled={busy || withdrawable === 0n} data-testid="withdraw-vested">
          Withdraw vested
        </button>
      </div>
      {royalties.length === 0 && <p className="hint">No royalties yet.</p>}
      {royalties.map(({ asset, amount }) => (
        <div className="actions" key={asset.id}>
          <span data-testid={`royalties-${asset.symbol}`}>
            Royalties in {asset.symbol}: {show(amount, asset)}
          </span>
          <button type="button" onClick={() => claimRoyalties(asset, amount)} disabled={busy || amount === 0n}>
            Claim {asset.symbol} royalties
          </button>
        </div>
      ))}
      {problem && <ErrorNote>{problem}</ErrorNote>}
    </section>
  );
}
