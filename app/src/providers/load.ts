/**
 * What the providers page reads on load: the router's config (chain time,
 * stage count), the price list of every stage and the assets (what every
 * visitor sees); and apart, so connecting a wallet does not read them
 * again, the provider's record and, per stage it serves, its usage totals
 * and payments (the usage history).
 */
import type {
  ContractConfigView,
  PaymentView,
  PricesView,
  ProviderView,
  UsageView,
} from "../../../contracts/fees/interface.ts";
import { type Assets, loadAssets } from "../chain/assets.ts";
import { type ChainClock, chainClock } from "../chain/chain-clock.ts";
import type { ChainReader } from "../chain/reader.ts";
import type { AppNetwork } from "../network/description.ts";

export interface StageHistory {
  stage: number;
  usage: UsageView | null;
  payments: PaymentView[];
}

export interface ProvidersData {
  feesId: string;
  config: ContractConfigView;
  clock: ChainClock;
  prices: PricesView[];
  assets: Assets;
}

export interface ProviderAccount {
  provider: ProviderView | null;
  history: StageHistory[];
}

/** Most payments listed per stage (the router's page size limit is 50). */
const HISTORY_LIMIT = 50;

function feesOf(network: AppNetwork): string {
  if (!network.contracts.fees) throw new Error(`the ${network.network} suite has no fee router`);
  return network.contracts.fees;
}

export async function loadProviders(reader: ChainReader, network: AppNetwork, page: string): Promise<ProvidersData> {
  const feesId = feesOf(network);
  const [config, prices, assets] = await Promise.all([
    reader.view<ContractConfigView>(page, feesId, "contract_config"),
    reader.view<PricesView[]>(page, feesId, "price_list"),
    loadAssets(reader, network, page),
  ]);
  return { feesId, config, clock: chainClock(config.now_ns), prices, assets };
}

/** The connected account's provider record and usage history (null provider: not registered or no wallet). */
export async function loadProviderAccount(
  reader: ChainReader,
  network: AppNetwork,
  page: string,
  accountId: string | null,
): Promise<ProviderAccount> {
  if (!accountId) return { provider: null, history: [] };
  const feesId = feesOf(network);
  const provider = await reader.view<ProviderView | null>(page, feesId, "provider", { account_id: accountId });
  if (!provider) return { provider, history: [] };
  const history = await Promise.all(
    provider.stages.map(async (stage) => {
      const [usage, payments] = await Promise.all([
        reader.view<UsageView | null>(page, feesId, "usage", { provider_id: provider.account_id, stage }),
        reader.view<PaymentView[]>(page, feesId, "payments", {
          provider_id: provider.account_id,
          stage,
          limit: HISTORY_LIMIT,
        }),
      ]);
      return { stage, usage, payments };
    }),
  );
  return { provider, history };
}
