/**
 * `npm run provider -- register|pay|status` (scripts/provider.ts) run as a
 * child process, the way a person runs it, against the fee router on one
 * local chain for the whole file: registration, a period paid in NEAR and
 * one in the stablecoin at the chain's quote, the retry of a paid period
 * reported as already paid with nothing sent, the status output; and the
 * failures, each leaving the router's books as they were: an unknown flag
 * (exit 2, before anything is sent), an unknown stage, an underpayment in
 * either asset and a suspended provider (exit 1, the router's own message).
 *
 * The tests run serially: they share the chain, and the signers' nonces and
 * the books they compare must not move under them.
 */
import anyTest, { type TestFn } from "ava";
import type { ProviderView, QuoteView, UsageView } from "../../contracts/fees/interface.ts";
import {
  type FeesEnv,
  feesTotals,
  GAS_MAX,
  NEAR,
  NEAR_PRICE,
  ok,
  paymentView,
  providerView,
  setPrice,
  setupFees,
  STABLE_PRICE,
  USD,
} from "../helpers/fees-fixture.ts";
import type { NearAccount } from "../helpers/workspace.ts";
import { runScript } from "../scripts/rehearsal-chain.ts";

interface Ctx {
  env: FeesEnv;
  url: string;
}
const test = anyTest as TestFn<Ctx>;
const yocto = { attachedDeposit: 1n, gas: GAS_MAX };
const HOUR_18 = "2026-12-01T18:00:00Z";
const PERIOD_18 = "s0-20261201T180000Z-3600s";
const USAGE = { requests: "40", input_tokens: "1500000", output_tokens: "300000" };
const USAGE_FLAGS = ["--requests", "40", "--input-tokens", "1500000", "--output-tokens", "300000"];

test.before(async (t) => {
  const env = await setupFees();
  ok(await setPrice(env, 0, { near: NEAR_PRICE, stable: STABLE_PRICE }), "price");
  const url = (env.worker.provider as unknown as { connection: { url: string } }).connection.url;
  t.context = { env, url };
});

test.after.always(async (t) => {
  await t.context.env?.worker.tearDown();
});

/** A new account holding 1,000 USD of the stablecoin, not yet registered on the router. */
async function newAccount(env: FeesEnv, name: string): Promise<NearAccount> {
  const account = await env.root.createSubAccount(name, { initialBalance: 50n * NEAR });
  await account.call(env.stable, "storage_deposit", {}, { attachedDeposit: NEAR / 100n });
  ok(
    await env.owner.callRaw(
      env.stable,
      "ft_transfer",
      { receiver_id: account.accountId, amount: (1000n * USD).toString() },
      yocto,
    ),
    "stablecoin",
  );
  return account;
}

/** Runs the CLI as `account` (its key in NEAR_PROVIDER_SECRET_KEY) against the file's chain and router. */
async function cli(ctx: Ctx, account: NearAccount, command: string, flags: string[]) {
  const key = (await account.getKey())!.toString();
  const argv = [
    command,
    "--rpc-url",
    ctx.url,
    "--account",
    account.accountId,
    "--fees",
    ctx.env.fees.accountId,
    "--stable",
    ctx.env.stable.accountId,
    ...flags,
  ];
  return runScript("provider", argv, { NEAR_PROVIDER_SECRET_KEY: key });
}

async function registered(ctx: Ctx, name: string): Promise<NearAccount> {
  const account = await newAccount(ctx.env, name);
  const run = await cli(ctx, account, "register", [
    "--name",
    name,
    "--endpoint",
    `https://${name}.example/v1`,
    "--stages",
    "0,1",
  ]);
  if (run.code !== 0) throw new Error(`register ${name}: exit ${run.code}: ${run.stderr}`);
  ok(
    await ctx.env.providerManager.callRaw(ctx.env.fees, "approve_provider", { account_id: account.accountId }, yocto),
    "approve",
  );
  return account;
}

