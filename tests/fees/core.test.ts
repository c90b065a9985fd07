/**
 * The fee router on the local chain: providers (registration, approval,
 * suspension, reinstatement, updates, retirement), the price list, payments
 * in NEAR and the stablecoin with every refusal (exact message, nothing
 * changed, funds returned), the timelocked split, and flushes that succeed
 * and fail, a receiver that returns part of a stablecoin forward; exactly 1
 * yoctoNEAR on every privileged method; a price notice that holds a new
 * price back until it has passed. One workspace for the file; each test
 * uses its own providers and stages where it needs clean books, and its own
 * router where it needs another init (the receiver fixture as the holders'
 * receiver, a non-zero price notice).
 */
import anyTest, { type ExecutionContext, type TestFn } from "ava";
import {
  bucket,
  deployFees,
  DIGEST,
  errorsOf,
  type FeesEnv,
  feesEventLine,
  feesEvents,
  feesTotals,
  flush,
  GAS_MAX,
  initArgs,
  metadataFor,
  NEAR,
  NEAR_PRICE,
  newProvider,
  ok,
  pauseVaultDeposits,
  payNear,
  paymentView,
  payStable,
  providerView,
  schedule,
  setPrice,
  setupFees,
  SPLIT,
  STABLE_PRICE,
  stageRevenue,
  timelocked,
  USD,
  usageView,
  yocto,
  assertBooksBalance,
} from "../helpers/fees-fixture.ts";
import { contractWasm } from "../helpers/contracts.ts";
import { receiverWasm } from "../helpers/token-setup.ts";
import { advanceTo, chainNow, ftBalance, nearBalance, SEC } from "../helpers/vault-fixture.ts";
import type { NearAccount } from "../helpers/workspace.ts";

const test = anyTest as TestFn<FeesEnv>;
const USAGE = { requests: 10, input_tokens: 2_000_000, output_tokens: "500000" };
/** NEAR_PRICE for USAGE: 10 × 0.001 + 2 × 0.1 + 0.5 × 0.2 = 0.31 NEAR. */
const NEAR_QUOTE = (NEAR * 31n) / 100n;
/** STABLE_PRICE for USAGE: 10 × 1000 + 2 × 0.5 USD + 0.5 × 1 USD = 1.51 USD. */
const STABLE_QUOTE = 10_000n + USD + USD / 2n;

test.before(async (t) => {
  t.context = await setupFees();
  for (const stage of [0, 1]) {
    ok(await setPrice(t.context, stage, { near: NEAR_PRICE, stable: STABLE_PRICE }), `price ${stage}`);
  }
});

test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

type Result = Awaited<ReturnType<FeesEnv["owner"]["callRaw"]>>;

function failsWith(t: ExecutionContext, result: Result, message: string): void {
  t.true(result.failed, `expected a failure with: ${message}`);
  t.true(errorsOf(result).includes(message), `${errorsOf(result)}\n  does not include\n${message}`);
}

/** Every view a refused call must leave unchanged. */
async function snapshot(env: FeesEnv, provider: string, stage: number) {
  return {
    totals: (await feesTotals(env)).assets,
    usage: await usageView(env, provider, stage),
    revenue: await stageRevenue(env, stage),
    provider: await providerView(env, provider),
  };
}

test.serial("init refuses a split not summing to 10,000 and a protocol share without a protocol account", async (t) => {
  const env = t.context;
  const account = await env.root.createSubAccount("badinit", { initialBalance: 30n * NEAR });
  const { contractWasm } = await import("../helpers/contracts.ts");
  await account.deploy(await contractWasm("fees"));
  const base = {
    owner_id: env.owner.accountId,
    token_id: env.token.accountId,
    vault_id: env.vault.accountId,
    reserve_id: env.reserve.accountId,
    price_notice_ns: "0",
    timelock_delay_ns: "0",
  };
  const uneven = await env.owner.callRaw(
    account,
    "init",
    { ...base, split: { ...SPLIT, holders_bps: 4999 } },
    { gas: GAS_MAX },
  );
  failsWith(t, uneven, "The split's basis points must sum to 10000, got 9999");
  const noProtocol = await env.owner.callRaw(account, "init", { ...base, split: SPLIT }, { gas: GAS_MAX });
  failsWith(t, noProtocol, "protocol_bps must be 0 while no protocol account is set (set_protocol_account first)");
});

