/**
 * Property test: random sequences of transfers, transfer_calls, NEAR and
 * stablecoin revenue, claims, exclusions and storage operations against the
 * deployed token, checked after every step against a reference model
 * (tests/helpers/token-model.ts) and against the contract's own invariants:
 *   Σ balances = total supply;
 *   per asset, distributed = claimed + in_flight + Σ claimable + carried, to the yocto
 *     (in SCALE units: distributed·S = (claimed + in_flight)·S + Σ owed_scaled + pending_scaled);
 *   the stablecoin the token holds = stablecoin distributed − claimed;
 *   the token's NEAR covers its storage plus the NEAR revenue still owed.
 *
 * CI size: PROPERTY_RUNS (default 5) sequences × PROPERTY_STEPS (default 12).
 * Long run: `PROPERTY_RUNS=200 npm run test:property:token`.
 */
import test from "ava";
import fc from "fast-check";
import { startWorker, NEAR, type NearAccount, type WorkerType } from "../helpers/workspace.ts";
import {
  deployToken,
  holderInfo,
  MAX_GAS,
  receiverWasm,
  register,
  revenueStats,
  storageCost,
  subAccount,
  tokenWasm,
} from "../helpers/token-setup.ts";
import { SCALE, TokenModel } from "../helpers/token-model.ts";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 5);
const STEPS = Number(process.env.PROPERTY_STEPS ?? 12);
const BYTE_COST = 10n ** 19n;

let worker: WorkerType;
let root: NearAccount;
let counter = 0;
const fresh = (prefix: string) => `${prefix}${counter++}`;

test.before(async () => {
  await Promise.all([tokenWasm(), receiverWasm()]);
  worker = await startWorker();
  root = worker.rootAccount;
});
test.after.always(async () => {
  await worker?.tearDown();
});

type Action =
  | { kind: "transfer"; from: number; to: number; amount: bigint }
  | { kind: "transfer_call"; from: number; amount: bigint; mode: "all" | "refund" | "part" | "panic"; part: bigint }
  | { kind: "near_revenue"; amount: bigint }
  | { kind: "stable_revenue"; amount: bigint }
  | { kind: "claim"; who: number; slot: 0 | 1 }
  | { kind: "exclude"; who: number; excluded: boolean }
  | { kind: "unregister"; who: number; force: boolean }
  | { kind: "register"; who: number };

// participants: 0..3 holders (3 is not registered with the stablecoin), 4 treasury (excluded allocation), 5 the receiver fixture
const PARTICIPANTS = 6;
const RECEIVER = 5;
const who = fc.integer({ min: 0, max: PARTICIPANTS - 1 });
/** Senders and claimers lean towards the funded, earning holders (0–2). */
const active = fc.constantFrom(0, 0, 1, 1, 2, 2, 3, 4, 5);
/** A receiver other than the sender (same-account transfers are covered by standards.test.ts). */
const transferPair = fc
  .tuple(active, fc.integer({ min: 1, max: PARTICIPANTS - 1 }))
  .map(([from, offset]) => ({ from, to: (from + offset) % PARTICIPANTS }));
