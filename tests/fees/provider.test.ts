/**
 * The provider's tooling against the fee router, on one local chain for the
 * file (a chain with the vault's world and the router is most of what each
 * of these tests costs).
 *
 * `npm run provider -- register|pay|status` (scripts/provider.ts) run as a
 * child process, the way a person runs it: registration, a period paid in
 * NEAR and one in the stablecoin at the chain's quote, the retry of a paid
 * period reported as already paid with nothing sent, the status output; and
 * the failures, each leaving the router's books as they were: an unknown
 * flag or command (exit 2, before anything is sent), an unknown stage, an
 * underpayment in either asset and a suspended provider (exit 1, the
 * router's own message). Each run of the CLI is a node process loading tsx
 * and near-api-js (1-2 s on an idle machine), so the providers of the
 * failure tests are registered in-process by the fixture; the CLI's
 * registration is the first test's.
 *
 * The provider client (scripts/lib/provider-client.ts) through near-api-js:
 * registration, a period paid in NEAR at the quote read from the chain, the
 * same period retried and recognised as already paid (nothing sent twice), a
 * stablecoin period, the deterministic period id; usage billed exactly once
 * when a landed payment's response is lost or another instance of the
 * service paid the period first (the account's send is wrapped to inject
 * those, the chain is real).
 *
 * The CLI's tests are serial, and ava runs a file's serial tests before its
 * concurrent ones: they compare the router's books and the signers' nonces,
 * which must not move under them; the client's tests, each with its own
 * provider, then run together.
 */
import anyTest, { type ExecutionContext, type TestFn } from "ava";
import { Account, JsonRpcProvider, KeyPairSigner, type KeyPairString } from "near-api-js";
import type { ProviderView, QuoteView, UsageView } from "../../contracts/fees/interface.ts";
import { periodIdOf, ProviderClient } from "../../scripts/lib/provider-client.ts";
import {
  type FeesEnv,
  feesTotals,
  NEAR,
  NEAR_PRICE,
  newProvider,
  newStableHolder,
  ok,
  paymentView,
  providerView,
  setPrice,
  setupFees,
  STABLE_PRICE,
  yocto,
} from "../helpers/fees-fixture.ts";
import type { NearAccount } from "../helpers/workspace.ts";
import { runScript } from "../scripts/rehearsal-chain.ts";

const test = anyTest as TestFn<FeesEnv>;
const ZERO = { requests: 0n, input_tokens: 0n, output_tokens: 0n };
const HOUR_18 = "2026-12-01T18:00:00Z";
const PERIOD_18 = "s0-20261201T180000Z-3600s";
const USAGE = { requests: "40", input_tokens: "1500000", output_tokens: "300000" };
const USAGE_FLAGS = ["--requests", "40", "--input-tokens", "1500000", "--output-tokens", "300000"];

test.before(async (t) => {
  t.context = await setupFees();
  ok(await setPrice(t.context, 0, { near: NEAR_PRICE, stable: STABLE_PRICE }), "price");
});

test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

const rpcUrlOf = (env: FeesEnv) => (env.worker.provider as unknown as { connection: { url: string } }).connection.url;

// ---- the CLI ----------------------------------------------------------------------------

/** Runs the CLI as `account` (its key in NEAR_PROVIDER_SECRET_KEY) against the file's chain and router. */
async function cli(env: FeesEnv, account: NearAccount, command: string, flags: string[]) {
  const key = (await account.getKey())!.toString();
  const argv = [
    command,
    "--rpc-url",
    rpcUrlOf(env),
    "--account",
    account.accountId,
    "--fees",
    env.fees.accountId,
    "--stable",
    env.stable.accountId,
    ...flags,
  ];
  return runScript("provider", argv, { NEAR_PROVIDER_SECRET_KEY: key });
}

/** A provider registered and approved in-process (the CLI's own registration is the first test's). */
const registered = (env: FeesEnv, name: string) => newProvider(env, { prefix: name });

const quoteOf = (env: FeesEnv) => env.fees.view<QuoteView>("quote", { stage: 0, usage: USAGE });
const stableOf = (env: FeesEnv, account: NearAccount) =>
  env.stable.view<string>("ft_balance_of", { account_id: account.accountId }).then(BigInt);
