/**
 * The inference-fee routers' deploy steps, run after the vaults' (the router
 * contract, its NEP-145 registration on the stablecoin and its roles are
 * generic steps):
 *
 *   fees-reserve:<router> / fees-protocol:<router>  set_reserve_account / set_protocol_account (timelock)
 *   fees-split:<router>:<N>                          set_split of stage N (timelock)
 *   fees-price:<router>:<N>                          set_price of stage N by the `config` role
 *   fees-provider:<router>:<account>                 approve_provider by the `provider_manager` role
 *
 * Splits and accounts redirect money, so the router takes them only through
 * its timelock: a `schedule:` step queues the change and the step itself
 * executes it once the delay has passed (local: both in one run; testnet and
 * mainnet: the rerun after the delay), as deploy-steps.ts does for upgrades.
 * Every step reads the chain first: a rerun with nothing changed sends
 * nothing, and a changed price sends only that stage's `set_price`.
 *
 * A price is done while the router has it in force (and no other change
 * waits) or has it announced (with the described time, when absolute). A
 * relative time counts from sending: equal to the router's notice it is
 * left to the router (exactly now + notice), so it never falls short by the
 * blocks between preparing and executing.
 *
 * Providers register themselves (their key, their bond): the deploy only
 * approves a described provider once it is registered and pending.
 * Suspending and reinstating stay the provider manager's decisions.
 *
 * What the steps cannot apply (the token, vault, stablecoin and price notice
 * are fixed at init; an absolute price time already too close) is reported
 * by `feesDrift`, which drift.ts adds to the plan's drift.
 */
import type {
  AssetPriceJson,
  ContractConfigView,
  PricesView,
  PriceScheduleView,
  ProviderView,
  SplitJson,
  StageRevenueView,
} from "../../contracts/fees/interface.ts";
import type { FeeStageEntry, FeesInit } from "../config/schema.ts";
import { TGAS } from "../config/units.ts";
import { canonicalJson, type Suite } from "../config/validate.ts";
import { roleSignerRef } from "../config/validate-vault.ts";
import type { ChainClient } from "./chain.ts";
import { call, type DeployStep, done, send, timelockedSteps } from "./deploy-steps.ts";
import { momentNs } from "./deploy-steps-vault.ts";

const GAS = { setPrice: 50n * TGAS, approveProvider: 30n * TGAS };
const ONE_YOCTO = 1n;
const NS_PER_S = 1_000_000_000n;

const isoOfNs = (ns: string | bigint) => new Date(Number(BigInt(ns) / 1_000_000n)).toISOString();

/** The fee routers of the suite: name, account id and init description. */
export function feeRouters(suite: Suite): Array<{ name: string; routerId: string; init: FeesInit }> {
  return Object.entries(suite.config.contracts).flatMap(([name, entry]) =>
    entry.init.kind === "fees" ? [{ name, routerId: suite.resolve(`@${name}`), init: entry.init }] : [],
  );
}

const routerConfig = (chain: ChainClient, routerId: string) =>
  chain.viewOrUndefined<ContractConfigView>(routerId, "contract_config");

/** The split's JSON in the router's key order (the timelock compares queued args as JSON). */
const splitJson = (split: SplitJson): SplitJson => ({
  holders_bps: split.holders_bps,
  contributors_bps: split.contributors_bps,
  reserve_bps: split.reserve_bps,
  protocol_bps: split.protocol_bps,
});

const priceJson = (price: { per_million_input: bigint; per_million_output: bigint; per_request: bigint }) =>
  ({
    per_million_input: price.per_million_input.toString(),
    per_million_output: price.per_million_output.toString(),
    per_request: price.per_request.toString(),
  }) satisfies AssetPriceJson;

/** The described price of a stage as the router's views show it: both parts, null where absent. */
export function describedPrice(stage: FeeStageEntry): { near: AssetPriceJson | null; stable: AssetPriceJson | null } {
  const price = stage.price!;
  return {
    near: price.near ? priceJson(price.near) : null,
    stable: price.stable ? priceJson(price.stable) : null,
  };
}

