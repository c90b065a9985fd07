/**
 * The vault on the local chain: common surface, stages, attestors, epoch
 * submissions (quorum, conflicts, veto), claims (proofs, bitmap, batch,
 * qualification), vesting withdrawals with rollback, deadline and roll-over.
 * Each failure is checked for its message and for changing nothing.
 */
import anyTest, { type TestFn } from "ava";
import {
  acceptEpoch,
  advanceTo,
  chainNow,
  claim,
  claimableEpoch,
  claimArgs,
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
  INITIAL_POOL,
  newContributor,
  NEAR,
  OTHER_ROOT,
  REPORT,
  SEC,
  setupVault,
  stageConfig,
  stageView,
  submit,
  submitArgs,
  TOK,
  totalsView,
  treeOf,
  USD,
  type VaultEnv,
  vaultEvents,
  withdrawVested,
} from "../helpers/vault-fixture.ts";
import { buildQualificationTree } from "../../scripts/lib/merkle-points.ts";

const test = anyTest as TestFn<VaultEnv>;

test.before(async (t) => {
  t.context = await setupVault();
  const now = await chainNow(t.context);
  const result = await configureStage(t.context, 0, stageConfig(now));
  if (result.failed) throw new Error(errorsOf(result));
});

test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

const yocto = { attachedDeposit: 1n, gas: GAS_MAX };

/** The data of epoch_submitted, in the contract's key order. */
function submittedEvent(args: ReturnType<typeof submitArgs>, attestor: string, matching: number) {
  const { stage, epoch, merkle_root, total_points, leaf_count, report_hash } = args;
  return { stage, epoch, attestor, merkle_root, total_points, leaf_count, report_hash, matching, quorum: 2 };
}

test.serial("init: common views, roles, stage 0 funded from the pre-minted pool", async (t) => {
  const env = t.context;
  const config = await env.vault.view<Record<string, unknown>>("contract_config", {});
  t.is(config.token_id, env.token.accountId);
  t.is(config.stable_id, env.stable.accountId);
  t.deepEqual(config.roles, ["pauser", "config", "guardian", "attestor_manager"]);
  t.deepEqual(config.pause_scopes, ["attestation", "claims", "deposits"]);
  const admin = await env.vault.view<{ owner_id: string; roles: Record<string, string[]> }>("admin_info", {});
  t.is(admin.owner_id, env.owner.accountId);
  t.deepEqual(admin.roles.attestor_manager, [env.manager.accountId]);
  t.deepEqual(await env.vault.view("timelock_info", {}), { delay_ns: "0", operations: [] });
  t.false(await env.vault.view<boolean>("is_paused", { scope: "claims" }));
  const metadata = await env.vault.view<{ standards: Array<{ standard: string }> }>("contract_source_metadata", {});
  t.deepEqual(
    metadata.standards.map((s) => s.standard),
    ["nep145", "modelfund_vault", "nep297", "nep330"],
  );
  t.is((await stageView(env, 0)).pool, INITIAL_POOL.toString());
  t.is(await ftBalance(env.token, env.vault), INITIAL_POOL);
  const attestors = await env.vault.view<Array<{ account_id: string; active: boolean }>>("attestors", {});
  t.deepEqual(
    attestors.map((a) => [a.account_id, a.active]),
    env.attestors.map((a) => [a.accountId, true]),
  );
});

test.serial("privileged methods need exactly 1 yoctoNEAR and the role", async (t) => {
  const env = t.context;
  const now = await chainNow(env);
  const noYocto = await env.owner.callRaw(
    env.vault,
    "configure_stage",
    { stage: 6, config: stageConfig(now) },
    { gas: GAS_MAX },
  );
  t.regex(errorsOf(noYocto), /exactly 1 yoctoNEAR/);
  const stranger = env.attestors[0];
  const noRole = await stranger.callRaw(env.vault, "configure_stage", { stage: 6, config: stageConfig(now) }, yocto);
  t.regex(errorsOf(noRole), /lacks the role "config"/);
  const veto = await stranger.callRaw(env.vault, "veto_epoch", { stage: 0, epoch: 0 }, yocto);
  t.regex(errorsOf(veto), /lacks the role "guardian"/);
  const attestor = await stranger.callRaw(
    env.vault,
    "set_attestor",
    { account_id: stranger.accountId, report_hash: REPORT, expires_at_ns: (now + 1000n * SEC).toString() },
    yocto,
  );
  t.regex(errorsOf(attestor), /lacks the role "attestor_manager"/);
  const roll = await stranger.callRaw(env.vault, "roll_over", { stage: 0 }, yocto);
  t.regex(errorsOf(roll), /lacks the role "config"/);
  const unknownRole = await env.owner.callRaw(
    env.vault,
    "grant_role",
    { role: "minter", account_id: stranger.accountId },
    yocto,
  );
  t.regex(errorsOf(unknownRole), /Unknown role "minter"; roles are: pauser, config, guardian, attestor_manager/);
  const action = await env.owner.callRaw(env.vault, "timelock_schedule", { action: "sweep", args: {} }, yocto);
  t.regex(errorsOf(action), /Unknown timelock action "sweep"/);
  t.is((await stageView(env, 6)).configured, false);
});

