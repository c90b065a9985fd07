/**
 * Inference royalties on the local chain: NEAR (`deposit_royalties`) and the
 * stablecoin (`ft_transfer_call` with `{"royalties": N}`), the pending pool
 * while a stage has no accepted points, earning from acceptance, claims with
 * rollback, vetoes returning accrued royalties, and the per-asset books
 * exact to the unit.
 */
import anyTest, { type TestFn } from "ava";
import { ROYALTY_SCALE } from "../../contracts/vault/royalty.ts";
import {
  acceptEpoch,
  advanceTo,
  chainNow,
  claim,
  claimArgs,
  claimRoyalties,
  configureStage,
  contributorView,
  depositNearRoyalties,
  depositStableRoyalties,
  epochView,
  errorsOf,
  eventLine,
  ftBalance,
  fundStage,
  GAS_MAX,
  NEAR,
  newContributor,
  setupVault,
  stageConfig,
  stageView,
  TOK,
  totalsView,
  treeOf,
  USD,
  type VaultEnv,
} from "../helpers/vault-fixture.ts";

const test = anyTest as TestFn<VaultEnv>;

test.before(async (t) => {
  t.context = await setupVault();
  const now = await chainNow(t.context);
  for (const stage of [0, 1]) {
    const result = await configureStage(t.context, stage, stageConfig(now));
    if (result.failed) throw new Error(errorsOf(result));
  }
  // stage 0 has the pre-minted pool; stage 1 is funded through the token
  const funded = await fundStage(t.context, 1, 10_000n * TOK);
  if (funded.failed) throw new Error(errorsOf(funded));
});

test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

/** deposited = paid + in flight + Σ claimable of `positions` + carried, where carried < earning points + positions. */
async function assertBooks(
  t: { is: (a: unknown, b: unknown, m?: string) => void; true: (v: boolean, m?: string) => void },
  env: VaultEnv,
  stage: number,
  accounts: string[],
) {
  const view = await stageView(env, stage);
  for (const pool of view.royalties) {
    let claimable = 0n;
    for (const account of accounts) {
      const position = await contributorView(env, account);
      claimable += BigInt(position.stages.find((s) => s.stage === stage)?.royalties[pool.asset] ?? "0");
    }
    const carried = BigInt(pool.deposited) - BigInt(pool.paid) - BigInt(pool.in_flight) - claimable;
    t.true(carried >= 0n, `${pool.asset}: carried ${carried} is not negative`);
    // what is carried is the pending pool plus sub-unit fractions: at most one unit per earning point and position
    t.true(
      carried * ROYALTY_SCALE <=
        BigInt(pool.pending) + (BigInt(view.earning_points) + BigInt(accounts.length) + 1n) * ROYALTY_SCALE,
      `${pool.asset}: carried ${carried} is bounded`,
    );
  }
}