test.serial(
  "providers: register with bond, approve, update, suspend, reinstate, retire; each evented, roles enforced",
  async (t) => {
    const env = t.context;
    const provider = await env.root.createSubAccount("lifecycle", { initialBalance: 50n * NEAR });
    const metadata = metadataFor("lifecycle", [2]);
    const bond = 3n * NEAR;
    const registered = ok(
      await provider.callRaw(
        env.fees,
        "register_provider",
        { metadata, bond: bond.toString() },
        {
          attachedDeposit: bond + NEAR / 2n,
          gas: GAS_MAX,
        },
      ),
      "register",
    );
    t.deepEqual(registered.logs, [
      feesEventLine("provider_registered", {
        account_id: provider.accountId,
        ...metadata,
        bond: bond.toString(),
        storage_deposit: (NEAR / 2n).toString(),
        status: "pending",
      }),
    ]);
    const view = await providerView(env, provider);
    t.like(view, { status: "pending", bond: bond.toString(), stages: [2], attestation_digest: DIGEST });
    t.true(BigInt(view!.storage_used) > 0n);

    const again = await provider.callRaw(
      env.fees,
      "register_provider",
      { metadata },
      { attachedDeposit: NEAR, gas: GAS_MAX },
    );
    failsWith(t, again, `${provider.accountId} is already registered as a provider`);
    const badMetadata = await env.holder.callRaw(
      env.fees,
      "register_provider",
      { metadata: { ...metadata, endpoint: "ftp://x" } },
      { attachedDeposit: NEAR, gas: GAS_MAX },
    );
    failsWith(t, badMetadata, "metadata.endpoint must be an http(s) URL of at most 256 characters");
    const noStorage = await env.holder.callRaw(
      env.fees,
      "register_provider",
      { metadata, bond: NEAR.toString() },
      { attachedDeposit: NEAR, gas: GAS_MAX },
    );
    failsWith(t, noStorage, `Provider ${env.holder.accountId}'s storage deposit is short by`);

    const stranger = await env.holder.callRaw(env.fees, "approve_provider", { account_id: provider.accountId }, yocto);
    failsWith(t, stranger, `Caller ${env.holder.accountId} lacks the role "provider_manager" required by this method`);
    const manager = env.providerManager;
    const approved = ok(
      await manager.callRaw(env.fees, "approve_provider", { account_id: provider.accountId, reason: "audited" }, yocto),
      "approve",
    );
    t.deepEqual(feesEvents(approved), [
      ["provider_approved", { account_id: provider.accountId, by: manager.accountId, reason: "audited" }],
    ]);
    const twice = await manager.callRaw(env.fees, "approve_provider", { account_id: provider.accountId }, yocto);
    failsWith(t, twice, `Cannot approve provider ${provider.accountId}: it is active`);

    const keyOnly = await provider.callRaw(env.fees, "update_provider", { metadata }, { gas: GAS_MAX });
    failsWith(t, keyOnly, "Requires attached deposit of exactly 1 yoctoNEAR");
    const renamed = ok(
      await provider.callRaw(
        env.fees,
        "update_provider",
        { metadata: { ...metadata, name: "renamed" } },
        { ...yocto, gas: GAS_MAX },
      ),
      "rename",
    );
    t.deepEqual(feesEvents(renamed), [
      ["provider_updated", { account_id: provider.accountId, ...metadata, name: "renamed", status: "active" }],
    ]);
    const updated = ok(
      await provider.callRaw(
        env.fees,
        "update_provider",
        { metadata: { ...metadata, stages: [2, 3] } },
        { ...yocto, gas: GAS_MAX },
      ),
      "update",
    );
    t.deepEqual(feesEvents(updated), [
      ["provider_updated", { account_id: provider.accountId, ...metadata, stages: [2, 3], status: "pending" }],
    ]);
    ok(await manager.callRaw(env.fees, "approve_provider", { account_id: provider.accountId }, yocto), "reapprove");
    const attested = ok(
      await provider.callRaw(
        env.fees,
        "update_provider",
        { metadata: { ...metadata, stages: [2, 3], attestation_digest: "ef".repeat(32) } },
        { ...yocto, gas: GAS_MAX },
      ),
      "new digest",
    );
    t.like(feesEvents(attested)[0]?.[1], { status: "pending", attestation_digest: "ef".repeat(32) });
    t.like(await providerView(env, provider), { status: "pending" });

    const suspended = ok(
      await manager.callRaw(env.fees, "suspend_provider", { account_id: provider.accountId }, yocto),
      "suspend",
    );
    t.deepEqual(feesEvents(suspended), [
      ["provider_suspended", { account_id: provider.accountId, by: manager.accountId, reason: null }],
    ]);
    const retireSuspended = await provider.callRaw(env.fees, "retire_provider", {}, yocto);
    failsWith(t, retireSuspended, `Provider ${provider.accountId} is suspended and cannot retire`);
    const reinstated = ok(
      await manager.callRaw(env.fees, "reinstate_provider", { account_id: provider.accountId }, yocto),
      "reinstate",
    );
    t.deepEqual(feesEvents(reinstated), [
      [
        "provider_reinstated",
        { account_id: provider.accountId, by: manager.accountId, reason: null, status: "pending" },
      ],
    ]);
    t.like(
      await providerView(env, provider),
      { status: "pending" },
      "suspended while pending: reinstating approves nothing",
    );

    const before = await providerView(env, provider);
    const unused = BigInt(before!.storage_deposit) - BigInt(before!.storage_used);
    const retired = ok(await provider.callRaw(env.fees, "retire_provider", {}, yocto), "retire");
    t.deepEqual(feesEvents(retired), [
      [
        "provider_retired",
        { account_id: provider.accountId, bond_returned: bond.toString(), storage_returned: unused.toString() },
      ],
    ]);
    t.like(await providerView(env, provider), { status: "retired", bond: "0" });
    const list = await env.fees.view<Array<{ account_id: string }>>("providers", { limit: 50 });
    t.true(list.some((entry) => entry.account_id === provider.accountId));
  },
);

