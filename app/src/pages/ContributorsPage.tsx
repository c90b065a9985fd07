/**
 * Contributors: the vault's stages and epochs (status, challenge window
 * countdown) for anyone; with a wallet, the contributor's rewards (vesting,
 * withdraw, royalties in NEAR and the stablecoin) and the proofs loaded from
 * a file or URL to claim epochs with.
 * Loads with 5 + S RPC calls without a wallet (stages, contract config, two
 * token metadata, and one `epochs` per configured stage S), one more with a
 * wallet (`contributor`). Loading proofs adds one `claimed` read per proof.
 */
import { useApp } from "../app-context.ts";
import { loadContributor, loadContributors } from "../contributors/load.ts";
import { ProofsPanel } from "../contributors/ProofsPanel.tsx";
import { RewardsPanel } from "../contributors/RewardsPanel.tsx";
import { StagesPanel } from "../contributors/StagesPanel.tsx";
import { useLoad } from "../chain/use-view.ts";
import { ConnectPrompt, ErrorNote, Skeleton } from "../ui/primitives.tsx";

const PAGE = "contributors";

export function ContributorsPage() {
  const { reader, network, accountId, connect, walletReady } = useApp();
  const { data, reload } = useLoad(() => loadContributors(reader, network, PAGE), []);
  const { data: mine, reload: reloadMine } = useLoad(
    () => loadContributor(reader, network, PAGE, accountId),
    [accountId],
  );
  const ready = data.state === "ready" ? data.value : null;
  const me = mine.state === "ready" ? mine.value : null;
  const refresh = () => {
    reload();
    reloadMine();
  };
  return (
    <>
      <h1>Contributors</h1>
      {data.state === "failed" && <ErrorNote>{data.error}</ErrorNote>}
      {mine.state === "failed" && <ErrorNote>{mine.error}</ErrorNote>}
      {!ready && data.state === "loading" && (
        <section className="card skeleton-card" aria-busy="true">
          <Skeleton lines={6} />
        </section>
      )}
      {ready && (
        <>
          {accountId && me && (
            <>
              <RewardsPanel page={PAGE} vaultId={ready.vaultId} me={me} assets={ready.assets} onDone={refresh} />
              <ProofsPanel
                page={PAGE}
                vaultId={ready.vaultId}
                accountId={accountId}
                epochs={ready.epochs}
                token={ready.assets.token}
                maxBatch={ready.maxBatchClaims}
                onClaimed={refresh}
              />
            </>
          )}
          {walletReady && !accountId && (
            <ConnectPrompt connect={connect} what="your rewards and claim epochs" ready={walletReady} />
          )}
          <StagesPanel stages={ready.stages} epochs={ready.epochs} clock={ready.clock} token={ready.assets.token} />
        </>
      )}
    </>
  );
}
