/**
 * The fee routers' part of `status` (and of `npm start`'s report): per
 * router, its wiring and roles, its providers, each stage's split and price
 * (in force and announced), the forwards per destination and asset, and
 * its books per asset, received = forwarded + pending + in flight + carried,
 * with whether what it holds covers what it owes: the stablecoin balance
 * against the pending, in-flight and carried stablecoin; its NEAR balance
 * against the NEAR fees not yet forwarded plus the providers' bonds and
 * storage deposits (the storage those deposits pay for is staked out of
 * the same balance, so the line is a floor, not an exact match). Read-only:
 * views and view_account only.
 */
import type {
  AssetPriceJson,
  ContractConfigView,
  ForwardView,
  PricesView,
  PriceScheduleView,
  ProviderView,
  StageRevenueView,
  TotalsView,
} from "../../contracts/fees/interface.ts";
import type { Suite } from "../config/validate.ts";
import type { ChainClient } from "./chain.ts";
import { describeSplit, feeRouters } from "./deploy-steps-fees.ts";
import type { AssetFormatter } from "./status.ts";
import { heading, table } from "./table.ts";

/** The router's `providers` view returns at most 50 per call. */
const PROVIDER_PAGE = 50;

const isoOf = (ns: string) => new Date(Number(BigInt(ns) / 1_000_000n)).toISOString().replace(".000Z", "Z");

async function allProviders(chain: ChainClient, routerId: string): Promise<ProviderView[]> {
  const out: ProviderView[] = [];
  for (let from = 0; ; from += PROVIDER_PAGE) {
    const page = await chain.view<ProviderView[]>(routerId, "providers", { from_index: from, limit: PROVIDER_PAGE });
    out.push(...page);
    if (page.length < PROVIDER_PAGE) return out;
  }
}

export async function feesStatus(suite: Suite, chain: ChainClient, assets: AssetFormatter): Promise<string[]> {
  const out: string[] = [];
  for (const { routerId } of feeRouters(suite)) {
    out.push(heading(`Fee router ${routerId}`));
    const config = await chain.viewOrUndefined<ContractConfigView>(routerId, "contract_config");
    if (!config) {
      out.push("(not deployed)");
      continue;
    }
    if (config.stable_id) await assets.load(config.stable_id);
    const admin = await chain.view<{ owner_id: string; roles: Record<string, string[]> }>(routerId, "admin_info");
    out.push(
      `holders ${config.token_id}, contributors ${config.vault_id}, reserve ${config.reserve_id}, protocol ${config.protocol_id ?? "none"}; fees in NEAR${config.stable_id ? ` and ${config.stable_id}` : ""}; price notice ${BigInt(config.price_notice_ns) / 1_000_000_000n} s`,
    );
    out.push(
      `owner ${admin.owner_id}; ${Object.entries(admin.roles)
        .map(([role, holders]) => `${role}: ${holders.join(", ") || "—"}`)
        .join("; ")}`,
    );

    const providers = await allProviders(chain, routerId);
    const active = providers.filter((p) => p.status === "active").length;
    out.push(`providers: ${providers.length} registered, ${active} active`);
    if (providers.length > 0)
      out.push(
        table(
          ["provider", "status", "stages", "bond", "endpoint"],
          providers.map((p) => [
            p.account_id,
            p.status,
            p.stages.join(","),
            assets.format("near", p.bond, 2),
            p.endpoint,
          ]),
        ),
      );

    const priceList = await chain.view<PricesView[]>(routerId, "price_list");
    const described = new Set((suite.config.fees?.stages ?? []).map((s) => s.stage));
    const priceOf = (schedule: PriceScheduleView | null) => {
      if (schedule === null) return "—";
      const part = (asset: string, price: AssetPriceJson | null) =>
        price === null
          ? null
          : `${assets.format(asset, price.per_million_input)} / ${assets.format(asset, price.per_million_output)} per M in/out + ${assets.format(asset, price.per_request)} per request`;
      return [part("near", schedule.near), config.stable_id ? part(config.stable_id, schedule.stable) : null]
        .filter((text) => text !== null)
        .join("; ");
    };
    const stageRows: string[][] = [];
    for (const prices of priceList) {
      if (!described.has(prices.stage) && prices.effective === null && prices.scheduled === null) continue;
      const revenue = await chain.view<StageRevenueView>(routerId, "stage_revenue", { stage: prices.stage });
      stageRows.push([
        String(prices.stage),
        describeSplit(revenue.split),
        priceOf(prices.effective),
        prices.scheduled ? `${priceOf(prices.scheduled)} from ${isoOf(prices.scheduled.effective_at_ns)}` : "—",
        Object.entries(revenue.revenue)
          .map(([asset, books]) => `${assets.format(asset, books.received, 2)} (${books.payments} payments)`)
          .join(" + "),
      ]);
    }
    out.push(table(["stage", "split", "price in force", "announced", "received"], stageRows));

    const forwards = (await chain.view<ForwardView[]>(routerId, "pending_forwards")).filter(
      (f) => f.pending !== "0" || f.in_flight !== "0" || f.forwarded !== "0" || f.failures > 0,
    );
    out.push(
      forwards.length === 0
        ? "forwards: nothing received yet"
        : table(
            ["destination", "stage", "asset", "receiver", "pending", "in flight", "forwarded", "failures"],
            forwards.map((f) => [
              f.destination,
              f.stage === null ? "—" : String(f.stage),
              f.asset,
              f.receiver,
              assets.format(f.asset, f.pending),
              assets.format(f.asset, f.in_flight),
              assets.format(f.asset, f.forwarded),
              String(f.failures),
            ]),
          ),
    );

    const totals = await chain.view<TotalsView>(routerId, "totals");
    const nearHeld = (await chain.accountView(routerId))?.amount ?? 0n;
    for (const [asset, books] of Object.entries(totals.assets)) {
      const kept = BigInt(books.pending) + BigInt(books.in_flight) + BigInt(books.carried);
      const owed = asset === "near" ? kept + BigInt(totals.bonds) + BigInt(totals.storage_deposits) : kept;
      const held =
        asset === "near"
          ? nearHeld
          : BigInt(await chain.view<string>(asset, "ft_balance_of", { account_id: routerId }));
      const format = (amount: bigint | string) => assets.format(asset, amount);
      const owes =
        asset === "near"
          ? `owes ${format(kept)} + bonds ${format(totals.bonds)} + storage deposits ${format(totals.storage_deposits)}`
          : `owes ${format(kept)}`;
      out.push(
        `${asset}: received ${format(books.received)} (tips ${format(books.tips)}) = forwarded ${format(books.forwarded)} + pending ${format(books.pending)} + in flight ${format(books.in_flight)} + carried ${format(books.carried)}; ${owes}; holds ${format(held)} ${held >= owed ? "(covered)" : `(SHORT by ${format(owed - held)})`}`,
      );
    }
  }
  return out;
}