test.serial(
  "prices: set by the config role with an effective time, quote view, scheduled change shown before it applies",
  async (t) => {
    const env = t.context;
    const stranger = await setPrice(env, 3, { near: NEAR_PRICE }, env.holder);
    failsWith(t, stranger, `Caller ${env.holder.accountId} lacks the role "config" required by this method`);
    const nothing = await setPrice(env, 3, {});
    failsWith(t, nothing, "A price needs a near part, a stable part or both");
    const badPrice = await setPrice(env, 3, { near: { ...NEAR_PRICE, per_request: "-1" } });
    failsWith(t, badPrice, 'near.per_request must be a decimal string (U128), got "-1"');
    const unpriced = await env.fees.view("quote", { stage: 3, usage: USAGE }).catch((error: Error) => error.message);
    t.regex(String(unpriced), /Stage 3 has no price/);

    const set = ok(await setPrice(env, 3, { near: NEAR_PRICE }), "set_price");
    const [[event, data]] = feesEvents(set);
    t.is(event, "price_scheduled");
    t.like(data, { stage: 3, near: NEAR_PRICE, stable: null, replaced: false, by: env.pricer.accountId });
    t.deepEqual(await env.fees.view("quote", { stage: 3, usage: USAGE }), {
      stage: 3,
      near: NEAR_QUOTE.toString(),
      stable: null,
      effective_at_ns: (data as { effective_at_ns: string }).effective_at_ns,
    });

    const later = (BigInt((data as { effective_at_ns: string }).effective_at_ns) + 10n ** 15n).toString();
    const doubled = { ...NEAR_PRICE, per_request: (2n * BigInt(NEAR_PRICE.per_request)).toString() };
    ok(await setPrice(env, 3, { near: doubled, effective_at_ns: later }), "scheduled price");
    const prices = await env.fees.view<{ effective: { near: unknown }; scheduled: { effective_at_ns: string } }>(
      "prices",
      { stage: 3 },
    );
    t.deepEqual(prices.effective.near, NEAR_PRICE);
    t.is(prices.scheduled.effective_at_ns, later);
    const quote = await env.fees.view<{ near: string }>("quote", { stage: 3, usage: USAGE });
    t.is(quote.near, NEAR_QUOTE.toString(), "the announced price does not apply before its time");
  },
);

test.serial(
  "pay_fees in NEAR: fee_paid with shares, usage and payment records; overpayment kept as a tip",
  async (t) => {
    const env = t.context;
    const provider = await newProvider(env, { stable: false });
    const amount = NEAR_QUOTE + 7n;
    const paid = ok(
      await payNear(env, provider, { stage: 0, period_id: "2026-12-01T00", usage: USAGE, memo: "hour 0" }, amount),
      "pay",
    );
    t.deepEqual(feesEvents(paid)[0][0], "fee_paid");
    const data = feesEvents(paid)[0][1] as Record<string, unknown>;
    t.like(data, {
      provider_id: provider.accountId,
      stage: 0,
      period_id: "2026-12-01T00",
      asset: "near",
      amount: amount.toString(),
      quote: NEAR_QUOTE.toString(),
      tip: "7",
      usage: { requests: "10", input_tokens: "2000000", output_tokens: "500000" },
      memo: "hour 0",
    });
    // the first payment of stage 0 in this file: each share is the floor of its bps of the amount
    t.deepEqual(data.shares, {
      holders: ((amount * 5000n) / 10_000n).toString(),
      contributors: ((amount * 2500n) / 10_000n).toString(),
      reserve: ((amount * 2000n) / 10_000n).toString(),
      protocol: ((amount * 500n) / 10_000n).toString(),
    });
    t.like(await usageView(env, provider, 0), {
      requests: "10",
      input_tokens: "2000000",
      output_tokens: "500000",
      payments: 1,
      paid: { near: amount.toString(), [env.stable.accountId]: "0" },
      tips: { near: "7", [env.stable.accountId]: "0" },
      last_period_id: "2026-12-01T00",
    });
    t.like(await paymentView(env, provider, 0, "2026-12-01T00"), {
      asset: "near",
      amount: amount.toString(),
      quote: NEAR_QUOTE.toString(),
      tip: "7",
    });
    const payments = await env.fees.view<unknown[]>("payments", { provider_id: provider.accountId, stage: 0 });
    t.is(payments.length, 1);
  },
);