/** Amounts are drawn in ‰ of the sender's balance at the time (above 1000 ‰: more than it has, which must fail). */
const tokens = fc.bigInt({ min: 1n, max: 1100n });
function amountOf(model: TokenModel, id: string, permille: bigint): bigint {
  const balance = model.accounts.get(id)?.balance ?? 0n;
  const amount = (balance * permille) / 1000n;
  return amount > 0n ? amount : 1n;
}
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(transferPair, tokens)
      .map(([pair, amount]) => ({ kind: "transfer" as const, from: pair.from, to: pair.to, amount })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("transfer_call" as const),
      from: active,
      amount: tokens,
      mode: fc.constantFrom("all" as const, "refund" as const, "part" as const, "panic" as const),
      part: fc.bigInt({ min: 0n, max: 6000n }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("near_revenue" as const),
      amount: fc.bigInt({ min: 1n, max: 10n ** 22n }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("stable_revenue" as const),
      amount: fc.bigInt({ min: 1n, max: 10n ** 9n }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("claim" as const),
      who: active,
      slot: fc.constantFrom(0 as const, 1 as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("exclude" as const), who, excluded: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("unregister" as const), who, force: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("register" as const), who }) },
);

interface World {
  token: NearAccount;
  stable: NearAccount;
  owner: NearAccount;
  payer: NearAccount;
  people: NearAccount[];
  model: TokenModel;
  stableRegistered: Set<string>;
}

let shared: { owner: NearAccount; payer: NearAccount; people: NearAccount[] } | undefined;

async function world(): Promise<World> {
  if (!shared) {
    const [owner, payer, h0, h1, h2, h3, treasury, recv] = await Promise.all(
      ["own", "payer", "h", "h", "h", "h", "treas", "recv"].map((n) =>
        subAccount(root, fresh(n), n === "payer" ? 200n * NEAR : 20n * NEAR),
      ),
    );
    await recv.deploy(await receiverWasm());
    shared = { owner, payer, people: [h0, h1, h2, h3, treasury, recv] };
  }
  const { owner, payer, people } = shared;
  const stable = await deployToken(root, fresh("usd"), {
    owner,
    symbol: "USDS",
    allocations: [{ account: payer, amount: 10n ** 15n }],
  });
  const allocations = [
    { account: people[0], amount: 5000n, earns_revenue: true },
    { account: people[1], amount: 3000n, earns_revenue: true },
    { account: people[2], amount: 2000n, earns_revenue: true },
    { account: people[4], amount: 1000n },
  ];
  // a small NEAR balance (code + state + a margin), so that the coverage check means something
  const token = await deployToken(root, fresh("tok"), {
    owner,
    revenueToken: stable.accountId,
    allocations,
    initialBalance: 8n * NEAR,
  });
  const stableRegistered = new Set(
    [token, people[0], people[1], people[2], people[4], people[5]].map((a) => a.accountId),
  );
  await Promise.all([
    register(stable, token, people[0], people[1], people[2], people[4], people[5]),
    register(token, people[3], people[5]),
  ]);
  const model = new TokenModel();
  for (const a of allocations) {
    model.register(a.account.accountId, !a.earns_revenue);
    model.mint(a.account.accountId, a.amount);
  }
  model.register(people[3].accountId);
  model.register(people[5].accountId);
  return { token, stable, owner, payer, people, model, stableRegistered };
}

function failure(result: { receiptFailureMessages: string[] }): string {
  return result.receiptFailureMessages.join("\n");
}

/** How many actions of each kind the chain accepted / rejected (as the model predicted). */
const tally: Record<string, { accepted: number; rejected: number }> = {};

/** Runs one action on the chain and on the model; throws if they disagree about success. */
async function step(w: World, a: Action): Promise<void> {
  tally[a.kind] ??= { accepted: 0, rejected: 0 };
  const entry = tally[a.kind];
  const rejected = await apply(w, a);
  if (rejected) entry.rejected++;
  else entry.accepted++;
}

/** Returns true when the call was (rightly) rejected. */
async function apply(w: World, a: Action): Promise<boolean | undefined> {
  const { token, model, people } = w;
  const id = (i: number) => people[i].accountId;
  const expectFailure = (result: { failed: boolean; receiptFailureMessages: string[] }, message: string) => {
    if (!result.failed || !failure(result).includes(message)) {
      throw new Error(`expected failure "${message}", got ${result.failed ? failure(result) : "success"}`);
    }
    return true;
  };
  const expectSuccess = (result: { failed: boolean; receiptFailureMessages: string[] }) => {
    if (result.failed) throw new Error(`expected success, got ${failure(result)}`);
  };
  switch (a.kind) {
    case "transfer": {
      const amount = amountOf(model, id(a.from), a.amount);
      const result = await people[a.from].callRaw(
        token,
        "ft_transfer",
        { receiver_id: id(a.to), amount: amount.toString() },
        { attachedDeposit: 1n },
      );
      const error = model.transferError(id(a.from), id(a.to), amount);
      if (error) return expectFailure(result, error);
      expectSuccess(result);
      model.transfer(id(a.from), id(a.to), amount);
      return;
    }
    case "transfer_call": {
      const amount = amountOf(model, id(a.from), a.amount);
      const msg = a.mode === "part" ? `part:${a.part}` : a.mode;
      const result = await people[a.from].callRaw(
        token,
        "ft_transfer_call",
        { receiver_id: id(RECEIVER), amount: amount.toString(), msg },
        { attachedDeposit: 1n, gas: MAX_GAS },
      );
      const error = model.transferError(id(a.from), id(RECEIVER), amount);
      if (error) return expectFailure(result, error);
      model.transfer(id(a.from), id(RECEIVER), amount);
      const unused = a.mode === "all" ? 0n : a.mode === "part" ? a.part : amount;
      const used = model.resolve(id(a.from), id(RECEIVER), amount, unused);
      const returned = BigInt(result.parseResult<string>());
      if (returned !== used) throw new Error(`ft_transfer_call returned ${returned}, model says ${used}`);
      return;
    }
    case "near_revenue": {
      expectSuccess(await w.payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: a.amount }));
      model.receive(0, a.amount);
      return;
    }
    case "stable_revenue": {
      const result = await w.payer.callRaw(
        w.stable,
        "ft_transfer_call",
        { receiver_id: token.accountId, amount: a.amount.toString(), msg: "revenue" },
        { attachedDeposit: 1n, gas: MAX_GAS },
      );
      if (result.parseResult<string>() !== a.amount.toString())
        throw new Error(`stablecoin revenue not accepted: ${failure(result)}`);
      model.receive(1, a.amount);
      return;
    }
    case "claim": {
      const asset = a.slot === 0 ? "near" : w.stable.accountId;
      const result = await people[a.who].callRaw(token, "claim_revenue", { asset }, { gas: MAX_GAS });
      if (!model.accounts.has(id(a.who))) return expectFailure(result, "is not registered");
      const amount = model.claimable(id(a.who), a.slot);
      if (amount === 0n) return expectFailure(result, `has no ${asset} revenue to claim`);
      model.take(id(a.who), a.slot);
      const ok = a.slot === 0 || w.stableRegistered.has(id(a.who));
      model.payoutDone(id(a.who), a.slot, amount, ok);
      const paid = result.parseResult<string>();
      if (paid !== (ok ? amount.toString() : "0"))
        throw new Error(`claim returned ${paid}, model says ${ok ? amount : 0}`);
      return;
    }
    case "exclude": {
      const result = await w.owner.callRaw(
        token,
        "set_revenue_exclusion",
        { account_id: id(a.who), excluded: a.excluded },
        { attachedDeposit: 1n },
      );
      const account = model.accounts.get(id(a.who));
      if (!account) return expectFailure(result, "is not registered");
      if (account.excluded === a.excluded)
        return expectFailure(result, a.excluded ? "is already excluded" : "is already earning");
      expectSuccess(result);
      model.setExcluded(id(a.who), a.excluded);
      return;
    }
    case "unregister": {
      const result = await people[a.who].callRaw(
        token,
        "storage_unregister",
        { force: a.force },
        { attachedDeposit: 1n, gas: MAX_GAS },
      );
      const account = model.accounts.get(id(a.who));
      if (!account) {
        if (result.parseResult<boolean>() !== false)
          throw new Error("unregistering an unregistered account should return false");
        return true;
      }
      if (account.balance > 0n && !a.force) return expectFailure(result, "positive balance without force");
      if (!a.force && (model.claimable(id(a.who), 0) > 0n || model.claimable(id(a.who), 1) > 0n)) {
        return expectFailure(result, "has unclaimed revenue");
      }
      expectSuccess(result);
      const payouts = model.unregister(id(a.who));
      payouts.forEach((amount, slot) => {
        if (amount > 0n) model.payoutDone(id(a.who), slot, amount, slot === 0 || w.stableRegistered.has(id(a.who)));
      });
      return;
    }
    case "register": {
      const cost = await storageCost(token);
      expectSuccess(await people[a.who].callRaw(token, "storage_deposit", {}, { attachedDeposit: cost }));
      if (!model.accounts.has(id(a.who))) model.register(id(a.who));
      return;
    }
  }
}

