/**
 * Property test of the fee router on the local chain: random sequences of
 * price changes, payments in NEAR and the stablecoin (duplicates,
 * underpayments and tips included), suspensions, split changes through the
 * timelock, flushes, and injected forward failures (the vault's deposits
 * paused around half of the flushes to it, so they fail), against a model written from
 * the rules, not from the contract's code.
 *
 * After every step, per asset: received = forwarded + pending + in flight +
 * carried, to the unit; every bucket's pending and forwarded amount equal the
 * model's, where each destination's credit in a split segment is
 * ⌊segment received × bps / 10,000⌋ and the rest is carried.
 *
 * CI size inside `npm test`: PROPERTY_RUNS=2 sequences × PROPERTY_STEPS=10,
 * each on a fresh router. Long run: `npm run test:property:fees`
 * (PROPERTY_RUNS=50 by default); replay with PROPERTY_SEED=<seed>.
 */
import anyTest, { type TestFn } from "ava";
import fc from "fast-check";
import {
  deployFees,
  errorsOf,
  type FeesEnv,
  feesTotals,
  forwards,
  GAS_MAX,
  initArgs,
  metadataFor,
  NEAR,
  pauseVaultDeposits,
  SPLIT,
  setupFees,
  USD,
  yocto,
} from "../helpers/fees-fixture.ts";
import type { NearAccount } from "../helpers/workspace.ts";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 2);
const STEPS = Number(process.env.PROPERTY_STEPS ?? 10);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
const STAGES = [0, 1];
const PROVIDERS = 2;

interface Ctx {
  env: FeesEnv;
  providers: NearAccount[];
  runs: { n: number };
}
const test = anyTest as TestFn<Ctx>;

test.before(async (t) => {
  const env = await setupFees();
  const providers: NearAccount[] = [];
  for (let index = 0; index < PROVIDERS; index++) {
    // Each run's router keeps 1 NEAR of each provider's storage deposit, and the provider pays its gas, so the
    // funding follows the run count: with a fixed 100 NEAR, PROPERTY_RUNS=100 PROPERTY_SEED=1501 failed at its
    // 99th run (that sequence passes on its own, and all 105 of the same seed pass with this funding).
    const account = await env.root.createSubAccount(`pp${index}`, { initialBalance: (20n + 2n * BigInt(RUNS)) * NEAR });
    await account.call(env.stable, "storage_deposit", {}, { attachedDeposit: NEAR / 100n });
    await env.owner.call(
      env.stable,
      "ft_transfer",
      { receiver_id: account.accountId, amount: (10n ** 9n * USD).toString() },
      yocto,
    );
    providers.push(account);
  }
  t.context = { env, providers, runs: { n: 0 } };
});

test.after.always(async (t) => {
  await t.context.env?.worker.tearDown();
});

interface Price {
  per_million_input: bigint;
  per_million_output: bigint;
  per_request: bigint;
}
interface Usage {
  requests: number;
  input_tokens: number;
  output_tokens: number;
}
type Split = [number, number, number, number];

type Step =
  | { kind: "price"; stage: number; near: Price | null; stable: Price | null }
  | { kind: "pay"; who: number; stage: number; period: number; stable: boolean; usage: Usage; extra: bigint }
  | { kind: "status"; who: number }
  | { kind: "split"; stage: number; split: Split }
  | { kind: "flush"; target: number; stable: boolean; inject: boolean };

const priceArb = (scale: bigint) =>
  fc.record({
    per_million_input: fc.bigInt({ min: 0n, max: 1000n * scale }),
    per_million_output: fc.bigInt({ min: 0n, max: 3000n * scale }),
    per_request: fc.bigInt({ min: 0n, max: 7n * scale }),
  });