test.serial("pay_fees refusals change nothing and return the deposit", async (t) => {
  const env = t.context;
  const provider = await newProvider(env, { stable: false });
  const pending = await newProvider(env, { approve: false, stable: false });
  ok(await payNear(env, provider, { stage: 1, period_id: "p1", usage: USAGE }, NEAR_QUOTE), "first payment");
  const state = await snapshot(env, provider.accountId, 1);
  const balance = await nearBalance(env, provider);
  const pay = (args: Record<string, unknown>, amount = NEAR_QUOTE, who = provider) =>
    who.callRaw(env.fees, "pay_fees", args, { attachedDeposit: amount, gas: GAS_MAX });
  const cases: Array<[Promise<Result>, string]> = [
    [pay({ stage: 1, period_id: "p1", usage: USAGE }), `Period p1 of stage 1 is already paid by ${provider.accountId}`],
    [
      pay({ stage: 1, period_id: "p2", usage: USAGE }, NEAR_QUOTE - 1n),
      `The payment of ${NEAR_QUOTE - 1n} near is below the quote of ${NEAR_QUOTE} for this usage`,
    ],
    [pay({ stage: 7, period_id: "p2", usage: USAGE }), "stage must be an integer in 0..6, got 7"],
    [pay({ stage: 2, period_id: "p2", usage: USAGE }), `Provider ${provider.accountId} does not serve stage 2`],
    [
      pay({ stage: 1, period_id: "p2", usage: { ...USAGE, requests: -1 } }),
      "usage.requests must be a non-negative integer (a JSON number or a decimal string), got -1",
    ],
    [
      pay({ stage: 1, period_id: "p2", usage: { ...USAGE, input_tokens: 1.5 } }),
      "usage.input_tokens must be a non-negative integer (a JSON number or a decimal string), got 1.5",
    ],
    [
      pay({ stage: 1, period_id: "bad:id", usage: USAGE }),
      'period_id must be 1..64 characters of A-Z a-z 0-9 . _ -, got "bad:id"',
    ],
    [pay({ stage: 1, period_id: "p2", usage: USAGE }, 0n), "Attach the NEAR fee"],
    [
      pay({ stage: 1, period_id: "p2", usage: USAGE }, NEAR_QUOTE, pending),
      `Provider ${pending.accountId} is pending: only active providers pay fees`,
    ],
    [
      pay({ stage: 1, period_id: "p2", usage: USAGE }, NEAR_QUOTE, env.holder),
      `${env.holder.accountId} is not a registered provider`,
    ],
  ];
  for (const [call, message] of cases) failsWith(t, await call, message);
  t.deepEqual(await snapshot(env, provider.accountId, 1), state);
  // only gas was spent: well under the smallest refused deposit
  t.true(balance - (await nearBalance(env, provider)) < NEAR / 10n);

  ok(
    await env.providerManager.callRaw(env.fees, "suspend_provider", { account_id: provider.accountId }, yocto),
    "suspend",
  );
  failsWith(
    t,
    await pay({ stage: 1, period_id: "p2", usage: USAGE }),
    `Provider ${provider.accountId} is suspended: only active providers pay fees`,
  );
  // a stage with no price: stage 5 is served after an update, but never priced
  ok(
    await env.providerManager.callRaw(env.fees, "reinstate_provider", { account_id: provider.accountId }, yocto),
    "reinstate",
  );
  t.like(await providerView(env, provider), { status: "active" }, "suspended while active: active again");
  ok(
    await provider.callRaw(
      env.fees,
      "update_provider",
      { metadata: metadataFor("x", [1, 5]) },
      { attachedDeposit: 1n, gas: GAS_MAX },
    ),
    "update",
  );
  ok(
    await env.providerManager.callRaw(env.fees, "approve_provider", { account_id: provider.accountId }, yocto),
    "re-approve the new stages",
  );
  failsWith(t, await pay({ stage: 5, period_id: "p2", usage: USAGE }), "Stage 5 has no near price");
  t.deepEqual((await snapshot(env, provider.accountId, 1)).totals, state.totals);
});