const quoteOf = (env: FeesEnv) => env.fees.view<QuoteView>("quote", { stage: 0, usage: USAGE });
const stableOf = (env: FeesEnv, account: NearAccount) =>
  env.stable.view<string>("ft_balance_of", { account_id: account.accountId }).then(BigInt);
/** The router's books without its NEAR balance (a failed call's gas reward lands there). */
const books = async (env: FeesEnv) => {
  const { near_balance: _ignored, ...rest } = await feesTotals(env);
  return rest;
};

test.serial("register, pay a period in NEAR and one in the stablecoin, retry a paid period, then status", async (t) => {
  const ctx = t.context;
  const { env } = ctx;
  const account = await newAccount(env, "clipay");
  const bond = NEAR;
  const register = await cli(ctx, account, "register", [
    "--name",
    "clipay",
    "--endpoint",
    "https://clipay.example/v1",
    "--stages",
    "0",
    "--bond",
    bond.toString(),
  ]);
  t.is(register.code, 0, register.stderr);
  t.regex(register.stdout, new RegExp(`registered ${account.accountId} on ${env.fees.accountId} \\(pending approval`));
  t.like(await providerView(env, account), { status: "pending", bond: bond.toString(), stages: [0] });
  ok(
    await env.providerManager.callRaw(env.fees, "approve_provider", { account_id: account.accountId }, yocto),
    "approve",
  );

  const quote = await quoteOf(env);
  const receivedNear = BigInt((await feesTotals(env)).assets.near.received);
  const paid = await cli(ctx, account, "pay", ["--stage", "0", ...USAGE_FLAGS, "--period-start", HOUR_18]);
  t.is(paid.code, 0, paid.stderr);
  t.is(paid.stdout.trim(), `paid: ${PERIOD_18} ${quote.near} near`);
  t.like(await paymentView(env, account, 0, PERIOD_18), {
    amount: quote.near!,
    quote: quote.near!,
    tip: "0",
    usage: USAGE,
  });
  t.is(BigInt((await feesTotals(env)).assets.near.received), receivedNear + BigInt(quote.near!));

  const stableBefore = await stableOf(env, account);
  const period19 = "s0-20261201T190000Z-3600s";
  const stable = await cli(ctx, account, "pay", [
    "--stage",
    "0",
    ...USAGE_FLAGS,
    "--period-start",
    "2026-12-01T19:30:00Z",
    "--asset",
    "stable",
    "--tip",
    "7",
  ]);
  t.is(stable.code, 0, stable.stderr);
  const stableAmount = BigInt(quote.stable!) + 7n;
  t.is(stable.stdout.trim(), `paid: ${period19} ${stableAmount} ${env.stable.accountId}`);
  t.is(await stableOf(env, account), stableBefore - stableAmount);
  t.like(await paymentView(env, account, 0, period19), { amount: stableAmount.toString(), tip: "7" });

  // the retry of the 18:00 period, as after a timeout: recognised, nothing sent
  const before = await feesTotals(env);
  const nearBefore = (await account.balance()).total;
  const retry = await cli(ctx, account, "pay", [
    "--stage",
    "0",
    ...USAGE_FLAGS,
    "--period-start",
    "2026-12-01T18:59:59Z",
  ]);
  t.is(retry.code, 0, retry.stderr);
  t.is(retry.stdout.trim(), `already_paid: ${PERIOD_18} ${quote.near} near`);
  t.deepEqual(await feesTotals(env), before, "the router's books did not move");
  t.is((await account.balance()).total, nearBefore, "no transaction was sent");

  const status = await cli(ctx, account, "status", ["--stages", "0,1"]);
  t.is(status.code, 0, status.stderr);
  const shown = JSON.parse(status.stdout) as { provider: ProviderView; usage: Array<UsageView | null> };
  t.like(shown.provider, { account_id: account.accountId, status: "active", bond: bond.toString() });
  t.like(shown.usage[0], {
    payments: 2,
    requests: "80",
    input_tokens: "3000000",
    output_tokens: "600000",
    last_period_id: period19,
  });
  t.is(shown.usage[1], null, "nothing paid for stage 1");
});

