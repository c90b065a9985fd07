/**
 * The provider client (scripts/lib/provider-client.ts) against the fee
 * router on the local chain through near-api-js: registration, a period paid
 * in NEAR at the quote read from the chain, the same period retried and
 * recognised as already paid (nothing sent twice), a stablecoin period, the
 * deterministic period id; and the CLI's strict command line.
 */
import { spawnSync } from "node:child_process";
import anyTest, { type TestFn } from "ava";
import { Account, JsonRpcProvider, KeyPairSigner, type KeyPairString } from "near-api-js";
import { periodIdOf, ProviderClient } from "../../scripts/lib/provider-client.ts";
import { REPO_ROOT } from "../helpers/contracts.ts";
import {
  type FeesEnv,
  feesTotals,
  GAS_MAX,
  NEAR,
  NEAR_PRICE,
  ok,
  setPrice,
  setupFees,
  STABLE_PRICE,
  USD,
} from "../helpers/fees-fixture.ts";

const test = anyTest as TestFn<FeesEnv>;

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
  const url = (env.worker.provider as unknown as { connection: { url: string } }).connection.url;
  const key = (await account.getKey())!.toString() as KeyPairString;
  const nearAccount = new Account(account.accountId, new JsonRpcProvider({ url }), KeyPairSigner.fromSecretKey(key));
  const client = new ProviderClient(nearAccount, env.fees.accountId, env.stable.accountId);

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
  client.meter.add(0, usage);
  const retried = await client.payPeriod(0, periodId, "near");
  t.is(retried.status, "already_paid");
  t.deepEqual(await feesTotals(env), before, "the retry sent nothing");
  t.deepEqual(client.meter.peek(0), usage, "the retried usage stays metered");

  const stable = await client.payPeriod(0, periodIdOf(0, Date.parse("2026-12-01T19:00:00Z"), 3_600_000), "stable");
  t.is(stable.status, "paid");
  t.is(stable.payment.asset, env.stable.accountId);
  const status = await client.status([0]);
  t.like(status.usage[0], { payments: 2, requests: "80" });
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