const splitArb: fc.Arbitrary<Split> = fc.tuple(fc.nat(10_000), fc.nat(10_000), fc.nat(10_000)).map(([a, b, c]) => {
  const [x, y, z] = [a, b, c].sort((p, q) => p - q);
  return [x, y - x, z - y, 10_000 - z];
});
const usageArb = fc.record({
  requests: fc.nat(50),
  input_tokens: fc.nat(5_000_000),
  output_tokens: fc.nat(2_000_000),
});
/** Targets of `pending_forwards` order: holders, reserve, protocol, then the vault for stages 0 and 1. */
const TARGETS = 5;
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant("price" as const),
    stage: fc.constantFrom(...STAGES),
    near: fc.option(priceArb(10n ** 18n), { nil: null, freq: 4 }),
    stable: fc.option(priceArb(1000n), { nil: null, freq: 4 }),
  }),
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("pay" as const),
      who: fc.nat(PROVIDERS - 1),
      stage: fc.constantFrom(...STAGES),
      period: fc.nat(3),
      stable: fc.boolean(),
      usage: usageArb,
      // -1: an underpayment by one unit
      extra: fc.oneof(fc.constant(-1n), fc.constant(0n), fc.bigInt({ min: 1n, max: 10n ** 6n })),
    }),
  },
  fc.record({ kind: fc.constant("status" as const), who: fc.nat(PROVIDERS - 1) }),
  fc.record({ kind: fc.constant("split" as const), stage: fc.constantFrom(...STAGES), split: splitArb }),
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("flush" as const),
      // most flushes go to the vault, where the injected failures strike; -1: the contributors of the last payment
      target: fc.oneof(fc.nat(2), fc.integer({ min: 3, max: TARGETS - 1 }), fc.constant(-1)),
      stable: fc.boolean(),
      // a flush to the vault with the failure injected: the vault's deposits are paused around it
      inject: fc.boolean(),
    }),
  },
);

/** The model: the rules, computed independently of contracts/fees. */
class Model {
  prices = new Map<number, { near: Price | null; stable: Price | null }>();
  paid = new Set<string>();
  active: boolean[] = Array(PROVIDERS).fill(true);
  splits = new Map<number, Split>(STAGES.map((stage) => [stage, splitOf(SPLIT)]));
  /** `${stage}/${slot}` → segment since the last split change. */
  segments = new Map<string, { received: bigint; credited: bigint[] }>();
  /** `${target}/${slot}` with targets 0 holders, 1 reserve, 2 protocol, 3 + stage contributors. */
  pending = new Map<string, bigint>();
  forwarded = new Map<string, bigint>();
  received = [0n, 0n];
  tips = [0n, 0n];
  /** Bucket target and slot of the contributors of the last accepted payment. */
  lastPaid: { target: number; slot: number } | null = null;

  segment(stage: number, slot: number) {
    const key = `${stage}/${slot}`;
    if (!this.segments.has(key)) this.segments.set(key, { received: 0n, credited: [0n, 0n, 0n, 0n] });
    return this.segments.get(key)!;
  }

  add(map: Map<string, bigint>, key: string, amount: bigint) {
    map.set(key, (map.get(key) ?? 0n) + amount);
  }

  carry(stage: number, slot: number): bigint {
    const segment = this.segment(stage, slot);
    return segment.received - segment.credited.reduce((sum, value) => sum + value, 0n);
  }

  quote(stage: number, stable: boolean, usage: Usage): bigint | null {
    const price = this.prices.get(stage)?.[stable ? "stable" : "near"] ?? null;
    if (price === null) return null;
    const tokens =
      BigInt(usage.input_tokens) * price.per_million_input + BigInt(usage.output_tokens) * price.per_million_output;
    return BigInt(usage.requests) * price.per_request + (tokens + 999_999n) / 1_000_000n;
  }

  pay(stage: number, slot: number, amount: bigint, tip: bigint) {
    const segment = this.segment(stage, slot);
    segment.received += amount;
    const targets = [0, 3 + stage, 1, 2];
    this.splits.get(stage)!.forEach((bps, destination) => {
      const due = (segment.received * BigInt(bps)) / 10_000n;
      this.add(this.pending, `${targets[destination]}/${slot}`, due - segment.credited[destination]);
      segment.credited[destination] = due;
    });
    this.received[slot] += amount;
    this.tips[slot] += tip;
    this.lastPaid = { target: 3 + stage, slot };
  }

  resplit(stage: number, split: Split) {
    this.splits.set(stage, split);
    for (const slot of [0, 1]) {
      this.segments.set(`${stage}/${slot}`, { received: this.carry(stage, slot), credited: [0n, 0n, 0n, 0n] });
    }
  }
}

function splitOf(split: typeof SPLIT): Split {
  return [split.holders_bps, split.contributors_bps, split.reserve_bps, split.protocol_bps];
}

const stringify = (value: unknown) => JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v));