/** Whether the router shows the described price in force (with nothing else waiting) or announced. */
export function priceSettled(stage: FeeStageEntry, view: PricesView | undefined): boolean {
  if (!view || !stage.price) return false;
  const wanted = canonicalJson(describedPrice(stage));
  const same = (schedule: PriceScheduleView | null) =>
    schedule !== null && canonicalJson({ near: schedule.near, stable: schedule.stable }) === wanted;
  const effective = stage.price.effective;
  if (same(view.effective) && view.scheduled === null) return true;
  return (
    same(view.scheduled) &&
    ("after_s" in effective || view.scheduled!.effective_at_ns === momentNs(effective, 0n).toString())
  );
}

export function feesDeploySteps(suite: Suite): DeployStep[] {
  const { config } = suite;
  const steps: DeployStep[] = [];
  const ownerOf = (init: FeesInit) => suite.resolve(init.owner);

  for (const { routerId, init } of feeRouters(suite)) {
    const wantReserve = suite.resolve(init.reserve);
    const wantProtocol = init.protocol ? suite.resolve(init.protocol) : null;
    steps.push(
      ...timelockedSteps({
        id: `fees-reserve:${routerId}`,
        title: `${routerId} sends the next-model reserve's shares to ${wantReserve}`,
        contractId: routerId,
        signer: ownerOf(init),
        action: "set_reserve_account",
        args: () => ({ account_id: wantReserve }),
        applied: async ({ chain }) => {
          const current = await routerConfig(chain, routerId);
          return current === undefined || current.reserve_id === wantReserve;
        },
        appliedDetail: `reserve ${wantReserve}`,
      }),
      ...timelockedSteps({
        id: `fees-protocol:${routerId}`,
        title: `${routerId} sends the protocol's shares to ${wantProtocol ?? "nobody"}`,
        contractId: routerId,
        signer: ownerOf(init),
        action: "set_protocol_account",
        args: () => ({ account_id: wantProtocol }),
        applied: async ({ chain }) => {
          const current = await routerConfig(chain, routerId);
          return current === undefined || current.protocol_id === wantProtocol;
        },
        appliedDetail: `protocol ${wantProtocol ?? "none"}`,
      }),
    );
  }

  const section = config.fees;
  if (!section) return steps;
  const router = config.contracts[section.router.slice(1)];
  if (router?.init.kind !== "fees") throw new Error(`${section.router} is not a fee router`);
  const init = router.init;
  const routerId = suite.resolve(section.router);
  const signerFor = (role: string) => {
    const ref = roleSignerRef(config, section.router, role);
    // Validation guarantees one; a description built around it is a programming error.
    if (ref === undefined) throw new Error(`no ${role} of ${section.router} the scripts can sign as`);
    return suite.resolve(ref);
  };

  for (const stage of section.stages) {
    if (!stage.split) continue;
    const wanted = splitJson(stage.split);
    steps.push(
      ...timelockedSteps({
        id: `fees-split:${routerId}:${stage.stage}`,
        title: `stage ${stage.stage} of ${routerId} splits ${describeSplit(wanted)}`,
        contractId: routerId,
        signer: ownerOf(init),
        action: "set_split",
        args: () => ({ stage: stage.stage, split: wanted }),
        applied: async ({ chain }) => {
          const view = await chain.viewOrUndefined<StageRevenueView>(routerId, "stage_revenue", { stage: stage.stage });
          // Before the router exists its init gives every stage init.split.
          const current = view?.split ?? init.split;
          return canonicalJson(splitJson(current)) === canonicalJson(wanted);
        },
        appliedDetail: describeSplit(wanted),
      }),
    );
  }

  for (const stage of section.stages) {
    if (!stage.price) continue;
    const effective = stage.price.effective;
    const noticeS = init.price_notice_s;
    steps.push({
      id: `fees-price:${routerId}:${stage.stage}`,
      title: `stage ${stage.stage} of ${routerId} is priced as described`,
      async check({ chain }) {
        const view = await chain.viewOrUndefined<PricesView>(routerId, "prices", { stage: stage.stage });
        if (priceSettled(stage, view)) {
          const announced = view?.scheduled;
          return done(announced ? `announced, in force at ${isoOfNs(announced.effective_at_ns)}` : "in force");
        }
        let effectiveAt: string | null = null;
        if ("at" in effective) effectiveAt = momentNs(effective, 0n).toString();
        else if (effective.after_s !== noticeS) {
          const head = await chain.head().catch(() => ({ timestampNs: BigInt(Date.now()) * 1_000_000n }));
          effectiveAt = (head.timestampNs + BigInt(effective.after_s) * NS_PER_S).toString();
        }
        const args = { stage: stage.stage, ...describedPrice(stage), effective_at_ns: effectiveAt };
        return send(
          {
            signerId: signerFor("config"),
            receiverId: routerId,
            actions: [call("set_price", args, GAS.setPrice, ONE_YOCTO)],
          },
          view?.effective || view?.scheduled ? "priced differently" : "no price",
        );
      },
    });
  }

  for (const provider of section.providers) {
    const accountId = suite.resolve(provider.account);
    steps.push({
      id: `fees-provider:${routerId}:${accountId}`,
      title: `${accountId} is an approved provider of ${routerId} once registered`,
      async check({ chain }) {
        const view = await chain.viewOrUndefined<ProviderView | null>(routerId, "provider", { account_id: accountId });
        if (!view) return done("not registered yet: the provider registers itself (npm run provider -- register)");
        if (view.status !== "pending") return done(view.status);
        return send(
          {
            signerId: signerFor("provider_manager"),
            receiverId: routerId,
            actions: [call("approve_provider", { account_id: accountId }, GAS.approveProvider, ONE_YOCTO)],
          },
          "registered, pending approval",
        );
      },
    });
  }
  return steps;
}