test.serial(
  "stablecoin payments through ft_transfer_call; duplicates, wrong tokens and bad msgs are refunded",
  async (t) => {
    const env = t.context;
    const provider = await newProvider(env);
    const stableId = env.stable.accountId;
    const args = { stage: 0, period_id: "s1", usage: USAGE };
    const startBalance = await ftBalance(env.stable, provider);
    const paid = ok(await payStable(env, provider, args, STABLE_QUOTE), "stable pay");
    const [event] = feesEvents(paid);
    t.is(event[0], "fee_paid");
    t.like(event[1], { asset: stableId, amount: STABLE_QUOTE.toString(), quote: STABLE_QUOTE.toString(), tip: "0" });
    t.is(await ftBalance(env.stable, provider), startBalance - STABLE_QUOTE);

    const state = await snapshot(env, provider.accountId, 0);
    const refunds: Array<[string | Record<string, unknown>, bigint, string]> = [
      [args, STABLE_QUOTE, `Period s1 of stage 0 is already paid by ${provider.accountId}`],
      [
        { ...args, period_id: "s2" },
        STABLE_QUOTE - 1n,
        `The payment of ${STABLE_QUOTE - 1n} ${stableId} is below the quote`,
      ],
      ["revenue", STABLE_QUOTE, 'msg must be the pay_fees arguments as JSON, got "revenue"'],
      [{ ...args, period_id: "s2", extra: 1 }, STABLE_QUOTE, "Unknown payment field extra"],
    ];
    for (const [msg, amount, message] of refunds) {
      const result = await payStable(env, provider, typeof msg === "string" ? msg : JSON.stringify(msg), amount);
      t.false(result.failed, "the transfer itself succeeds: the stablecoin refunds");
      t.true(result.logs.some((line) => line.includes(message)) || errorsOf(result).includes(message), message);
    }
    t.is(await ftBalance(env.stable, provider), startBalance - STABLE_QUOTE, "every refused payment was refunded");
    t.deepEqual(await snapshot(env, provider.accountId, 0), state);

    // the project token is not an accepted asset: its transfer is refunded too
    await provider.call(env.token, "storage_deposit", {}, { attachedDeposit: NEAR / 100n });
    await env.owner.call(env.token, "ft_transfer", { receiver_id: provider.accountId, amount: "1000" }, yocto);
    await env.owner.call(
      env.token,
      "storage_deposit",
      { account_id: env.fees.accountId },
      { attachedDeposit: NEAR / 100n },
    );
    await payStable(env, provider, { ...args, period_id: "s3" }, 1000n, env.token);
    t.is(await ftBalance(env.token, provider), 1000n);
    t.deepEqual((await snapshot(env, provider.accountId, 0)).totals, state.totals);
  },
);

test.serial(
  "split changes go through the timelock (owner only), are evented and keep the rounding carry",
  async (t) => {
    const env = t.context;
    const split = { holders_bps: 3334, contributors_bps: 3333, reserve_bps: 3333, protocol_bps: 0 };
    const stranger = await env.pricer.callRaw(
      env.fees,
      "timelock_schedule",
      { action: "set_split", args: { stage: 4, split } },
      yocto,
    );
    failsWith(
      t,
      stranger,
      `Only the owner ${env.owner.accountId} may call this method (caller: ${env.pricer.accountId})`,
    );
    failsWith(
      t,
      await schedule(env, "set_split", { stage: 4, split: { ...split, reserve_bps: 3332 } }),
      "The split's basis points must sum to 10000, got 9999",
    );
    failsWith(t, await schedule(env, "set_fee", {}), 'Unknown timelock action "set_fee"');
    const executed = ok(await timelocked(env, "set_split", { stage: 4, split }), "set_split");
    t.deepEqual(feesEvents(executed), [["split_changed", { stage: 4, split, previous: SPLIT, carried: ["0", "0"] }]]);
    t.deepEqual((await stageRevenue(env, 4)).split, split);
  },
);

