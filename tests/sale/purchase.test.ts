/**
 * Sale purchases on the local chain: every failure (each leaves no trace),
 * hard-cap and per-account refunds in NEAR and the stablecoin, tiers,
 * allowlist proofs, NEP-145 storage and the round / provider / inventory
 * events (exact JSON).
 */
import anyTest, { type TestFn } from "ava";
import {
  allowlist,
  buyFt,
  buyNear,
  chainNow,
  createRound,
  endRound,
  errorsOf,
  eventLine,
  ftBalance,
  GAS_MAX,
  minStorage,
  nearBalance,
  NEAR,
  newBuyer,
  openRound,
  ownerCall,
  PRICE_FT,
  PRICE_NEAR,
  purchaseOrNull,
  purchaseView,
  registerOnSale,
  roundConfig,
  roundView,
  saleEvents,
  setupSale,
  timelocked,
  TOK,
  USD,
  type SaleEnv,
} from "../helpers/sale-fixture.ts";

const test = anyTest as TestFn<SaleEnv>;

test.before(async (t) => {
  t.context = await setupSale();
});

test.after.always(async (t) => {
  await t.context?.worker?.tearDown();
});

/** Expects a NEAR purchase to fail with `pattern` and to leave the buyer without a record. */
async function rejectsNear(
  t: any,
  env: SaleEnv,
  buyer: any,
  roundId: number,
  amount: bigint,
  pattern: RegExp,
  proof?: string[],
) {
  const before = await roundView(env, roundId);
  const result = await buyNear(env, buyer, roundId, amount, proof);
  t.true(result.failed, `expected failure ${pattern}`);
  t.regex(errorsOf(result), /Smart contract panicked: /);
  t.regex(errorsOf(result), pattern);
  t.is(saleEvents(result.logs).length, 0);
  const after = await roundView(env, roundId);
  t.is(after.tokens_sold, before.tokens_sold);
  t.deepEqual(after.raised, before.raised);
}

/** Expects a stablecoin purchase to fail with `pattern` and the whole amount to come back. */
async function rejectsFt(
  t: any,
  env: SaleEnv,
  buyer: any,
  roundId: number,
  amount: bigint,
  pattern: RegExp,
  proof?: string[],
  msg?: string,
) {
  const balance = await ftBalance(env.stable, buyer);
  const before = await roundView(env, roundId);
  const result = await buyFt(env, buyer, roundId, amount, proof, msg);
  t.regex(errorsOf(result), pattern);
  t.is(saleEvents(result.logs).length, 0);
  t.is(await ftBalance(env.stable, buyer), balance, "ft_resolve_transfer returned the whole amount");
  const after = await roundView(env, roundId);
  t.is(after.tokens_sold, before.tokens_sold);
  t.deepEqual(after.raised, before.raised);
}

