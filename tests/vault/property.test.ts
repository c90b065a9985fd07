/**
 * Property test of the vault on the local chain (fast-check): random
 * sequences of funding, epoch submissions (matching and conflicting),
 * vetoes, claims, withdrawals, royalty deposits in NEAR and the stablecoin,
 * royalty claims and time jumps over two stages; after every step:
 *
 * 1. the vault's token balance = unallocated pools + accepted-but-unclaimed
 *    epoch rewards + vesting balances not yet withdrawn (exactly);
 * 2. no epoch pays more than its reward, and every claim paid
 *    ⌊reward × points / total_points⌋;
 * 3. per stage and royalty asset, to the unit (scaled by 10^24):
 *    deposited = paid + in flight (0 between steps) + Σ contributors' owed
 *    + owed to unclaimed points + pending;
 * 4. the vault's stablecoin balance equals the stablecoin it owes, and its
 *    NEAR covers the NEAR royalties it owes plus its storage.
 *
 * CI size inside `npm test`: PROPERTY_RUNS=4 sequences × PROPERTY_STEPS=12.
 * Long run: `PROPERTY_RUNS=200 npm run test:property:vault`; replay with
 * PROPERTY_SEED=<seed>. Each run uses a fresh vault on one chain; runs are
 * not shrunk (they are stateful).
 */
import anyTest, { type TestFn } from "ava";
import fc from "fast-check";
import { ROYALTY_SCALE } from "../../contracts/vault/royalty.ts";
import type { EpochTree } from "../../scripts/lib/merkle-points.ts";
import {
  advanceTo,
  chainNow,
  claim,
  claimArgs,
  claimRoyalties,
  configureStage,
  contributorView,
  depositNearRoyalties,
  depositStableRoyalties,
  deployVault,
  epochView,
  errorsOf,
  ftBalance,
  fundStage,
  GAS_MAX,
  nearBalance,
  newContributor,
  OTHER_ROOT,
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
  withdrawVested,
} from "../helpers/vault-fixture.ts";
import { NEAR, type NearAccount } from "../helpers/workspace.ts";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 4);
const STEPS = Number(process.env.PROPERTY_STEPS ?? 12);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
const STAGES = [0, 1];
const EPOCHS = 3;
const CONTRIBUTORS = 3;

interface Ctx {
  env: VaultEnv;
  contributors: NearAccount[];
  runs: { n: number };
}
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const env = await setupVault();
  const contributors: NearAccount[] = [];
  for (let i = 0; i < CONTRIBUTORS; i++)
    contributors.push(await newContributor(env, { vaultStorage: null, prefix: "p" }));
  t.context = { env, contributors, runs: { n: 0 } };
});

test.after.always(async (t) => {
  await t.context.env?.worker.tearDown();
});

type Step =
  | { kind: "fund"; stage: number; tokens: number }
  | { kind: "submit"; stage: number; epoch: number; attestor: number; conflicting: boolean }
  | { kind: "veto"; stage: number; epoch: number }
  | { kind: "claim"; stage: number; epoch: number; who: number }
  | { kind: "withdraw"; who: number }
  | { kind: "royalty_near"; stage: number; yocto: bigint }
  | { kind: "royalty_stable"; stage: number; units: bigint }
  | { kind: "claim_royalties"; who: number; stable: boolean }
  | { kind: "jump"; seconds: number };

