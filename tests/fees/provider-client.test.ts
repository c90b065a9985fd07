/**
 * The provider client (scripts/lib/provider-client.ts) against the fee
 * router on the local chain through near-api-js: registration, a period paid
 * in NEAR at the quote read from the chain, the same period retried and
 * recognised as already paid (nothing sent twice), a stablecoin period, the
 * deterministic period id; usage billed exactly once when a landed payment's
 * response is lost or another instance of the service paid the period first
 * (the account's send is wrapped to inject those, the chain is real); and the
 * CLI's strict command line.
 */
import { spawnSync } from "node:child_process";
import anyTest, { type TestFn } from "ava";
import { Account, JsonRpcProvider, KeyPairSigner, type KeyPairString } from "near-api-js";
import { periodIdOf, ProviderClient } from "../../scripts/lib/provider-client.ts";
import { REPO_ROOT } from "../helpers/contracts.ts";
import type { NearAccount } from "../helpers/workspace.ts";
import {
  type FeesEnv,
  feesTotals,
  GAS_MAX,
  NEAR,
  NEAR_PRICE,
  ok,
  paymentView,
  setPrice,
  setupFees,
  STABLE_PRICE,
  USD,
} from "../helpers/fees-fixture.ts";

const test = anyTest as TestFn<FeesEnv>;
const ZERO = { requests: 0n, input_tokens: 0n, output_tokens: 0n };

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

async function clientAccount(env: FeesEnv, account: NearAccount): Promise<FaultyAccount> {
  const url = (env.worker.provider as unknown as { connection: { url: string } }).connection.url;
  const key = (await account.getKey())!.toString() as KeyPairString;
  return new FaultyAccount(account.accountId, new JsonRpcProvider({ url }), KeyPairSigner.fromSecretKey(key));
}

async function approvedClient(env: FeesEnv, name: string): Promise<{ client: ProviderClient; faulty: FaultyAccount }> {
  const account = await env.root.createSubAccount(name, { initialBalance: 50n * NEAR });
  const faulty = await clientAccount(env, account);
  const client = new ProviderClient(faulty, env.fees.accountId, env.stable.accountId);
  await client.register({ name, endpoint: `https://${name}.example`, stages: [0] }, NEAR, NEAR / 2n);
  ok(
    await env.providerManager.callRaw(
      env.fees,
      "approve_provider",
      { account_id: account.accountId },
      { attachedDeposit: 1n, gas: GAS_MAX },
    ),
    "approve",
  );
  return { client, faulty };
}

test.before(async (t) => {
  t.context = await setupFees();
  ok(await setPrice(t.context, 0, { near: NEAR_PRICE, stable: STABLE_PRICE }), "price");
});

test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

test("period ids are deterministic per stage, period start and length", (t) => {
  const hour = 3_600_000;
  const start = Date.parse("2026-12-01T18:00:00Z");
  t.is(periodIdOf(0, start, hour), "s0-20261201T180000Z-3600s");
  t.is(periodIdOf(0, start + 59 * 60_000, hour), "s0-20261201T180000Z-3600s");
  t.is(periodIdOf(2, start + hour, hour), "s2-20261201T190000Z-3600s");
});

test("the client registers, pays a period in NEAR and the stablecoin, and recognises a retry as already paid", async (t) => {
  const env = t.context;
  const account = await env.root.createSubAccount("client", { initialBalance: 50n * NEAR });
  await account.call(env.stable, "storage_deposit", {}, { attachedDeposit: NEAR / 100n });
  await env.owner.call(
    env.stable,
    "ft_transfer",
    { receiver_id: account.accountId, amount: (1000n * USD).toString() },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
  const client = new ProviderClient(await clientAccount(env, account), env.fees.accountId, env.stable.accountId);

  await client.register({ name: "client", endpoint: "https://client.example", stages: [0] }, NEAR, NEAR / 2n);
  ok(
    await env.providerManager.callRaw(
      env.fees,
      "approve_provider",
      { account_id: account.accountId },
      { attachedDeposit: 1n, gas: GAS_MAX },
    ),
    "approve",
  );

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

test("a landed payment whose response was lost is billed once: the retry finds it paid and drops the held usage", async (t) => {
  const env = t.context;
  const { client, faulty } = await approvedClient(env, "lossy");
  const usage = { requests: 40n, input_tokens: 1_500_000n, output_tokens: 300_000n };
  const later = { requests: 7n, input_tokens: 1_000n, output_tokens: 500n };
  const first = periodIdOf(0, Date.parse("2026-12-02T10:00:00Z"), 3_600_000);
  client.meter.add(0, usage);
  faulty.loseResponse = true;
  await t.throwsAsync(client.payPeriod(0, first, "near"), { message: /injected/ });
  t.like(await paymentView(env, client.accountId, 0, first), { usage: { requests: "40" } }, "the payment landed");
  t.deepEqual(client.heldUsage(0, first), usage, "held until its outcome is known");
  t.deepEqual(client.meter.peek(0), ZERO);

  client.meter.add(0, later);
  const retried = await client.payPeriod(0, first, "near");
  t.is(retried.status, "already_paid");
  t.is(client.heldUsage(0, first), null);
  t.deepEqual(client.meter.peek(0), later, "only the usage metered since is left to bill");

  await client.payPeriod(0, periodIdOf(0, Date.parse("2026-12-02T11:00:00Z"), 3_600_000), "near");
  t.like(await client.status([0]), { usage: [{ payments: 2, requests: "47", input_tokens: "1501000" }] });
});

test("a send whose outcome is unknown is retried with the held usage, not the meter's newer usage", async (t) => {
  const env = t.context;
  const { client, faulty } = await approvedClient(env, "unsure");
  const usage = { requests: 5n, input_tokens: 10_000n, output_tokens: 2_000n };
  const later = { requests: 3n, input_tokens: 1n, output_tokens: 1n };
  const period = periodIdOf(0, Date.parse("2026-12-02T10:00:00Z"), 3_600_000);
  client.meter.add(0, usage);
  faulty.before = async () => {
    throw new Error("injected: the RPC timed out before the transaction was sent");
  };
  await t.throwsAsync(client.payPeriod(0, period, "near"), { message: /injected/ });
  t.deepEqual(client.heldUsage(0, period), usage);
  client.meter.add(0, later);
  const paid = await client.payPeriod(0, period, "near");
  t.is(paid.status, "paid");
  t.like(paid.payment.usage, { requests: "5" });
  t.deepEqual(client.meter.peek(0), later);
  t.is(client.heldUsage(0, period), null);
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

test("the CLI refuses unknown options and commands with exit code 2 and the usage", (t) => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/provider.ts", ...args], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
  const unknown = run("pay", "--bogus");
  t.is(unknown.status, 2);
  t.regex(unknown.stderr, /Unknown option '--bogus'/);
  t.regex(unknown.stderr, /usage: npm run provider --/);
  const command = run("refund", "--account", "a.test", "--fees", "f.test");
  t.is(command.status, 2);
  t.regex(command.stderr, /expected one command: register, pay or status/);
});
