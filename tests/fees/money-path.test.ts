/**
 * The whole money path on the local chain: a provider pays a period's fees
 * in NEAR and in the stablecoin; `flush` sends every destination's share
 * (the token's revenue, the vault's stage royalties, the reserve, the
 * protocol); the tokenholder then claims its revenue on the token and the
 * contributor its royalties on the vault, each exactly its share.
 *
 * The holder is the token's only eligible holder and the contributor holds
 * the stage's only point, so their claims equal the router's shares to the unit.
 */
import anyTest, { type TestFn } from "ava";
import {
  type FeesEnv,
  feesEvents,
  feesTotals,
  flush,
  GAS_MAX,
  NEAR_PRICE,
  newProvider,
  ok,
  payNear,
  payStable,
  setPrice,
  setupFees,
  STABLE_PRICE,
  stageRevenue,
} from "../helpers/fees-fixture.ts";
import {
  chainNow,
  claim,
  claimableEpoch,
  claimArgs,
  configureStage,
  contributorView,
  ftBalance,
  nearBalance,
  newContributor,
  stageConfig,
  treeOf,
} from "../helpers/vault-fixture.ts";

const test = anyTest as TestFn<FeesEnv>;

test.before(async (t) => {
  t.context = await setupFees();
});

test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

test("provider payment → flush → holder claims revenue on the token, contributor claims royalties on the vault", async (t) => {
  const env = t.context;
  const stableId = env.stable.accountId;
  ok(await configureStage(env, 0, stageConfig(await chainNow(env))), "configure stage 0");
  const contributor = await newContributor(env);
  const tree = treeOf([[contributor, 1n]]);
  await claimableEpoch(env, tree, 0, 0);
  ok(await claim(env, contributor, claimArgs(tree, 0, 0, 0)), "claim leaf");

  ok(await setPrice(env, 0, { near: NEAR_PRICE, stable: STABLE_PRICE }), "price");
  const provider = await newProvider(env, { stages: [0] });
  const usage = { requests: 120, input_tokens: 3_500_000, output_tokens: 900_000 };
  const quote = await env.fees.view<{ near: string; stable: string }>("quote", { stage: 0, usage });
  ok(await payNear(env, provider, { stage: 0, period_id: "h1", usage }, BigInt(quote.near)), "pay near");
  ok(await payStable(env, provider, { stage: 0, period_id: "h1s", usage }, BigInt(quote.stable)), "pay stable");
  const { revenue } = await stageRevenue(env, 0);
  const shares = { near: revenue.near.shares, stable: revenue[stableId].shares };

  const reserveNear = await nearBalance(env, env.reserve);
  const protocolNear = await nearBalance(env, env.protocol);
  for (const asset of ["near", stableId]) {
    for (const destination of ["holders", "reserve", "protocol"]) {
      const result = ok(await flush(env, destination, asset), `flush ${destination} ${asset}`);
      t.is(feesEvents(result).at(-1)?.[0], "forward_done", `${destination} ${asset}`);
    }
    ok(await flush(env, "contributors", asset, 0), `flush contributors ${asset}`);
  }

  // the reserve and the protocol received their shares
  t.is(await nearBalance(env, env.reserve), reserveNear + BigInt(shares.near.reserve));
  t.is(await nearBalance(env, env.protocol), protocolNear + BigInt(shares.near.protocol));
  t.is(await ftBalance(env.stable, env.reserve), BigInt(shares.stable.reserve));
  t.is(await ftBalance(env.stable, env.protocol), BigInt(shares.stable.protocol));

  // the holder's revenue on the token is the holders' share, and it claims it
  const claimable = await env.token.view<Record<string, string>>("revenue_of", { account_id: env.holder.accountId });
  t.deepEqual(claimable, { near: shares.near.holders, [stableId]: shares.stable.holders });
  const holderStable = await ftBalance(env.stable, env.holder);
  ok(await env.holder.callRaw(env.token, "claim_revenue", { asset: stableId }, { gas: GAS_MAX }), "claim revenue");
  t.is(await ftBalance(env.stable, env.holder), holderStable + BigInt(shares.stable.holders));
  ok(await env.holder.callRaw(env.token, "claim_revenue", { asset: "near" }, { gas: GAS_MAX }), "claim near revenue");
  t.deepEqual(await env.token.view("revenue_of", { account_id: env.holder.accountId }), { near: "0", [stableId]: "0" });

  // the contributor's royalties on the vault are the contributors' share, and it claims them
  const position = await contributorView(env, contributor);
  t.deepEqual(position.royalties, { near: shares.near.contributors, [stableId]: shares.stable.contributors });
  const contributorStable = await ftBalance(env.stable, contributor);
  ok(await contributor.callRaw(env.vault, "claim_royalties", { asset: stableId }, { gas: GAS_MAX }), "royalties");
  t.is(await ftBalance(env.stable, contributor), contributorStable + BigInt(shares.stable.contributors));

  // everything received was forwarded but the rounding carry
  const totals = await feesTotals(env);
  for (const asset of ["near", stableId]) {
    const books = totals.assets[asset];
    t.is(books.pending, "0");
    t.is(books.in_flight, "0");
    t.is(BigInt(books.forwarded) + BigInt(books.carried), BigInt(books.received));
  }
});
