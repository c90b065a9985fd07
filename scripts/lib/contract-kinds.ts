/**
 * What the deploy steps need to know per kind of contract: how to build its
 * init args from the suite description, which view shows its admin state,
 * and what deposit its admin calls require (1 yoctoNEAR for the suite's
 * contracts, whose privileged methods all go through common/admin.ts). A new contract starts as "generic" and
 * gets its own entry here once its interface settles, as the vault and the fee router did.
 */
import type { InitArgs as FeesInitArgs } from "../../contracts/fees/interface.ts";
import type { InitArgs as SaleInitArgs } from "../../contracts/sale/interface.ts";
import type { InitArgs as TokenInitArgs } from "../../contracts/token/interface.ts";
import type { InitArgs as VaultInitArgs } from "../../contracts/vault/interface.ts";
import type { ContractEntry } from "../config/schema.ts";
import { resolveRefsDeep, type Suite } from "../config/validate.ts";

export interface ContractKind {
  initMethod: string;
  initArgs(entry: ContractEntry, suite: Suite, selfName: string): Record<string, unknown>;
  /** View returning `{owner_id, roles: {role: [account]}}`, if any. */
  adminView?: string;
  /** Deposit required by owner/role calls (grant_role, set_revenue_exclusion…). */
  adminDeposit: bigint;
}

/** The allocation a token gives to a given account (the sale's inventory). */
export function allocationTo(suite: Suite, tokenRef: string, accountId: string): bigint {
  const token = tokenRef.startsWith("@") ? suite.config.contracts[tokenRef.slice(1)] : undefined;
  if (token?.init.kind !== "token") return 0n;
  return token.init.allocations
    .filter((a) => suite.resolve(a.account) === accountId)
    .reduce((sum, a) => sum + a.amount, 0n);
}

export const CONTRACT_KINDS: Record<ContractEntry["init"]["kind"], ContractKind> = {
  token: {
    initMethod: "init",
    initArgs(entry, suite) {
      if (entry.init.kind !== "token") throw new Error("not a token");
      const init = entry.init;
      return {
        owner_id: suite.resolve(init.owner),
        metadata: { icon: null, reference: null, reference_hash: null, ...init.metadata },
        max_supply: init.max_supply.toString(),
        allocations: init.allocations.map((a) => ({
          account_id: suite.resolve(a.account),
          amount: a.amount.toString(),
          ...(a.earns_revenue === undefined ? {} : { earns_revenue: a.earns_revenue }),
        })),
        revenue_token_id: init.revenue_token ? suite.resolve(init.revenue_token) : null,
        sale_contract_id: init.sale ? suite.resolve(init.sale) : null,
        ...(init.min_eligible_supply === undefined ? {} : { min_eligible_supply: init.min_eligible_supply.toString() }),
        ...(init.revenue_stream_ns === undefined ? {} : { revenue_stream_ns: init.revenue_stream_ns.toString() }),
        timelock_delay_ns: entry.timelock_delay_ns.toString(),
        source_link: suite.config.source_link,
      } satisfies TokenInitArgs;
    },
    adminView: "admin_info",
    adminDeposit: 1n,
  },
  sale: {
    initMethod: "init",
    initArgs(entry, suite, selfName) {
      if (entry.init.kind !== "sale") throw new Error("not a sale");
      const init = entry.init;
      const token = suite.config.contracts[init.token.slice(1)];
      if (token?.init.kind !== "token") throw new Error(`${init.token} is not a token`);
      return {
        owner_id: suite.resolve(init.owner),
        token_id: suite.resolve(init.token),
        token_decimals: token.init.metadata.decimals,
        stable_id: init.stablecoin ? suite.resolve(init.stablecoin) : null,
        token_inventory: allocationTo(suite, init.token, suite.accountIds.get(selfName)!).toString(),
        timelock_delay_ns: entry.timelock_delay_ns.toString(),
        source_link: suite.config.source_link,
      } satisfies SaleInitArgs;
    },
    adminView: "admin_info",
    adminDeposit: 1n,
  },
  vault: {
    initMethod: "init",
    initArgs(entry, suite) {
      if (entry.init.kind !== "vault") throw new Error("not a vault");
      const init = entry.init;
      return {
        owner_id: suite.resolve(init.owner),
        token_id: suite.resolve(init.token),
        stable_id: init.stablecoin ? suite.resolve(init.stablecoin) : null,
        timelock_delay_ns: entry.timelock_delay_ns.toString(),
        source_link: suite.config.source_link,
        // Pools are funded per stage by the deploy (vault_stages[].funding), never pre-minted to the vault.
        initial_pools: null,
      } satisfies VaultInitArgs;
    },
    adminView: "admin_info",
    adminDeposit: 1n,
  },
  fees: {
    initMethod: "init",
    initArgs(entry, suite) {
      if (entry.init.kind !== "fees") throw new Error("not a fee router");
      const init = entry.init;
      return {
        owner_id: suite.resolve(init.owner),
        token_id: suite.resolve(init.token),
        vault_id: suite.resolve(init.vault),
        stable_id: init.stablecoin ? suite.resolve(init.stablecoin) : null,
        reserve_id: suite.resolve(init.reserve),
        protocol_id: init.protocol ? suite.resolve(init.protocol) : null,
        split: { ...init.split },
        price_notice_ns: (BigInt(init.price_notice_s) * 1_000_000_000n).toString(),
        timelock_delay_ns: entry.timelock_delay_ns.toString(),
        source_link: suite.config.source_link,
      } satisfies FeesInitArgs;
    },
    adminView: "admin_info",
    adminDeposit: 1n,
  },
  generic: {
    initMethod: "init",
    initArgs(entry, suite) {
      if (entry.init.kind !== "generic") throw new Error("not generic");
      return resolveRefsDeep(entry.init.args, suite.resolve) as Record<string, unknown>;
    },
    adminDeposit: 0n,
  },
};

export function kindOf(entry: ContractEntry): ContractKind {
  const kind = CONTRACT_KINDS[entry.init.kind];
  if (entry.init.kind === "generic") {
    return { ...kind, initMethod: entry.init.method, adminView: entry.init.admin_view };
  }
  return kind;
}
