/**
 * What the providers page reads on load: the router's config (chain time,
 * stage count), the price list of every stage, the assets and, with a
 * wallet, the provider's record and, per stage it serves, its usage totals
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
  provider: ProviderView | null;
  history: StageHistory[];
}

/** Most payments listed per stage (the router's page size limit is 50). */
const HISTORY_LIMIT = 50;

export async function loadProviders(
  reader: ChainReader,
  network: AppNetwork,
  page: string,
  accountId: string | null,
): Promise<ProvidersData> {
  const feesId = network.contracts.fees;
  if (!feesId) throw new Error(`the ${network.network} suite has no fee router`);
  const [config, prices, assets, provider] = await Promise.all([
    reader.view<ContractConfigView>(page, feesId, "contract_config"),
    reader.view<PricesView[]>(page, feesId, "price_list"),
    loadAssets(reader, network, page),
    accountId ? reader.view<ProviderView | null>(page, feesId, "provider", { account_id: accountId }) : null,
  ]);
  const history = provider
    ? await Promise.all(
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
      )
    : [];
  return { feesId, config, clock: chainClock(config.now_ns), prices, assets, provider, history };
}
