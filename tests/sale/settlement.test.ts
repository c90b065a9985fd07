/**
 * Settlement on the local chain: successful and failed rounds, vesting
 * claims at several times (TGE, cliff, mid-linear, after the end), refunds
 * (and their failure / retry path), cancellation, tranche releases and
 * reinvestment from the token (with the failure / re-credit path). Events
 * are checked as exact JSON.
 */
import anyTest, { type TestFn } from "ava";
import {
  advanceTo,
  allowlist,
  buyFt,
  buyNear,
  claim,
  endRound,
  errorsOf,
  eventLine,
  eventsIn,
  ftBalance,
  GAS_MAX,
  minStorage,
  nearBalance,
  NEAR,
  newBuyer,
  openRound,
  approveProvider,
  ownerCall,
  PRICE_FT,
  PRICE_NEAR,
  purchaseOrNull,
  purchaseView,
  refund,
  registerOnSale,
  roundView,
  saleEvents,
  SEC,
  setupSale,
  timelocked,
  TGAS,
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

/** Timestamp of the block that ran the transaction's first receipt (the called method). */
async function callTimestamp(env: SaleEnv, result: any): Promise<bigint> {
  const block = await env.worker.provider.block({ blockId: result.result.receipts_outcome[0].block_hash });
  return BigInt(block.header.timestamp_nanosec);
}

test.serial("successful round: vesting claims at TGE, during the cliff, mid-linear and after the end", async (t) => {
  const env = t.context;
  const round = await openRound(env, { tge_bps: 2000, cliff_s: 1000, duration_s: 10_000, soft_cap: 50n * TOK });
  const buyer = await newBuyer(env);
  const bought = await buyNear(env, buyer, round.id, 100n * PRICE_NEAR + (await minStorage(env)));
  t.is(bought.parseResult<any>().tokens, (100n * TOK).toString());

  const early = await claim(env, buyer, round.id);
  t.regex(
    errorsOf(early),
    new RegExp(`Round ${round.id} is open: tokens can be claimed only from a successful round after its end`),
  );
  const earlyRefund = await refund(env, buyer, round.id);
  t.regex(
    errorsOf(earlyRefund),
    new RegExp(`Round ${round.id} is open: refunds are paid only for failed or cancelled rounds`),
  );

  // TGE: 20% at the end
  await endRound(env, round);
  t.is((await roundView(env, round.id)).status, "successful");
  const tge = await claim(env, buyer, round.id);
  t.false(tge.failed, errorsOf(tge));
  t.is(tge.parseResult<string>(), (20n * TOK).toString());
  t.deepEqual(
    saleEvents(tge.logs).map((e) => JSON.stringify(e)),
    [
      eventLine("claim", { round_id: round.id, account_id: buyer.accountId, amount: (20n * TOK).toString() }).slice(
        "EVENT_JSON:".length,
      ),
    ],
  );
  t.is(await ftBalance(env.token, buyer), 20n * TOK);

  // during the cliff: nothing more
  await advanceTo(env, round.end + 500n * SEC);
  const cliff = await claim(env, buyer, round.id);
  t.regex(
    errorsOf(cliff),
    new RegExp(
      `Nothing to claim in round ${round.id} now: vested 20000000000000000000, already claimed 20000000000000000000 of 100000000000000000000`,
    ),
  );
  const refundOnSuccess = await refund(env, buyer, round.id);
  t.regex(errorsOf(refundOnSuccess), /is successful: refunds are paid only for failed or cancelled rounds/);

  // mid-linear: tge + 80 × elapsed / duration, at the claim's block time
  const linearStart = round.end + 1000n * SEC;
  await advanceTo(env, linearStart + 5000n * SEC);
  const mid = await claim(env, buyer, round.id);
  t.false(mid.failed, errorsOf(mid));
  const at = await callTimestamp(env, mid);
  const vested = 20n * TOK + (80n * TOK * (at - linearStart)) / (10_000n * SEC);
  const amount = vested - 20n * TOK;
  t.is(mid.parseResult<string>(), amount.toString());
  t.true(
    mid.logs.includes(
      eventLine("claim", { round_id: round.id, account_id: buyer.accountId, amount: amount.toString() }),
    ),
  );
  t.true(amount > 39n * TOK && amount < 42n * TOK);
  const view = await purchaseView(env, round.id, buyer);
  t.is(view.claimed, vested.toString());

  // after the end of vesting: the rest, exactly up to the total
  await advanceTo(env, linearStart + 10_000n * SEC);
  const last = await claim(env, buyer, round.id);
  t.is(last.parseResult<string>(), (100n * TOK - vested).toString());
  t.is(await ftBalance(env.token, buyer), 100n * TOK);
  const done = await purchaseView(env, round.id, buyer);
  t.is(done.claimed, (100n * TOK).toString());
  t.is(done.claimable, "0");
  t.is((await roundView(env, round.id)).tokens_claimed, (100n * TOK).toString());
  const none = await claim(env, buyer, round.id);
  t.regex(errorsOf(none), /Nothing to claim/);
  const stranger = await newBuyer(env);
  const nothing = await claim(env, stranger, round.id);
  t.regex(errorsOf(nothing), new RegExp(`Account ${stranger.accountId} bought nothing in round ${round.id}`));
});

test.serial(
  "a claim by a buyer not registered on the token rolls back (claim_failed) and can be retried",
  async (t) => {
    const env = t.context;
    const round = await openRound(env, { tge_bps: 10_000, cliff_s: 0, duration_s: 0, soft_cap: TOK });
    const buyer = await newBuyer(env, { tokenRegistered: false });
    await buyNear(env, buyer, round.id, 10n * PRICE_NEAR + (await minStorage(env)));
    await endRound(env, round);
    const inventory = ((await env.sale.view("contract_config", {})) as any).token_inventory;
    const failed = await claim(env, buyer, round.id);
    t.false(failed.failed, "the claim transaction itself succeeds: the callback rolls back");
    t.is(failed.parseResult<string>(), "0");
    t.true(
      failed.logs.includes(
        eventLine("claim_failed", { round_id: round.id, account_id: buyer.accountId, amount: (10n * TOK).toString() }),
      ),
    );
    t.is(saleEvents(failed.logs).length, 1);
    t.is((await purchaseView(env, round.id, buyer)).claimed, "0");
    t.is((await roundView(env, round.id)).tokens_claimed, "0");
    t.is(((await env.sale.view("contract_config", {})) as any).token_inventory, inventory);

    await buyer.call(env.token, "storage_deposit", {}, { attachedDeposit: NEAR / 100n, gas: GAS_MAX });
    const retry = await claim(env, buyer, round.id, 100n * TGAS); // the documented minimum
    t.is(retry.parseResult<string>(), (10n * TOK).toString());
    t.is(await ftBalance(env.token, buyer), 10n * TOK);
  },
);

test.serial(
  "failed round: claims refused, full refunds per asset, once; a failed stablecoin refund rolls back and is retried",
  async (t) => {
    const env = t.context;
    const round = await openRound(env, { soft_cap: 1000n * TOK });
    const minimum = await minStorage(env);
    const alice = await newBuyer(env, { usd: 10n * USD });
    const bob = await newBuyer(env, { usd: 2n * USD });
    await registerOnSale(env, alice);
    await registerOnSale(env, bob);
    await buyNear(env, alice, round.id, 50n * PRICE_NEAR);
    await buyFt(env, alice, round.id, 30n * PRICE_FT);
    await buyFt(env, bob, round.id, 2n * USD); // all of bob's stablecoin
    await endRound(env, round);
    t.is((await roundView(env, round.id)).status, "failed");

    const claimFailed = await claim(env, alice, round.id);
    t.regex(errorsOf(claimFailed), new RegExp(`Round ${round.id} is failed: .* \\(withdraw a refund instead\\)`));

    const nearBefore = await nearBalance(env, alice);
    const ftBefore = await ftBalance(env.stable, alice);
    const r = await refund(env, alice, round.id, 200n * TGAS); // the documented minimum, with two payouts
    t.false(r.failed, errorsOf(r));
    t.deepEqual(r.parseResult(), {
      near: (50n * PRICE_NEAR).toString(),
      [env.stable.accountId]: (30n * PRICE_FT).toString(),
    });
    t.deepEqual(
      saleEvents(r.logs)
        .map((e) => JSON.stringify(e))
        .sort(),
      [
        eventLine("refund", {
          round_id: round.id,
          account_id: alice.accountId,
          asset: "near",
          amount: (50n * PRICE_NEAR).toString(),
        }),
        eventLine("refund", {
          round_id: round.id,
          account_id: alice.accountId,
          asset: env.stable.accountId,
          amount: (30n * PRICE_FT).toString(),
        }),
      ]
        .map((l) => l.slice("EVENT_JSON:".length))
        .sort(),
    );
    t.is(await ftBalance(env.stable, alice), ftBefore + 30n * PRICE_FT);
    const gained = (await nearBalance(env, alice)) - nearBefore;
    t.true(gained > 50n * PRICE_NEAR - NEAR / 100n && gained <= 50n * PRICE_NEAR, `gained ${gained}`);
    const view = await purchaseView(env, round.id, alice);
    t.deepEqual(view.refund_due, { near: "0", [env.stable.accountId]: "0" });
    t.deepEqual(view.refunded, { near: true, [env.stable.accountId]: true });
    const twice = await refund(env, alice, round.id);
    t.regex(errorsOf(twice), /Nothing to refund: .* were already refunded/);

    // bob leaves the stablecoin: his refund cannot be delivered and is restored
    await bob.call(env.stable, "storage_unregister", {}, { attachedDeposit: 1n, gas: GAS_MAX });
    const lost = await refund(env, bob, round.id);
    t.false(lost.failed);
    t.true(
      lost.logs.includes(
        eventLine("refund_failed", {
          round_id: round.id,
          account_id: bob.accountId,
          asset: env.stable.accountId,
          amount: (2n * USD).toString(),
        }),
      ),
    );
    const restored = await purchaseView(env, round.id, bob);
    t.deepEqual(restored.refund_due, { near: "0", [env.stable.accountId]: (2n * USD).toString() });
    t.is((await roundView(env, round.id)).refunded[env.stable.accountId], (30n * PRICE_FT).toString());
    await bob.call(env.stable, "storage_deposit", {}, { attachedDeposit: NEAR / 100n, gas: GAS_MAX });
    const retry = await refund(env, bob, round.id);
    t.true(
      retry.logs.includes(
        eventLine("refund", {
          round_id: round.id,
          account_id: bob.accountId,
          asset: env.stable.accountId,
          amount: (2n * USD).toString(),
        }),
      ),
    );
    t.is(await ftBalance(env.stable, bob), 2n * USD);
    t.truthy(minimum);
  },
);

test.serial("cancellation: owner only, before the end; purchases stop, refunds open at once", async (t) => {
  const env = t.context;
  const round = await openRound(env);
  const buyer = await newBuyer(env);
  await buyNear(env, buyer, round.id, NEAR);
  const paid = (await purchaseView(env, round.id, buyer)).paid.near;
  const byBuyer = await buyer.callRaw(env.sale, "cancel_round", { round_id: round.id }, { gas: GAS_MAX });
  t.true(byBuyer.failed);
  const cancelled = await ownerCall(env, "cancel_round", { round_id: round.id });
  t.deepEqual(cancelled.logs, [eventLine("round_cancelled", { round_id: round.id, by: env.owner.accountId })]);
  t.is((await roundView(env, round.id)).status, "cancelled");
  const c = await claim(env, buyer, round.id);
  t.regex(errorsOf(c), /is cancelled: .*withdraw a refund instead/);
  const r = await refund(env, buyer, round.id);
  t.deepEqual(
    saleEvents(r.logs).map((e) => e.data[0]),
    [{ round_id: round.id, account_id: buyer.accountId, asset: "near", amount: paid }],
  );

  const ended = await openRound(env, { length: 10 });
  await endRound(env, ended);
  const late = await ownerCall(env, "cancel_round", { round_id: ended.id });
  t.regex(errorsOf(late), new RegExp(`Round ${ended.id} ended at ${ended.end}: it can no longer be cancelled`));
});

test.serial(
  "tranche releases: authorised within the schedule; over the schedule, unapproved, failed rounds and payout failures refused or restored",
  async (t) => {
    const env = t.context;
    const round = await openRound(env, {
      soft_cap: 100n * TOK,
      schedule: [
        [0, 3000],
        [1000, 10000],
      ],
    });
    const failedRound = await openRound(env, { soft_cap: 1000n * TOK });
    const buyer = await newBuyer(env, { usd: 100n * USD });
    await registerOnSale(env, buyer, NEAR / 10n);
    await buyNear(env, buyer, round.id, NEAR); // 100 tokens for exactly 1 NEAR (storage already paid)
    await buyFt(env, buyer, round.id, USD); // 100 tokens for 1 USD
    await buyNear(env, buyer, failedRound.id, NEAR);
    const gpu = await env.root.createSubAccount(`gpu${env.seq.n++}`, { initialBalance: NEAR });
    const release = (args: Record<string, unknown>, deposit = 1n) =>
      env.owner.callRaw(
        env.sale,
        "release_tranche",
        {
          round_id: round.id,
          asset: "near",
          amount: ((NEAR * 3n) / 10n).toString(),
          provider_id: gpu.accountId,
          purpose: "eval",
          ...args,
        },
        { attachedDeposit: deposit, gas: GAS_MAX },
      );

    // before the end the round is open, not successful
    t.regex(
      errorsOf(await release({})),
      new RegExp(`Proceeds of round ${round.id} cannot be released: the round is open`),
    );
    await endRound(env, failedRound);
    await endRound(env, round);
    t.regex(errorsOf(await release({})), new RegExp(`${gpu.accountId} is not an approved compute provider`));
    await approveProvider(env, gpu.accountId);
    const byBuyer = await buyer.callRaw(
      env.sale,
      "release_tranche",
      { round_id: round.id, asset: "near", amount: "1", provider_id: gpu.accountId, purpose: "x" },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    t.true(byBuyer.failed);
    t.regex(errorsOf(await release({}, 0n)), /yocto/i);
    t.regex(errorsOf(await release({ purpose: "" })), /purpose must be a non-empty string/);
    t.regex(
      errorsOf(await release({ round_id: failedRound.id })),
      new RegExp(`Proceeds of round ${failedRound.id} cannot be released: the round is failed`),
    );

    // over the schedule: 30% now
    t.regex(
      errorsOf(await release({ amount: ((NEAR * 3n) / 10n + 1n).toString() })),
      new RegExp(
        `Tranche of 300000000000000000000001 near exceeds the schedule of round ${round.id}: cap now 3000 bps of 1000000000000000000000000 = 300000000000000000000000, already released 0, releasable 300000000000000000000000; the cap rises to 10000 bps at ${round.end + 1000n * SEC}`,
      ),
    );

    // paused releases
    await ownerCall(env, "pause", { scope: "releases" });
    t.regex(errorsOf(await release({})), /The contract is paused for releases/);
    await ownerCall(env, "unpause", { scope: "releases" });

    // authorised: 30% of the NEAR
    const before = await nearBalance(env, gpu);
    const ok = await release({ purpose: "stage 1: inference eval" });
    t.false(ok.failed, errorsOf(ok));
    t.is(ok.parseResult<string>(), ((NEAR * 3n) / 10n).toString());
    t.deepEqual(ok.logs, [
      eventLine("tranche_released", {
        round_id: round.id,
        asset: "near",
        amount: ((NEAR * 3n) / 10n).toString(),
        provider_id: gpu.accountId,
        purpose: "stage 1: inference eval",
        released_total: ((NEAR * 3n) / 10n).toString(),
      }),
    ]);
    t.is((await nearBalance(env, gpu)) - before, (NEAR * 3n) / 10n);
    t.regex(errorsOf(await release({ amount: "1" })), /releasable 0/);

    // stablecoin to a provider not registered on it: the payout fails and the escrow is restored
    const ftFail = await release({ asset: env.stable.accountId, amount: ((USD * 3n) / 10n).toString() });
    t.is(ftFail.parseResult<string>(), "0");
    t.true(
      ftFail.logs.includes(
        eventLine("tranche_failed", {
          round_id: round.id,
          asset: env.stable.accountId,
          amount: ((USD * 3n) / 10n).toString(),
          provider_id: gpu.accountId,
          purpose: "eval",
        }),
      ),
    );
    const escrow = (await env.sale.view("escrow", { round_id: round.id })) as any;
    t.is(escrow.assets[env.stable.accountId].released, "0");
    t.is(escrow.assets[env.stable.accountId].releasable, ((USD * 3n) / 10n).toString());
    await gpu.call(env.stable, "storage_deposit", {}, { attachedDeposit: NEAR / 100n, gas: GAS_MAX });
    const ftOk = await release({ asset: env.stable.accountId, amount: ((USD * 3n) / 10n).toString() });
    t.true(
      ftOk.logs.includes(
        eventLine("tranche_released", {
          round_id: round.id,
          asset: env.stable.accountId,
          amount: ((USD * 3n) / 10n).toString(),
          provider_id: gpu.accountId,
          purpose: "eval",
          released_total: ((USD * 3n) / 10n).toString(),
        }),
      ),
    );
    t.is(await ftBalance(env.stable, gpu), (USD * 3n) / 10n);

    // the next step: everything
    await advanceTo(env, round.end + 1000n * SEC);
    // NEAR to an approved provider account that does not exist: the transfer fails, the escrow is restored
    const ghost = `ghost${env.seq.n++}.test.near`;
    await approveProvider(env, ghost);
    const lost = await release({ provider_id: ghost, amount: (NEAR / 10n).toString() });
    t.is(lost.parseResult<string>(), "0");
    t.true(
      lost.logs.includes(
        eventLine("tranche_failed", {
          round_id: round.id,
          asset: "near",
          amount: (NEAR / 10n).toString(),
          provider_id: ghost,
          purpose: "eval",
        }),
      ),
      lost.logs.join("\n"),
    );
    t.is(
      ((await env.sale.view("escrow", { round_id: round.id })) as any).assets.near.released,
      ((NEAR * 3n) / 10n).toString(),
    );
    const rest = await release({ amount: ((NEAR * 7n) / 10n).toString() });
    t.is(rest.parseResult<string>(), ((NEAR * 7n) / 10n).toString());
    const final = (await env.sale.view("escrow", { round_id: round.id })) as any;
    t.is(final.assets.near.held, "0");
    t.is(final.cap_bps_now, 10000);

    // a removed provider gets nothing more
    t.is(errorsOf(await timelocked(env, { action: "remove_provider", args: { account_id: gpu.accountId } })), "");
    t.regex(
      errorsOf(await release({ asset: env.stable.accountId, amount: "1" })),
      /is not an approved compute provider/,
    );
  },
);

test.serial(
  "reinvestment: token → sale purchase for the holder; a failing purchase re-credits the revenue",
  async (t) => {
    const env = t.context;
    const round = await openRound(env, { max_per_account: 10n * TOK });
    const listed = allowlist(["someone.test.near"]);
    const closed = await openRound(env, { allowlist_root: listed.root });
    await env.owner.call(env.token, "distribute_revenue", {}, { attachedDeposit: 10n * NEAR, gas: GAS_MAX });
    const revenue = async () =>
      BigInt(((await env.token.view("revenue_of", { account_id: env.holder.accountId })) as any).near);
    const owed = await revenue();
    t.true(owed > 9n * NEAR, `holder owed ${owed}`);

    // failure: the allowlisted round panics in the sale, the token re-credits the holder
    const failed = await env.holder.callRaw(
      env.token,
      "reinvest_revenue",
      { round_id: closed.id, amount: NEAR.toString() },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    t.regex(errorsOf(failed), new RegExp(`Round ${closed.id} has an allowlist`));
    t.deepEqual(saleEvents(failed.logs), []);
    t.true(
      eventsIn(failed.logs).some((e) => e.event === "revenue_payout_failed"),
      failed.logs.join("\n"),
    );
    t.is(await revenue(), owed);
    t.is(await purchaseOrNull(env, closed.id, env.holder), null);
    // unknown round: same
    const unknown = await env.holder.callRaw(
      env.token,
      "reinvest_revenue",
      { round_id: 77, amount: NEAR.toString() },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    t.true(eventsIn(unknown.logs).some((e) => e.event === "revenue_payout_failed"));
    t.is(await revenue(), owed);

    // success: 1 NEAR; storage fee and 10 tokens (the account maximum) kept, the rest to the holder (not the token)
    const minimum = await minStorage(env);
    const balance = await nearBalance(env, env.holder);
    const ok = await env.holder.callRaw(
      env.token,
      "reinvest_revenue",
      { round_id: round.id, amount: NEAR.toString() },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    t.false(ok.failed, errorsOf(ok));
    const cost = 10n * PRICE_NEAR;
    t.true(
      ok.logs.includes(
        eventLine("purchase", {
          round_id: round.id,
          account_id: env.holder.accountId,
          asset: "near",
          amount: cost.toString(),
          tokens: (10n * TOK).toString(),
          refund: (NEAR - minimum - cost).toString(),
          storage_fee: minimum.toString(),
          tokens_sold: (10n * TOK).toString(),
          reinvest: true,
        }),
      ),
      ok.logs.join("\n"),
    );
    t.false(eventsIn(ok.logs).some((e) => e.event === "revenue_payout_failed"));
    t.is(await revenue(), owed - NEAR);
    const gained = (await nearBalance(env, env.holder)) - balance;
    t.true(
      gained > NEAR - minimum - cost - NEAR / 100n && gained < NEAR - minimum - cost,
      `holder got the excess back: ${gained}`,
    );
    t.is((await purchaseView(env, round.id, env.holder)).tokens, (10n * TOK).toString());

    // at its maximum, the next reinvestment panics and is re-credited
    const full = await env.holder.callRaw(
      env.token,
      "reinvest_revenue",
      { round_id: round.id, amount: NEAR.toString() },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    t.regex(errorsOf(full), /already holds the maximum/);
    t.is(await revenue(), owed - NEAR);
    // paused purchases panic too
    await ownerCall(env, "pause", { scope: "purchases" });
    const paused = await env.holder.callRaw(
      env.token,
      "reinvest_revenue",
      { round_id: round.id, amount: NEAR.toString() },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    t.regex(errorsOf(paused), /The contract is paused for purchases/);
    t.is(await revenue(), owed - NEAR);
    await ownerCall(env, "unpause", { scope: "purchases" });
  },
);
