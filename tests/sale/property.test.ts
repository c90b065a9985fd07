/**
 * Property test of the sale on the local chain (fast-check): random
 * purchases (NEAR and stablecoin), claims, refunds, cancellations and time
 * jumps over several rounds; after every step:
 *
 * 1. tokens sold ≤ allocation (and ≤ hard cap) in every round;
 * 2. Σ claims ≤ tokens sold (per round; the buyers' token balances equal
 *    the claims the events reported);
 * 3. for every asset, holdings ≥ refunds owed + unreleased proceeds:
 *    NEAR balance − storage staking ≥ Σ(raised − refunded − released), and
 *    the stablecoin's ft_balance_of(sale) ≥ the same for the stablecoin; the
 *    contract's books equal a model rebuilt from the events;
 * 4. no buyer receives both tokens and a refund for the same payment.
 *
 * CI size inside `npm test`: PROPERTY_RUNS=4 sequences × PROPERTY_STEPS=12.
 * Long run: `PROPERTY_RUNS=200 npm run test:property:sale`; replay a
 * failure with PROPERTY_SEED=<seed from the report>. Runs are not shrunk
 * (each is stateful on one chain).
 */
import anyTest, { type TestFn } from "ava";
import fc from "fast-check";
import {
  buyFt,
  buyNear,
  chainNow,
  claim,
  createRound,
  errorsOf,
  eventsIn,
  ftBalance,
  GAS_MAX,
  NEAR,
  newBuyer,
  advanceTo,
  refund,
  SALE_STANDARD,
  SEC,
  setupSale,
  TOK,
  USD,
  type SaleEnv,
} from "../helpers/sale-fixture.ts";
import { contractWasm } from "../helpers/contracts.ts";
import type { NearAccount } from "../helpers/workspace.ts";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 4);
const STEPS = Number(process.env.PROPERTY_STEPS ?? 12);
const BUYERS = 3;
const ROUNDS_PER_RUN = 2;
/** A fresh sale deployment every this many runs keeps each under MAX_ROUNDS (100). */
const RUNS_PER_SALE = 40;
const STORAGE_BYTE_COST = 10n ** 19n;
const SALE_INVENTORY = 10n ** 7n * TOK;

interface Ctx {
  env: SaleEnv;
  buyers: NearAccount[];
}
const test = anyTest as TestFn<Ctx>;

type Step =
  | { kind: "buy"; buyer: number; round: number; ft: boolean; amount: number }
  /** `pick` (when not null) chooses among the (buyer, round) pairs that bought in this run, instead of buyer/round. */
  | { kind: "claim"; buyer: number; round: number; pick: number | null }
  | { kind: "refund"; buyer: number; round: number; pick: number | null }
  | { kind: "cancel"; round: number }
  | { kind: "jump"; seconds: number }
  /** Past the end of one of this run's rounds, plus `seconds`. */
  | { kind: "end"; round: number; seconds: number };

const buyArb = fc.record({
  kind: fc.constant("buy" as const),
  buyer: fc.nat(BUYERS - 1),
  round: fc.nat(ROUNDS_PER_RUN - 1),
  ft: fc.boolean(),
  amount: fc.integer({ min: 1, max: 250 }),
});
const pickArb = fc.option(fc.nat(100), { freq: 4 }); // null one time in 4: any buyer, any round
const claimArb = fc.record({
  kind: fc.constant("claim" as const),
  buyer: fc.nat(BUYERS - 1),
  round: fc.nat(ROUNDS_PER_RUN - 1),
  pick: pickArb,
});
const refundArb = fc.record({
  kind: fc.constant("refund" as const),
  buyer: fc.nat(BUYERS - 1),
  round: fc.nat(ROUNDS_PER_RUN - 1),
  pick: pickArb,
});
const cancelArb = fc.record({ kind: fc.constant("cancel" as const), round: fc.nat(ROUNDS_PER_RUN - 1) });
const endArb = fc.record({
  kind: fc.constant("end" as const),
  round: fc.nat(ROUNDS_PER_RUN - 1),
  seconds: fc.integer({ min: 0, max: 300 }),
});

/** While the rounds are open: mostly purchases, some early claims / refunds / cancellations, short jumps. */
const openStepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: buyArb },
  { weight: 1, arbitrary: claimArb },
  { weight: 1, arbitrary: refundArb },
  { weight: 1, arbitrary: cancelArb },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("jump" as const), seconds: fc.integer({ min: 1, max: 30 }) }) },
);
/** After a jump past a round's end: mostly claims and refunds, time jumps through the vesting, late purchases. */
const settleStepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: claimArb },
  { weight: 3, arbitrary: refundArb },
  { weight: 1, arbitrary: buyArb },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("jump" as const), seconds: fc.integer({ min: 5, max: 250 }) }),
  },
  { weight: 1, arbitrary: endArb },
);