test.serial("every purchase failure is rejected and leaves no trace", async (t) => {
  const env = t.context;
  const buyer = await newBuyer(env, { usd: 1000n * USD });
  await registerOnSale(env, buyer);
  const round = await createRound(env, {
    min_per_account: 10n * TOK,
    max_per_account: 50n * TOK,
    hard_cap: 80n * TOK,
    soft_cap: 10n * TOK,
  });

  // outside the window: before the start
  await rejectsNear(t, env, buyer, round.id, NEAR, new RegExp(`Round ${round.id} opens at ${round.start}`));
  await rejectsFt(t, env, buyer, round.id, USD, new RegExp(`Round ${round.id} opens at ${round.start}`));
  await env.worker.provider.fastForward(Number((round.start - (await chainNow(env))) / 1_000_000_000n) + 2);

  // no deposit / nothing to pay with
  await rejectsNear(t, env, buyer, round.id, 0n, /Attach the NEAR to pay with/);
  // below the minimum (5 tokens < 10)
  await rejectsNear(
    t,
    env,
    buyer,
    round.id,
    5n * PRICE_NEAR,
    /Purchase below the minimum of round \d+: .* would hold 5000000000000000000 token units, the minimum is 10000000000000000000/,
  );
  await rejectsFt(t, env, buyer, round.id, 5n * PRICE_FT, /Purchase below the minimum/);
  // buys no whole token unit (stablecoin: 0 < 1 unit's price)
  const fresh = await newBuyer(env, { usd: 10n * USD });
  await registerOnSale(env, fresh);
  const cheap = await openRound(env, { price_ft: 10n ** 20n, price_near: 10n ** 30n });
  await rejectsFt(t, env, fresh, cheap.id, 1n, /The payment 1 is too small to buy one token unit/);
  await rejectsNear(t, env, fresh, cheap.id, 1000n, /The payment 1000 is too small to buy one token unit/);
  // NEAR payment below the storage fee of a first purchase
  const unregistered = await newBuyer(env);
  await rejectsNear(
    t,
    env,
    unregistered,
    round.id,
    1000n,
    /does not cover the storage fee 2980000000000000000000 yoctoNEAR/,
  );

  // paused (purchases scope): NEAR and stablecoin
  await ownerCall(env, "pause", { scope: "purchases" });
  await rejectsNear(t, env, buyer, round.id, NEAR / 2n, /The contract is paused for purchases/);
  await rejectsFt(t, env, buyer, round.id, ((20n * USD) / 100n) * 100n, /The contract is paused for purchases/);
  await ownerCall(env, "unpause", { scope: "purchases" });

  // wrong asset: a NEAR-only and a stablecoin-only round, the project token, an unknown msg
  const nearOnly = await openRound(env, { price_ft: null });
  const ftOnly = await openRound(env, { price_near: null });
  await rejectsFt(t, env, buyer, nearOnly.id, USD, new RegExp(`Round ${nearOnly.id} does not accept the stablecoin`));
  await rejectsNear(t, env, buyer, ftOnly.id, NEAR, new RegExp(`Round ${ftOnly.id} does not accept NEAR`));
  const holderBalance = await ftBalance(env.token, env.holder);
  const wrongToken = await env.holder.callRaw(
    env.token,
    "ft_transfer_call",
    {
      receiver_id: env.sale.accountId,
      amount: TOK.toString(),
      msg: JSON.stringify({ purchase: { round_id: round.id } }),
    },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
  t.regex(errorsOf(wrongToken), /The sale accepts its own token only as inventory/);
  t.is(await ftBalance(env.token, env.holder), holderBalance);
  await rejectsFt(t, env, buyer, round.id, USD, /msg must be JSON \{"purchase"/, undefined, "buy please");
  await rejectsFt(
    t,
    env,
    buyer,
    round.id,
    USD,
    /round_id must be an integer/,
    undefined,
    JSON.stringify({ purchase: { round_id: "x" } }),
  );
  // reinvestment is the token's alone
  const notToken = await buyer.callRaw(
    env.sale,
    "purchase_with_revenue",
    { buyer: buyer.accountId, round_id: round.id },
    { attachedDeposit: NEAR, gas: GAS_MAX },
  );
  t.regex(errorsOf(notToken), /Only the token contract token\.test\.near may call purchase_with_revenue/);
  // unknown round
  const unknown = await buyNear(env, buyer, 99, NEAR);
  t.regex(errorsOf(unknown), /Smart contract panicked: .*(round|Round)/);

  // over the account's cap: 50 of 80 bought, then the account is full
  const ok = await buyNear(env, buyer, round.id, NEAR);
  t.false(ok.failed, errorsOf(ok));
  t.is(ok.parseResult<any>().tokens, (50n * TOK).toString());
  await rejectsNear(
    t,
    env,
    buyer,
    round.id,
    NEAR,
    new RegExp(
      `Account ${buyer.accountId} already holds the maximum 50000000000000000000 token units of round ${round.id}`,
    ),
  );
  await rejectsFt(t, env, buyer, round.id, USD, /already holds the maximum/);
  // over the hard cap: another buyer fills the last 30, then the round is sold out
  const second = await newBuyer(env);
  const fill = await buyNear(env, second, round.id, NEAR);
  t.is(fill.parseResult<any>().tokens, (30n * TOK).toString());
  const third = await newBuyer(env, { usd: 10n * USD });
  await registerOnSale(env, third);
  await rejectsNear(
    t,
    env,
    third,
    round.id,
    NEAR,
    new RegExp(`Round ${round.id} is sold out: hard cap 80000000000000000000 reached`),
  );
  await rejectsFt(t, env, third, round.id, USD, /is sold out/);

  // unregistered storage (stablecoin only): the error names the minimum
  const noStorage = await newBuyer(env, { usd: 10n * USD });
  const minimum = await minStorage(env);
  await rejectsFt(
    t,
    env,
    noStorage,
    ftOnly.id,
    USD,
    new RegExp(
      `Account ${noStorage.accountId} is not registered on the sale: call storage_deposit first \\(minimum ${minimum} yoctoNEAR\\)`,
    ),
  );
  // registered with room for one record only: the second round's record does not fit
  await registerOnSale(env, noStorage);
  const first = await buyFt(env, noStorage, ftOnly.id, USD);
  t.is(errorsOf(first), "");
  const ftOnly2 = await openRound(env, { price_near: null });
  await rejectsFt(
    t,
    env,
    noStorage,
    ftOnly2.id,
    USD,
    /Storage deposit of .* is too low for a record in a new round: available 0, needed 1730000000000000000000 yoctoNEAR/,
  );

  // cancelled
  const cancelled = await openRound(env);
  await ownerCall(env, "cancel_round", { round_id: cancelled.id });
  await rejectsNear(t, env, buyer, cancelled.id, NEAR, new RegExp(`Round ${cancelled.id} was cancelled`));
  await rejectsFt(t, env, buyer, cancelled.id, USD, /was cancelled/);

  // outside the window: after the end
  await endRound(env, ftOnly2);
  await rejectsNear(t, env, third, nearOnly.id, NEAR, new RegExp(`Round ${nearOnly.id} closed at ${nearOnly.end}`));
  await rejectsFt(t, env, third, ftOnly2.id, USD, new RegExp(`Round ${ftOnly2.id} closed at ${ftOnly2.end}`));
  t.is(await purchaseOrNull(env, nearOnly.id, third), null);
});

test.serial(
  "cap and per-account excess is refunded in the same call, in NEAR and in the stablecoin (exact events)",
  async (t) => {
    const env = t.context;
    const minimum = await minStorage(env);
    const round = await openRound(env, { hard_cap: 100n * TOK, max_per_account: 60n * TOK, soft_cap: 10n * TOK });
    const alice = await newBuyer(env);
    const bob = await newBuyer(env, { usd: 100n * USD });
    await registerOnSale(env, bob);

    // Alice pays 1 NEAR: storage fee first, then 60 tokens (her maximum), the rest back
    const nearBefore = await nearBalance(env, alice);
    const a = await buyNear(env, alice, round.id, NEAR);
    t.false(a.failed, errorsOf(a));
    const cost = 60n * PRICE_NEAR;
    const refund = NEAR - minimum - cost;
    t.deepEqual(a.parseResult(), {
      tokens: (60n * TOK).toString(),
      cost: cost.toString(),
      refund: refund.toString(),
      storage_fee: minimum.toString(),
    });
    t.deepEqual(
      a.logs.filter((l) => l.includes("modelfund_sale")),
      [
        eventLine("purchase", {
          round_id: round.id,
          account_id: alice.accountId,
          asset: "near",
          amount: cost.toString(),
          tokens: (60n * TOK).toString(),
          refund: refund.toString(),
          storage_fee: minimum.toString(),
          tokens_sold: (60n * TOK).toString(),
          reinvest: false,
        }),
      ],
    );
    const spent = nearBefore - (await nearBalance(env, alice));
    t.true(
      spent >= cost + minimum && spent < cost + minimum + NEAR / 100n,
      `spent ${spent}: cost + storage + gas only`,
    );

    // Bob pays 1 USD (worth 100 tokens) into the 40 left under the hard cap: 0.4 USD kept, 0.6 back
    const b = await buyFt(env, bob, round.id, USD);
    t.is(errorsOf(b), "");
    const ftCost = 40n * PRICE_FT;
    t.deepEqual(
      saleEvents(b.logs).map((e) => e.data[0]),
      [
        {
          round_id: round.id,
          account_id: bob.accountId,
          asset: env.stable.accountId,
          amount: ftCost.toString(),
          tokens: (40n * TOK).toString(),
          refund: (USD - ftCost).toString(),
          storage_fee: "0",
          tokens_sold: (100n * TOK).toString(),
          reinvest: false,
        },
      ],
    );
    t.is(b.parseResult<string>(), ftCost.toString(), "ft_transfer_call reports only the kept amount as used");
    t.is(await ftBalance(env.stable, bob), 100n * USD - ftCost);

    const view = await roundView(env, round.id);
    t.is(view.tokens_sold, (100n * TOK).toString());
    t.is(view.tokens_remaining, "0");
    t.deepEqual(view.raised, { near: cost.toString(), [env.stable.accountId]: ftCost.toString() });
    t.is(view.buyers, 2);
    const p = await purchaseView(env, round.id, bob);
    t.is(p.tokens, (40n * TOK).toString());
    t.deepEqual(p.paid, { near: "0", [env.stable.accountId]: ftCost.toString() });
  },
);

test.serial("tiers price each piece at its own tier; quote agrees with the fill", async (t) => {
  const env = t.context;
  const round = await openRound(env, {
    hard_cap: 1000n * TOK,
    tiers: [{ until_sold: 10n * TOK, price_near: PRICE_NEAR / 2n, price_ft: PRICE_FT / 2n }],
  });
  const buyer = await newBuyer(env);
  const minimum = await minStorage(env);
  const quote = (await env.sale.view("quote", {
    round_id: round.id,
    asset: "near",
    amount: (NEAR + minimum).toString(),
    account_id: buyer.accountId,
  })) as any;
  const result = await buyNear(env, buyer, round.id, NEAR + minimum);
  // 10 tokens at 0.005 = 0.05 NEAR, then 0.95 NEAR at 0.01 = 95 tokens
  t.deepEqual(result.parseResult(), {
    tokens: (105n * TOK).toString(),
    cost: NEAR.toString(),
    refund: "0",
    storage_fee: minimum.toString(),
  });
  t.deepEqual(quote, result.parseResult());
  t.is((await roundView(env, round.id)).current_price.near, PRICE_NEAR.toString());
});

test.serial("allowlist proofs: valid passes, invalid, missing, malformed and another round's fail", async (t) => {
  const env = t.context;
  const [a, b, outsider] = await Promise.all([newBuyer(env, { usd: 10n * USD }), newBuyer(env), newBuyer(env)]);
  await registerOnSale(env, a);
  const listed = allowlist([a.accountId, b.accountId, "carol.test.near"]);
  const other = allowlist([outsider.accountId, "dave.test.near"]);
  const round = await openRound(env, { allowlist_root: listed.root });
  const otherRound = await openRound(env, { allowlist_root: other.root });

  await rejectsNear(
    t,
    env,
    a,
    round.id,
    NEAR,
    new RegExp(`Round ${round.id} has an allowlist: the purchase needs a proof`),
  );
  await rejectsFt(t, env, a, round.id, USD, /has an allowlist: the purchase needs a proof/);
  await rejectsNear(t, env, a, round.id, NEAR, /proof\[0\] must be 64 lowercase hex characters/, ["zz"]);
  // b's proof does not prove a; outsider is not listed whatever it sends
  await rejectsNear(
    t,
    env,
    a,
    round.id,
    NEAR,
    new RegExp(`Account ${a.accountId} is not on the allowlist of round ${round.id}`),
    listed.proofs.get(b.accountId),
  );
  await rejectsNear(t, env, outsider, round.id, NEAR, /is not on the allowlist/, listed.proofs.get(a.accountId));
  // a valid proof of another round (outsider is on round 2's list) does not open this one
  await rejectsNear(t, env, outsider, round.id, NEAR, /is not on the allowlist/, other.proofs.get(outsider.accountId));
  // and a's valid proof for this round does not open the other
  await rejectsNear(
    t,
    env,
    a,
    otherRound.id,
    NEAR,
    new RegExp(`is not on the allowlist of round ${otherRound.id}`),
    listed.proofs.get(a.accountId),
  );

  const okNear = await buyNear(env, a, round.id, NEAR, listed.proofs.get(a.accountId));
  t.false(okNear.failed, errorsOf(okNear));
  const okFt = await buyFt(env, a, round.id, USD, listed.proofs.get(a.accountId));
  t.is(errorsOf(okFt), "");
  const okOther = await buyNear(env, outsider, otherRound.id, NEAR, other.proofs.get(outsider.accountId));
  t.false(okOther.failed, errorsOf(okOther));
  t.is(
    (await purchaseView(env, round.id, a)).tokens,
    (200n * TOK).toString(),
    "1 NEAR and 1 USD: 100 tokens each (storage was paid up front)",
  );
});

test.serial("NEP-145: bounds, deposit, withdraw and no unregistering with records", async (t) => {
  const env = t.context;
  const minimum = await minStorage(env);
  t.is(minimum, 2_980_000_000_000_000_000_000n);
  const buyer = await newBuyer(env);
  t.is(await env.sale.view("storage_balance_of", { account_id: buyer.accountId }), null);
  const small = await buyer.callRaw(env.sale, "storage_deposit", {}, { attachedDeposit: minimum - 1n, gas: GAS_MAX });
  t.regex(errorsOf(small), /The minimum storage deposit is 2980000000000000000000 yoctoNEAR/);
  await registerOnSale(env, buyer, minimum + 5n * 10n ** 21n);
  t.deepEqual(await env.sale.view("storage_balance_of", { account_id: buyer.accountId }), {
    total: (minimum + 5n * 10n ** 21n).toString(),
    available: (minimum + 5n * 10n ** 21n - 125n * 10n ** 19n).toString(), // only the 125-byte account record is used so far
  });
  const round = await openRound(env);
  const r = await buyNear(env, buyer, round.id, NEAR);
  t.is(r.parseResult<any>().storage_fee, "0", "a registered buyer with room pays no storage fee");
  const w = await buyer.call(env.sale, "storage_withdraw", {}, { attachedDeposit: 1n, gas: GAS_MAX });
  t.deepEqual(w, { total: minimum.toString(), available: "0" });
  const u = await buyer.callRaw(env.sale, "storage_unregister", {}, { attachedDeposit: 1n, gas: GAS_MAX });
  t.regex(errorsOf(u), /has purchase records in 1 round\(s\) and cannot unregister/);
  const forced = await buyer.callRaw(
    env.sale,
    "storage_unregister",
    { force: true },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
  t.regex(errorsOf(forced), /force is not supported/);
});

test.serial("round, provider and inventory events (exact JSON); config rules", async (t) => {
  const env = t.context;
  const now = await chainNow(env);
  const config = roundConfig(now, { startIn: 100, name: "events" });
  const created = await ownerCall(env, "create_round", { key: "events", config });
  const id = created.parseResult<number>();
  const normalised = {
    ...config,
    min_per_account: "0",
    max_per_account: config.hard_cap,
    tiers: [],
    allowlist_root: null,
  };
  const ordered = (c: any) => ({
    name: c.name,
    start_ns: c.start_ns,
    end_ns: c.end_ns,
    token_allocation: c.token_allocation,
    hard_cap: c.hard_cap,
    soft_cap: c.soft_cap,
    min_per_account: c.min_per_account,
    max_per_account: c.max_per_account,
    price_near: c.price_near,
    price_ft: c.price_ft,
    tiers: c.tiers,
    allowlist_root: c.allowlist_root,
    vesting: c.vesting,
    release_schedule: c.release_schedule,
  });
  t.deepEqual(created.logs, [eventLine("round_created", { round_id: id, key: "events", config: ordered(normalised) })]);

  const updatedConfig = { ...config, price_ft: null, name: "events v2" };
  const updated = await ownerCall(env, "update_round", { round_id: id, config: updatedConfig });
  t.deepEqual(updated.logs, [
    eventLine("round_updated", { round_id: id, config: ordered({ ...normalised, price_ft: null, name: "events v2" }) }),
  ]);

  const cancelled = await ownerCall(env, "cancel_round", { round_id: id, reason: "stage skipped" });
  t.deepEqual(cancelled.logs, [
    eventLine("round_cancelled", { round_id: id, by: env.owner.accountId, reason: "stage skipped" }),
  ]);
  t.is((await roundView(env, id)).status, "cancelled");
  const again = await ownerCall(env, "cancel_round", { round_id: id });
  t.regex(errorsOf(again), new RegExp(`Round ${id} is already cancelled`));
  const stranger = await newBuyer(env);
  const notOwner = await stranger.callRaw(
    env.sale,
    "create_round",
    { key: "x", config },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
  t.true(notOwner.failed);
  const past = await ownerCall(env, "create_round", { key: "past", config: roundConfig(now - 1000n * 1_000_000_000n) });
  t.regex(errorsOf(past), /config\.start_ns \d+ must be in the future/);
  const tooBig = await ownerCall(env, "create_round", {
    key: "too-big",
    config: roundConfig(await chainNow(env), { allocation: 2n * 10n ** 9n * TOK, hard_cap: TOK, soft_cap: TOK }),
  });
  t.regex(errorsOf(tooBig), /Token inventory too small/);

  const approved = await timelocked(env, { action: "approve_provider", args: { account_id: "gpu-x.test.near" } });
  t.true(
    approved.logs.includes(eventLine("provider_approved", { account_id: "gpu-x.test.near", by: env.owner.accountId })),
  );
  const removed = await timelocked(env, { action: "remove_provider", args: { account_id: "gpu-x.test.near" } });
  t.true(
    removed.logs.includes(eventLine("provider_removed", { account_id: "gpu-x.test.near", by: env.owner.accountId })),
  );

  // inventory: the owner sends project tokens with msg "inventory"
  await env.owner
    .call(
      env.token,
      "storage_deposit",
      { account_id: env.owner.accountId },
      { attachedDeposit: NEAR / 100n, gas: GAS_MAX },
    )
    .catch(() => undefined);
  const before = BigInt(((await env.sale.view("contract_config", {})) as any).token_inventory);
  const added = await env.owner.callRaw(
    env.token,
    "ft_transfer_call",
    { receiver_id: env.sale.accountId, amount: (5n * TOK).toString(), msg: "inventory" },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
  t.is(errorsOf(added), "");
  t.deepEqual(
    saleEvents(added.logs).map((e) => e.event),
    ["inventory_added"],
  );
  t.true(
    added.logs.includes(
      eventLine("inventory_added", {
        sender_id: env.owner.accountId,
        amount: (5n * TOK).toString(),
        token_inventory: (before + 5n * TOK).toString(),
      }),
    ),
  );
  // from anyone else, it bounces
  const bounced = await env.holder.callRaw(
    env.token,
    "ft_transfer_call",
    { receiver_id: env.sale.accountId, amount: TOK.toString(), msg: "inventory" },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
  t.regex(errorsOf(bounced), /Only the owner may add token inventory/);
});

test.serial("config, admin, callbacks and NEP-145 edges (what the old VM scenario covered)", async (t) => {
  const env = t.context;
  const stranger = await newBuyer(env);
  const now = await chainNow(env);
  const base = roundConfig(now, { startIn: 50 });
  const rejects = async (config: unknown, pattern: RegExp) =>
    t.regex(errorsOf(await ownerCall(env, "create_round", { key: "rejected", config })), pattern);
  await rejects({ ...base, price_near: null, price_ft: null }, /must accept NEAR or the stablecoin/);
  await rejects({ ...base, tiers: [{ until_sold: "5", price_near: "1" }] }, /tiers\[0\]/);
  await rejects({ ...base, hard_cap: "0" }, /config\.hard_cap must be greater than zero/);
  await rejects({ ...base, end_ns: base.start_ns }, /config\.end_ns must be after config\.start_ns/);
  t.regex(
    errorsOf(
      await stranger.callRaw(
        env.sale,
        "create_round",
        { key: "s", config: base },
        { attachedDeposit: 1n, gas: GAS_MAX },
      ),
    ),
    /owner/i,
  );

  // update only before the start
  const round = await openRound(env);
  const late = await ownerCall(env, "update_round", { round_id: round.id, config: roundConfig(await chainNow(env)) });
  t.regex(errorsOf(late), new RegExp(`Round ${round.id} opened at ${round.start}: its config can no longer change`));

  // a NEP-141 the sale does not know (any account calling ft_on_transfer directly)
  const fake = await stranger.callRaw(
    env.sale,
    "ft_on_transfer",
    { sender_id: stranger.accountId, amount: "5", msg: "" },
    { gas: GAS_MAX },
  );
  t.regex(errorsOf(fake), new RegExp(`The sale does not accept tokens of ${stranger.accountId}`));
  // callbacks are private
  for (const [method, args] of [
    ["on_claim_settled", { round_id: round.id, account_id: stranger.accountId, amount: "1" }],
    ["on_refund_settled", { round_id: round.id, account_id: stranger.accountId, slot: 0, amount: "1" }],
    ["on_release_settled", { round_id: round.id, slot: 0, amount: "1", provider_id: stranger.accountId, purpose: "x" }],
  ] as const) {
    const r = await stranger.callRaw(env.sale, method, args, { gas: GAS_MAX });
    t.true(r.failed, method);
    t.regex(errorsOf(r), /private|Smart contract panicked/i, method);
  }
  // pause / unpause rights
  t.true((await stranger.callRaw(env.sale, "pause", {}, { attachedDeposit: 1n, gas: GAS_MAX })).failed);
  t.is(errorsOf(await ownerCall(env, "pause", { scope: "settlement" })), "");
  t.true(
    (await stranger.callRaw(env.sale, "unpause", { scope: "settlement" }, { attachedDeposit: 1n, gas: GAS_MAX }))
      .failed,
  );
  t.deepEqual(((await env.sale.view("admin_info", {})) as any).paused, ["settlement"]);
  t.true(await env.sale.view("is_paused", { scope: "settlement" }));
  t.is(errorsOf(await ownerCall(env, "unpause", { scope: "settlement" })), "");

  // NEP-145: registration_only keeps the minimum and returns the rest; unregister without records
  const minimum = await minStorage(env);
  const reg = await stranger.call(
    env.sale,
    "storage_deposit",
    { registration_only: true },
    { attachedDeposit: NEAR, gas: GAS_MAX },
  );
  t.deepEqual(reg, { total: minimum.toString(), available: (minimum - 125n * 10n ** 19n).toString() });
  t.true(await stranger.call(env.sale, "storage_unregister", {}, { attachedDeposit: 1n, gas: GAS_MAX }));
  t.false(await stranger.call(env.sale, "storage_unregister", {}, { attachedDeposit: 1n, gas: GAS_MAX }));

  // views
  const meta = (await env.sale.view("contract_source_metadata", {})) as any;
  t.deepEqual(
    meta.standards.map((s: any) => s.standard),
    ["nep145", "modelfund_sale", "nep297", "nep330"],
  );
  const account = (await env.sale.view("account", { account_id: stranger.accountId })) as any;
  t.deepEqual(account, { account_id: stranger.accountId, storage: null, purchases: [] });
  const holdings = (await env.sale.view("holdings", {})) as any;
  t.true(BigInt(holdings.near_free) > 0n);
  t.is(holdings.ft_owed, (await ftBalance(env.stable, env.sale.accountId)).toString());
});
