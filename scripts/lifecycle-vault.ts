/**
 * The contributor vault's part of the `npm start` lifecycle, on the local
 * suite's vault (stage 0 configured and funded by the deploy; attestors
 * @attestor1 and @attestor2, quorum 2):
 *
 *   the attestors build epoch 0 from an attested points list with the
 *   off-chain builder (lib/merkle-points.ts, the contract's own leaf
 *   encoding) and each submits it; the second identical submission reaches
 *   the quorum and reserves the epoch's reward; the challenge window passes;
 *   @dana claims her leaf with its proof; vesting progresses; she withdraws
 *   what vested; the stage's inference royalties arrive in NEAR and in the
 *   stablecoin (the fee router's contributors' shares, flushed to
 *   deposit_royalties and ft_transfer_call {"royalties": 0}); she claims both.
 *
 * Every expectation is exact: a reward is ⌊epoch reward × points / total⌋,
 * a royalty claim pays what `contributor` said was claimable, and balances
 * move by what the call returned.
 */
import type { ContributorView, EpochView, StageView } from "../contracts/vault/interface.ts";
import { bytesToHex } from "../contracts/vault/leaf.ts";
import { TGAS } from "./config/units.ts";
import { big, claimWhole, fail, fastForwardPast, fnCall, ftBalance, ok, registerStorage } from "./lib/lifecycle-kit.ts";
import type { LifecycleContext, LifecycleStep } from "./lib/lifecycle-runner.ts";
import { buildEpochTree, type EpochTree, parsePointsCsv, proofsOf, sha256, submissionOf } from "./lib/merkle-points.ts";

const STAGE = 0;
const EPOCH = 0;
const CONTRIBUTOR = "@dana";
/** The attested work of epoch 0: only @dana claims in the demo; the others' leaves stay claimable. */
const POINTS: Array<[string, bigint]> = [
  [CONTRIBUTOR, 600n],
  ["@alice", 300n],
  ["@gpu", 100n],
];
const DAY_NS = 24n * 3600n * 1_000_000_000n;
/** Gas of the vault's payout calls (they need at least 95 TGas for the transfer and its callback). */
const PAYOUT_GAS = 150n * TGAS;

interface BuiltEpoch {
  tree: EpochTree;
  reportHash: string;
}

/**
 * The attestors' off-chain work: the points file as they would receive it,
 * parsed and built into a tree. Deterministic and cheap (three leaves), so
 * each step rebuilds it instead of carrying it between steps.
 */
function buildEpoch(ctx: LifecycleContext): BuiltEpoch {
  const csv = `account,points\n${POINTS.map(([account, points]) => `${ctx.id(account)},${points}`).join("\n")}\n`;
  const tree = buildEpochTree(parsePointsCsv(csv));
  // As `npm run vault:epoch` does by default: the report hash is the sha256 of the attested file.
  return { tree, reportHash: bytesToHex(sha256(new TextEncoder().encode(csv))) };
}

const epochView = (ctx: LifecycleContext) =>
  ctx.chain.view<EpochView | null>(ctx.id("@vault"), "epoch", { stage: STAGE, epoch: EPOCH });
const stageView = (ctx: LifecycleContext) => ctx.chain.view<StageView>(ctx.id("@vault"), "stage", { stage: STAGE });
const contributorStage = async (ctx: LifecycleContext) => {
  const view = await ctx.chain.view<ContributorView>(ctx.id("@vault"), "contributor", {
    account_id: ctx.id(CONTRIBUTOR),
  });
  return { view, stage: view.stages.find((entry) => entry.stage === STAGE) };
};
const iso = (ns: string | null | undefined) => new Date(Number(big(ns) / 1_000_000n)).toISOString();
const token = (ctx: LifecycleContext, amount: string | bigint) => ctx.assets.format(ctx.id("@token"), amount, 2);

function submitEpoch(attestor: string, expected: "pending" | "accepted"): LifecycleStep {
  return {
    title: `${attestor.slice(1)} submits stage ${STAGE} epoch ${EPOCH} (tree of ${POINTS.length} contributors built from the points list)`,
    actor: attestor,
    tx(ctx) {
      const { tree, reportHash } = buildEpoch(ctx);
      return fnCall(
        ctx,
        attestor,
        "@vault",
        "submit_epoch",
        { ...submissionOf(tree, STAGE, EPOCH, reportHash) },
        100n * TGAS,
      );
    },
    async expect(ctx, result) {
      const view = await epochView(ctx);
      const root = `${buildEpoch(ctx).tree.merkle_root.slice(0, 12)}…`;
      if (expected === "pending") {
        const outcome = `root ${root}, ${view?.submissions.length ?? 0} of 2 submissions: ${String(result?.value)}`;
        return result?.value === "pending" && view?.status === "pending" ? ok(outcome) : fail(outcome, "pending");
      }
      const outcome = `quorum reached: epoch accepted, ${token(ctx, view?.reward ?? "0")} reserved, claimable at ${iso(view?.claimable_at_ns)}`;
      return result?.value === "accepted" && view?.status === "challenge" && big(view.reward) > 0n
        ? ok(outcome)
        : fail(outcome, "accepted, in its challenge window, with its reward reserved");
    },
  };
}

