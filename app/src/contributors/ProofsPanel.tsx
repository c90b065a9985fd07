/**
 * The contributor's proofs: loaded from proofs.json files (input type=file,
 * several at once) or a URL, checked (contributors/proofs.ts), listed with
 * the reward each would credit and whether it is already claimed (the
 * vault's `claimed` view, read when proofs are loaded, not on page load),
 * and claimed one by one or all together with `claim_batch`. Each proof is
 * verified against its epoch's accepted root before the plan is built
 * (verify-proof.ts), so a wrong file is refused with nothing sent.
 */
import { useState } from "react";
import type { EpochView } from "../../../contracts/vault/interface.ts";
import { useApp } from "../app-context.ts";
import { missingRegistration } from "../chain/storage-registration.ts";
import { useLoad } from "../chain/use-view.ts";
import { formatToken } from "../format/amount.ts";
import { claimEpochsPlan } from "../tx/contributor-calls.ts";
import type { AssetInfo } from "../tx/holder-calls.ts";
import { type Column, DataTable } from "../ui/DataTable.tsx";
import { ErrorNote } from "../ui/primitives.tsx";
import { type EpochProof, mergeProofs, readProofs, rewardOf } from "./proofs.ts";
import { proofMatchesRoot } from "./verify-proof.ts";

export function ProofsPanel({
  page,
  vaultId,
  accountId,
  epochs,
  token,
  maxBatch,
  onClaimed,
}: {
  page: string;
  vaultId: string;
  accountId: string;
  epochs: Map<number, EpochView[]>;
  token: AssetInfo;
  /** Most claims one claim_batch takes (the vault's max_batch_claims). */
  maxBatch: number;
  onClaimed: () => void;
}) {
  const app = useApp();
  const [proofs, setProofs] = useState<EpochProof[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [url, setUrl] = useState("");
  const [busy, setBusy] = useState(false);

  const { data: claimed, reload } = useLoad(
    () =>
      Promise.all(
        proofs.map((proof) =>
          app.reader.view<boolean>(page, vaultId, "claimed", {
            stage: proof.stage,
            epoch: proof.epoch,
            leaf_index: proof.leaf_index,
          }),
        ),
      ),
    [proofs],
  );

  const add = (text: string, source: string) => {
    const read = readProofs(text, accountId, source);
    if (!read.ok) {
      setProblem(read.error);
      return;
    }
    setProblem(null);
    setProofs((current) => mergeProofs(current, read.proofs));
  };
  const fromFiles = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) add(await file.text(), file.name);
  };
  const fromUrl = async () => {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      add(await response.text(), url);
    } catch (error) {
      setProblem(`Could not load ${url}: ${(error as Error).message}.`);
    }
  };

  const epochOf = (proof: EpochProof) => epochs.get(proof.stage)?.find((epoch) => epoch.epoch === proof.epoch);
  const rewardFor = (proof: EpochProof) => {
    const epoch = epochOf(proof);
    return epoch ? rewardOf(BigInt(epoch.reward), BigInt(proof.points), BigInt(epoch.total_points ?? "0")) : 0n;
  };
  const isClaimed = (index: number) => claimed.state === "ready" && claimed.value[index] === true;
  const open = proofs.filter((proof, index) => epochOf(proof)?.status === "claimable" && !isClaimed(index));

  const claim = async (chosen: EpochProof[]) => {
    const mismatch = chosen.find((proof) => !proofMatchesRoot(proof, accountId, epochOf(proof)?.merkle_root ?? ""));
    if (mismatch) {
      setProblem(
        `This proof does not match the accepted root of epoch ${mismatch.epoch} of stage ${mismatch.stage}: the file is not the one the attestors submitted, or not yours. Nothing was sent.`,
      );
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const registrations = await missingRegistration(
        app.reader,
        page,
        vaultId,
        accountId,
        "register on the vault (storage for your reward records)",
        chosen.length,
      );
      const plan = claimEpochsPlan({
        vaultId,
        accountId,
        proofs: chosen,
        expectedReward: chosen.reduce((sum, proof) => sum + rewardFor(proof), 0n),
        token,
        registrations,
      });
      const outcomes = await app.sign(plan);
      if (outcomes) {
        reload();
        onClaimed();
      }
    } catch (error) {
      setProblem(`Could not prepare the claim: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const stateOf = (proof: EpochProof) => {
    const epoch = epochOf(proof);
    if (isClaimed(proofs.indexOf(proof))) return "claimed";
    if (!epoch) return "epoch not submitted";
    return epoch.status === "claimable" ? "claimable" : `not claimable yet (${epoch.status})`;
  };
  const proofColumns: Column<EpochProof>[] = [
    { header: "stage / epoch", cell: (proof) => `${proof.stage} / ${proof.epoch}` },
    { header: "points", cell: (proof) => proof.points },
    { header: "reward", cell: (proof) => formatToken(rewardFor(proof), token.decimals, token.symbol, 2) },
    { header: "state", cell: stateOf, cellTestId: (proof) => `proof-state-${proof.stage}-${proof.epoch}` },
    {
      header: "action",
      cell: (proof) => (
        <button type="button" onClick={() => claim([proof])} disabled={busy || stateOf(proof) !== "claimable"}>
          Claim
        </button>
      ),
    },
  ];

  return (
    <section className="card" aria-labelledby="proofs-title">
      <h2 id="proofs-title">My points and proofs</h2>
      <p className="hint">
        Load the proofs.json your attestors published for an epoch (written by npm run vault:epoch), from a file or a
        URL.
      </p>
      <div className="actions">
        <label>
          Proofs file{" "}
          <input
            type="file"
            accept=".json,application/json"
            multiple
            data-testid="proofs-file"
            onChange={(event) => fromFiles(event.target.files)}
          />
        </label>
      </div>
      <div className="actions">
        <label>
          or URL{" "}
          <input
            type="url"
            value={url}
            placeholder="https://…/proofs.json"
            onChange={(event) => setUrl(event.target.value)}
            data-testid="proofs-url"
          />
        </label>
        <button type="button" className="secondary" onClick={fromUrl} disabled={url.trim() === ""}>
          Load
        </button>
      </div>
      {problem && <ErrorNote testId="proofs-error">{problem}</ErrorNote>}
      <DataTable
        columns={proofColumns}
        rows={proofs}
        rowKey={(proof) => `${proof.stage}/${proof.epoch}`}
        rowTestId={(proof) => `proof-${proof.stage}-${proof.epoch}`}
      />
      {open.length > 1 && (
        <button type="button" onClick={() => claim(open.slice(0, maxBatch))} disabled={busy} data-testid="claim-batch">
          Claim {Math.min(open.length, maxBatch)} epochs at once
        </button>
      )}
    </section>
  );
}
