/**
 * The assets the holder pages show: NEAR, the project token and the
 * stablecoin, with symbols and decimals read from the tokens' NEP-148
 * metadata once per page load and shared by every page (the first page that
 * needs them is charged the two RPC calls).
 */
import type { FungibleTokenMetadata } from "../../../contracts/token/interface.ts";
import type { AppNetwork } from "../network/description.ts";
import type { AssetInfo } from "../tx/holder-calls.ts";
import type { ChainReader } from "./reader.ts";

export interface Assets {
  near: AssetInfo;
  token: AssetInfo;
  stablecoin: AssetInfo | null;
  /** What money is paid and earned in (purchases, fees, revenue): NEAR, then the stablecoin when there is one. */
  money: AssetInfo[];
  /** An asset by the contracts' name for it ("near" or a token id). */
  byId(id: string): AssetInfo | undefined;
}

export const NEAR_ASSET: AssetInfo = { id: "near", symbol: "NEAR", decimals: 24 };

let cached: Promise<Assets> | undefined;

export function loadAssets(reader: ChainReader, network: AppNetwork, page: string): Promise<Assets> {
  cached ??= (async () => {
    const metadataOf = async (id: string): Promise<AssetInfo> => {
      const metadata = await reader.view<FungibleTokenMetadata>(page, id, "ft_metadata");
      return { id, symbol: metadata.symbol, decimals: metadata.decimals };
    };
    const { token: tokenId, stablecoin: stableId } = network.contracts;
    const [token, stablecoin] = await Promise.all([metadataOf(tokenId), stableId ? metadataOf(stableId) : null]);
    const money = [NEAR_ASSET, ...(stablecoin ? [stablecoin] : [])];
    const all = [...money, token];
    return { near: NEAR_ASSET, token, stablecoin, money, byId: (id) => all.find((asset) => asset.id === id) };
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