function passChallengeWindow(): LifecycleStep {
  return {
    title: `the challenge window of epoch ${EPOCH} passes without a veto (fast-forward)`,
    actor: "chain",
    async act(ctx) {
      await fastForwardPast(ctx, big((await epochView(ctx))?.claimable_at_ns));
    },
    async expect(ctx) {
      const view = await epochView(ctx);
      const outcome = `epoch ${EPOCH} is ${view?.status}`;
      return view?.status === "claimable" ? ok(outcome) : fail(outcome, "claimable");
    },
  };
}

function claimReward(): LifecycleStep {
  const index = POINTS.findIndex(([account]) => account === CONTRIBUTOR);
  return {
    title: `${CONTRIBUTOR.slice(1)} claims her epoch ${EPOCH} reward with her Merkle proof`,
    actor: CONTRIBUTOR,
    tx(ctx) {
      const proof = proofsOf(buildEpoch(ctx).tree, STAGE, EPOCH)[ctx.id(CONTRIBUTOR)];
      return fnCall(ctx, CONTRIBUTOR, "@vault", "claim", { ...proof }, 100n * TGAS);
    },
    async expect(ctx, result) {
      const { tree } = buildEpoch(ctx);
      const stage = await stageView(ctx);
      const expected = (big(stage.config?.epoch_reward) * tree.rows[index].points) / tree.total_points;
      const { stage: mine } = await contributorStage(ctx);
      const outcome = `credited ${token(ctx, big(result?.value))} (${tree.rows[index].points} of ${tree.total_points} points, proof of ${tree.proof(index).length} hashes), vesting until ${iso(mine?.fully_vested_at_ns)}; ${token(ctx, mine?.withdrawable ?? "0")} vested so far`;
      return big(result?.value) === expected && big(mine?.reward) === expected
        ? ok(outcome)
        : fail(outcome, `a reward of exactly ${expected}`);
    },
  };
}

function vestingProgresses(days: bigint): LifecycleStep<bigint> {
  return {
    title: `vesting progresses (fast-forward ${days} days)`,
    actor: "chain",
    before: async (ctx) => big((await contributorStage(ctx)).stage?.withdrawable),
    async act(ctx) {
      await fastForwardPast(ctx, (await ctx.chain.head()).timestampNs + days * DAY_NS);
    },
    async expect(ctx, _result, before) {
      const { stage } = await contributorStage(ctx);
      const now = big(stage?.withdrawable);
      const outcome = `${CONTRIBUTOR.slice(1)}'s withdrawable ${token(ctx, before)} → ${token(ctx, now)} of ${token(ctx, stage?.reward ?? "0")}`;
      return now > before && now < big(stage?.reward) ? ok(outcome) : fail(outcome, "more vested, not yet all");
    },
  };
}

function withdrawVested(): LifecycleStep<{ balance: bigint; withdrawable: bigint }> {
  return {
    title: `${CONTRIBUTOR.slice(1)} withdraws her vested tokens`,
    actor: CONTRIBUTOR,
    before: async (ctx) => ({
      balance: await ftBalance(ctx, "@token", CONTRIBUTOR),
      withdrawable: big((await contributorStage(ctx)).stage?.withdrawable),
    }),
    tx: (ctx) => fnCall(ctx, CONTRIBUTOR, "@vault", "withdraw_vested", {}, PAYOUT_GAS),
    async expect(ctx, result, before) {
      const paid = big(result?.value);
      const gained = (await ftBalance(ctx, "@token", CONTRIBUTOR)) - before.balance;
      const { stage } = await contributorStage(ctx);
      const outcome = `withdrew ${token(ctx, paid)}; ${token(ctx, big(stage?.reward) - big(stage?.withdrawn))} still vesting`;
      if (result?.receiptFailures.length) return fail(outcome, `no failed receipt (${result.receiptFailures[0]})`);
      // The block that executes the call is a little later than the view: at least what was withdrawable then.
      return paid > 0n && paid >= before.withdrawable && gained === paid && big(stage?.withdrawn) === paid
        ? ok(outcome)
        : fail(outcome, `balance up by the amount withdrawn (${paid}), at least ${before.withdrawable}`);
    },
  };
}

function claimRoyalties(asset: "near" | "@usd"): LifecycleStep<{ claimable: bigint; balance: bigint }> {
  return claimWhole({
    title: `${CONTRIBUTOR.slice(1)} claims her ${asset === "near" ? "NEAR" : "USD"} royalties`,
    actor: CONTRIBUTOR,
    asset,
    claimable: async (ctx, assetId) => big((await contributorStage(ctx)).view.royalties[assetId]),
    tx: (ctx, assetId) => fnCall(ctx, CONTRIBUTOR, "@vault", "claim_royalties", { asset: assetId }, PAYOUT_GAS),
  });
}

/**
 * The vault's story, step by step (run after the sale's: the stage's vesting
 * started at the deploy); `royalties` are the steps that bring the stage's
 * royalties (the fee router's flushes), run once the epoch's points earn.
 */
export function vaultLifecycle(royalties: LifecycleStep<any>[]): LifecycleStep<any>[] {
  return [
    submitEpoch("@attestor1", "pending"),
    submitEpoch("@attestor2", "accepted"),
    passChallengeWindow(),
    registerStorage(CONTRIBUTOR, "@vault"),
    registerStorage(CONTRIBUTOR, "@token"),
    registerStorage(CONTRIBUTOR, "@usd"),
    claimReward(),
    vestingProgresses(7n),
    withdrawVested(),
    ...royalties,
    claimRoyalties("near"),
    claimRoyalties("@usd"),
  ];
}
