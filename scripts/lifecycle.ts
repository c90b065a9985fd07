/**
 * The demo lifecycle played by `npm start` on the local suite, as data: open
 * stage 1, buy in NEAR and in the stablecoin, settle, claim vested tokens,
 * pay a compute tranche; an inference provider registers on the fee router
 * and pays usage in NEAR and the stablecoin, and flushes forward the
 * holders' and the reserve's shares (lifecycle-fees.ts); holders claim that
 * revenue and reinvest it into stage 2; then the contributor vault's epoch,
 * claim and vesting, the router's contributors' shares flushed to it, and
 * the contributor's royalty claims (lifecycle-vault.ts).
 *
 * Each step names its actor and states the effect it expects; the runner
 * (lib/lifecycle-runner.ts) checks it on chain. Accounts are the local
 * profile's names (@alice, @sale…), so the steps read like the story.
 */
import type { AmountsByAsset } from "../contracts/token/interface.ts";
import { near, TGAS } from "./config/units.ts";
import type { Suite } from "./config/validate.ts";
import type { ChainClient } from "./lib/chain.ts";
import { findRound } from "./lib/deploy-steps.ts";
import {
  big,
  claimWhole,
  fail,
  fastForwardPast,
  fnCall,
  ftBalance,
  nearBalance,
  ok,
  ONE_YOCTO,
  registerStorage,
} from "./lib/lifecycle-kit.ts";
import type { LifecycleContext, LifecycleStep } from "./lib/lifecycle-runner.ts";
import { contributorFlushes, feesLifecycle } from "./lifecycle-fees.ts";
import { vaultLifecycle } from "./lifecycle-vault.ts";
import { AssetFormatter } from "./lib/status.ts";

const STAGE_1 = "stage 1";
const STAGE_2 = "stage 2";

async function roundOf(ctx: LifecycleContext, name: string) {
  const round = await findRound(ctx.chain, ctx.id("@sale"), name);
  if (!round) throw new Error(`round "${name}" is not on ${ctx.id("@sale")}: was the suite deployed?`);
  return round;
}

function openRound(name: string, field: "start_ns" | "end_ns", expected: string): LifecycleStep {
  return {
    title:
      field === "start_ns"
        ? `open round "${name}" (fast-forward to its start)`
        : `settle round "${name}" (fast-forward past its end)`,
    actor: "chain",
    async act(ctx) {
      await fastForwardPast(ctx, big((await roundOf(ctx, name)).config[field]));
    },
    async expect(ctx) {
      const round = await roundOf(ctx, name);
      const head = await ctx.chain.head();
      const outcome = `round ${round.round_id} is ${round.status} at block #${head.height}`;
      return round.status === expected ? ok(outcome) : fail(outcome, `status ${expected}`);
    },
  };
}

function buyWithNear(actor: string, amountNear: string): LifecycleStep {
  return {
    title: `${actor.slice(1)} buys in "${STAGE_1}" with ${amountNear} NEAR`,
    actor,
    async tx(ctx) {
      const round = await roundOf(ctx, STAGE_1);
      return fnCall(ctx, actor, "@sale", "purchase", { round_id: round.round_id }, 100n * TGAS, big(near(amountNear)));
    },
    async expect(ctx, result) {
      const value = result?.value as { tokens: string; cost: string; refund: string; storage_fee: string } | undefined;
      if (!value) return fail("no result", "a purchase result");
      const outcome = `bought ${ctx.assets.format(ctx.id("@token"), value.tokens, 2)} for ${ctx.assets.format("near", value.cost)} (storage fee ${ctx.assets.format("near", value.storage_fee, 5)})`;
      return big(value.tokens) > 0n ? ok(outcome) : fail(outcome, "tokens > 0");
    },
  };
}

function registerOnSale(actor: string): LifecycleStep {
  return {
    title: `${actor.slice(1)} pays for storage on the sale (needed for stablecoin purchases)`,
    actor,
    async tx(ctx) {
      const bounds = await ctx.chain.view<{ min: string }>(ctx.id("@sale"), "storage_balance_bounds");
      return fnCall(ctx, actor, "@sale", "storage_deposit", { account_id: ctx.id(actor) }, 30n * TGAS, big(bounds.min));
    },
    async expect(ctx) {
      const balance = await ctx.chain.view<{ total: string } | null>(ctx.id("@sale"), "storage_balance_of", {
        account_id: ctx.id(actor),
      });
      return balance
        ? ok(`storage balance ${ctx.assets.format("near", balance.total, 5)}`)
        : fail("no storage balance", "registered");
    },
  };
}

