/**
 * The inference-fee router's part of the `npm start` lifecycle, on the local
 * suite's router (`fees` section of scripts/config/local.ts; its provider
 * manager is @treasury, which is also the next-model reserve):
 *
 *   @inference registers as a provider (with the bond the suite describes)
 *   through the provider client (lib/provider-client.ts, what an inference
 *   service embeds); the provider manager approves it; it pays one day of
 *   stage 0 usage in NEAR and one in the stablecoin, each at the quote the
 *   client reads from the chain; the NEAR day is paid again, as after a
 *   timeout, and the client recognises it as already paid (nothing is sent);
 *   flushes forward the holders' and the reserve's shares to the token and
 *   the treasury. The contributors' shares are flushed to the vault inside
 *   the vault's story (lifecycle-vault.ts), once its stage has accepted
 *   points to earn them.
 *
 * Every amount is checked to the unit: a payment equals the quote and moves
 * each destination's share of the stage by its basis points of it
 * (cumulative floor, as the router books it); a flush empties its bucket
 * into the destination, whose own books or balance move by exactly that
 * share. The usage periods are fixed days, not the chain's clock, so the
 * retry step names the same period as the payment it repeats.
 */
import { Account } from "near-api-js";
import type {
  DestinationName,
  ForwardView,
  PaymentView,
  ProviderView,
  QuoteView,
  StageRevenueView,
  TotalsView,
} from "../contracts/fees/interface.ts";
import type { RevenueStats } from "../contracts/token/interface.ts";
import type { StageView } from "../contracts/vault/interface.ts";
import { near, TGAS } from "./config/units.ts";
import { big, fail, fnCall, ftBalance, nearBalance, ok, ONE_YOCTO } from "./lib/lifecycle-kit.ts";
import type { LifecycleContext, LifecycleStep } from "./lib/lifecycle-runner.ts";
import { type PayAsset, type PayOutcome, periodIdOf, ProviderClient, type Usage } from "./lib/provider-client.ts";

const PROVIDER = "@inference";
/** The local suite's `provider_manager` of the router. */
const PROVIDER_MANAGER = "@treasury";
/** Anyone may flush; here the operator does. */
const FLUSHER = "@master";
const FEES_STAGE = 0;
const DAY_MS = 24 * 3600 * 1000;
/** Room for the provider's records on the router (registration, usage, one record per paid period). */
const STORAGE_DEPOSIT = big(near("0.5"));
/** A flush calls the destination and its own callback: the router asks for at least 220 TGas. */
const FLUSH_GAS = 250n * TGAS;

/** The day each asset pays for, and its usage (at the local prices: 40 NEAR and 2,000 USD). */
const PERIODS: Record<PayAsset, { id: string; usage: Usage }> = {
  near: {
    id: periodIdOf(FEES_STAGE, Date.parse("2026-11-30T00:00:00Z"), DAY_MS),
    usage: { requests: 20_000n, input_tokens: 100_000_000n, output_tokens: 50_000_000n },
  },
  stable: {
    id: periodIdOf(FEES_STAGE, Date.parse("2026-12-01T00:00:00Z"), DAY_MS),
    usage: { requests: 500_000n, input_tokens: 1_000_000_000n, output_tokens: 1_000_000_000n },
  },
};

/** The split field holding each destination's basis points. */
const BPS_KEY: Record<DestinationName, keyof StageRevenueView["split"]> = {
  holders: "holders_bps",
  contributors: "contributors_bps",
  reserve: "reserve_bps",
  protocol: "protocol_bps",
};

function routerOf(ctx: LifecycleContext): string {
  const fees = ctx.suite.config.fees;
  if (fees === undefined) throw new Error("the suite describes no fee router (its `fees` section)");
  return ctx.id(fees.router);
}

const assetIdOf = (ctx: LifecycleContext, asset: PayAsset) => (asset === "near" ? "near" : ctx.id("@usd"));
const label = (asset: PayAsset) => (asset === "near" ? "NEAR" : "USD");
const count = (value: bigint) => value.toLocaleString("en-US");

/** One provider client per lifecycle run: it holds the meter, and it is @inference's only signer. */
const clients = new WeakMap<LifecycleContext, { client: ProviderClient; outcomes: Map<string, PayOutcome> }>();

async function clientOf(ctx: LifecycleContext) {
  let entry = clients.get(ctx);
  if (entry === undefined) {
    const accountId = ctx.id(PROVIDER);
    const account = new Account(accountId, ctx.chain.provider, await ctx.chain.keys.signerFor(accountId));
    entry = { client: new ProviderClient(account, routerOf(ctx), ctx.id("@usd")), outcomes: new Map() };
    clients.set(ctx, entry);
  }
  return entry;
}