function priceJson(price: Price | null) {
  return price === null
    ? null
    : {
        per_million_input: price.per_million_input.toString(),
        per_million_output: price.per_million_output.toString(),
        per_request: price.per_request.toString(),
      };
}

async function checkInvariants(env: FeesEnv, fees: NearAccount, model: Model, where: string) {
  const view = { ...env, fees };
  const totals = await feesTotals(view);
  const stableId = env.stable.accountId;
  for (const [slot, asset] of ["near", stableId].entries()) {
    const books = totals.assets[asset];
    const [received, forwarded, pending, inFlight, carried] = [
      books.received,
      books.forwarded,
      books.pending,
      books.in_flight,
      books.carried,
    ].map(BigInt);
    if (received !== forwarded + pending + inFlight + carried)
      throw new Error(`${where}: ${asset} books ${stringify(books)}`);
    if (inFlight !== 0n) throw new Error(`${where}: ${asset} in flight after the step`);
    if (received !== model.received[slot] || BigInt(books.tips) !== model.tips[slot]) {
      throw new Error(
        `${where}: ${asset} received ${received} tips ${books.tips}, model ${model.received[slot]} ${model.tips[slot]}`,
      );
    }
    const modelCarry = STAGES.reduce((sum, stage) => sum + model.carry(stage, slot), 0n);
    if (carried !== modelCarry) throw new Error(`${where}: ${asset} carried ${carried}, model ${modelCarry}`);
  }
  for (const entry of await forwards(view)) {
    const target =
      entry.destination === "holders"
        ? 0
        : entry.destination === "reserve"
          ? 1
          : entry.destination === "protocol"
            ? 2
            : 3 + entry.stage!;
    const key = `${target}/${entry.asset === "near" ? 0 : 1}`;
    const pending = model.pending.get(key) ?? 0n;
    const forwarded = model.forwarded.get(key) ?? 0n;
    if (BigInt(entry.pending) !== pending || BigInt(entry.forwarded) !== forwarded) {
      throw new Error(`${where}: bucket ${key} ${stringify(entry)}, model pending ${pending} forwarded ${forwarded}`);
    }
  }
}