test.serial("an unknown flag exits 2 with the usage before anything is sent", async (t) => {
  const ctx = t.context;
  const account = await registered(ctx, "cliflag");
  const before = await feesTotals(ctx.env);
  const run = await cli(ctx, account, "pay", ["--stage", "0", ...USAGE_FLAGS, "--amount-usd", "5"]);
  t.is(run.code, 2);
  t.regex(run.stderr, /Unknown option '--amount-usd'/);
  t.regex(run.stderr, /usage: npm run provider --/);
  t.deepEqual(await feesTotals(ctx.env), before);
  const both = await cli(ctx, account, "pay", ["--stage", "0", "--amount", "5", "--tip", "1"]);
  t.is(both.code, 2);
  t.regex(both.stderr, /--amount and --tip exclude each other/);
});

test.serial("an unknown stage and a stage without a price exit 1 with the router's message", async (t) => {
  const ctx = t.context;
  const account = await registered(ctx, "clistage");
  const before = await books(ctx.env);
  const unknown = await cli(ctx, account, "pay", ["--stage", "9", ...USAGE_FLAGS]);
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /stage must be an integer in 0\.\.6, got 9/);
  const unpriced = await cli(ctx, account, "pay", ["--stage", "1", ...USAGE_FLAGS]);
  t.is(unpriced.code, 1);
  t.regex(unpriced.stderr, /Stage 1 has no price/);
  t.deepEqual(await books(ctx.env), before);
});

test.serial("an underpayment in NEAR or the stablecoin exits 1, refused and nothing kept", async (t) => {
  const ctx = t.context;
  const { env } = ctx;
  const account = await registered(ctx, "cliunder");
  const quote = await quoteOf(env);
  const before = await books(env);
  const stableBefore = await stableOf(env, account);
  const nearShort = BigInt(quote.near!) - 1n;
  const inNear = await cli(ctx, account, "pay", ["--stage", "0", ...USAGE_FLAGS, "--amount", nearShort.toString()]);
  t.is(inNear.code, 1);
  t.regex(inNear.stderr, new RegExp(`The payment of ${nearShort} near is below the quote of ${quote.near}`));
  const stableShort = BigInt(quote.stable!) - 1n;
  const inStable = await cli(ctx, account, "pay", [
    "--stage",
    "0",
    ...USAGE_FLAGS,
    "--asset",
    "stable",
    "--amount",
    stableShort.toString(),
  ]);
  t.is(inStable.code, 1);
  t.regex(
    inStable.stderr,
    new RegExp(`The payment of ${stableShort} ${env.stable.accountId} is below the quote of ${quote.stable}`),
  );
  t.deepEqual(await books(env), before);
  t.is(await stableOf(env, account), stableBefore, "the stablecoin refunded the refused payment");
  t.is(await env.fees.view<UsageView | null>("usage", { provider_id: account.accountId, stage: 0 }), null);
});

test.serial("a suspended provider's payment exits 1 with the router's refusal", async (t) => {
  const ctx = t.context;
  const { env } = ctx;
  const account = await registered(ctx, "clisusp");
  ok(
    await env.providerManager.callRaw(
      env.fees,
      "suspend_provider",
      { account_id: account.accountId, reason: "attestation expired" },
      yocto,
    ),
    "suspend",
  );
  const before = await books(env);
  const run = await cli(ctx, account, "pay", ["--stage", "0", ...USAGE_FLAGS]);
  t.is(run.code, 1);
  t.regex(run.stderr, new RegExp(`Provider ${account.accountId} is suspended: only active providers pay fees`));
  t.deepEqual(await books(env), before);
});
