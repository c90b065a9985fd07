/**
 * What the lifecycle's step files share (scripts/lifecycle.ts for the token
 * and the sale, scripts/lifecycle-vault.ts for the vault): expectations,
 * function-call transactions between "@name" accounts, balances, clock
 * jumps and NEP-145 registration. Amounts stay bigint.
 */
import { TGAS } from "../config/units.ts";
import type { PlannedTx } from "./chain.ts";
import type { LifecycleContext, LifecycleStep, StepEffect } from "./lifecycle-runner.ts";

export const ONE_YOCTO = 1n;

export const ok = (outcome: string): StepEffect => ({ outcome, problem: null });
export const fail = (outcome: string, problem: string): StepEffect => ({ outcome, problem });
/** A U128 decimal string (or a missing value, as 0) from a view or a result. */
export const big = (value: unknown): bigint => BigInt(String(value ?? "0"));

export function fnCall(
  ctx: LifecycleContext,
  actor: string,
  contract: string,
  method: string,
  args: Record<string, unknown>,
  gas: bigint,
  deposit = 0n,
): PlannedTx {
  return {
    signerId: ctx.id(actor),
    receiverId: ctx.id(contract),
    actions: [{ type: "FunctionCall", method, args, gas, deposit }],
  };
}

export const ftBalance = (ctx: LifecycleContext, token: string, account: string) =>
  ctx.chain.view<string>(ctx.id(token), "ft_balance_of", { account_id: ctx.id(account) }).then(big);
export const nearBalance = async (ctx: LifecycleContext, account: string) =>
  (await ctx.chain.accountView(ctx.id(account)))!.amount;

/** Moves the local chain's clock to one second past `targetNs` (fast-forward blocks are one second each). */
export async function fastForwardPast(ctx: LifecycleContext, targetNs: bigint): Promise<void> {
  const head = await ctx.chain.head();
  if (head.timestampNs > targetNs) return;
  const blocks = Number((targetNs - head.timestampNs) / 1_000_000_000n) + 2;
  await ctx.chain.fastForward(blocks);
}

/** `actor` registers itself on `contract` (NEP-145) with the contract's minimum. */
export function registerStorage(actor: string, contract: string): LifecycleStep {
  return {
    title: `register ${actor.slice(1)} on ${contract.slice(1)} (NEP-145)`,
    actor,
    async tx(ctx) {
      const bounds = await ctx.chain.view<{ min: string }>(ctx.id(contract), "storage_balance_bounds");
      return fnCall(
        ctx,
        actor,
        contract,
        "storage_deposit",
        { account_id: ctx.id(actor), registration_only: true },
        30n * TGAS,
        big(bounds.min),
      );
    },
    async expect(ctx) {
      const balance = await ctx.chain.view<{ total: string } | null>(ctx.id(contract), "storage_balance_of", {
        account_id: ctx.id(actor),
      });
      return balance
        ? ok(`registered, ${ctx.assets.format("near", balance.total, 5)} storage`)
        : fail("not registered", "a storage balance");
    },
  };
}

/**
 * `actor` claims all it is owed in `asset` ("near" or "@usd") with `tx`: the
 * call must pay exactly what `claimable` read before it, and a stablecoin
 * balance must grow by exactly that (a NEAR balance also pays the gas, so it
 * is not compared to the unit).
 */
export function claimWhole(spec: {
  title: string;
  actor: string;
  asset: "near" | "@usd";
  claimable(ctx: LifecycleContext, assetId: string): Promise<bigint>;
  tx(ctx: LifecycleContext, assetId: string): PlannedTx;
}): LifecycleStep<{ claimable: bigint; balance: bigint }> {
  const { actor, asset } = spec;
  const assetId = (ctx: LifecycleContext) => (asset === "near" ? "near" : ctx.id(asset));
  const balanceOf = (ctx: LifecycleContext) =>
    asset === "near" ? nearBalance(ctx, actor) : ftBalance(ctx, asset, actor);
  return {
    title: spec.title,
    actor,
    before: async (ctx) => ({ claimable: await spec.claimable(ctx, assetId(ctx)), balance: await balanceOf(ctx) }),
    tx: (ctx) => spec.tx(ctx, assetId(ctx)),
    async expect(ctx, result, before) {
      const paid = big(result?.value);
      const gained = (await balanceOf(ctx)) - before.balance;
      const outcome = `claimed ${ctx.assets.format(assetId(ctx), paid)} (of ${ctx.assets.format(assetId(ctx), before.claimable)} claimable)`;
      if (paid === 0n || paid !== before.claimable) return fail(outcome, "the whole claimable amount");
      if (asset !== "near" && gained !== paid) return fail(outcome, `balance up by ${paid}, was ${gained}`);
      return ok(outcome);
    },
  };
}