test("random payments, prices, splits, flushes and forward failures keep the books exact", async (t) => {
  const { env, providers, runs } = t.context;
  const stableId = env.stable.accountId;
  await fc.assert(
    fc.asyncProperty(fc.array(stepArb, { minLength: STEPS, maxLength: STEPS }), async (steps) => {
      const run = runs.n++;
      const fees = await deployFees(
        env,
        `fr${run}`,
        initArgs(env, { reserve: env.reserve.accountId, protocol: env.protocol.accountId }),
      );
      for (const provider of providers) {
        const registered = await provider.callRaw(
          fees,
          "register_provider",
          { metadata: metadataFor(provider.accountId.split(".")[0], STAGES) },
          { attachedDeposit: NEAR, gas: GAS_MAX },
        );
        if (registered.failed) throw new Error(errorsOf(registered));
        await env.owner.call(fees, "approve_provider", { account_id: provider.accountId }, yocto);
      }
      const model = new Model();
      // every run starts with both stages priced in both assets, so most payments are accepted
      for (const stage of STAGES) {
        const near = { per_million_input: 10n ** 20n, per_million_output: 3n * 10n ** 20n, per_request: 10n ** 18n };
        const stable = { per_million_input: 500n, per_million_output: 1500n, per_request: 3n };
        const priced = await env.owner.callRaw(
          fees,
          "set_price",
          { stage, near: priceJson(near), stable: priceJson(stable) },
          yocto,
        );
        if (priced.failed) throw new Error(errorsOf(priced));
        model.prices.set(stage, { near, stable });
      }
      // and with fees accrued in every contributors' bucket, so flushes (and injected failures) move money from step 0
      for (const [stage, stable] of [
        [0, false],
        [1, false],
        [0, true],
        [1, true],
      ] as const) {
        const usage = { requests: 3, input_tokens: 1_000_000, output_tokens: 500_000 };
        const amount = model.quote(stage, stable, usage)!;
        const args = { stage, period_id: `seed-${stable ? "s" : "n"}`, usage };
        const seeded = stable
          ? await providers[0].callRaw(
              env.stable,
              "ft_transfer_call",
              { receiver_id: fees.accountId, amount: amount.toString(), msg: JSON.stringify(args) },
              yocto,
            )
          : await providers[0].callRaw(fees, "pay_fees", args, { attachedDeposit: amount, gas: GAS_MAX });
        if (seeded.failed) throw new Error(errorsOf(seeded));
        model.paid.add(`0/${stage}/${args.period_id}`);
        model.pay(stage, stable ? 1 : 0, amount, 0n);
      }
      for (const [index, step] of steps.entries()) {
        const where = `run ${run} step ${index} ${stringify(step)}`;
        if (step.kind === "price") {
          if (step.near === null && step.stable === null) continue;
          const result = await env.owner.callRaw(
            fees,
            "set_price",
            { stage: step.stage, near: priceJson(step.near), stable: priceJson(step.stable) },
            yocto,
          );
          if (result.failed) throw new Error(`${where}: ${errorsOf(result)}`);
          model.prices.set(step.stage, { near: step.near, stable: step.stable });
        } else if (step.kind === "pay") {
          const provider = providers[step.who];
          const periodId = `p${step.period}`;
          const quote = model.quote(step.stage, step.stable, step.usage);
          const amount = (quote ?? 1n) + step.extra > 0n ? (quote ?? 1n) + step.extra : 1n;
          const key = `${step.who}/${step.stage}/${periodId}`;
          const accepted = model.active[step.who] && quote !== null && amount >= quote && !model.paid.has(key);
          const args = { stage: step.stage, period_id: periodId, usage: step.usage };
          const slot = step.stable ? 1 : 0;
          const result = step.stable
            ? await provider.callRaw(
                env.stable,
                "ft_transfer_call",
                { receiver_id: fees.accountId, amount: amount.toString(), msg: JSON.stringify(args) },
                yocto,
              )
            : await provider.callRaw(fees, "pay_fees", args, { attachedDeposit: amount, gas: GAS_MAX });
          if (!step.stable && result.failed === accepted) {
            throw new Error(`${where}: expected ${accepted ? "success" : "refusal"}: ${errorsOf(result)}`);
          }
          if (accepted) {
            model.paid.add(key);
            model.pay(step.stage, slot, amount, amount - quote!);
          }
        } else if (step.kind === "status") {
          const method = model.active[step.who] ? "suspend_provider" : "reinstate_provider";
          const result = await env.owner.callRaw(fees, method, { account_id: providers[step.who].accountId }, yocto);
          if (result.failed) throw new Error(`${where}: ${errorsOf(result)}`);
          model.active[step.who] = !model.active[step.who];
        } else if (step.kind === "split") {
          const [holders_bps, contributors_bps, reserve_bps, protocol_bps] = step.split;
          const split = { holders_bps, contributors_bps, reserve_bps, protocol_bps };
          const scheduled = await env.owner.callRaw(
            fees,
            "timelock_schedule",
            { action: "set_split", args: { stage: step.stage, split } },
            yocto,
          );
          if (scheduled.failed) throw new Error(`${where}: ${errorsOf(scheduled)}`);
          const { id } = scheduled.parseResult<{ id: number }>();
          const executed = await env.owner.callRaw(fees, "timelock_execute", { id }, yocto);
          if (executed.failed) throw new Error(`${where}: ${errorsOf(executed)}`);
          model.resplit(step.stage, step.split);
        } else {
          const last = step.target === -1 ? model.lastPaid : null;
          const slot = last?.slot ?? (step.stable ? 1 : 0);
          const target = last?.target ?? (step.target === -1 ? 3 : step.target);
          const destination = ["holders", "reserve", "protocol", "contributors", "contributors"][target];
          const stage = target >= 3 ? target - 3 : undefined;
          const key = `${target}/${slot}`;
          const pending = model.pending.get(key) ?? 0n;
          const failing = step.inject && target >= 3;
          if (failing) await pauseVaultDeposits(env, true);
          const result = await env.holder.callRaw(
            fees,
            "flush",
            { destination, asset: slot === 1 ? stableId : "near", ...(stage === undefined ? {} : { stage }) },
            { gas: GAS_MAX },
          );
          if (failing) await pauseVaultDeposits(env, false);
          if (pending === 0n) {
            if (!result.failed) throw new Error(`${where}: a flush of nothing succeeded`);
          } else if (!failing) {
            model.pending.set(key, 0n);
            model.add(model.forwarded, key, pending);
          }
        }
        await checkInvariants(env, fees, model, where);
      }
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true, verbose: 2 },
  );
  t.pass();
});