const providerView = (ctx: LifecycleContext) =>
  ctx.chain.view<ProviderView | null>(routerOf(ctx), "provider", { account_id: ctx.id(PROVIDER) });
const totalsView = (ctx: LifecycleContext) => ctx.chain.view<TotalsView>(routerOf(ctx), "totals");
const stageRevenue = (ctx: LifecycleContext) =>
  ctx.chain.view<StageRevenueView>(routerOf(ctx), "stage_revenue", { stage: FEES_STAGE });
const paymentOf = (ctx: LifecycleContext, asset: PayAsset) =>
  ctx.chain.view<PaymentView | null>(routerOf(ctx), "payment", {
    provider_id: ctx.id(PROVIDER),
    stage: FEES_STAGE,
    period_id: PERIODS[asset].id,
  });

function providerEntry(ctx: LifecycleContext) {
  const entry = ctx.suite.config.fees?.providers.find((provider) => ctx.id(provider.account) === ctx.id(PROVIDER));
  if (entry === undefined) throw new Error(`the suite's fees.providers does not describe ${PROVIDER}`);
  return entry;
}

function registerProvider(): LifecycleStep<bigint> {
  return {
    title: `${PROVIDER.slice(1)} registers as an inference provider with its bond (provider client)`,
    actor: PROVIDER,
    before: async (ctx) => big((await totalsView(ctx)).bonds),
    async send(ctx) {
      const entry = providerEntry(ctx);
      const metadata = {
        name: entry.name,
        endpoint: entry.endpoint,
        stages: entry.stages,
        attestation_digest: entry.attestation_digest ?? null,
      };
      return { gasBurnt: await (await clientOf(ctx)).client.register(metadata, entry.bond, STORAGE_DEPOSIT) };
    },
    async expect(ctx, _result, bondsBefore) {
      const { bond } = providerEntry(ctx);
      const view = await providerView(ctx);
      const bonds = big((await totalsView(ctx)).bonds);
      const outcome = `${view?.status ?? "not registered"} for stages ${view?.stages.join(", ")}, bond ${ctx.assets.format("near", view?.bond ?? "0")}, storage ${ctx.assets.format("near", view?.storage_deposit ?? "0")}`;
      return view?.status === "pending" &&
        big(view.bond) === bond &&
        big(view.storage_deposit) === STORAGE_DEPOSIT &&
        bonds - bondsBefore === bond
        ? ok(outcome)
        : fail(outcome, `pending, holding a bond of exactly ${ctx.assets.format("near", bond)}`);
    },
  };
}

function approveProvider(): LifecycleStep {
  return {
    title: `${PROVIDER_MANAGER.slice(1)} (provider manager) approves ${PROVIDER.slice(1)}`,
    actor: PROVIDER_MANAGER,
    tx: (ctx) =>
      fnCall(
        ctx,
        PROVIDER_MANAGER,
        routerOf(ctx),
        "approve_provider",
        { account_id: ctx.id(PROVIDER) },
        30n * TGAS,
        ONE_YOCTO,
      ),
    async expect(ctx) {
      const view = await providerView(ctx);
      const outcome = `${ctx.id(PROVIDER)} is ${view?.status}`;
      return view?.status === "active" ? ok(outcome) : fail(outcome, "active");
    },
  };
}

interface PaySnapshot {
  quote: QuoteView;
  received: bigint;
  revenue: StageRevenueView;
  payerStable: bigint;
}

/** What a destination's share grows by when `amount` joins `received` (the router's cumulative floor). */
const shareOf = (received: bigint, amount: bigint, bps: number) =>
  ((received + amount) * BigInt(bps)) / 10_000n - (received * BigInt(bps)) / 10_000n;