function buyWithStablecoin(actor: string, amountUsd: bigint, label: string): LifecycleStep<bigint> {
  return {
    title: `${actor.slice(1)} buys in "${STAGE_1}" with ${label} (ft_transfer_call)`,
    actor,
    before: (ctx) => ftBalance(ctx, "@usd", actor),
    async tx(ctx) {
      const round = await roundOf(ctx, STAGE_1);
      const msg = JSON.stringify({ purchase: { round_id: round.round_id } });
      return fnCall(
        ctx,
        actor,
        "@usd",
        "ft_transfer_call",
        { receiver_id: ctx.id("@sale"), amount: amountUsd.toString(), msg },
        200n * TGAS,
        ONE_YOCTO,
      );
    },
    async expect(ctx, _result, before) {
      const round = await roundOf(ctx, STAGE_1);
      const purchase = await ctx.chain.view<{ tokens: string } | null>(ctx.id("@sale"), "purchase_of", {
        round_id: round.round_id,
        account_id: ctx.id(actor),
      });
      const spent = before - (await ftBalance(ctx, "@usd", actor));
      const outcome = `holds a purchase of ${ctx.assets.format(ctx.id("@token"), purchase?.tokens ?? "0", 2)}, paid ${ctx.assets.format(ctx.id("@usd"), spent)}`;
      return purchase && big(purchase.tokens) > 0n && spent > 0n
        ? ok(outcome)
        : fail(outcome, "a purchase record and USD spent");
    },
  };
}

function claimVested(actor: string): LifecycleStep<bigint> {
  return {
    title: `${actor.slice(1)} claims vested tokens`,
    actor,
    before: (ctx) => ftBalance(ctx, "@token", actor),
    async tx(ctx) {
      const round = await roundOf(ctx, STAGE_1);
      return fnCall(ctx, actor, "@sale", "claim", { round_id: round.round_id }, 150n * TGAS);
    },
    async expect(ctx, result, before) {
      const gained = (await ftBalance(ctx, "@token", actor)) - before;
      const outcome = `claimed ${ctx.assets.format(ctx.id("@token"), gained, 2)}`;
      if (result?.receiptFailures.length) return fail(outcome, `no failed receipt (${result.receiptFailures[0]})`);
      return gained > 0n && gained === big(result?.value)
        ? ok(outcome)
        : fail(outcome, `balance up by the claimed amount (${String(result?.value)})`);
    },
  };
}

function releaseTranche(
  asset: "near" | "@usd",
  share: { num: bigint; den: bigint },
): LifecycleStep<{ balance: bigint; amount: bigint }> {
  const gpu = "@gpu";
  const balanceOf = (ctx: LifecycleContext) => (asset === "near" ? nearBalance(ctx, gpu) : ftBalance(ctx, "@usd", gpu));
  return {
    title: `release a compute tranche in ${asset === "near" ? "NEAR" : "USD"} to gpu`,
    actor: "@master",
    async before(ctx) {
      const round = await roundOf(ctx, STAGE_1);
      const escrow = await ctx.chain.view<{ assets: Record<string, { proceeds: string; releasable: string }> }>(
        ctx.id("@sale"),
        "escrow",
        { round_id: round.round_id },
      );
      const assetId = asset === "near" ? "near" : ctx.id(asset);
      const amount = (big(escrow.assets[assetId].proceeds) * share.num) / share.den;
      return { balance: await balanceOf(ctx), amount };
    },
    async tx(ctx, before) {
      const round = await roundOf(ctx, STAGE_1);
      return fnCall(
        ctx,
        "@master",
        "@sale",
        "release_tranche",
        {
          round_id: round.round_id,
          asset: asset === "near" ? "near" : ctx.id(asset),
          amount: before.amount.toString(),
          provider_id: ctx.id(gpu),
          purpose: "stage 1: pre-training compute",
        },
        150n * TGAS,
        ONE_YOCTO,
      );
    },
    async expect(ctx, _result, before) {
      const gained = (await balanceOf(ctx)) - before.balance;
      const assetId = asset === "near" ? "near" : ctx.id(asset);
      const outcome = `gpu received ${ctx.assets.format(assetId, gained)}`;
      return gained === before.amount && gained > 0n
        ? ok(outcome)
        : fail(outcome, `exactly ${ctx.assets.format(assetId, before.amount)}`);
    },
  };
}