/** The router's books without its NEAR balance (a failed call's gas reward lands there). */
const books = async (env: FeesEnv) => {
  const { near_balance: _ignored, ...rest } = await feesTotals(env);
  return rest;
};

test.serial("register, pay a period in NEAR and one in the stablecoin, retry a paid period, then status", async (t) => {
  const env = t.context;
  const account = await newStableHolder(env, "clipay");
  const bond = NEAR;
  const register = await cli(env, account, "register", [
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
  await approve(env, account);

  const quote = await quoteOf(env);
  const receivedNear = BigInt((await feesTotals(env)).assets.near.received);
  const paid = await cli(env, account, "pay", ["--stage", "0", ...USAGE_FLAGS, "--period-start", HOUR_18]);
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
  const stable = await cli(env, account, "pay", [
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
  const retry = await cli(env, account, "pay", [
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

  const status = await cli(env, account, "status", ["--stages", "0,1"]);
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

test.serial("an unknown flag or command exits 2 with the usage before anything is sent", async (t) => {
  const env = t.context;
  const account = await registered(env, "cliflag");
  const before = await feesTotals(env);
  const run = await cli(env, account, "pay", ["--stage", "0", ...USAGE_FLAGS, "--amount-usd", "5"]);
  t.is(run.code, 2);
  t.regex(run.stderr, /Unknown option '--amount-usd'/);
  t.regex(run.stderr, /usage: npm run provider --/);
  t.deepEqual(await feesTotals(env), before);
  const both = await cli(env, account, "pay", ["--stage", "0", "--amount", "5", "--tip", "1"]);
  t.is(both.code, 2);
  t.regex(both.stderr, /--amount and --tip exclude each other/);
  const command = await cli(env, account, "refund", []);
  t.is(command.code, 2);
  t.regex(command.stderr, /expected one command: register, pay or status/);
  t.deepEqual(await feesTotals(env), before);
});

test.serial("an unknown stage and a stage without a price exit 1 with the router's message", async (t) => {
  const env = t.context;
  const account = await registered(env, "clistage");
  const before = await books(env);
  const unknown = await cli(env, account, "pay", ["--stage", "9", ...USAGE_FLAGS]);
  t.is(unknown.code, 1);
  t.regex(unknown.stderr, /stage must be an integer in 0\.\.6, got 9/);
  const unpriced = await cli(env, account, "pay", ["--stage", "1", ...USAGE_FLAGS]);
  t.is(unpriced.code, 1);
  t.regex(unpriced.stderr, /Stage 1 has no price/);
  t.deepEqual(await books(env), before);
});

test.serial("an underpayment in NEAR or the stablecoin exits 1, refused and nothing kept", async (t) => {
  const env = t.context;
  const account = await registered(env, "cliunder");
  const quote = await quoteOf(env);
  const before = await books(env);
  const stableBefore = await stableOf(env, account);
  const nearShort = BigInt(quote.near!) - 1n;
  const inNear = await cli(env, account, "pay", ["--stage", "0", ...USAGE_FLAGS, "--amount", nearShort.toString()]);
  t.is(inNear.code, 1);
  t.regex(inNear.stderr, new RegExp(`The payment of ${nearShort} near is below the quote of ${quote.near}`));
  const stableShort = BigInt(quote.stable!) - 1n;
  const inStable = await cli(env, account, "pay", [
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
  const env = t.context;
  const account = await registered(env, "clisusp");
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
  const run = await cli(env, account, "pay", ["--stage", "0", ...USAGE_FLAGS]);
  t.is(run.code, 1);
  t.regex(run.stderr, new RegExp(`Provider ${account.accountId} is suspended: only active providers pay fees`));
  t.deepEqual(await books(env), before);
});

// ---- the client -------------------------------------------------------------------------

/** Runs `before` ahead of the next send, and throws after the next send landed when `loseResponse` is set. */
class FaultyAccount extends Account {
  before: (() => Promise<void>) | null = null;
  loseResponse = false;

  override async signAndSendTransaction(...args: Parameters<Account["signAndSendTransaction"]>) {
    const before = this.before;
    this.before = null;
    if (before) await before();
    const response = await super.signAndSendTransaction(...args);
    if (this.loseResponse) {
      this.loseResponse = false;
      throw new Error("injected: the response was lost after the transaction landed");
    }
    return response;
  }
}

/** The provider manager approves `account`'s registration. */
async function approve(env: FeesEnv, account: NearAccount): Promise<void> {
  ok(
    await env.providerManager.callRaw(env.fees, "approve_provider", { account_id: account.accountId }, yocto),
    "approve",
  );
}

async function clientAccount(env: FeesEnv, account: NearAccount): Promise<FaultyAccount> {
  const url = rpcUrlOf(env);
  const key = (await account.getKey())!.toString() as KeyPairString;
  return new FaultyAccount(account.accountId, new JsonRpcProvider({ url }), KeyPairSigner.fromSecretKey(key));
}

async function approvedClient(env: FeesEnv, name: string): Promise<{ client: ProviderClient; faulty: FaultyAccount }> {
  const account = await env.root.createSubAccount(name, { initialBalance: 50n * NEAR });
  const faulty = await clientAccount(env, account);
  const client = new ProviderClient(faulty, env.fees.accountId, env.stable.accountId);
  await client.register({ name, endpoint: `https://${name}.example`, stages: [0] }, NEAR, NEAR / 2n);
  await approve(env, account);
  return { client, faulty };
}

test("period ids are deterministic per stage, period start and length", (t) => {
  const hour = 3_600_000;
  const start = Date.parse("2026-12-01T18:00:00Z");
  t.is(periodIdOf(0, start, hour), "s0-20261201T180000Z-3600s");
  t.is(periodIdOf(0, start + 59 * 60_000, hour), "s0-20261201T180000Z-3600s");
  t.is(periodIdOf(2, start + hour, hour), "s2-20261201T190000Z-3600s");
});

test("the client registers, pays a period in NEAR and the stablecoin, and recognises a retry as already paid", async (t) => {
  const env = t.context;
  const account = await newStableHolder(env, "client");
  const client = new ProviderClient(await clientAccount(env, account), env.fees.accountId, env.stable.accountId);

  await client.register({ name: "client", endpoint: "https://client.example", stages: [0] }, NEAR, NEAR / 2n);
  await approve(env, account);

  const usage = { requests: 40n, input_tokens: 1_500_000n, output_tokens: 300_000n };
  const periodId = periodIdOf(0, Date.parse("2026-12-01T18:00:00Z"), 3_600_000);
  client.meter.add(0, usage);
  const quote = await client.quote(0, usage);
  const paid = await client.payPeriod(0, periodId, "near");
  t.is(paid.status, "paid");
  t.is(paid.payment.amount, quote.near ?? "no NEAR price");
  t.deepEqual(client.meter.peek(0), { requests: 0n, input_tokens: 0n, output_tokens: 0n });

  const before = await feesTotals(env);
  const retried = await client.payPeriod(0, periodId, "near");
  t.is(retried.status, "already_paid");
  t.deepEqual(await feesTotals(env), before, "the retry sent nothing");
  t.deepEqual(client.meter.peek(0), { requests: 0n, input_tokens: 0n, output_tokens: 0n }, "nothing billed twice");

  client.meter.add(0, usage);
  const stable = await client.payPeriod(0, periodIdOf(0, Date.parse("2026-12-01T19:00:00Z"), 3_600_000), "stable");
  t.is(stable.status, "paid");
  t.is(stable.payment.asset, env.stable.accountId);
  const status = await client.status([0]);
  t.like(status.usage[0], { payments: 2, requests: "80" });
});

type Usage = typeof ZERO;

/**
 * The shared shape of the two fault tests: a new approved client meters `usage`, its first send of `period`
 * fails as `inject` arranges, the usage is held (out of the meter) until the outcome is known; then `later` is
 * metered and the period retried. Returns the retry's outcome once the meter holds only `later` and nothing
 * is held any more.
 */
async function failThenRetry(
  t: ExecutionContext<FeesEnv>,
  name: string,
  period: string,
  usages: { usage: Usage; later: Usage },
  inject: (faulty: FaultyAccount) => void,
) {
  const { client, faulty } = await approvedClient(t.context, name);
  client.meter.add(0, usages.usage);
  inject(faulty);
  await t.throwsAsync(client.payPeriod(0, period, "near"), { message: /injected/ });
  t.deepEqual(client.heldUsage(0, period), usages.usage, "held until its outcome is known");
  t.deepEqual(client.meter.peek(0), ZERO);
  client.meter.add(0, usages.later);
  const retried = await client.payPeriod(0, period, "near");
  t.deepEqual(client.meter.peek(0), usages.later, "only the usage metered since is left to bill");
  t.is(client.heldUsage(0, period), null);
  return { client, retried };
}

test("a landed payment whose response was lost is billed once: the retry finds it paid and drops the held usage", async (t) => {
  const first = periodIdOf(0, Date.parse("2026-12-02T10:00:00Z"), 3_600_000);
  const usages = {
    usage: { requests: 40n, input_tokens: 1_500_000n, output_tokens: 300_000n },
    later: { requests: 7n, input_tokens: 1_000n, output_tokens: 500n },
  };
  const { client, retried } = await failThenRetry(t, "lossy", first, usages, (faulty) => {
    faulty.loseResponse = true;
  });
  t.is(retried.status, "already_paid");
  t.like(retried.payment.usage, { requests: "40" }, "the first send's payment landed");
  t.like(await paymentView(t.context, client.accountId, 0, first), { usage: { requests: "40" } });

  await client.payPeriod(0, periodIdOf(0, Date.parse("2026-12-02T11:00:00Z"), 3_600_000), "near");
  t.like(await client.status([0]), { usage: [{ payments: 2, requests: "47", input_tokens: "1501000" }] });
});

test("a send whose outcome is unknown is retried with the held usage, not the meter's newer usage", async (t) => {
  const period = periodIdOf(0, Date.parse("2026-12-02T10:00:00Z"), 3_600_000);
  const usages = {
    usage: { requests: 5n, input_tokens: 10_000n, output_tokens: 2_000n },
    later: { requests: 3n, input_tokens: 1n, output_tokens: 1n },
  };
  const { retried } = await failThenRetry(t, "unsure", period, usages, (faulty) => {
    faulty.before = async () => {
      throw new Error("injected: the RPC timed out before the transaction was sent");
    };
  });
  t.is(retried.status, "paid");
  t.like(retried.payment.usage, { requests: "5" });
});

test("usage of a period another instance paid first goes back to the meter; a refused payment restores it too", async (t) => {
  const env = t.context;
  const { client, faulty } = await approvedClient(env, "twin");
  const other = new ProviderClient(faulty, env.fees.accountId, env.stable.accountId);
  const mine = { requests: 11n, input_tokens: 20_000n, output_tokens: 3_000n };
  const theirs = { requests: 9n, input_tokens: 15_000n, output_tokens: 1_000n };
  const period = periodIdOf(0, Date.parse("2026-12-02T12:00:00Z"), 3_600_000);
  client.meter.add(0, mine);
  other.meter.add(0, theirs);
  // the other instance's payment lands between this client's check of the period and its own send
  faulty.before = async () => {
    t.is((await other.payPeriod(0, period, "near")).status, "paid");
  };
  const outcome = await client.payPeriod(0, period, "near");
  t.is(outcome.status, "already_paid");
  t.like(outcome.payment.usage, { requests: "9" });
  t.deepEqual(client.meter.peek(0), mine, "not billed, so still metered");
  t.is(client.heldUsage(0, period), null);

  const refused = periodIdOf(0, Date.parse("2026-12-02T13:00:00Z"), 3_600_000);
  await t.throwsAsync(client.payPeriod(0, refused, "near", 0n, 1n), { message: /refused/ });
  t.deepEqual(client.meter.peek(0), mine, "the router refused it: back in the meter");
  t.is(client.heldUsage(0, refused), null);
});