function payPeriod(asset: PayAsset): LifecycleStep<PaySnapshot> {
  const { id, usage } = PERIODS[asset];
  return {
    title: `${PROVIDER.slice(1)} pays stage ${FEES_STAGE} usage of ${id} in ${label(asset)} at the chain's quote (provider client)`,
    actor: PROVIDER,
    async before(ctx) {
      const { client } = await clientOf(ctx);
      const assetId = assetIdOf(ctx, asset);
      return {
        quote: await client.quote(FEES_STAGE, usage),
        received: big((await totalsView(ctx)).assets[assetId]?.received),
        revenue: await stageRevenue(ctx),
        payerStable: await ftBalance(ctx, "@usd", PROVIDER),
      };
    },
    async send(ctx) {
      const { client, outcomes } = await clientOf(ctx);
      client.meter.add(FEES_STAGE, usage);
      const outcome = await client.payPeriod(FEES_STAGE, id, asset);
      outcomes.set(id, outcome);
      return { gasBurnt: outcome.gas_burnt };
    },
    async expect(ctx, _result, before) {
      const assetId = assetIdOf(ctx, asset);
      const quote = big(asset === "near" ? before.quote.near : before.quote.stable);
      const paid = (await clientOf(ctx)).outcomes.get(id);
      const record = await paymentOf(ctx, asset);
      const received = big((await totalsView(ctx)).assets[assetId]?.received) - before.received;
      const revenue = await stageRevenue(ctx);
      const stageBefore = big(before.revenue.revenue[assetId]?.received);
      const shares = (Object.keys(BPS_KEY) as DestinationName[]).map((destination) => ({
        destination,
        moved:
          big(revenue.revenue[assetId]?.shares[destination]) -
          big(before.revenue.revenue[assetId]?.shares[destination]),
        due: shareOf(stageBefore, quote, revenue.split[BPS_KEY[destination]]),
      }));
      const outcome = `${paid?.status ?? "no outcome"}: ${ctx.assets.format(assetId, record?.amount ?? "0")} for ${count(usage.requests)} requests, ${count(usage.input_tokens)} input and ${count(usage.output_tokens)} output tokens; shares ${shares
        .filter((share) => share.moved > 0n)
        .map((share) => `${share.destination} ${ctx.assets.format(assetId, share.moved)}`)
        .join(", ")}`;
      if (paid?.status !== "paid" || record === null) return fail(outcome, "paid");
      if (big(record.amount) !== quote || quote === 0n || received !== quote)
        return fail(outcome, `exactly the quote of ${ctx.assets.format(assetId, quote)} received by the router`);
      const wrong = shares.find((share) => share.moved !== share.due);
      if (wrong) return fail(outcome, `${wrong.destination}'s share up by exactly ${wrong.due}`);
      if (asset === "stable" && before.payerStable - (await ftBalance(ctx, "@usd", PROVIDER)) !== quote)
        return fail(outcome, `${PROVIDER.slice(1)}'s USD down by exactly ${quote}`);
      return ok(outcome);
    },
  };
}

function retryPaidPeriod(): LifecycleStep<{ totals: TotalsView; balance: bigint; record: PaymentView | null }> {
  const { id, usage } = PERIODS.near;
  return {
    title: `${PROVIDER.slice(1)} retries ${id} (as after a timeout): recognised as already paid`,
    actor: PROVIDER,
    before: async (ctx) => ({
      totals: await totalsView(ctx),
      balance: await nearBalance(ctx, PROVIDER),
      record: await paymentOf(ctx, "near"),
    }),
    async send(ctx) {
      const { client, outcomes } = await clientOf(ctx);
      client.meter.add(FEES_STAGE, usage);
      const outcome = await client.payPeriod(FEES_STAGE, id, "near");
      outcomes.set(`${id} retry`, outcome);
      return { gasBurnt: outcome.gas_burnt };
    },
    async expect(ctx, _result, before) {
      const retried = (await clientOf(ctx)).outcomes.get(`${id} retry`);
      const paidAt = new Date(Number(big(retried?.payment.paid_at_ns) / 1_000_000n)).toISOString();
      const outcome = `${retried?.status ?? "no outcome"}: ${ctx.assets.format("near", retried?.payment.amount ?? "0")} paid at ${paidAt}`;
      if (retried?.status !== "already_paid") return fail(outcome, "already_paid");
      if (JSON.stringify(retried.payment) !== JSON.stringify(before.record))
        return fail(outcome, "the payment recorded before");
      if (JSON.stringify(await totalsView(ctx)) !== JSON.stringify(before.totals))
        return fail(outcome, "the router's books unchanged");
      if (retried.gas_burnt !== 0n || (await nearBalance(ctx, PROVIDER)) !== before.balance)
        return fail(outcome, "no transaction sent");
      return ok(`${outcome}; nothing sent, the router's books unchanged`);
    },
  };
}

