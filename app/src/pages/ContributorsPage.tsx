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
import { usePageData } from "../chain/use-view.ts";
import { PageShell } from "../ui/PageShell.tsx";
import { ConnectPrompt } from "../ui/primitives.tsx";

const PAGE = "contributors";

export function ContributorsPage() {
  const { reader, network, accountId, connect, walletReady } = useApp();
  const { data, mine, me, refresh } = usePageData(
    () => loadContributors(reader, network, PAGE),
    () => loadContributor(reader, network, PAGE, accountId),
    accountId,
  );
  return (
    <PageShell title="Contributors" data={data} mine={mine}>
      {(ready) => (
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
    </PageShell>
  );
}