test.serial(
  "flush: a failed forward to the vault stays pending and succeeds on retry; stablecoin to the reserve; books balance",
  async (t) => {
    const env = t.context;
    const provider = await newProvider(env, { stages: [6] });
    ok(await setPrice(env, 6, { near: NEAR_PRICE, stable: STABLE_PRICE }), "price 6");
    ok(await payNear(env, provider, { stage: 6, period_id: "f1", usage: USAGE }, NEAR_QUOTE), "pay near");
    ok(await payStable(env, provider, { stage: 6, period_id: "f2", usage: USAGE }, STABLE_QUOTE), "pay stable");
    const contributors = await bucket(env, "contributors", "near", 6);
    const amount = BigInt(contributors.pending);
    t.true(amount > 0n);

    ok(await pauseVaultDeposits(env, true), "pause vault");
    const failed = ok(await flush(env, "contributors", "near", 6), "flush");
    t.deepEqual(feesEvents(failed), [
      [
        "forward_started",
        {
          destination: "contributors",
          stage: 6,
          asset: "near",
          receiver: env.vault.accountId,
          amount: amount.toString(),
        },
      ],
      [
        "forward_failed",
        {
          destination: "contributors",
          stage: 6,
          asset: "near",
          receiver: env.vault.accountId,
          amount: "0",
          returned: amount.toString(),
        },
      ],
    ]);
    t.like(await bucket(env, "contributors", "near", 6), { pending: amount.toString(), in_flight: "0", failures: 1 });
    ok(await pauseVaultDeposits(env, false), "unpause vault");
    const done = ok(await flush(env, "contributors", "near", 6), "flush again");
    t.is(feesEvents(done)[1][0], "forward_done");
    t.like(await bucket(env, "contributors", "near", 6), { pending: "0", forwarded: amount.toString() });
    failsWith(t, await flush(env, "contributors", "near", 6), "Nothing is pending for contributors of stage 6 in near");
    failsWith(
      t,
      await flush(env, "treasury", "near"),
      'destination must be "holders", "contributors", "reserve" or "protocol", got "treasury"',
    );
    failsWith(t, await flush(env, "holders", "usdt"), `asset must be "near" or "${env.stable.accountId}", got "usdt"`);

    const reserve = await bucket(env, "reserve", env.stable.accountId);
    const reserveBefore = await ftBalance(env.stable, env.reserve);
    ok(await flush(env, "reserve", env.stable.accountId), "flush reserve");
    t.is(await ftBalance(env.stable, env.reserve), reserveBefore + BigInt(reserve.pending));
    const totals = await feesTotals(env);
    for (const books of Object.values(totals.assets)) assertBooksBalance(t, books);
  },
);

test.serial(
  "flush with exactly the documented minimum gas forwards a stablecoin holders' share; one TGas less is refused",
  async (t) => {
    const env = t.context;
    const stableId = env.stable.accountId;
    const minimum = 220n * 10n ** 12n;
    const provider = await newProvider(env, { stages: [5] });
    ok(await setPrice(env, 5, { near: NEAR_PRICE, stable: STABLE_PRICE }), "price 5");
    ok(await payStable(env, provider, { stage: 5, period_id: "g1", usage: USAGE }, STABLE_QUOTE), "pay stable");
    const pending = (await bucket(env, "holders", stableId)).pending;
    t.not(pending, "0");
    failsWith(
      t,
      await flush(env, "holders", stableId, undefined, env.holder, minimum - 10n ** 12n),
      "Attach at least 220 TGas: the forward's callback must be able to book its outcome",
    );
    t.like(await bucket(env, "holders", stableId), { pending, in_flight: "0" });
    const done = ok(await flush(env, "holders", stableId, undefined, env.holder, minimum), "flush at the minimum");
    t.is(feesEvents(done).at(-1)?.[0], "forward_done");
    t.like(await bucket(env, "holders", stableId), { pending: "0", in_flight: "0" });
  },
);

test.serial(
  "reserve and protocol accounts change through the timelock; pause scopes stop payments and flushes",
  async (t) => {
    const env = t.context;
    failsWith(
      t,
      await schedule(env, "set_protocol_account", { account_id: null }),
      "Stage 0 splits protocol_bps to the protocol account: set its split first",
    );
    failsWith(
      t,
      await schedule(env, "set_reserve_account", { account_id: "Not An Account" }),
      "account_id must be a valid NEAR account id",
    );
    const moved = ok(
      await timelocked(env, "set_reserve_account", { account_id: env.pricer.accountId }),
      "set_reserve_account",
    );
    t.deepEqual(feesEvents(moved), [
      ["account_changed", { role: "reserve", previous: env.reserve.accountId, account_id: env.pricer.accountId }],
    ]);
    t.is((await env.fees.view<{ reserve_id: string }>("contract_config", {})).reserve_id, env.pricer.accountId);
    ok(await timelocked(env, "set_reserve_account", { account_id: env.reserve.accountId }), "reserve back");

    const provider = await newProvider(env, { stable: false });
    const stranger = await env.holder.callRaw(env.fees, "pause", { scope: "payments" }, yocto);
    failsWith(t, stranger, `Caller ${env.holder.accountId} lacks the role "pauser" required by this method`);
    ok(await env.owner.callRaw(env.fees, "pause", { scope: "payments" }, yocto), "pause payments");
    const paused = await payNear(env, provider, { stage: 0, period_id: "paused", usage: USAGE }, NEAR_QUOTE);
    t.true(paused.failed);
    t.regex(errorsOf(paused), /payments/);
    ok(await env.owner.callRaw(env.fees, "unpause", { scope: "payments" }, yocto), "unpause payments");
    ok(await payNear(env, provider, { stage: 0, period_id: "paused", usage: USAGE }, NEAR_QUOTE), "pay after unpause");
    ok(await env.owner.callRaw(env.fees, "pause", { scope: "forwarding" }, yocto), "pause forwarding");
    const stopped = await flush(env, "holders", "near");
    t.true(stopped.failed);
    t.regex(errorsOf(stopped), /forwarding/);
    ok(await env.owner.callRaw(env.fees, "unpause", { scope: "forwarding" }, yocto), "unpause forwarding");
  },
);