test.serial("configure_stage validates everything and emits the stored config", async (t) => {
  const env = t.context;
  const now = await chainNow(env);
  const bad: Array<[Record<string, unknown>, RegExp, number?]> = [
    [{ quorum: 4 }, /quorum 4 is larger than the registry's 3 active attestor\(s\)/],
    [{ epochs: 0 }, /epochs must be an integer in 1\.\.1000/],
    [{ epoch_reward: "0" }, /epoch_reward must be greater than zero/],
    [{ claim_deadline_ns: "1" }, /claim_deadline_ns 1 must be in the future/],
    [{ challenge_window_ns: (31n * 24n * 3600n * SEC).toString() }, /challenge_window_ns must be at most/],
    [{ vesting: { start_ns: "0", cliff_ns: "10", duration_ns: "5" } }, /cliff_ns must not exceed/],
    [{ requires_qualification: true }, /Stage 0 cannot require qualification/, 0],
  ];
  for (const [override, message, stage] of bad) {
    const result = await configureStage(env, stage ?? 6, { ...stageConfig(now), ...override } as never);
    t.regex(errorsOf(result), message, JSON.stringify(override));
  }
  const badStage = await configureStage(env, 7, stageConfig(now));
  t.regex(errorsOf(badStage), /stage must be an integer in 0\.\.6, got 7/);
  t.is((await stageView(env, 6)).configured, false);
  const config = stageConfig(now, { quorum: 3, epochs: 4 });
  const ok = await configureStage(env, 6, config);
  t.false(ok.failed, errorsOf(ok));
  t.deepEqual(vaultEvents(ok.logs), [
    {
      standard: "modelfund_vault",
      version: "1.0.0",
      event: "stage_configured",
      data: [{ stage: 6, config, by: env.owner.accountId }],
    },
  ]);
  t.deepEqual((await stageView(env, 6)).config, config);
});

test.serial(
  "funding through ft_transfer_call: the token with fund_stage only; anything else is refunded",
  async (t) => {
    const env = t.context;
    const before = await ftBalance(env.token, env.owner);
    const ok = await fundStage(env, 5, 500n * TOK);
    t.false(ok.failed, errorsOf(ok));
    t.true(
      ok.logs.includes(
        eventLine("stage_funded", {
          stage: 5,
          sender_id: env.owner.accountId,
          amount: (500n * TOK).toString(),
          pool: (500n * TOK).toString(),
        }),
      ),
    );
    t.is(await ftBalance(env.token, env.owner), before - 500n * TOK);
    const badMsg = await fundStage(env, 5, 7n * TOK, "fund");
    t.regex(errorsOf(badMsg), /msg must be \{"fund_stage": N\}/);
    const badStage = await fundStage(env, 5, 7n * TOK, JSON.stringify({ fund_stage: 9 }));
    t.regex(errorsOf(badStage), /stage must be an integer in 0\.\.6, got 9/);
    t.is(await ftBalance(env.token, env.owner), before - 500n * TOK, "the refused transfers were refunded");
    const wrongToken = await env.owner.callRaw(
      env.stable,
      "ft_transfer_call",
      { receiver_id: env.vault.accountId, amount: "5", msg: JSON.stringify({ fund_stage: 5 }) },
      yocto,
    );
    t.regex(errorsOf(wrongToken), /msg must be \{"royalties": N\}/);
    t.is((await stageView(env, 5)).pool, (500n * TOK).toString());
  },
);

test.serial(
  "submit_epoch: attestors only, one submission each, conflicts kept and evented, quorum accepts",
  async (t) => {
    const env = t.context;
    const [a0, a1, a2] = env.attestors;
    const alice = await newContributor(env);
    const tree = treeOf([
      [alice, 3n],
      ["bob.test", 4n],
    ]);
    const args = submitArgs(tree, 0, 0);
    const stranger = await submit(env, env.guardian, args);
    t.regex(errorsOf(stranger), new RegExp(`${env.guardian.accountId} is not a registered attestor`));
    const outOfRange = await submit(env, a0, { ...args, epoch: 10 });
    t.regex(errorsOf(outOfRange), /Stage 0 expects epochs 0\.\.9, got epoch 10/);
    const badPoints = await submit(env, a0, { ...args, total_points: "1" });
    t.regex(errorsOf(badPoints), /total_points 1 is smaller than leaf_count 2/);
    const badRoot = await submit(env, a0, { ...args, merkle_root: "XYZ" });
    t.regex(errorsOf(badRoot), /merkle_root must be 64 lowercase hex characters/);
    t.is(await epochView(env, 0, 0), null);

    const first = await submit(env, a0, args);
    t.false(first.failed, errorsOf(first));
    t.is(first.parseResult<string>(), "pending");
    t.deepEqual(first.logs, [eventLine("epoch_submitted", submittedEvent(args, a0.accountId, 1))]);
    const again = await submit(env, a0, args);
    t.regex(errorsOf(again), new RegExp(`${a0.accountId} already submitted a result for epoch 0 of stage 0`));

    const conflicting = { ...args, merkle_root: OTHER_ROOT };
    const second = await submit(env, a1, conflicting);
    t.false(second.failed, errorsOf(second));
    t.deepEqual(second.logs, [
      eventLine("epoch_submitted", submittedEvent(conflicting, a1.accountId, 1)),
      eventLine("epoch_conflict", {
        stage: 0,
        epoch: 0,
        attestor: a1.accountId,
        merkle_root: OTHER_ROOT,
        conflicts_with: [a0.accountId],
      }),
    ]);
    const poolBefore = BigInt((await stageView(env, 0)).pool);
    const third = await submit(env, a2, args);
    t.false(third.failed, errorsOf(third));
    t.is(third.parseResult<string>(), "accepted");
    const view = (await epochView(env, 0, 0))!;
    t.is(view.status, "challenge");
    t.is(view.submissions.length, 3, "the conflicting submission is kept");
    t.is(view.merkle_root, tree.merkle_root);
    t.deepEqual(third.logs.slice(-1), [
      eventLine("epoch_accepted", {
        stage: 0,
        epoch: 0,
        merkle_root: tree.merkle_root,
        total_points: "7",
        leaf_count: 2,
        report_hash: REPORT,
        reward: (1000n * TOK).toString(),
        claimable_at_ns: view.claimable_at_ns,
      }),
    ]);
    t.is(third.logs.filter((l) => l.includes("epoch_conflict")).length, 1);
    const stage = await stageView(env, 0);
    t.is(BigInt(stage.pool), poolBefore - 1000n * TOK);
    t.is(stage.reserved, (1000n * TOK).toString());
    t.is(stage.earning_points, "7");
    const late = await submit(env, env.attestors[1], submitArgs(tree, 0, 0));
    t.regex(errorsOf(late), /Epoch 0 of stage 0 is already accepted/);

    // claims wait for the challenge window
    const early = await claim(env, alice, claimArgs(tree, 0, 0, 0));
    t.regex(errorsOf(early), /Epoch 0 of stage 0 is in its challenge window until/);
    await advanceTo(env, BigInt(view.claimable_at_ns!));
    t.is((await epochView(env, 0, 0))!.status, "claimable");
    const ok = await claim(env, alice, claimArgs(tree, 0, 0, 0));
    t.false(ok.failed, errorsOf(ok));
    // 1000 TOK × 3 / 7, floored
    const amount = (1000n * TOK * 3n) / 7n;
    t.is(ok.parseResult<string>(), amount.toString());
    t.deepEqual(ok.logs, [
      eventLine("reward_claimed", {
        stage: 0,
        epoch: 0,
        account_id: alice.accountId,
        leaf_index: 0,
        points: "3",
        amount: amount.toString(),
      }),
    ]);
    t.true(await env.vault.view<boolean>("claimed", { stage: 0, epoch: 0, leaf_index: 0 }));
    t.false(await env.vault.view<boolean>("claimed", { stage: 0, epoch: 0, leaf_index: 1 }));
    const twice = await claim(env, alice, claimArgs(tree, 0, 0, 0));
    t.regex(errorsOf(twice), /Leaf 0 of epoch 0 of stage 0 is already claimed/);
    const position = await contributorView(env, alice);
    t.is(position.stages[0].reward, amount.toString());
    t.is(position.stages[0].points, "3");
    t.is(position.stages[0].epochs_claimed, 1);
    t.is(position.withdrawable, amount.toString(), "stage 0 vests at once");
    const epochAfter = (await epochView(env, 0, 0))!;
    t.is(epochAfter.claimed_amount, amount.toString());
    t.is(epochAfter.claimed_leaves, 1);
  },
);

test.serial("claims refuse wrong proofs, wrong points, other people's leaves and unregistered callers", async (t) => {
  const env = t.context;
  const [alice, bob] = [await newContributor(env), await newContributor(env)];
  const carol = await newContributor(env, { vaultStorage: null });
  const tree = treeOf([
    [alice, 10n],
    [bob, 20n],
    [carol, 30n],
  ]);
  await claimableEpoch(env, tree, 0, 1);
  const stageBefore = await stageView(env, 0);
  const args = claimArgs(tree, 0, 1, 0);
  const cases: Array<[() => ReturnType<typeof claim>, RegExp]> = [
    [
      () => claim(env, alice, { ...args, points: "11" }),
      /Invalid proof: leaf 0 of .* with 11 points is not in the tree of epoch 1 of stage 0/,
    ],
    [() => claim(env, bob, args), /Invalid proof: leaf 0 of/],
    [() => claim(env, alice, { ...args, leaf_index: 1 }), /Invalid proof: leaf 1 of/],
    [() => claim(env, alice, { ...args, proof: [...args.proof, OTHER_ROOT] }), /Invalid proof/],
    [() => claim(env, alice, { ...args, leaf_index: 3 }), /leaf_index must be an integer in 0\.\.2, got 3/],
    [() => claim(env, alice, { ...args, proof: ["zz"] }), /proof\[0\] must be 64 lowercase hex characters/],
    [() => claim(env, alice, { ...args, epoch: 7 }), /Epoch 7 of stage 0 is not accepted \(no submission\)/],
    [() => claim(env, carol, claimArgs(tree, 0, 1, 2)), /is not registered on the vault: call storage_deposit first/],
  ];
  // one at a time: concurrent transactions of one account would race for nonces
  for (const [send, message] of cases) t.regex(errorsOf(await send()), message);
  t.deepEqual(await stageView(env, 0), stageBefore, "no failed claim changed anything");
  t.is((await epochView(env, 0, 1))!.claimed_leaves, 0);
});

test.serial("claim_batch claims several epochs in one call, all or nothing; remainders stay reserved", async (t) => {
  const env = t.context;
  const alice = await newContributor(env);
  const trees = [2, 3, 4].map(() =>
    treeOf([
      [alice, 1n],
      ["x.test", 1n],
      ["y.test", 1n],
    ]),
  );
  for (const [i, tree] of trees.entries()) await acceptEpoch(env, tree, 0, 2 + i);
  await advanceTo(env, BigInt((await epochView(env, 0, 4))!.claimable_at_ns!));
  const claims = trees.map((tree, i) => claimArgs(tree, 0, 2 + i, 0));
  const broken = await env.vault.view<boolean>("claimed", { stage: 0, epoch: 2, leaf_index: 0 });
  t.false(broken);
  const bad = await alice.callRaw(
    env.vault,
    "claim_batch",
    { claims: [...claims.slice(0, 2), { ...claims[2], points: "2" }] },
    { gas: GAS_MAX },
  );
  t.regex(errorsOf(bad), /Invalid proof: leaf 0 of .* epoch 4/);
  t.false(
    await env.vault.view<boolean>("claimed", { stage: 0, epoch: 2, leaf_index: 0 }),
    "the batch was reverted whole",
  );
  const tooMany = await alice.callRaw(env.vault, "claim_batch", { claims: Array(9).fill(claims[0]) }, { gas: GAS_MAX });
  t.regex(errorsOf(tooMany), /claims must be an array of 1\.\.8 claims/);
  const reservedBefore = BigInt((await stageView(env, 0)).reserved);
  const ok = await alice.callRaw(env.vault, "claim_batch", { claims }, { gas: GAS_MAX });
  t.false(ok.failed, errorsOf(ok));
  const each = (1000n * TOK) / 3n;
  t.deepEqual(ok.parseResult<string[]>(), [each, each, each].map(String));
  t.is(vaultEvents(ok.logs).length, 3);
  t.is(BigInt((await stageView(env, 0)).reserved), reservedBefore - 3n * each);
  // 1000 TOK is not divisible by 3: after all three leaves of an epoch are paid, 1 unit stays reserved
  t.is((await epochView(env, 0, 2))!.claimed_amount, each.toString());
});

test.serial("pool too small: the accepting submission panics and nothing changes", async (t) => {
  const env = t.context;
  const now = await chainNow(env);
  t.false((await configureStage(env, 5, stageConfig(now, { epoch_reward: (600n * TOK).toString() }))).failed);
  const tree = treeOf([["x.test", 1n]]);
  const first = await submit(env, env.attestors[0], submitArgs(tree, 5, 0));
  t.false(first.failed);
  const before = await stageView(env, 5);
  const second = await submit(env, env.attestors[1], submitArgs(tree, 5, 0));
  t.regex(
    errorsOf(second),
    /Stage 5 pool 500000000000000000000 is smaller than the epoch reward 600000000000000000000: fund the stage/,
  );
  t.deepEqual(await stageView(env, 5), before);
  t.is((await epochView(env, 5, 0))!.submissions.length, 1);
  // funding it lets the next submission complete the quorum
  t.false((await fundStage(env, 5, 100n * TOK)).failed);
  const third = await submit(env, env.attestors[1], submitArgs(tree, 5, 0));
  t.is(third.parseResult<string>(), "accepted");
  t.is((await stageView(env, 5)).pool, "0");
});

test.serial(
  "veto_epoch: guardian, in the window only; the reward returns and the epoch can be resubmitted",
  async (t) => {
    const env = t.context;
    const alice = await newContributor(env);
    const tree = treeOf([[alice, 5n]]);
    const poolBefore = BigInt((await stageView(env, 0)).pool);
    await acceptEpoch(env, tree, 0, 5);
    const veto = await env.guardian.callRaw(
      env.vault,
      "veto_epoch",
      { stage: 0, epoch: 5, reason: "bad report" },
      yocto,
    );
    t.false(veto.failed, errorsOf(veto));
    t.deepEqual(veto.logs, [
      eventLine("epoch_vetoed", {
        stage: 0,
        epoch: 5,
        by: env.guardian.accountId,
        merkle_root: tree.merkle_root,
        reward: (1000n * TOK).toString(),
        reason: "bad report",
      }),
    ]);
    t.is(BigInt((await stageView(env, 0)).pool), poolBefore);
    const vetoed = (await epochView(env, 0, 5))!;
    t.is(vetoed.status, "vetoed");
    t.is(vetoed.vetoes, 1);
    t.deepEqual(vetoed.submissions, []);
    t.is(vetoed.last_veto!.merkle_root, tree.merkle_root);
    const claimVetoed = await claim(env, alice, claimArgs(tree, 0, 5, 0));
    t.regex(errorsOf(claimVetoed), /Epoch 5 of stage 0 is not accepted \(vetoed\)/);
    const twice = await env.guardian.callRaw(env.vault, "veto_epoch", { stage: 0, epoch: 5 }, yocto);
    t.regex(errorsOf(twice), /Epoch 5 of stage 0 is not accepted/);
    // resubmitted (a corrected tree) and accepted again
    const fixed = treeOf([[alice, 6n]]);
    await acceptEpoch(env, fixed, 0, 5);
    const accepted = (await epochView(env, 0, 5))!;
    t.is(accepted.status, "challenge");
    t.is(accepted.merkle_root, fixed.merkle_root);
    await advanceTo(env, BigInt(accepted.claimable_at_ns!));
    const late = await env.guardian.callRaw(env.vault, "veto_epoch", { stage: 0, epoch: 5 }, yocto);
    t.regex(errorsOf(late), /The challenge window of epoch 5 of stage 0 ended at/);
    t.false((await claim(env, alice, claimArgs(fixed, 0, 5, 0))).failed);
  },
);

test.serial("expired and removed attestors cannot submit; removal may not break a quorum", async (t) => {
  const env = t.context;
  const now = await chainNow(env);
  const temp = await env.root.createSubAccount("temp-att", { initialBalance: 10n * NEAR });
  const set = await env.manager.callRaw(
    env.vault,
    "set_attestor",
    { account_id: temp.accountId, report_hash: REPORT, expires_at_ns: (now + 20n * SEC).toString() },
    yocto,
  );
  t.false(set.failed, errorsOf(set));
  t.is(vaultEvents(set.logs)[0].event, "attestor_set");
  await advanceTo(env, now + 21n * SEC);
  const expired = await submit(env, temp, submitArgs(treeOf([["x.test", 1n]]), 0, 6));
  t.regex(errorsOf(expired), new RegExp(`The attestation of ${temp.accountId} expired at`));
  const past = await env.manager.callRaw(
    env.vault,
    "set_attestor",
    { account_id: temp.accountId, report_hash: REPORT, expires_at_ns: "5" },
    yocto,
  );
  t.regex(errorsOf(past), /expires_at_ns 5 must be in the future/);
  // stage 6 has quorum 3 and there are 3 active attestors: removing one would break it
  const breaking = await env.manager.callRaw(
    env.vault,
    "remove_attestor",
    { account_id: env.attestors[2].accountId },
    yocto,
  );
  t.regex(errorsOf(breaking), /would leave 2 active attestor\(s\), fewer than stage 6's quorum 3/);
  const removed = await env.manager.callRaw(env.vault, "remove_attestor", { account_id: temp.accountId }, yocto);
  t.false(removed.failed, errorsOf(removed));
  t.deepEqual(removed.logs, [eventLine("attestor_removed", { account_id: temp.accountId, by: env.manager.accountId })]);
});

test.serial("qualification: published by quorum at the close of stage 0; stage 1 claims need membership", async (t) => {
  const env = t.context;
  const now = await chainNow(env);
  const [member, outsider] = [await newContributor(env), await newContributor(env)];
  t.false((await configureStage(env, 1, stageConfig(now, { requires_qualification: true }))).failed);
  t.false((await fundStage(env, 1, 5000n * TOK)).failed);
  const qualified = buildQualificationTree([member.accountId, "z.test", "w.test"]);
  const qArgs = { stage: 0, merkle_root: qualified.merkle_root, member_count: 3, report_hash: REPORT };
  const first = await env.attestors[0].callRaw(env.vault, "submit_qualification", qArgs, { gas: GAS_MAX });
  t.false(first.parseResult<boolean>());
  const second = await env.attestors[1].callRaw(env.vault, "submit_qualification", qArgs, { gas: GAS_MAX });
  t.true(second.parseResult<boolean>());
  t.true(
    second.logs.includes(
      eventLine("qualification_accepted", { stage: 1, merkle_root: qualified.merkle_root, member_count: 3 }),
    ),
  );
  t.is((await stageView(env, 1)).qualification_root, qualified.merkle_root);
  const third = await env.attestors[2].callRaw(env.vault, "submit_qualification", qArgs, { gas: GAS_MAX });
  t.regex(errorsOf(third), /The qualification root of stage 1 is already accepted/);
  const last = await env.attestors[2].callRaw(
    env.vault,
    "submit_qualification",
    { ...qArgs, stage: 6 },
    { gas: GAS_MAX },
  );
  t.regex(errorsOf(last), /Stage 6 is the last stage/);

  const tree = treeOf([
    [member, 2n],
    [outsider, 2n],
  ]);
  await claimableEpoch(env, tree, 1, 0);
  const without = await claim(env, member, claimArgs(tree, 1, 0, 0));
  t.regex(
    errorsOf(without),
    /Stage 1 requires qualification: pass qualification_proof or call register_qualification first/,
  );
  const forged = await claim(env, outsider, {
    ...claimArgs(tree, 1, 0, 1),
    qualification_proof: qualified.proof(member.accountId),
  });
  t.regex(
    errorsOf(forged),
    new RegExp(`Invalid qualification proof: ${outsider.accountId} is not in the qualification root of stage 1`),
  );
  const withProof = await claim(env, member, {
    ...claimArgs(tree, 1, 0, 0),
    qualification_proof: qualified.proof(member.accountId),
  });
  t.false(withProof.failed, errorsOf(withProof));
  const register = await member.callRaw(
    env.vault,
    "register_qualification",
    { stage: 1, proof: qualified.proof(member.accountId) },
    { gas: GAS_MAX },
  );
  t.false(register.failed, errorsOf(register));
  t.deepEqual(register.logs, [eventLine("qualification_registered", { stage: 1, account_id: member.accountId })]);
  t.true((await contributorView(env, member)).stages[0].qualified);
  const notRequired = await member.callRaw(
    env.vault,
    "register_qualification",
    { stage: 0, proof: [] },
    { gas: GAS_MAX },
  );
  t.regex(errorsOf(notRequired), /Stage 0 does not require qualification/);
});

test.serial("vesting: withdraw_vested pays what vested; a failed transfer is rolled back", async (t) => {
  const env = t.context;
  const now = await chainNow(env);
  const vesting = { start_ns: now.toString(), cliff_ns: (200n * SEC).toString(), duration_ns: (800n * SEC).toString() };
  t.false((await configureStage(env, 2, stageConfig(now, { vesting }))).failed);
  t.false((await fundStage(env, 2, 10_000n * TOK)).failed);
  const alice = await newContributor(env);
  const nobody = await newContributor(env, { tokenRegistered: false });
  const tree = treeOf([
    [alice, 1n],
    [nobody, 1n],
  ]);
  await claimableEpoch(env, tree, 2, 0);
  t.false((await claim(env, alice, claimArgs(tree, 2, 0, 0))).failed);
  t.false((await claim(env, nobody, claimArgs(tree, 2, 0, 1))).failed);
  const reward = 500n * TOK;
  const early = await withdrawVested(env, alice);
  t.regex(errorsOf(early), new RegExp(`Nothing has vested for ${alice.accountId}`));
  await advanceTo(env, now + 400n * SEC);
  const part = await withdrawVested(env, alice);
  t.false(part.failed, errorsOf(part));
  const paid = BigInt(part.parseResult<string>());
  t.true(paid >= reward / 2n && paid < reward, `${paid}`);
  t.is(await ftBalance(env.token, alice), paid);
  await advanceTo(env, now + 800n * SEC);
  const rest = await withdrawVested(env, alice);
  t.is(BigInt(rest.parseResult<string>()), reward - paid);
  t.is(await ftBalance(env.token, alice), reward);
  const position = await contributorView(env, alice);
  t.is(position.stages.find((s) => s.stage === 2)!.withdrawn, reward.toString());

  // nobody is not registered on the token: the transfer fails and the books are restored
  const totalsBefore = await totalsView(env);
  const failed = await withdrawVested(env, nobody);
  t.is(failed.parseResult<string>(), "0");
  t.true(
    failed.logs.includes(eventLine("withdraw_failed", { account_id: nobody.accountId, amount: reward.toString() })),
  );
  const after = await contributorView(env, nobody);
  t.is(after.withdrawable, reward.toString());
  t.is((await totalsView(env)).withdrawn, totalsBefore.withdrawn);
});

test.serial(
  "deadline: no claims or submissions after it; roll_over moves pool and unclaimed rewards to the next stage",
  async (t) => {
    const env = t.context;
    const now = await chainNow(env);
    t.false(
      (await configureStage(env, 3, stageConfig(now, { claim_deadline_ns: (now + 400n * SEC).toString() }))).failed,
    );
    t.false((await fundStage(env, 3, 2500n * TOK)).failed);
    const alice = await newContributor(env);
    const tree = treeOf([
      [alice, 1n],
      ["gone.test", 2n],
    ]);
    await claimableEpoch(env, tree, 3, 0);
    t.false((await claim(env, alice, claimArgs(tree, 3, 0, 0))).failed);
    const early = await env.owner.callRaw(env.vault, "roll_over", { stage: 3 }, yocto);
    t.regex(errorsOf(early), /Stage 3 can roll over only after its claim deadline/);
    await advanceTo(env, now + 400n * SEC);
    const late = await claim(env, alice, claimArgs(tree, 3, 0, 0));
    t.regex(errorsOf(late), /Stage 3 passed its claim deadline .*: claims are closed/);
    const lateSubmit = await submit(env, env.attestors[0], submitArgs(tree, 3, 1));
    t.regex(errorsOf(lateSubmit), /Stage 3 passed its claim deadline .*: no more submissions/);
    t.is((await epochView(env, 3, 0))!.status, "expired");
    const stage = await stageView(env, 3);
    const moved = BigInt(stage.pool) + BigInt(stage.reserved);
    t.is(moved, 2500n * TOK - (1000n * TOK) / 3n);
    const roll = await env.owner.callRaw(env.vault, "roll_over", { stage: 3 }, yocto);
    t.false(roll.failed, errorsOf(roll));
    t.is(roll.parseResult<string>(), moved.toString());
    t.deepEqual(roll.logs, [
      eventLine("stage_rolled_over", {
        stage: 3,
        to_stage: 4,
        amount: moved.toString(),
        unclaimed_points: "2",
        by: env.owner.accountId,
      }),
    ]);
    const [after, next] = [await stageView(env, 3), await stageView(env, 4)];
    t.is(after.status, "rolled_over");
    t.is(after.pool, "0");
    t.is(after.reserved, "0");
    t.is(next.pool, moved.toString());
    t.is(next.rolled_in, moved.toString());
    const twice = await env.owner.callRaw(env.vault, "roll_over", { stage: 3 }, yocto);
    t.regex(errorsOf(twice), /Stage 3 has already rolled over/);
    const fundClosed = await fundStage(env, 3, 1n);
    t.regex(errorsOf(fundClosed), /Stage 3 has rolled over and is closed/);
    const lastStage = await env.owner.callRaw(env.vault, "roll_over", { stage: 6 }, yocto);
    t.regex(errorsOf(lastStage), /Stage 6 is the last stage/);
  },
);

test.serial(
  "an epoch must be claimable before the claim deadline: later submissions are refused and change nothing",
  async (t) => {
    const env = t.context;
    const now = await chainNow(env);
    const config = stageConfig(now, {
      challenge_window_ns: (300n * SEC).toString(),
      claim_deadline_ns: (now + 200n * SEC).toString(),
    });
    t.false((await configureStage(env, 4, config)).failed);
    t.false((await fundStage(env, 4, 1000n * TOK)).failed);
    const tree = treeOf([["late.test", 3n]]);
    const before = await env.vault.view("epoch", { stage: 4, epoch: 0 });
    const late = await submit(env, env.attestors[0], submitArgs(tree, 4, 0));
    t.regex(
      errorsOf(late),
      /Stage 4 takes no more submissions: an epoch accepted now would be claimable at \d+, not before the claim deadline/,
    );
    t.deepEqual(await env.vault.view("epoch", { stage: 4, epoch: 0 }), before);
  },
);

test.serial("a guardian cannot veto an epoch of a stage that has rolled over (its reward moved on)", async (t) => {
  const env = t.context;
  const now = await chainNow(env);
  const window = (300n * SEC).toString();
  const open = stageConfig(now, { challenge_window_ns: window, claim_deadline_ns: (now + 1000n * SEC).toString() });
  t.false((await configureStage(env, 4, open)).failed);
  t.false((await fundStage(env, 4, 1000n * TOK)).failed);
  const tree = treeOf([["late.test", 3n]]);
  await acceptEpoch(env, tree, 4, 0);
  // the config role brings the deadline forward, inside the epoch's challenge window, and rolls the stage over
  const soon = await chainNow(env);
  const closing = { ...open, claim_deadline_ns: (soon + 20n * SEC).toString() };
  const shortened = await configureStage(env, 4, closing);
  t.false(shortened.failed, errorsOf(shortened));
  await advanceTo(env, soon + 20n * SEC);
  const roll = await env.owner.callRaw(env.vault, "roll_over", { stage: 4 }, yocto);
  t.false(roll.failed, errorsOf(roll));
  const [stage, totals, epoch] = [await stageView(env, 4), await totalsView(env), await epochView(env, 4, 0)];
  t.true(BigInt(epoch!.claimable_at_ns!) > (await chainNow(env)));
  const veto = await env.guardian.callRaw(env.vault, "veto_epoch", { stage: 4, epoch: 0 }, yocto);
  t.regex(errorsOf(veto), /Stage 4 has rolled over: its epochs can no longer be vetoed/);
  t.deepEqual(await stageView(env, 4), stage);
  t.deepEqual(await epochView(env, 4, 0), epoch);
  // a failed call may still earn the vault its share of the gas burnt: the NEAR balance is the one total that moves
  const after = await totalsView(env);
  t.deepEqual({ ...after, near_balance: totals.near_balance }, totals);
  t.is(await ftBalance(env.token, env.vault), BigInt(after.token_owed));
});

test.serial(
  "royalties for a rolled-over stage where no points earn are refused: no one could claim them",
  async (t) => {
    const env = t.context;
    // stage 5 has one accepted epoch, unclaimed: brought to its deadline and rolled over, no point earns there any more
    const config = (await stageView(env, 5)).config!;
    const soon = await chainNow(env);
    const closing = await configureStage(env, 5, { ...config, claim_deadline_ns: (soon + 20n * SEC).toString() });
    t.false(closing.failed, errorsOf(closing));
    await advanceTo(env, soon + 20n * SEC);
    const roll = await env.owner.callRaw(env.vault, "roll_over", { stage: 5 }, yocto);
    t.false(roll.failed, errorsOf(roll));
    const stage = await stageView(env, 5);
    t.is(stage.earning_points, "0");
    const stableHeld = await ftBalance(env.stable, env.vault);
    const refused = /Stage 5 has rolled over and no points earn in it: its royalties could never be claimed/;
    t.regex(errorsOf(await depositNearRoyalties(env, env.owner, 5, NEAR)), refused);
    t.regex(errorsOf(await depositStableRoyalties(env, 5, 5n * USD)), refused);
    t.deepEqual(await stageView(env, 5), stage);
    t.is(await ftBalance(env.stable, env.vault), stableHeld);
  },
);

test.serial("the token books balance: vault balance = pools + reserved + vesting", async (t) => {
  const env = t.context;
  const totals = await totalsView(env);
  t.is(BigInt(totals.token_owed), BigInt(totals.pools) + BigInt(totals.reserved) + BigInt(totals.vesting));
  t.is(await ftBalance(env.token, env.vault), BigInt(totals.token_owed));
});

test.serial("pause stops claims until the owner unpauses", async (t) => {
  const env = t.context;
  const paused = await env.owner.callRaw(env.vault, "pause", { scope: "claims" }, yocto);
  t.false(paused.failed, errorsOf(paused));
  const alice = await newContributor(env);
  const blocked = await claim(env, alice, claimArgs(treeOf([[alice, 1n]]), 0, 0, 0));
  t.regex(errorsOf(blocked), /The contract is paused for claims/);
  t.false((await env.owner.callRaw(env.vault, "unpause", { scope: "claims" }, yocto)).failed);
});