const roundArb = fc.record({
  softCap: fc.constantFrom(5n, 60n, 400n),
  hardCap: fc.constantFrom(200n, 300n),
  maxPer: fc.constantFrom(80n, 300n),
  tge: fc.constantFrom(0, 2000, 10_000),
  tiered: fc.boolean(),
});

const runArb = fc.record({
  rounds: fc.array(roundArb, { minLength: ROUNDS_PER_RUN, maxLength: ROUNDS_PER_RUN }),
  // open phase, one jump past a round's end, settlement phase: STEPS steps in all
  steps: fc
    .tuple(
      fc.array(openStepArb, { minLength: Math.ceil((STEPS - 1) / 2), maxLength: Math.ceil((STEPS - 1) / 2) }),
      endArb,
      fc.array(settleStepArb, { minLength: Math.floor((STEPS - 1) / 2), maxLength: Math.floor((STEPS - 1) / 2) }),
    )
    .map(([open, end, settle]): Step[] => [...open, end, ...settle]),
});

/** What the events say happened, per sale deployment. */
class Model {
  /** `${round}` → per asset: raised (kept), refunded, released */
  books = new Map<number, { raised: [bigint, bigint]; refunded: [bigint, bigint] }>();
  claims = new Map<string, bigint>(); // `${round}:${account}`
  refunds = new Map<string, bigint>();
  claimedByAccount = new Map<string, bigint>();
  constructor(
    readonly sale: NearAccount,
    readonly stableId: string,
  ) {}

  apply(logs: readonly string[]): void {
    for (const e of eventsIn(logs)) {
      if (e.standard !== SALE_STANDARD) continue;
      const d = e.data[0] as any;
      const slot = d.asset === "near" ? 0 : 1;
      const key = `${d.round_id}:${d.account_id}`;
      const books = this.books.get(d.round_id) ?? { raised: [0n, 0n], refunded: [0n, 0n] };
      this.books.set(d.round_id, books);
      if (e.event === "purchase") books.raised[slot] += BigInt(d.amount);
      if (e.event === "refund") {
        books.refunded[slot] += BigInt(d.amount);
        this.refunds.set(key, (this.refunds.get(key) ?? 0n) + BigInt(d.amount));
      }
      if (e.event === "claim") {
        this.claims.set(key, (this.claims.get(key) ?? 0n) + BigInt(d.amount));
        this.claimedByAccount.set(d.account_id, (this.claimedByAccount.get(d.account_id) ?? 0n) + BigInt(d.amount));
      }
    }
  }
}