test.serial(
  "the router itself cannot be the reserve or protocol account; the protocol account is not removed while it is owed",
  async (t) => {
    const env = t.context;
    for (const action of ["set_reserve_account", "set_protocol_account"]) {
      failsWith(
        t,
        await schedule(env, action, { account_id: env.fees.accountId }),
        "account_id cannot be the fee router itself",
      );
    }
    const provider = await newProvider(env, { stable: false });
    ok(await payNear(env, provider, { stage: 0, period_id: "owed", usage: USAGE }, NEAR_QUOTE), "pay");
    const owed = await bucket(env, "protocol", "near");
    t.not(owed.pending, "0");
    const noProtocol = { holders_bps: 5000, contributors_bps: 2500, reserve_bps: 2500, protocol_bps: 0 };
    for (let stage = 0; stage < 7; stage++) {
      ok(await timelocked(env, "set_split", { stage, split: noProtocol }), `split ${stage}`);
    }
    failsWith(
      t,
      await schedule(env, "set_protocol_account", { account_id: null }),
      "The protocol account is still owed pending or in-flight shares: flush them first",
    );
    for (const asset of ["near", env.stable.accountId]) {
      if ((await bucket(env, "protocol", asset)).pending !== "0") {
        ok(await flush(env, "protocol", asset), `flush protocol ${asset}`);
      }
    }
    const removed = ok(await timelocked(env, "set_protocol_account", { account_id: null }), "no protocol account");
    t.deepEqual(feesEvents(removed), [
      ["account_changed", { role: "protocol", previous: env.protocol.accountId, account_id: null }],
    ]);
  },
);

test.serial(
  "every privileged router method refuses 0 and 2 yoctoNEAR with the exact message, changing nothing",
  async (t) => {
    const env = t.context;
    const provider = await newProvider(env, { stable: false });
    const pending = await newProvider(env, { approve: false, stable: false });
    // valid with or without a protocol account (the test before removes it)
    const split = { holders_bps: 5000, contributors_bps: 2500, reserve_bps: 2500, protocol_bps: 0 };
    const queued = ok(await schedule(env, "set_split", { stage: 2, split }), "queue an operation");
    const { id } = queued.parseResult<{ id: number }>();
    const wasm = await contractWasm("fees");
    const calls: Array<[NearAccount, string, Record<string, unknown> | Uint8Array]> = [
      [env.owner, "propose_owner", { new_owner_id: env.holder.accountId }],
      [env.holder, "accept_owner", {}],
      [env.owner, "grant_role", { role: "pauser", account_id: env.holder.accountId }],
      [env.owner, "revoke_role", { role: "config", account_id: env.pricer.accountId }],
      [env.owner, "pause", { scope: "payments" }],
      [env.owner, "unpause", { scope: "payments" }],
      [env.owner, "timelock_schedule", { action: "set_split", args: { stage: 3, split } }],
      [env.owner, "timelock_execute", { id }],
      [env.owner, "timelock_cancel", { id }],
      [env.owner, "upgrade", wasm],
      [env.providerManager, "approve_provider", { account_id: pending.accountId }],
      [env.providerManager, "suspend_provider", { account_id: provider.accountId }],
      [env.providerManager, "reinstate_provider", { account_id: provider.accountId }],
      [env.pricer, "set_price", { stage: 2, near: NEAR_PRICE }],
      [provider, "update_provider", { metadata: metadataFor("renamed") }],
      [provider, "retire_provider", {}],
    ];
    const state = async () => ({
      admin: await env.fees.view("admin_info", {}),
      timelock: await env.fees.view("timelock_info", {}),
      // without now_ns, the block time of the view
      config: { ...(await env.fees.view<Record<string, unknown>>("contract_config", {})), now_ns: null },
      prices: await env.fees.view("prices", { stage: 2 }),
      providers: [await providerView(env, provider), await providerView(env, pending)],
    });
    const before = await state();
    for (const [caller, method, args] of calls) {
      for (const attachedDeposit of [0n, 2n]) {
        const result = await caller.callRaw(env.fees, method, args, { attachedDeposit, gas: GAS_MAX });
        failsWith(t, result, "Requires attached deposit of exactly 1 yoctoNEAR");
      }
    }
    t.deepEqual(await state(), before);
    ok(await env.owner.callRaw(env.fees, "timelock_cancel", { id }, yocto), "cancel the queued operation");
  },
);

