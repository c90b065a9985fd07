/**
 * What the contributors page reads on load: the vault's stages, the epochs
 * of each configured stage, chain time, the assets and, with a wallet, the
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
  me: ContributorView | null;
  maxBatchClaims: number;
}

export async function loadContributors(
  reader: ChainReader,
  network: AppNetwork,
  page: string,
  accountId: string | null,
): Promise<ContributorsData> {
  const vaultId = network.contracts.vault;
  if (!vaultId) throw new Error(`the ${network.network} suite has no contributor vault`);
  const [all, config, assets, me] = await Promise.all([
    reader.view<StageView[]>(page, vaultId, "stages"),
    reader.view<ContractConfigView>(page, vaultId, "contract_config"),
    loadAssets(reader, network, page),
    accountId ? reader.view<ContributorView>(page, vaultId, "contributor", { account_id: accountId }) : null,
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
    me,
    maxBatchClaims: config.max_batch_claims,
  };
}