/** What a flush's destination holds of what it received, in its own books or balance. */
async function destinationHolds(ctx: LifecycleContext, bucket: ForwardView, asset: PayAsset): Promise<bigint> {
  const assetId = assetIdOf(ctx, asset);
  if (bucket.destination === "holders") {
    const stats = await ctx.chain.view<RevenueStats>(bucket.receiver, "revenue_stats");
    return big(stats.assets.find((entry) => entry.asset === assetId)?.total_distributed);
  }
  if (bucket.destination === "contributors") {
    const stage = await ctx.chain.view<StageView>(bucket.receiver, "stage", { stage: bucket.stage });
    return big(stage.royalties.find((pool) => pool.asset === assetId)?.deposited);
  }
  if (asset === "near") return (await ctx.chain.accountView(bucket.receiver))!.amount;
  return ftBalance(ctx, "@usd", bucket.receiver);
}

/** Whose share a bucket holds, and where its destination books what it receives. */
const NAMES: Record<DestinationName, { whose: string; where: string }> = {
  holders: { whose: "holders'", where: "the token's revenue (distributed)" },
  contributors: { whose: "contributors'", where: `the vault's stage ${FEES_STAGE} royalties (deposited)` },
  reserve: { whose: "reserve's", where: "the reserve's balance" },
  protocol: { whose: "protocol's", where: "the protocol account's balance" },
};

interface FlushSnapshot {
  bucket: ForwardView;
  holds: bigint;
  due: bigint;
}

/** Flushes one bucket; its pending amount must be exactly the destination's share of this lifecycle's payment. */
export function flushShare(destination: DestinationName, asset: PayAsset): LifecycleStep<FlushSnapshot> {
  const stage = destination === "contributors" ? FEES_STAGE : null;
  const bucketOf = async (ctx: LifecycleContext) => {
    const found = (await ctx.chain.view<ForwardView[]>(routerOf(ctx), "pending_forwards")).find(
      (entry) => entry.destination === destination && entry.asset === assetIdOf(ctx, asset) && entry.stage === stage,
    );
    if (found === undefined) throw new Error(`the router has no ${destination} bucket in ${label(asset)}`);
    return found;
  };
  return {
    title: `flush the ${NAMES[destination].whose} ${label(asset)} share to ${NAMES[destination].where}`,
    actor: FLUSHER,
    async before(ctx) {
      const bucket = await bucketOf(ctx);
      const record = await paymentOf(ctx, asset);
      const { split } = await stageRevenue(ctx);
      return {
        bucket,
        holds: await destinationHolds(ctx, bucket, asset),
        due: (big(record?.amount) * BigInt(split[BPS_KEY[destination]])) / 10_000n,
      };
    },
    tx: (ctx) =>
      fnCall(
        ctx,
        FLUSHER,
        routerOf(ctx),
        "flush",
        { destination, asset: assetIdOf(ctx, asset), ...(stage === null ? {} : { stage }) },
        FLUSH_GAS,
      ),
    async expect(ctx, result, before) {
      const assetId = assetIdOf(ctx, asset);
      const sent = big(before.bucket.pending);
      const bucket = await bucketOf(ctx);
      const moved = (await destinationHolds(ctx, bucket, asset)) - before.holds;
      const outcome = `${ctx.assets.format(assetId, moved)} reached ${bucket.receiver} (bucket: ${ctx.assets.format(assetId, sent)} pending → ${ctx.assets.format(assetId, bucket.pending)}, forwarded ${ctx.assets.format(assetId, bucket.forwarded)})`;
      if (result?.receiptFailures.length) return fail(outcome, `no failed receipt (${result.receiptFailures[0]})`);
      if (sent !== before.due || sent === 0n)
        return fail(outcome, `a bucket of exactly the ${NAMES[destination].whose} share ${before.due}`);
      return moved === sent &&
        big(bucket.pending) === 0n &&
        big(bucket.in_flight) === 0n &&
        big(bucket.forwarded) - big(before.bucket.forwarded) === sent
        ? ok(outcome)
        : fail(outcome, `exactly ${ctx.assets.format(assetId, sent)} forwarded and received, the bucket empty`);
    },
  };
}

/** The provider's story up to the holders' and reserve's shares (run before the holders claim). */
export function feesLifecycle(): LifecycleStep<any>[] {
  return [
    registerProvider(),
    approveProvider(),
    payPeriod("near"),
    payPeriod("stable"),
    retryPaidPeriod(),
    flushShare("holders", "near"),
    flushShare("holders", "stable"),
    flushShare("reserve", "near"),
    flushShare("reserve", "stable"),
  ];
}

/** The contributors' shares to the vault (run once the vault's stage has accepted points). */
export function contributorFlushes(): LifecycleStep<any>[] {
  return [flushShare("contributors", "near"), flushShare("contributors", "stable")];
}