test.serial(
  "an ft_transfer_call forward whose receiver returns part: the kept part is forwarded, the rest pending again",
  async (t) => {
    const env = t.context;
    const stableId = env.stable.accountId;
    // A router whose holders' receiver is the receiver fixture: it hands back `RETURNED` of the "revenue" forward.
    const RETURNED = 1_000n;
    const receiver = await env.root.createSubAccount("keeper", { initialBalance: 30n * NEAR });
    await receiver.deploy(await receiverWasm());
    await receiver.call(receiver, "set_unknown_returns", { amount: RETURNED.toString() });
    await env.owner.call(
      env.stable,
      "storage_deposit",
      { account_id: receiver.accountId },
      { attachedDeposit: NEAR / 10n },
    );
    const partial = await deployFees(env, "partial", {
      ...initArgs(env, { reserve: env.reserve.accountId, protocol: env.protocol.accountId }),
      token_id: receiver.accountId,
    });
    const routed: FeesEnv = { ...env, fees: partial, providerManager: env.owner };
    ok(await setPrice(routed, 0, { stable: STABLE_PRICE }, env.owner), "price");
    const provider = await newProvider(routed);
    ok(await payStable(routed, provider, { stage: 0, period_id: "part1", usage: USAGE }, STABLE_QUOTE), "pay");
    const share = BigInt((await bucket(routed, "holders", stableId)).pending);
    t.is(share, (STABLE_QUOTE * 5000n) / 10_000n);

    const flushed = ok(await flush(routed, "holders", stableId), "flush");
    const kept = share - RETURNED;
    t.deepEqual(feesEvents(flushed).at(-1), [
      "forward_failed",
      {
        destination: "holders",
        stage: null,
        asset: stableId,
        receiver: receiver.accountId,
        amount: kept.toString(),
        returned: RETURNED.toString(),
      },
    ]);
    t.like(await bucket(routed, "holders", stableId), {
      pending: RETURNED.toString(),
      in_flight: "0",
      forwarded: kept.toString(),
      failures: 1,
    });
    t.is(await ftBalance(env.stable, receiver), kept);
    assertBooksBalance(t, (await feesTotals(routed)).assets[stableId]);
  },
);

test.serial(
  "a price announced with a notice applies on chain only once the notice has passed; the old one until then",
  async (t) => {
    // Last of the file: it moves the chain's clock.
    const env = t.context;
    const notice = 3_600n * SEC;
    const noticed = await deployFees(env, "noticed", {
      ...initArgs(env, { reserve: env.reserve.accountId, protocol: env.protocol.accountId }),
      price_notice_ns: notice.toString(),
    });
    const routed: FeesEnv = { ...env, fees: noticed, providerManager: env.owner };
    const provider = await newProvider(routed, { stable: false });
    const pay = (periodId: string, amount: bigint) =>
      payNear(routed, provider, { stage: 0, period_id: periodId, usage: USAGE }, amount);
    /** Announces `price` with the default effective time; returns that time after checking it is now + notice. */
    const announce = async (price: typeof NEAR_PRICE) => {
      const before = await chainNow(env);
      const set = ok(await setPrice(routed, 0, { near: price }, env.owner), "announce");
      const effectiveAt = BigInt((feesEvents(set)[0][1] as { effective_at_ns: string }).effective_at_ns);
      t.true(effectiveAt - notice >= before && effectiveAt - notice <= (await chainNow(env)), "now + notice");
      return effectiveAt;
    };

    const soon = (await chainNow(env)) + notice / 2n;
    failsWith(
      t,
      await setPrice(routed, 0, { near: NEAR_PRICE, effective_at_ns: soon.toString() }, env.owner),
      `effective_at_ns ${soon} is earlier than now + price_notice_ns`,
    );
    const firstAt = await announce(NEAR_PRICE);
    failsWith(t, await pay("n1", NEAR_QUOTE), "Stage 0 has no near price");
    await advanceTo(env, firstAt);
    ok(await pay("n1", NEAR_QUOTE), "paid at the first price once it applies");

    const doubled = { ...NEAR_PRICE, per_request: (2n * BigInt(NEAR_PRICE.per_request)).toString() };
    const doubledQuote = NEAR_QUOTE + 10n * BigInt(NEAR_PRICE.per_request);
    const secondAt = await announce(doubled);
    ok(await pay("n2", NEAR_QUOTE), "the price in force until the notice has passed");
    t.is((await routed.fees.view<{ near: string }>("quote", { stage: 0, usage: USAGE })).near, NEAR_QUOTE.toString());
    await advanceTo(env, secondAt);
    failsWith(
      t,
      await pay("n3", NEAR_QUOTE),
      `The payment of ${NEAR_QUOTE} near is below the quote of ${doubledQuote} for this usage`,
    );
    ok(await pay("n3", doubledQuote), "paid at the new price");
    t.like(await paymentView(routed, provider, 0, "n3"), { quote: doubledQuote.toString(), tip: "0" });
  },
);
