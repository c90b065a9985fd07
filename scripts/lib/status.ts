/**
 * The suite's live state as tables: rounds and their progress, revenue per
 * token and asset, the contributor vaults (status-vault.ts), the fee routers
 * (status-fees.ts), each contract's timelock (delay and queued operations:
 * what will run when), and the balances of every suite account (NEAR and
 * each suite token). Read-only: views and view_account only.
 */
import type { TimelockView } from "../../contracts/sale/interface.ts";
import type { RevenueStats } from "../../contracts/token/interface.ts";
import type { Suite } from "../config/validate.ts";
import { formatNear, formatUnits } from "../config/units.ts";
import type { ChainClient } from "./chain.ts";
import { listRounds } from "./deploy-steps.ts";
import { accessKeyRows } from "./handoff.ts";
import { feesStatus } from "./status-fees.ts";
import { vaultStatus } from "./status-vault.ts";
import { heading, table } from "./table.ts";

interface RoundDetail {
  round_id: number;
  status: string;
  config: { name: string; hard_cap: string; soft_cap: string; start_ns: string; end_ns: string };
  tokens_sold: string;
  tokens_claimed: string;
  progress_bps: number;
  buyers: number;
  raised: Record<string, string>;
  released: Record<string, string>;
}

/** Decimals per asset id ("near" or a NEP-141), read from ft_metadata once. */
export class AssetFormatter {
  private readonly decimals = new Map<string, number>([["near", 24]]);
  private readonly symbols = new Map<string, string>([["near", "NEAR"]]);
  constructor(private readonly chain: ChainClient) {}

  async load(tokenId: string): Promise<void> {
    if (this.decimals.has(tokenId)) return;
    const metadata = await this.chain.viewOrUndefined<{ decimals: number; symbol: string }>(tokenId, "ft_metadata");
    this.decimals.set(tokenId, metadata?.decimals ?? 0);
    this.symbols.set(tokenId, metadata?.symbol ?? tokenId);
  }

  format(asset: string, amount: string | bigint, digits = 4): string {
    const value = typeof amount === "bigint" ? amount : BigInt(amount);
    if (asset === "near") return formatNear(value, digits);
    return `${formatUnits(value, this.decimals.get(asset) ?? 0, digits)} ${this.symbols.get(asset) ?? asset}`;
  }
}

const isoOf = (ns: string) => new Date(Number(BigInt(ns) / 1_000_000n)).toISOString().replace(".000Z", "Z");

export async function suiteStatus(suite: Suite, chain: ChainClient): Promise<string> {
  const { config } = suite;
  const out: string[] = [];
  const assets = new AssetFormatter(chain);
  const tokens = Object.entries(config.contracts)
    .filter(([, c]) => c.init.kind === "token")
    .map(([name]) => suite.resolve(`@${name}`));
  for (const [, entry] of Object.entries(config.contracts)) {
    if (entry.init.kind === "token" && entry.init.revenue_token) tokens.push(suite.resolve(entry.init.revenue_token));
  }
  const uniqueTokens = [...new Set(tokens)];
  for (const token of uniqueTokens) await assets.load(token);

  const head = await chain.head();
  out.push(
    `${config.network} · ${chain.rpcUrl} · block #${head.height} · chain time ${isoOf(head.timestampNs.toString())}`,
  );

  for (const [name, entry] of Object.entries(config.contracts)) {
    if (entry.init.kind !== "sale") continue;
    const saleId = suite.resolve(`@${name}`);
    const tokenId = suite.resolve(entry.init.token);
    const rounds = (await listRounds(chain, saleId)) as unknown as RoundDetail[];
    out.push(heading(`Rounds on ${saleId}`));
    out.push(
      table(
        ["id", "name", "status", "window (UTC)", "sold / hard cap", "progress", "buyers", "raised", "released"],
        rounds.map((r) => [
          String(r.round_id),
          r.config.name,
          r.status,
          `${isoOf(r.config.start_ns)} → ${isoOf(r.config.end_ns)}`,
          `${assets.format(tokenId, r.tokens_sold, 2)} / ${assets.format(tokenId, r.config.hard_cap, 0)}`,
          `${(r.progress_bps / 100).toFixed(2)}%`,
          String(r.buyers),
          Object.entries(r.raised)
            .map(([a, v]) => assets.format(a, v, 2))
            .join(" + "),
          Object.entries(r.released)
            .map(([a, v]) => assets.format(a, v, 2))
            .join(" + "),
        ]),
      ),
    );
  }

  for (const [name, entry] of Object.entries(config.contracts)) {
    if (entry.init.kind !== "token" || !entry.init.sale) continue; // the project token(s): they carry revenue
    const tokenId = suite.resolve(`@${name}`);
    const stats = await chain.viewOrUndefined<RevenueStats>(tokenId, "revenue_stats");
    out.push(heading(`Revenue of ${tokenId}`));
    if (!stats) {
      out.push("(not deployed)");
      continue;
    }
    out.push(
      `supply ${assets.format(tokenId, stats.total_supply, 2)}, earning revenue ${assets.format(tokenId, stats.eligible_supply, 2)}`,
    );
    out.push(
      table(
        ["asset", "distributed", "claimed", "reinvested", "in flight", "outstanding", "held"],
        stats.assets.map((a) => [
          a.asset,
          assets.format(a.asset, a.total_distributed),
          assets.format(a.asset, a.total_claimed),
          assets.format(a.asset, a.total_reinvested),
          assets.format(a.asset, a.in_flight),
          assets.format(a.asset, a.outstanding),
          assets.format(a.asset, a.held),
        ]),
      ),
    );
  }

  out.push(...(await vaultStatus(suite, chain, assets)));
  out.push(...(await feesStatus(suite, chain, assets)));

  out.push(heading("Timelocks"));
  const timelockRows: string[][] = [];
  for (const name of Object.keys(config.contracts)) {
    const contractId = suite.resolve(`@${name}`);
    const info = await chain.viewOrUndefined<TimelockView>(contractId, "timelock_info");
    if (!info) {
      timelockRows.push([contractId, "—", "(no timelock_info)"]);
      continue;
    }
    const queued = info.operations.map(
      (op) => `#${op.id} ${op.action} ${JSON.stringify(op.args)} at ${isoOf(op.ready_at_ns)}`,
    );
    timelockRows.push([
      contractId,
      `${Number(BigInt(info.delay_ns) / 1_000_000_000n)} s`,
      queued.join("; ") || "(none)",
    ]);
  }
  out.push(table(["contract", "delay", "queued operations (executable at, UTC)"], timelockRows));

  out.push(heading("Balances"));
  const accountIds = [config.master_account_id, ...suite.accountIds.values()];
  const rows: string[][] = [];
  for (const accountId of accountIds) {
    const account = await chain.accountView(accountId);
    const row = [accountId, account ? formatNear(account.amount, 3) : "(missing)"];
    for (const token of uniqueTokens) {
      const balance = await chain.viewOrUndefined<string>(token, "ft_balance_of", { account_id: accountId });
      row.push(balance === undefined ? "—" : assets.format(token, balance, 2));
    }
    rows.push(row);
  }
  out.push(table(["account", "NEAR", ...uniqueTokens], rows));

  // Which accounts a key holder can still act as (handoff.ts deletes the contracts' keys).
  out.push(heading("Full-access keys"));
  out.push(table(["name", "account", "full-access keys"], await accessKeyRows(suite, chain)));
  return out.join("\n");
}