function claimRevenue(actor: string, asset: "near" | "@usd"): LifecycleStep<{ claimable: bigint; balance: bigint }> {
  return claimWhole({
    title: `${actor.slice(1)} claims ${asset === "near" ? "NEAR" : "USD"} revenue`,
    actor,
    asset,
    async claimable(ctx, assetId) {
      const owed = await ctx.chain.view<AmountsByAsset>(ctx.id("@token"), "revenue_of", { account_id: ctx.id(actor) });
      return big(owed[assetId]);
    },
    tx: (ctx) =>
      fnCall(ctx, actor, "@token", "claim_revenue", asset === "near" ? {} : { asset: ctx.id(asset) }, 150n * TGAS),
  });
}

function reinvest(actor: string): LifecycleStep<bigint> {
  return {
    title: `${actor.slice(1)} reinvests NEAR revenue into "${STAGE_2}"`,
    actor,
    async before(ctx) {
      const owed = await ctx.chain.view<AmountsByAsset>(ctx.id("@token"), "revenue_of", {
        account_id: ctx.id(actor),
      });
      return big(owed.near);
    },
    async tx(ctx) {
      const round = await roundOf(ctx, STAGE_2);
      return fnCall(ctx, actor, "@token", "reinvest_revenue", { round_id: round.round_id }, 250n * TGAS, ONE_YOCTO);
    },
    async expect(ctx, result, claimable) {
      const round = await roundOf(ctx, STAGE_2);
      const purchase = await ctx.chain.view<{ tokens: string } | null>(ctx.id("@sale"), "purchase_of", {
        round_id: round.round_id,
        account_id: ctx.id(actor),
      });
      const outcome = `reinvested ${ctx.assets.format("near", big(result?.value))} of ${ctx.assets.format("near", claimable)} → ${ctx.assets.format(ctx.id("@token"), purchase?.tokens ?? "0", 2)} in round ${round.round_id}`;
      return purchase && big(purchase.tokens) > 0n && big(result?.value) > 0n
        ? ok(outcome)
        : fail(outcome, "a stage 2 purchase paid with revenue");
    },
  };
}

const USD = (whole: bigint) => whole * 1_000_000n;

/** The story, step by step. */
export function demoLifecycle(): LifecycleStep<any>[] {
  return [
    registerStorage("@alice", "@token"),
    registerStorage("@bob", "@token"),
    registerStorage("@carol", "@token"),
    openRound(STAGE_1, "start_ns", "open"),
    buyWithNear("@alice", "50"),
    buyWithNear("@bob", "30"),
    registerOnSale("@carol"),
    buyWithStablecoin("@carol", USD(150n), "150 USD"),
    buyWithStablecoin("@bob", USD(20n), "20 USD"),
    openRound(STAGE_1, "end_ns", "successful"),
    claimVested("@alice"),
    claimVested("@bob"),
    claimVested("@carol"),
    releaseTranche("near", { num: 1n, den: 10n }),
    releaseTranche("@usd", { num: 1n, den: 5n }),
    ...feesLifecycle(),
    claimRevenue("@alice", "near"),
    claimRevenue("@bob", "@usd"),
    openRound(STAGE_2, "start_ns", "open"),
    reinvest("@carol"),
    ...vaultLifecycle(contributorFlushes()),
  ];
}

/** The context the demo steps run in: "@name" resolution (plus "@master") and amount formatting for the local suite. */
export async function demoContext(suite: Suite, chain: ChainClient): Promise<LifecycleContext> {
  const assets = new AssetFormatter(chain);
  for (const name of ["token", "usd"]) await assets.load(suite.resolve(`@${name}`));
  return {
    suite,
    chain,
    assets,
    id: (ref) => (ref === "@master" ? suite.config.master_account_id : suite.resolve(ref)),
  };
}