const stageArb = fc.constantFrom(...STAGES);
const epochArb = fc.nat(EPOCHS - 1);
const whoArb = fc.nat(CONTRIBUTORS - 1);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("fund" as const), stage: stageArb, tokens: fc.integer({ min: 1, max: 2500 }) }),
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("submit" as const),
      stage: stageArb,
      epoch: epochArb,
      attestor: fc.nat(2),
      conflicting: fc.boolean(),
    }),
  },
  fc.record({ kind: fc.constant("veto" as const), stage: stageArb, epoch: epochArb }),
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("claim" as const), stage: stageArb, epoch: epochArb, who: whoArb }),
  },
  fc.record({ kind: fc.constant("withdraw" as const), who: whoArb }),
  fc.record({
    kind: fc.constant("royalty_near" as const),
    stage: stageArb,
    yocto: fc.bigInt({ min: 1n, max: 10n ** 24n }),
  }),
  fc.record({
    kind: fc.constant("royalty_stable" as const),
    stage: stageArb,
    units: fc.bigInt({ min: 1n, max: 10n ** 9n }),
  }),
  fc.record({ kind: fc.constant("claim_royalties" as const), who: whoArb, stable: fc.boolean() }),
  fc.record({ kind: fc.constant("jump" as const), seconds: fc.integer({ min: 1, max: 90 }) }),
);

/** Points of the contributors (and of a leaf nobody claims) for every epoch of a run. */
const pointsArb = fc.array(
  fc.array(fc.integer({ min: 1, max: 60 }), { minLength: CONTRIBUTORS + 1, maxLength: CONTRIBUTORS + 1 }),
  {
    minLength: STAGES.length * EPOCHS,
    maxLength: STAGES.length * EPOCHS,
  },
);

async function checkInvariants(
  env: VaultEnv,
  contributors: NearAccount[],
  trees: Map<string, EpochTree>,
  where: string,
) {
  const totals = await totalsView(env);
  const problems: string[] = [];
  // 1. reward tokens
  const owedTokens = BigInt(totals.pools) + BigInt(totals.reserved) + BigInt(totals.vesting);
  const held = await ftBalance(env.token, env.vault);
  if (held !== owedTokens) problems.push(`token balance ${held} != pools + reserved + vesting ${owedTokens}`);
  // 2. epochs
  for (const key of trees.keys()) {
    const [stage, epoch] = key.split(":").map(Number);
    const view = await epochView(env, stage, epoch);
    if (view && BigInt(view.claimed_amount) > BigInt(view.reward) && view.status !== "vetoed") {
      problems.push(`epoch ${key} paid ${view.claimed_amount} > reward ${view.reward}`);
    }
  }
  // 3. royalties per stage and asset, exact in scaled units
  const positions = await Promise.all(contributors.map((c) => contributorView(env, c)));
  for (const stage of STAGES) {
    const view = await stageView(env, stage);
    for (const pool of view.royalties) {
      let owed = 0n;
      for (const position of positions) {
        owed += BigInt(position.stages.find((s) => s.stage === stage)?.royalties_scaled[pool.asset] ?? "0");
      }
      const lhs = BigInt(pool.deposited) * ROYALTY_SCALE;
      const rhs =
        (BigInt(pool.paid) + BigInt(pool.in_flight)) * ROYALTY_SCALE +
        owed +
        BigInt(pool.unclaimed_earnings) +
        BigInt(pool.pending);
      if (lhs !== rhs) problems.push(`stage ${stage} ${pool.asset}: deposited×S ${lhs} != ${rhs}`);
      if (pool.in_flight !== "0")
        problems.push(`stage ${stage} ${pool.asset}: ${pool.in_flight} in flight after the step`);
    }
  }
  // 4. balances of the royalty assets
  const stableOwed = BigInt(totals.royalties[env.stable.accountId].owed);
  const stableHeld = await ftBalance(env.stable, env.vault);
  if (stableHeld !== stableOwed) problems.push(`stablecoin balance ${stableHeld} != owed ${stableOwed}`);
  const nearOwed = BigInt(totals.royalties.near.owed);
  const balance = await nearBalance(env, env.vault);
  if (balance < nearOwed + BigInt(totals.near_storage_locked)) {
    problems.push(`NEAR balance ${balance} < owed ${nearOwed} + storage ${totals.near_storage_locked}`);
  }
  if (problems.length > 0) throw new Error(`after ${where}:\n${problems.join("\n")}`);
}

