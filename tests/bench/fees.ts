/**
 * `npm run bench:fees`: gas of the fee router on the local chain through
 * near-workspaces. "gas" is what the method's own receipt burnt, "total"
 * what the whole transaction burnt (the stablecoin's transfer, the
 * receiver, the forward and the callbacks included).
 *
 * - pay_fees in NEAR and through the stablecoin's ft_transfer_call.
 * - flush of the reserve's NEAR with 1 and with 100 payments accrued: two
 *   fresh routers with identical books (the single payment's usage is the
 *   100 payments' together, priced in whole millions of tokens so no
 *   rounding differs), so only the number of payments behind the bucket
 *   differs, and the figures must be equal.
 *
 * - the provider client's throughput (scripts/lib/provider-client.ts):
 *   sequential periods paid in NEAR, each a quote view, a payment-record
 *   view before and after, and the transaction awaited to finality.
 *
 * The last line of output is the JSON of the figures; the exit code is 1
 * when the two flush figures differ.
 */
import {
  deployFees,
  errorsOf,
  type FeesEnv,
  flush,
  GAS_MAX,
  initArgs,
  metadataFor,
  NEAR,
  NEAR_PRICE,
  newProvider,
  ok,
  payNear,
  payStable,
  setPrice,
  setupFees,
  STABLE_PRICE,
} from "../helpers/fees-fixture.ts";
import { Account, JsonRpcProvider, KeyPairSigner, type KeyPairString } from "near-api-js";
import { periodIdOf, ProviderClient } from "../../scripts/lib/provider-client.ts";
import type { NearAccount } from "../helpers/workspace.ts";

const CLIENT_PAYMENTS = Number(process.env.CLIENT_PAYMENTS ?? 30);

/** Periods per second the provider client pays in NEAR, one after the other. */
async function clientThroughput(env: FeesEnv): Promise<{ payments: number; seconds: number; per_second: number }> {
  const account = await env.root.createSubAccount("benchclient", { initialBalance: 100n * NEAR });
  const url = (env.worker.provider as unknown as { connection: { url: string } }).connection.url;
  const key = (await account.getKey())!.toString() as KeyPairString;
  const signer = KeyPairSigner.fromSecretKey(key);
  const client = new ProviderClient(
    new Account(account.accountId, new JsonRpcProvider({ url }), signer),
    env.fees.accountId,
  );
  await client.register({ name: "bench", endpoint: "https://bench.example", stages: [0] }, 0n, 2n * NEAR);
  ok(await env.owner.callRaw(env.fees, "approve_provider", { account_id: account.accountId }, yocto), "approve");
  const started = performance.now();
  for (let index = 0; index < CLIENT_PAYMENTS; index++) {
    client.meter.add(0, { requests: 5n, input_tokens: 100_000n, output_tokens: 20_000n });
    const outcome = await client.payPeriod(0, periodIdOf(0, index * 60_000, 60_000), "near");
    if (outcome.status !== "paid") throw new Error(`period ${index} was ${outcome.status}`);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    payments: CLIENT_PAYMENTS,
    seconds: Math.round(seconds * 100) / 100,
    per_second: Math.round((CLIENT_PAYMENTS / seconds) * 100) / 100,
  };
}

interface Figure {
  gas: string;
  total: string;
  tgas: number;
  total_tgas: number;
}

type Result = Awaited<ReturnType<NearAccount["callRaw"]>>;

function figure(result: Result): Figure {
  if (result.failed) throw new Error(errorsOf(result));
  const gas = BigInt(result.receipts_outcomes[0].outcome.gas_burnt);
  const total = result.outcomes.reduce((sum, outcome) => sum + BigInt(outcome.gas_burnt), 0n);
  return {
    gas: gas.toString(),
    total: total.toString(),
    tgas: Number(gas / 10n ** 10n) / 100,
    total_tgas: Number(total / 10n ** 10n) / 100,
  };
}

