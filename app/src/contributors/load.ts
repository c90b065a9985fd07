/**
 * What the contributors page reads on load: the vault's stages, the epochs
 * of each configured stage, chain time and the assets (what every visitor
 * sees); and apart, so connecting a wallet does not read them again, the
 * contributor's position. Unconfigured stages are skipped, so the epoch
 * reads grow with the stages actually in use (one call each).
 */
import type { ContractConfigView, ContributorView, EpochView, StageView } from "../../../contracts/vault/interface.ts";
import { type Assets, loadAssets } from "../chain/assets.ts";
import { type ChainClock, chainClock } from "../chain/chain-clock.ts";
import type { ChainReader } from "../chain/reader.ts";
import type { AppNetwork } from "../network/description.ts";

export interface ContributorsData {
  vaultId: string;
  stages: StageView[];
  /** stage → its epochs that have a record. */
  epochs: Map<number, EpochView[]>;
  clock: ChainClock;
  assets: Assets;
  maxBatchClaims: number;
}

export async function loadContributors(
  reader: ChainReader,
  network: AppNetwork,
  page: string,
): Promise<ContributorsData> {
  const vaultId = vaultOf(network);
  const [all, config, assets] = await Promise.all([
    reader.view<StageView[]>(page, vaultId, "stages"),
    reader.view<ContractConfigView>(page, vaultId, "contract_config"),
    loadAssets(reader, network, page),
  ]);
  const stages = all.filter((stage) => stage.configured);
  const lists = await Promise.all(
    stages.map((stage) => reader.view<EpochView[]>(page, vaultId, "epochs", { stage: stage.stage, limit: 50 })),
  );
  const epochs = new Map(stages.map((stage, index) => [stage.stage, lists[index]]));
  return {
    vaultId,
    stages,
    epochs,
    clock: chainClock(config.now_ns),
    assets,
    maxBatchClaims: config.max_batch_claims,
  };
}

export function vaultOf(network: AppNetwork): string {
  if (!network.contracts.vault) throw new Error(`the ${network.network} suite has no contributor vault`);
  return network.contracts.vault;
}

/** The connected contributor's position, or null without a wallet. */
export function loadContributor(
  reader: ChainReader,
  network: AppNetwork,
  page: string,
  accountId: string | null,
): Promise<ContributorView | null> {
  if (!accountId) return Promise.resolve(null);
  return reader.view<ContributorView>(page, vaultOf(network), "contributor", { account_id: accountId });
}
