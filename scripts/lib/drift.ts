/**
 * Drift: what the chain holds that differs from the description in a way
 * the deploy steps would otherwise not see (they only check that an item
 * exists). Without this, changing an existing round's price, the token's
 * symbol, or removing a role from the description gave "0 transactions,
 * exit 0" while the manifest recorded the new description as deployed.
 *
 * - A round whose key exists but whose config differs: before it opens the
 *   round step sends `update_round` (the sale allows it until the start); once
 *   it is open, settled or cancelled the difference cannot be applied and is an
 *   error here.
 * - Token metadata (name, symbol, decimals) is fixed at init: a difference is
 *   an error.
 * - A role held on chain that the description no longer grants: an error
 *   (revoking is a decision the scripts leave to the owner: `revoke_role`).
 *
 * - The fee router's fixed fields and too-close price times (deploy-steps-fees.ts).
 *
 * Each problem names the item and shows old → new.
 */
import type { RoundConfigView, RoundView } from "../../contracts/sale/interface.ts";
import type { RoundEntry } from "../config/schema.ts";
import type { Suite } from "../config/validate.ts";
import type { ChainClient } from "./chain.ts";
import { kindOf } from "./contract-kinds.ts";
import { findRound, roundConfigJson, roundKeyOf } from "./deploy-steps.ts";
import { feesDrift } from "./deploy-steps-fees.ts";

const NS_PER_S = 1_000_000_000n;

/**
 * The config the description gives an existing round. A relative start
 * (`after_creation_s`) was fixed when the round was created, so it is kept:
 * only its duration and the other fields can differ.
 */
export function describedRoundConfig(round: RoundEntry, existing: RoundView) {
  const anchor =
    "after_creation_s" in round.starts
      ? BigInt(existing.config.start_ns) - BigInt(round.starts.after_creation_s) * NS_PER_S
      : 0n;
  return roundConfigJson(round, anchor);
}

/** The fields of an existing round that differ from its description, as "field: old → new". */
export function roundDifferences(round: RoundEntry, existing: RoundView): string[] {
  const wanted = describedRoundConfig(round, existing);
  const actual: RoundConfigView = existing.config;
  const differences: string[] = [];
  const compare = (field: string, old: unknown, next: unknown) => {
    if (JSON.stringify(old) !== JSON.stringify(next))
      differences.push(`${field}: ${JSON.stringify(old)} → ${JSON.stringify(next)}`);
  };
  compare("name", actual.name, wanted.name);
  compare("start_ns", actual.start_ns, wanted.start_ns);
  compare("end_ns", actual.end_ns, wanted.end_ns);
  compare("token_allocation", actual.token_allocation, wanted.token_allocation);
  compare("hard_cap", actual.hard_cap, wanted.hard_cap);
  compare("soft_cap", actual.soft_cap, wanted.soft_cap);
  compare("price_near", actual.price_near, wanted.price_near);
  compare("price_ft", actual.price_ft, wanted.price_ft);
  if (wanted.min_per_account !== null) compare("min_per_account", actual.min_per_account, wanted.min_per_account);
  if (wanted.max_per_account !== null) compare("max_per_account", actual.max_per_account, wanted.max_per_account);
  compare("vesting", actual.vesting, wanted.vesting);
  compare("release_schedule", actual.release_schedule, wanted.release_schedule);
  return differences;
}

export async function unfixableDrift(suite: Suite, chain: ChainClient): Promise<string[]> {
  const { config } = suite;
  const problems: string[] = [];

  for (const round of config.rounds) {
    const saleId = suite.resolve(round.sale);
    const key = roundKeyOf(round);
    const existing = await findRound(chain, saleId, key);
    if (!existing || existing.status === "upcoming") continue;
    const differences = roundDifferences(round, existing);
    if (differences.length)
      problems.push(
        `round:${saleId}:${key}: round ${existing.round_id} is ${existing.status}, so its config can no longer change: ${differences.join("; ")}`,
      );
  }

  for (const [name, entry] of Object.entries(config.contracts)) {
    const accountId = suite.resolve(`@${name}`);
    if (entry.init.kind === "token") {
      const metadata = await chain.viewOrUndefined<{ name: string; symbol: string; decimals: number }>(
        accountId,
        "ft_metadata",
      );
      const wanted = entry.init.metadata;
      if (metadata) {
        for (const field of ["name", "symbol", "decimals"] as const) {
          if (metadata[field] !== wanted[field])
            problems.push(
              `contract:${name}: ft_metadata.${field} is fixed at init: ${JSON.stringify(metadata[field])} on chain → ${JSON.stringify(wanted[field])} in the description (deploy a new token, or restore the description)`,
            );
        }
      }
    }
    const adminView = kindOf(entry).adminView;
    if (!adminView) continue;
    const admin = await chain.viewOrUndefined<{ roles: Record<string, string[]> }>(accountId, adminView);
    for (const [role, holders] of Object.entries(admin?.roles ?? {})) {
      for (const holder of holders) {
        const described = config.roles.some(
          (grant) =>
            suite.resolve(grant.contract) === accountId &&
            grant.role === role &&
            suite.resolve(grant.account) === holder,
        );
        if (!described)
          problems.push(
            `role:${accountId}:${role}:${holder}: held on chain but not in the description; revoke it (revoke_role, from the owner) or describe it again`,
          );
      }
    }
  }
  problems.push(...(await feesDrift(suite, chain)));
  return problems;
}