export function describeSplit(split: SplitJson): string {
  return `holders ${split.holders_bps} / contributors ${split.contributors_bps} / reserve ${split.reserve_bps} / protocol ${split.protocol_bps} bps`;
}

/**
 * What the fee steps cannot apply: the router's token, vault, stablecoin and
 * price notice are fixed at init, and a price whose absolute time is closer
 * than the notice would be refused by the router.
 */
export async function feesDrift(suite: Suite, chain: ChainClient): Promise<string[]> {
  const problems: string[] = [];
  for (const { name, routerId, init } of feeRouters(suite)) {
    const current = await routerConfig(chain, routerId);
    if (!current) continue;
    const fixed: Array<[string, string | null, string | null]> = [
      ["token_id", current.token_id, suite.resolve(init.token)],
      ["vault_id", current.vault_id, suite.resolve(init.vault)],
      ["stable_id", current.stable_id, init.stablecoin ? suite.resolve(init.stablecoin) : null],
      ["price_notice_ns", current.price_notice_ns, (BigInt(init.price_notice_s) * NS_PER_S).toString()],
    ];
    for (const [field, onChain, described] of fixed) {
      if (onChain !== described)
        problems.push(
          `contract:${name}: ${field} is fixed at init: ${JSON.stringify(onChain)} on chain → ${JSON.stringify(described)} in the description (deploy a new router, or restore the description)`,
        );
    }
  }
  const section = suite.config.fees;
  if (!section) return problems;
  const routerId = suite.resolve(section.router);
  const router = suite.config.contracts[section.router.slice(1)]?.init;
  const current = await routerConfig(chain, routerId);
  const nowNs = current ? BigInt(current.now_ns) : BigInt(Date.now()) * 1_000_000n;
  const noticeNs = BigInt(router?.kind === "fees" ? router.price_notice_s : 0) * NS_PER_S;
  for (const stage of section.stages) {
    const effective = stage.price?.effective;
    if (!effective || !("at" in effective)) continue;
    const view = current
      ? await chain.viewOrUndefined<PricesView>(routerId, "prices", { stage: stage.stage })
      : undefined;
    if (priceSettled(stage, view)) continue;
    if (momentNs(effective, 0n) < nowNs + noticeNs)
      problems.push(
        `fees-price:${routerId}:${stage.stage}: the price's time ${effective.at} is earlier than the router's notice allows (${isoOfNs(nowNs + noticeNs)}); set a later time`,
      );
  }
  return problems;
}