/** Every check, after every step. */
async function check(w: World): Promise<void> {
  const { token, model, people } = w;
  const stats = await revenueStats(token);
  const infos = await Promise.all(people.map((p) => holderInfo(token, p)));
  const assets = ["near", w.stable.accountId];
  const fail = (what: string, got: unknown, want: unknown) => {
    throw new Error(`${what}: contract ${String(got)}, model ${String(want)}`);
  };
  // per account, against the model
  let sumBalances = 0n;
  for (const info of infos) {
    const m = model.accounts.get(info.account_id);
    if (info.registered !== !!m) fail(`${info.account_id} registered`, info.registered, !!m);
    if (BigInt(info.balance) !== (m?.balance ?? 0n)) fail(`${info.account_id} balance`, info.balance, m?.balance ?? 0n);
    if (info.excluded !== (m?.excluded ?? false)) fail(`${info.account_id} excluded`, info.excluded, m?.excluded);
    sumBalances += BigInt(info.balance);
    assets.forEach((asset, slot) => {
      if (BigInt(info.claimable[asset]) !== model.claimable(info.account_id, slot)) {
        fail(`${info.account_id} claimable ${asset}`, info.claimable[asset], model.claimable(info.account_id, slot));
      }
      if (BigInt(info.owed_scaled[asset]) !== model.owedScaled(info.account_id, slot)) {
        fail(
          `${info.account_id} owed_scaled ${asset}`,
          info.owed_scaled[asset],
          model.owedScaled(info.account_id, slot),
        );
      }
    });
  }
  // Σ balances = total supply (every account that can hold tokens is in `people`)
  if (sumBalances !== BigInt(stats.total_supply)) fail("Σ balances vs total supply", sumBalances, stats.total_supply);
  if (BigInt(await token.view<string>("ft_total_supply", {})) !== model.totalSupply)
    fail("total supply", stats.total_supply, model.totalSupply);
  if (BigInt(stats.eligible_supply) !== model.eligible) fail("eligible supply", stats.eligible_supply, model.eligible);
  // per asset: the model's pool, and the contract's invariant from its own views
  assets.forEach((asset, slot) => {
    const s = stats.assets[slot];
    const p = model.pools[slot];
    if (s.asset !== asset) fail("asset order", s.asset, asset);
    if (BigInt(s.total_distributed) !== p.distributed) fail(`${asset} distributed`, s.total_distributed, p.distributed);
    if (BigInt(s.total_claimed) !== p.claimed) fail(`${asset} claimed`, s.total_claimed, p.claimed);
    if (s.in_flight !== "0") fail(`${asset} in flight at rest`, s.in_flight, 0);
    if (BigInt(s.pending_scaled!) !== p.pending) fail(`${asset} pending`, s.pending_scaled, p.pending);
    if (BigInt(s.revenue_per_token_scaled) !== p.acc) fail(`${asset} accumulator`, s.revenue_per_token_scaled, p.acc);
    const owed = infos.reduce((sum, i) => sum + BigInt(i.owed_scaled[asset]), 0n);
    const lhs = BigInt(s.total_distributed) * SCALE;
    const rhs = (BigInt(s.total_claimed) + BigInt(s.in_flight)) * SCALE + owed + BigInt(s.pending_scaled!);
    if (lhs !== rhs) fail(`${asset} invariant (× SCALE)`, rhs, lhs);
    const claimableSum = infos.reduce((sum, i) => sum + BigInt(i.claimable[asset]), 0n);
    const carried = BigInt(s.total_distributed) - BigInt(s.total_claimed) - BigInt(s.in_flight) - claimableSum;
    if (carried * SCALE !== owed - claimableSum * SCALE + BigInt(s.pending_scaled!))
      fail(`${asset} carried is not whole units`, carried, "");
    if (carried < BigInt(s.held)) fail(`${asset} carried < held`, carried, s.held);
    if (BigInt(s.outstanding) !== claimableSum + carried)
      fail(`${asset} outstanding`, s.outstanding, claimableSum + carried);
  });
  // the stablecoin the token holds is exactly what it still owes
  const stableHeld = BigInt(await w.stable.view<string>("ft_balance_of", { account_id: token.accountId }));
  if (stableHeld !== model.pools[1].distributed - model.pools[1].claimed)
    fail("stablecoin held", stableHeld, model.pools[1].distributed - model.pools[1].claimed);
  // the token's NEAR covers its storage plus the NEAR revenue still owed (claimable + carried)
  const view = (await token.accountView()) as unknown as { amount: string; storage_usage: number };
  const owedNear = model.pools[0].distributed - model.pools[0].claimed;
  const needed = BigInt(view.storage_usage) * BYTE_COST + owedNear;
  if (BigInt(view.amount) < needed) fail("NEAR coverage (amount vs storage + owed revenue)", view.amount, needed);
}

test(`random sequences keep the model and the invariants (${RUNS} runs × ${STEPS} steps)`, async (t) => {
  t.timeout(Math.max(180_000, RUNS * STEPS * 4_000));
  let steps = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(action, { minLength: STEPS, maxLength: STEPS }), async (actions) => {
      const w = await world();
      await check(w);
      for (const [index, a] of actions.entries()) {
        try {
          await step(w, a);
          await check(w);
        } catch (error) {
          throw new Error(
            `step ${index} ${JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}: ${(error as Error).message}`,
          );
        }
        steps++;
      }
    }),
    {
      numRuns: RUNS,
      endOnFailure: true,
      verbose: 1,
      ...(process.env.PROPERTY_SEED ? { seed: Number(process.env.PROPERTY_SEED) } : {}),
    },
  );
  t.log(`${RUNS} runs, ${steps} steps checked; accepted/rejected by kind: ${JSON.stringify(tally)}`);
  t.pass();
});
