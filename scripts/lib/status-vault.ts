/**
 * The contributor vaults' part of `status` (and of `npm start`'s report):
 * per vault, its configuration, attestors, stages (rules, pool, reserved,
 * claimed, royalties), the epochs submitted so far, and its token books
 * (pools + reserved + vesting is what the vault owes; its token balance
 * must cover it: the line says whether it does). Read-only: views only.
 */
import type {
  AttestorView,
  ContractConfigView,
  EpochView,
  StageView,
  TotalsView,
} from "../../contracts/vault/interface.ts";
import type { Suite } from "../config/validate.ts";
import type { ChainClient } from "./chain.ts";
import type { AssetFormatter } from "./status.ts";
import { heading, table } from "./table.ts";

/** The vault's `epochs` view returns at most 50 per call. */
const EPOCH_PAGE = 50;
const NS_PER_S = 1_000_000_000n;

const isoOf = (ns: string | null) =>
  ns === null ? "—" : new Date(Number(BigInt(ns) / 1_000_000n)).toISOString().replace(".000Z", "Z");
const duration = (ns: string) => {
  const seconds = BigInt(ns) / NS_PER_S;
  return seconds % 86_400n === 0n && seconds > 0n
    ? `${seconds / 86_400n} d`
    : seconds % 3600n === 0n && seconds > 0n
      ? `${seconds / 3600n} h`
      : `${seconds} s`;
};

async function epochsOf(chain: ChainClient, vaultId: string, stage: StageView): Promise<EpochView[]> {
  const out: EpochView[] = [];
  for (let from = 0; from < (stage.config?.epochs ?? 0); from += EPOCH_PAGE) {
    out.push(
      ...(await chain.view<EpochView[]>(vaultId, "epochs", {
        stage: stage.stage,
        from_index: from,
        limit: EPOCH_PAGE,
      })),
    );
  }
  return out;
}

export async function vaultStatus(suite: Suite, chain: ChainClient, assets: AssetFormatter): Promise<string[]> {
  const out: string[] = [];
  for (const [name, entry] of Object.entries(suite.config.contracts)) {
    if (entry.init.kind !== "vault") continue;
    const vaultId = suite.resolve(`@${name}`);
    out.push(heading(`Contributor vault ${vaultId}`));
    const config = await chain.viewOrUndefined<ContractConfigView>(vaultId, "contract_config");
    if (!config) {
      out.push("(not deployed)");
      continue;
    }
    const tokenId = config.token_id;
    await assets.load(tokenId);
    if (config.stable_id) await assets.load(config.stable_id);
    const admin = await chain.view<{ owner_id: string; roles: Record<string, string[]> }>(vaultId, "admin_info");
    const attestors = await chain.view<AttestorView[]>(vaultId, "attestors");
    out.push(
      `token ${tokenId}, royalties in NEAR${config.stable_id ? ` and ${config.stable_id}` : ""}; owner ${admin.owner_id}; ${Object.entries(
        admin.roles,
      )
        .map(([role, holders]) => `${role}: ${holders.join(", ") || "—"}`)
        .join("; ")}`,
    );
    out.push(
      table(
        ["attestor", "active", "expires (UTC)", "report sha256"],
        attestors.map((a) => [
          a.account_id,
          a.active ? "yes" : "no",
          isoOf(a.expires_at_ns),
          `${a.report_hash.slice(0, 16)}…`,
        ]),
      ),
    );

    const stages = (await chain.view<StageView[]>(vaultId, "stages")).filter((s) => s.configured || s.funded !== "0");
    const token = (amount: string) => assets.format(tokenId, amount, 2);
    out.push(
      table(
        [
          "stage",
          "status",
          "epochs",
          "reward / epoch",
          "quorum",
          "window",
          "pool",
          "reserved",
          "claimed",
          "vesting",
          "claims until",
          "royalties",
        ],
        stages.map((s) => [
          String(s.stage),
          s.status,
          `${s.accepted_epochs} / ${s.config?.epochs ?? "—"}`,
          s.config ? token(s.config.epoch_reward) : "—",
          s.config ? String(s.config.quorum) : "—",
          s.config ? duration(s.config.challenge_window_ns) : "—",
          token(s.pool),
          token(s.reserved),
          token(s.claimed),
          s.config
            ? `${isoOf(s.config.vesting.start_ns)} + ${duration(s.config.vesting.duration_ns)} (cliff ${duration(s.config.vesting.cliff_ns)})`
            : "—",
          s.config ? isoOf(s.config.claim_deadline_ns) : "—",
          s.royalties.map((r) => assets.format(r.asset, r.deposited, 2)).join(" + "),
        ]),
      ),
    );

    const epochRows: string[][] = [];
    for (const stage of stages) {
      for (const epoch of await epochsOf(chain, vaultId, stage)) {
        epochRows.push([
          String(epoch.stage),
          String(epoch.epoch),
          epoch.status,
          epoch.leaf_count === null ? "—" : String(epoch.leaf_count),
          epoch.total_points ?? "—",
          token(epoch.reward),
          `${epoch.claimed_leaves} leaves, ${token(epoch.claimed_amount)}`,
          String(epoch.submissions.length),
          isoOf(epoch.claimable_at_ns),
        ]);
      }
    }
    out.push(
      epochRows.length === 0
        ? "no epoch submitted yet"
        : table(
            ["stage", "epoch", "status", "leaves", "points", "reward", "claimed", "submissions", "claimable at (UTC)"],
            epochRows,
          ),
    );

    const totals = await chain.view<TotalsView>(vaultId, "totals");
    const held = BigInt(await chain.view<string>(tokenId, "ft_balance_of", { account_id: vaultId }));
    const owed = BigInt(totals.token_owed);
    out.push(
      `books: pools ${token(totals.pools)} + reserved ${token(totals.reserved)} + vesting ${token(totals.vesting)} = owed ${token(totals.token_owed)}; held ${token(held.toString())} ${held >= owed ? "(covered)" : `(SHORT by ${token((owed - held).toString())})`}`,
    );
  }
  return out;
}
