/**
 * The vault's stages and their epochs, readable without a wallet: pool and
 * rewards per stage, and per epoch its status (submitted and waiting for
 * quorum, vetoed, in its challenge window with a chain-time countdown,
 * claimable, expired), the attestors' submissions and what was claimed.
 */
import type { EpochView, StageView } from "../../../contracts/vault/interface.ts";
import { type ChainClock, useChainNow } from "../chain/chain-clock.ts";
import { formatToken } from "../format/amount.ts";
import { formatChainTime, formatDuration } from "../format/time.ts";
import type { AssetInfo } from "../tx/holder-calls.ts";
import { type Column, DataTable } from "../ui/DataTable.tsx";
import { Field } from "../ui/primitives.tsx";

/** The epoch's status in words; "challenge" carries the time left before claims open. */
function EpochStatus({ epoch, clock }: { epoch: EpochView; clock: ChainClock }) {
  const now = useChainNow(clock) ?? clock.nowNs;
  switch (epoch.status) {
    case "pending":
      return <>submitted ({epoch.submissions.length} submission(s), waiting for quorum)</>;
    case "vetoed":
      return <>vetoed{epoch.last_veto?.reason ? `: ${epoch.last_veto.reason}` : ""}</>;
    case "challenge": {
      const opens = BigInt(epoch.claimable_at_ns ?? "0");
      return (
        <>
          accepted, challenge window: claimable in {formatDuration(opens - now)} ({formatChainTime(opens)})
        </>
      );
    }
    case "claimable":
      return <>accepted, claimable</>;
    default:
      return <>{epoch.status}</>;
  }
}

export function StagesPanel({
  stages,
  epochs,
  clock,
  token,
}: {
  stages: StageView[];
  epochs: Map<number, EpochView[]>;
  clock: ChainClock;
  token: AssetInfo;
}) {
  const show = (value: string | null | undefined) => formatToken(BigInt(value ?? "0"), token.decimals, token.symbol, 2);
  const epochColumns: Column<EpochView>[] = [
    { header: "epoch", cell: (epoch) => epoch.epoch },
    { header: "status", cell: (epoch) => <EpochStatus epoch={epoch} clock={clock} /> },
    { header: "reward", cell: (epoch) => show(epoch.reward) },
    {
      header: "claimed",
      cell: (epoch) =>
        `${epoch.claimed_leaves} of ${epoch.leaf_count ?? "?"} contributors (${show(epoch.claimed_amount)})`,
    },
  ];
  if (stages.length === 0) return <p>No stage of the vault is configured yet.</p>;
  return (
    <div className="cards">
      {stages.map((stage) => {
        return (
          <section
            key={stage.stage}
            className="card"
            aria-labelledby={`stage-${stage.stage}`}
            data-testid={`stage-${stage.stage}`}
          >
            <h2 id={`stage-${stage.stage}`}>
              Stage {stage.stage} <span className={`status status-${stage.status}`}>{stage.status}</span>
            </h2>
            <dl className="fields">
              <Field label="Reward per epoch" value={show(stage.config?.epoch_reward)} />
              <Field label="Epochs accepted" value={`${stage.accepted_epochs} of ${stage.config?.epochs ?? "?"}`} />
              <Field label="Pool left" value={show(stage.pool)} />
              <Field label="Reserved for claims" value={show(stage.reserved)} />
              <Field label="Claimed" value={show(stage.claimed)} />
              <Field
                label="Claims close"
                value={stage.config ? formatChainTime(BigInt(stage.config.claim_deadline_ns)) : "—"}
              />
            </dl>
            <DataTable
              caption="Epochs"
              columns={epochColumns}
              rows={epochs.get(stage.stage) ?? []}
              rowKey={(epoch) => epoch.epoch}
              rowTestId={(epoch) => `epoch-${stage.stage}-${epoch.epoch}`}
              empty="No epoch submitted yet."
            />
          </section>
        );
      })}
    </div>
  );
}
