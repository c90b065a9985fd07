/**
 * The token's distribution history as the chart reads it: `revenue_history`
 * with no arguments returns every entry the token keeps (its last 128
 * distributions, oldest first) in one call; here its decimal strings become
 * bigint distributions grouped by asset ("near" or the stablecoin's id, as
 * the token names assets).
 */
import type { RevenueHistoryEntry } from "../../../contracts/token/interface.ts";
import type { Distribution } from "./history.ts";

/** The entries of `revenue_history` as each asset's distributions, in the token's order. */
export function distributionsByAsset(entries: RevenueHistoryEntry[]): Map<string, Distribution[]> {
  const byAsset = new Map<string, Distribution[]>();
  for (const entry of entries) {
    const list = byAsset.get(entry.asset) ?? [];
    list.push({ atNs: BigInt(entry.timestamp_ns), amount: BigInt(entry.amount) });
    byAsset.set(entry.asset, list);
  }
  return byAsset;
}