test.serial("random vault histories keep the books exact", async (t) => {
  const { env: shared, contributors } = t.context;
  await fc.assert(
    fc.asyncProperty(pointsArb, fc.array(stepArb, { minLength: STEPS, maxLength: STEPS }), async (points, steps) => {
      const run = t.context.runs.n++;
      const vault = await deployVault(shared, `v${run}`);
      const env: VaultEnv = { ...shared, vault };
      const now = await chainNow(env);
      for (const stage of STAGES) {
        const vesting = {
          start_ns: now.toString(),
          cliff_ns: "0",
          duration_ns: stage === 0 ? "0" : (300n * SEC).toString(),
        };
        const config = stageConfig(now, {
          epochs: EPOCHS,
          challenge_window_ns: (20n * SEC).toString(),
          vesting,
          quorum: 2,
        });
        const configured = await configureStage(env, stage, config);
        if (configured.failed) throw new Error(errorsOf(configured));
      }
      await Promise.all(
        contributors.map((c) => c.call(vault, "storage_deposit", {}, { attachedDeposit: NEAR / 10n, gas: GAS_MAX })),
      );
      const trees = new Map<string, EpochTree>();
      STAGES.forEach((stage, s) => {
        for (let epoch = 0; epoch < EPOCHS; epoch++) {
          const row = points[s * EPOCHS + epoch];
          trees.set(
            `${stage}:${epoch}`,
            treeOf([
              ...contributors.map((c, i) => [c, BigInt(row[i])] as [NearAccount, bigint]),
              ["ghost.test", BigInt(row[CONTRIBUTORS])],
            ]),
          );
        }
      });
      for (const [index, step] of steps.entries()) {
        const where = `run ${run} step ${index} ${JSON.stringify(step, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`;
        if (step.kind === "fund") {
          await fundStage(env, step.stage, BigInt(step.tokens) * TOK);
        } else if (step.kind === "submit") {
          const tree = trees.get(`${step.stage}:${step.epoch}`)!;
          const args = submitArgs(tree, step.stage, step.epoch);
          await submit(
            env,
            env.attestors[step.attestor],
            step.conflicting ? { ...args, merkle_root: OTHER_ROOT } : args,
          );
        } else if (step.kind === "veto") {
          await env.guardian.callRaw(
            vault,
            "veto_epoch",
            { stage: step.stage, epoch: step.epoch },
            { attachedDeposit: 1n, gas: GAS_MAX },
          );
        } else if (step.kind === "claim") {
          const tree = trees.get(`${step.stage}:${step.epoch}`)!;
          const before = await epochView(env, step.stage, step.epoch);
          const result = await claim(env, contributors[step.who], claimArgs(tree, step.stage, step.epoch, step.who));
          if (!result.failed) {
            const expected = (BigInt(before!.reward) * tree.rows[step.who].points) / tree.total_points;
            const paid = BigInt(result.parseResult<string>());
            if (paid !== expected) throw new Error(`${where}: claim paid ${paid}, expected ${expected}`);
            if (before!.merkle_root !== tree.merkle_root) throw new Error(`${where}: claimed from another tree`);
          }
        } else if (step.kind === "withdraw") {
          await withdrawVested(env, contributors[step.who]);
        } else if (step.kind === "royalty_near") {
          await depositNearRoyalties(env, env.owner, step.stage, step.yocto);
        } else if (step.kind === "royalty_stable") {
          await depositStableRoyalties(env, step.stage, step.units * USD);
        } else if (step.kind === "claim_royalties") {
          await claimRoyalties(env, contributors[step.who], step.stable ? env.stable.accountId : "near");
        } else {
          await advanceTo(env, (await chainNow(env)) + BigInt(step.seconds) * SEC);
        }
        await checkInvariants(env, contributors, trees, where);
      }
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: 2 },
  );
  t.pass();
});