test.serial(
  "royalties arriving with no accepted points wait in pending and go out with the next deposit",
  async (t) => {
    const env = t.context;
    const payer = env.owner;
    const bad = await depositNearRoyalties(env, payer, 9, NEAR);
    t.regex(errorsOf(bad), /stage must be an integer in 0\.\.6, got 9/);
    const none = await payer.callRaw(env.vault, "deposit_royalties", { stage: 0 }, { gas: GAS_MAX });
    t.regex(errorsOf(none), /Royalties must be greater than zero/);
    const early = await depositNearRoyalties(env, payer, 0, 3n * NEAR);
    t.false(early.failed, errorsOf(early));
    t.deepEqual(early.logs, [
      eventLine("royalties_deposited", {
        stage: 0,
        asset: "near",
        amount: (3n * NEAR).toString(),
        sender_id: payer.accountId,
        earning_points: "0",
      }),
    ]);
    let view = await stageView(env, 0);
    t.is(view.royalties[0].acc, "0");
    t.is(view.royalties[0].pending, (3n * NEAR * ROYALTY_SCALE).toString());

    const [alice, bob] = [await newContributor(env), await newContributor(env)];
    const tree = treeOf([
      [alice, 1n],
      [bob, 2n],
    ]);
    await acceptEpoch(env, tree, 0, 0);
    // accepted: nothing moves until the next deposit
    t.is((await stageView(env, 0)).royalties[0].acc, "0");
    t.false((await depositNearRoyalties(env, payer, 0, 3n)).failed);
    view = await stageView(env, 0);
    // (3 NEAR + 3 yocto) over 3 points
    t.is(BigInt(view.royalties[0].acc), ((3n * NEAR + 3n) * ROYALTY_SCALE) / 3n);
    t.is(view.royalties[0].pending, "0");
    await advanceTo(env, BigInt((await epochView(env, 0, 0))!.claimable_at_ns!));
    t.false((await claim(env, alice, claimArgs(tree, 0, 0, 0))).failed);
    t.false((await claim(env, bob, claimArgs(tree, 0, 0, 1))).failed);
    t.is((await contributorView(env, alice)).royalties.near, (NEAR + 1n).toString());
    t.is((await contributorView(env, bob)).royalties.near, (2n * NEAR + 2n).toString());
    await assertBooks(t, env, 0, [alice.accountId, bob.accountId]);

    const before = await env.worker.provider.viewAccount(alice.accountId);
    const paid = await claimRoyalties(env, alice, "near");
    t.false(paid.failed, errorsOf(paid));
    t.is(paid.parseResult<string>(), (NEAR + 1n).toString());
    t.true(
      paid.logs.includes(
        eventLine("royalties_claimed", { account_id: alice.accountId, asset: "near", amount: (NEAR + 1n).toString() }),
      ),
    );
    const after = await env.worker.provider.viewAccount(alice.accountId);
    t.true(BigInt(after.amount) > BigInt(before.amount) + NEAR - NEAR / 100n, "the NEAR arrived (less gas)");
    t.is((await contributorView(env, alice)).royalties.near, "0");
    const nothing = await claimRoyalties(env, alice, "near");
    t.regex(errorsOf(nothing), new RegExp(`${alice.accountId} has no near royalties to claim`));
    const unknownAsset = await claimRoyalties(env, alice, "dai.test");
    t.regex(errorsOf(unknownAsset), /asset must be "near" or "usdc\./);
    await assertBooks(t, env, 0, [alice.accountId, bob.accountId]);
  },
);

test.serial("an epoch's points earn from acceptance, before they are claimed", async (t) => {
  const env = t.context;
  const [carol, dave] = [await newContributor(env), await newContributor(env)];
  const tree = treeOf([
    [carol, 1n],
    [dave, 1n],
  ]);
  await acceptEpoch(env, tree, 1, 0);
  // arrives during the challenge window, before anyone could claim
  t.false((await depositNearRoyalties(env, env.owner, 1, 10n)).failed);
  await advanceTo(env, BigInt((await epochView(env, 1, 0))!.claimable_at_ns!));
  t.false((await depositNearRoyalties(env, env.owner, 1, 4n)).failed);
  t.false((await claim(env, carol, claimArgs(tree, 1, 0, 0))).failed);
  t.is((await contributorView(env, carol)).royalties.near, "7");
  // dave has not claimed yet and still earns: 2 more yocto, 1 each
  t.false((await depositNearRoyalties(env, env.owner, 1, 2n)).failed);
  t.false((await claim(env, dave, claimArgs(tree, 1, 0, 1))).failed);
  t.is((await contributorView(env, dave)).royalties.near, "8");
  t.is((await contributorView(env, carol)).royalties.near, "8");
  await assertBooks(t, env, 1, [carol.accountId, dave.accountId]);
});

test.serial("stablecoin royalties through ft_transfer_call; a failed payout is restored", async (t) => {
  const env = t.context;
  const [erin, frank] = [await newContributor(env), await newContributor(env)];
  const tree = treeOf([
    [erin, 3n],
    [frank, 1n],
  ]);
  await acceptEpoch(env, tree, 0, 1);
  const wrong = await depositStableRoyalties(env, 0, 5n * USD, "royalties");
  t.regex(errorsOf(wrong), /msg must be \{"royalties": N\}/);
  const viaToken = await env.owner.callRaw(
    env.token,
    "ft_transfer_call",
    { receiver_id: env.vault.accountId, amount: "5", msg: JSON.stringify({ royalties: 0 }) },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
  t.regex(errorsOf(viaToken), /msg must be \{"fund_stage": N\}/);
  const ok = await depositStableRoyalties(env, 0, 1000n * USD);
  t.false(ok.failed, errorsOf(ok));
  t.true(
    ok.logs.includes(
      eventLine("royalties_deposited", {
        stage: 0,
        asset: env.stable.accountId,
        amount: (1000n * USD).toString(),
        sender_id: env.owner.accountId,
        earning_points: "7",
      }),
    ),
  );
  t.is(await ftBalance(env.stable, env.vault), 1000n * USD);
  await advanceTo(env, BigInt((await epochView(env, 0, 1))!.claimable_at_ns!));
  t.false((await claim(env, erin, claimArgs(tree, 0, 1, 0))).failed);
  t.false((await claim(env, frank, claimArgs(tree, 0, 1, 1))).failed);
  const share = (1000n * USD * ROYALTY_SCALE) / 7n;
  t.is((await contributorView(env, erin)).royalties[env.stable.accountId], ((3n * share) / ROYALTY_SCALE).toString());
  const paid = await claimRoyalties(env, erin, env.stable.accountId);
  t.false(paid.failed, errorsOf(paid));
  t.is(await ftBalance(env.stable, erin), (3n * share) / ROYALTY_SCALE);

  // frank leaves the stablecoin: the transfer fails and his royalties are restored
  const frankOwed = (await contributorView(env, frank)).royalties[env.stable.accountId];
  t.false((await frank.callRaw(env.stable, "storage_unregister", {}, { attachedDeposit: 1n, gas: GAS_MAX })).failed);
  const failed = await claimRoyalties(env, frank, env.stable.accountId);
  t.is(failed.parseResult<string>(), "0");
  t.true(
    failed.logs.includes(
      eventLine("royalties_claim_failed", {
        account_id: frank.accountId,
        asset: env.stable.accountId,
        amount: frankOwed,
      }),
    ),
  );
  t.is((await contributorView(env, frank)).royalties[env.stable.accountId], frankOwed);
  const totals = await totalsView(env);
  t.is(totals.royalties[env.stable.accountId].in_flight, "0");
  t.is(BigInt(totals.royalties[env.stable.accountId].owed), await ftBalance(env.stable, env.vault));
});

test.serial("a veto returns what the vetoed epoch's points earned to the pending pool", async (t) => {
  const env = t.context;
  const grace = await newContributor(env);
  const tree = treeOf([[grace, 5n]]);
  const before = await stageView(env, 1);
  await acceptEpoch(env, tree, 1, 1);
  t.false((await depositNearRoyalties(env, env.owner, 1, 700n)).failed);
  const veto = await env.guardian.callRaw(
    env.vault,
    "veto_epoch",
    { stage: 1, epoch: 1 },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
  t.false(veto.failed, errorsOf(veto));
  const after = await stageView(env, 1);
  t.is(after.earning_points, before.earning_points);
  // 700 over 7 points: 500 had gone to the vetoed epoch's 5 points and now waits in pending
  t.is(BigInt(after.royalties[0].pending) - BigInt(before.royalties[0].pending), 500n * ROYALTY_SCALE);
});

test.serial("the vault's NEAR covers the NEAR royalties it owes plus its storage", async (t) => {
  const env = t.context;
  const totals = await totalsView(env);
  const owed = BigInt(totals.royalties.near.owed);
  t.true(BigInt(totals.near_balance) >= owed + BigInt(totals.storage_deposits));
  t.true(owed > 0n);
});