async function deploySale(env: SaleEnv, buyers: NearAccount[], n: number): Promise<NearAccount> {
  const sale = await env.root.createSubAccount(`psale${n}`, { initialBalance: 100n * NEAR });
  await sale.deploy(await contractWasm("sale"));
  await env.owner.call(
    sale,
    "init",
    {
      owner_id: env.owner.accountId,
      token_id: env.token.accountId,
      token_decimals: 18,
      stable_id: env.stable.accountId,
      token_inventory: SALE_INVENTORY.toString(),
      timelock_delay_ns: "0",
    },
    { gas: GAS_MAX },
  );
  await Promise.all([
    env.owner.call(
      env.stable,
      "storage_deposit",
      { account_id: sale.accountId },
      { attachedDeposit: NEAR / 10n, gas: GAS_MAX },
    ),
    env.owner.call(
      env.token,
      "storage_deposit",
      { account_id: sale.accountId },
      { attachedDeposit: NEAR / 10n, gas: GAS_MAX },
    ),
  ]);
  await env.owner.call(
    env.token,
    "ft_transfer",
    { receiver_id: sale.accountId, amount: SALE_INVENTORY.toString() },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
  // room for many records, so stablecoin purchases are not refused for storage
  await Promise.all(buyers.map((b) => b.call(sale, "storage_deposit", {}, { attachedDeposit: NEAR, gas: GAS_MAX })));
  return sale;
}

async function checkInvariants(
  t: any,
  env: SaleEnv,
  sale: NearAccount,
  model: Model,
  buyers: NearAccount[],
  label: string,
): Promise<void> {
  const config = (await sale.view("contract_config", {})) as any;
  const rounds: any[] = [];
  for (let from = 0; from < config.round_count; from += 25) {
    rounds.push(...((await sale.view("rounds", { from_index: from, limit: 25 })) as any[]));
  }
  const owed = [0n, 0n];
  for (const r of rounds) {
    const sold = BigInt(r.tokens_sold);
    // 1. tokens sold ≤ allocation
    t.true(
      sold <= BigInt(r.config.token_allocation) && sold <= BigInt(r.config.hard_cap),
      `${label}: round ${r.round_id ?? r.id} sold ${sold}`,
    );
    // 2. Σ claims ≤ tokens sold
    t.true(BigInt(r.tokens_claimed) <= sold, `${label}: claimed ${r.tokens_claimed} > sold ${sold}`);
    const raised = [BigInt(r.raised.near), BigInt(r.raised[model.stableId])];
    const refunded = [BigInt(r.refunded.near), BigInt(r.refunded[model.stableId])];
    const released = [BigInt(r.released.near), BigInt(r.released[model.stableId])];
    const id = rounds.indexOf(r);
    const books = model.books.get(id) ?? { raised: [0n, 0n], refunded: [0n, 0n] };
    for (const slot of [0, 1]) {
      t.is(raised[slot], books.raised[slot], `${label}: round ${id} raised[${slot}] matches the purchase events`);
      t.is(refunded[slot], books.refunded[slot], `${label}: round ${id} refunded[${slot}] matches the refund events`);
      owed[slot] += raised[slot] - refunded[slot] - released[slot];
    }
    if (r.status === "successful") t.is(refunded[0] + refunded[1], 0n, `${label}: a successful round refunded`);
  }
  // 3. holdings ≥ refunds owed + unreleased proceeds, per asset
  const account = await env.worker.provider.viewAccount(sale.accountId);
  const free = BigInt(account.amount) - BigInt(account.storage_usage) * STORAGE_BYTE_COST;
  t.true(free >= owed[0], `${label}: NEAR ${free} (balance − storage) < owed ${owed[0]}`);
  const ftHeld = await ftBalance(env.stable, sale);
  t.true(ftHeld >= owed[1], `${label}: stablecoin ${ftHeld} < owed ${owed[1]}`);
  const holdings = (await sale.view("holdings", {})) as any;
  t.is(BigInt(holdings.near_owed), owed[0]);
  t.is(BigInt(holdings.ft_owed), owed[1]);
  t.is(BigInt(holdings.ft_owed), ftHeld, `${label}: the sale's stablecoin books equal its stablecoin balance`);
  // 1'. the running Σ of reservations covers every round's reservation and stays within the inventory
  const exactReserved = rounds.reduce(
    (sum, r) =>
      sum +
      (r.status === "upcoming" || r.status === "open"
        ? BigInt(r.config.token_allocation)
        : r.status === "successful"
          ? BigInt(r.tokens_sold) - BigInt(r.tokens_claimed)
          : 0n),
    0n,
  );
  t.true(BigInt(config.tokens_reserved) >= exactReserved, `${label}: tokens_reserved below the rounds' reservations`);
  t.true(BigInt(config.tokens_reserved) <= BigInt(config.token_inventory), `${label}: reserved beyond the inventory`);
  t.true(BigInt(holdings.near_free) >= 0n, `${label}: near_free ${holdings.near_free}`);
  // 2'. tokens the buyers hold = what the claim events reported
  for (const b of buyers) {
    // (buyers get project tokens only from this test's sales)
    t.is(await ftBalance(env.token, b), claimedTotal.get(b.accountId) ?? 0n, `${label}: ${b.accountId} token balance`);
  }
  // 4. never both tokens and a refund for one (round, account): by the events, and by the records
  for (const key of model.claims.keys()) t.false(model.refunds.has(key), `${label}: ${key} got tokens and a refund`);
  for (const b of buyers) {
    const account = (await sale.view("account", { account_id: b.accountId })) as any;
    for (const p of account.purchases) {
      const refunded = Object.values(p.refunded as Record<string, boolean>).some(Boolean);
      t.false(
        refunded && BigInt(p.claimed) > 0n,
        `${label}: ${b.accountId} in round ${p.round_id}: claimed ${p.claimed} and refunded`,
      );
      t.true(BigInt(p.claimed) <= BigInt(p.tokens), `${label}: claimed > tokens`);
    }
  }
}

/** Tokens every buyer received, over all sales of this file. */
const claimedTotal = new Map<string, bigint>();

test.before(async (t) => {
  const env = await setupSale();
  const buyers: NearAccount[] = [];
  for (let i = 0; i < BUYERS; i++)
    buyers.push(await newBuyer(env, { near: 5000n * NEAR, usd: 10n ** 6n * USD, prefix: "p" }));
  t.context = { env, buyers };
});

test.after.always(async (t) => {
  await t.context?.env?.worker?.tearDown();
});

test.serial(
  `random purchases, claims, refunds and time jumps keep the sale's invariants (${RUNS} × ${STEPS} steps)`,
  async (t) => {
    const { env, buyers } = t.context;
    let sale: NearAccount | undefined;
    let model: Model | undefined;
    let run = 0;
    let saleCount = 0;
    const tally: Record<string, number> = {};
    const reasons: Record<string, number> = {};

    await fc.assert(
      fc.asyncProperty(runArb, async ({ rounds: roundSpecs, steps }) => {
        if (sale === undefined || run % RUNS_PER_SALE === 0) {
          sale = await deploySale(env, buyers, saleCount++);
          model = new Model(sale, env.stable.accountId);
        }
        run++;
        const local: SaleEnv = { ...env, sale };
        const ids: number[] = [];
        const ends: bigint[] = [];
        for (const [i, spec] of roundSpecs.entries()) {
          const round = await createRound(local, {
            name: `p${run}.${i}`,
            startIn: 3,
            length: 90,
            hard_cap: spec.hardCap * TOK,
            soft_cap: (spec.softCap < spec.hardCap ? spec.softCap : spec.hardCap) * TOK, // 400: usually failed
            max_per_account: (spec.maxPer < spec.hardCap ? spec.maxPer : spec.hardCap) * TOK,
            min_per_account: TOK,
            tge_bps: spec.tge,
            cliff_s: 30,
            duration_s: 300,
            tiers: spec.tiered ? [{ until_sold: 50n * TOK, price_near: 5n * 10n ** 21n, price_ft: 5000n }] : undefined,
          });
          ids.push(round.id);
          ends.push(round.end);
        }
        await advanceTo(local, (await chainNow(local)) + 3n * SEC);
        const bought: Array<[number, number]> = [];
        for (const [index, step] of steps.entries()) {
          const label = `run ${run} step ${index} ${JSON.stringify(step)}`;
          let result: { logs: string[]; receiptFailureMessages: string[] } | undefined;
          if (step.kind === "buy") {
            const buyer = buyers[step.buyer];
            result = step.ft
              ? await buyFt(local, buyer, ids[step.round], (BigInt(step.amount) * USD) / 100n)
              : await buyNear(local, buyer, ids[step.round], (BigInt(step.amount) * NEAR) / 100n);
          } else if (step.kind === "claim" || step.kind === "refund") {
            const [b, r] =
              step.pick !== null && bought.length > 0 ? bought[step.pick % bought.length] : [step.buyer, step.round];
            result = await (step.kind === "claim" ? claim : refund)(local, buyers[b], ids[r]);
          } else if (step.kind === "cancel") {
            result = await env.owner.callRaw(
              sale,
              "cancel_round",
              { round_id: ids[step.round] },
              { attachedDeposit: 1n, gas: GAS_MAX },
            );
          } else if (step.kind === "end") {
            await advanceTo(local, ends[step.round] + BigInt(step.seconds) * SEC);
          } else {
            await env.worker.provider.fastForward(step.seconds);
          }
          if (result) {
            model!.apply(result.logs);
            for (const e of eventsIn(result.logs)) {
              if (e.standard === SALE_STANDARD && e.event === "claim") {
                const d = e.data[0] as any;
                claimedTotal.set(d.account_id, (claimedTotal.get(d.account_id) ?? 0n) + BigInt(d.amount));
              }
            }
            const outcome = errorsOf(result) === "" ? "ok" : "rejected";
            if (
              step.kind === "buy" &&
              outcome === "ok" &&
              !bought.some(([b, r]) => b === step.buyer && r === step.round)
            ) {
              bought.push([step.buyer, step.round]);
            }
            tally[`${step.kind} ${outcome}`] = (tally[`${step.kind} ${outcome}`] ?? 0) + 1;
            // a rejection is a clean panic, never a crash of the harness
            if (outcome === "rejected") {
              t.regex(errorsOf(result), /Smart contract panicked: /, label);
              const reason = (/panicked: (.*)/.exec(errorsOf(result))?.[1] ?? "?")
                .replace(/[a-z0-9-]+\.test\.near/g, "X")
                .replace(/\d+/g, "N")
                .slice(0, 48);
              reasons[`${step.kind}: ${reason}`] = (reasons[`${step.kind}: ${reason}`] ?? 0) + 1;
            }
          }
          await checkInvariants(t, env, sale, model!, buyers, label);
        }
      }),
      {
        numRuns: RUNS,
        endOnFailure: true,
        verbose: true,
        includeErrorInReport: true,
        ...(process.env.PROPERTY_SEED ? { seed: Number(process.env.PROPERTY_SEED) } : {}),
      },
    );
    t.log(`steps: ${JSON.stringify(tally)}`);
    t.log(`rejections: ${JSON.stringify(reasons)}`);
  },
);