const USAGE = { requests: 3, input_tokens: 2_000_000, output_tokens: 1_000_000 };
const yocto = { attachedDeposit: 1n, gas: GAS_MAX };

/** A fresh router with stage 0 priced, `provider` registered and approved, and `payments` payments accrued. */
async function routerWith(env: FeesEnv, name: string, provider: NearAccount, payments: number): Promise<FeesEnv> {
  const fees = await deployFees(
    env,
    name,
    initArgs(env, { reserve: env.reserve.accountId, protocol: env.protocol.accountId }),
  );
  const routed = { ...env, fees };
  ok(await setPrice(routed, 0, { near: NEAR_PRICE }, env.owner), "price");
  ok(
    await provider.callRaw(
      fees,
      "register_provider",
      { metadata: metadataFor(provider.accountId.split(".")[0], [0]) },
      { attachedDeposit: 2n * NEAR, gas: GAS_MAX },
    ),
    "register",
  );
  ok(await env.owner.callRaw(fees, "approve_provider", { account_id: provider.accountId }, yocto), "approve");
  const perPayment = await fees.view<{ near: string }>("quote", { stage: 0, usage: USAGE });
  const scale = 100 / payments;
  const usage = {
    requests: USAGE.requests * scale,
    input_tokens: USAGE.input_tokens * scale,
    output_tokens: USAGE.output_tokens * scale,
  };
  for (let index = 0; index < payments; index++) {
    const amount = BigInt(perPayment.near) * BigInt(scale);
    ok(await payNear(routed, provider, { stage: 0, period_id: `b${index}`, usage }, amount), `payment ${index}`);
  }
  return routed;
}

async function main() {
  const env = await setupFees();
  try {
    ok(await setPrice(env, 0, { near: NEAR_PRICE, stable: STABLE_PRICE }), "price");
    const provider = await newProvider(env, { stages: [0] });
    const quote = await env.fees.view<{ near: string; stable: string }>("quote", { stage: 0, usage: USAGE });
    const payNearFigure = figure(
      await payNear(env, provider, { stage: 0, period_id: "n1", usage: USAGE }, BigInt(quote.near)),
    );
    const payStableFigure = figure(
      await payStable(env, provider, { stage: 0, period_id: "s1", usage: USAGE }, BigInt(quote.stable)),
    );
    const holders = figure(await flush(env, "holders", "near"));
    const holdersStable = figure(await flush(env, "holders", env.stable.accountId));

    const payer = await env.root.createSubAccount("benchpayer", { initialBalance: 100n * NEAR });
    // same-length account ids: the router logs and calls itself by name
    const one = await routerWith(env, "fb001", payer, 1);
    const hundred = await routerWith(env, "fb100", payer, 100);
    const flushOne = figure(await flush(one, "reserve", "near"));
    const flushHundred = figure(await flush(hundred, "reserve", "near"));
    const same = flushOne.gas === flushHundred.gas && flushOne.total === flushHundred.total;

    const client = await clientThroughput(env);
    const figures = {
      pay_fees_near: payNearFigure,
      pay_fees_stable: payStableFigure,
      flush_holders_near: holders,
      flush_holders_stable: holdersStable,
      flush_reserve_1_payment: flushOne,
      flush_reserve_100_payments: flushHundred,
    };
    console.log("operation                      own / total TGas");
    for (const [name, value] of Object.entries(figures))
      console.log(`${name.padEnd(30)} ${value.tgas} / ${value.total_tgas}`);
    console.log(`flush costs the same with 1 and 100 payments accrued: ${same ? "yes" : "NO"}`);
    console.log(
      `provider client: ${client.payments} periods paid in ${client.seconds} s = ${client.per_second} payments/s`,
    );
    console.log(JSON.stringify({ unit: "gas", ...figures, flush_same: same, client_throughput: client }));
    if (!same) process.exitCode = 1;
  } finally {
    await env.worker.tearDown();
  }
}

await main();
