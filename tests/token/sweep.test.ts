/**
 * Sweeping stray funds on the local chain: NEAR sent outside
 * `distribute_revenue` and stablecoin sent by plain `ft_transfer` are
 * sweepable through the timelock; a sweep above the excess is refused; a
 * failed transfer rolls the books back; and the revenue owed to holders stays
 * payable in full after every sweep. Events are asserted as exact JSON.
 */
import anyTest, { type TestFn } from "ava";
import type { TimelockOperation } from "../../contracts/common/timelock.ts";
import { newAccounts, newToken, setupTokenWorld, type TokenWorld } from "../helpers/token-fixture.ts";
import {
  balanceOf,
  claimable,
  execute,
  failureOf,
  MAX_GAS,
  modelfund,
  revenueStats,
  schedule,
  sweepable,
  timelocked,
  timelockInfo,
} from "../helpers/token-setup.ts";
import { NEAR, type NearAccount } from "../helpers/workspace.ts";

const test = anyTest as TestFn<TokenWorld>;

test.before(async (t) => {
  t.context = await setupTokenWorld();
});
test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

/** The account's NEAR balance in yocto, exact. */
async function yoctoOf(world: TokenWorld, account: NearAccount | string): Promise<bigint> {
  const id = typeof account === "string" ? account : account.accountId;
  return BigInt((await world.worker.provider.viewAccount(id)).amount);
}

async function setup(world: TokenWorld) {
  const [owner, alice, bob, beneficiary] = await newAccounts(world, "own", "alice", "bob", "benef");
  const token = await newToken(world, owner, [
    { account: alice, amount: 600n, earns_revenue: true },
    { account: bob, amount: 400n, earns_revenue: true },
  ]);
  return { token, owner, alice, bob, beneficiary };
}

test("NEAR: a stray transfer becomes sweepable, revenue does not; a sweep above the excess is refused and stays queued", async (t) => {
  const { token, owner, alice, bob, beneficiary } = await setup(t.context);
  const start = await sweepable(token);
  const near = start.near;
  t.is(
    BigInt(near.excess),
    BigInt(near.balance) -
      BigInt(near.storage_staked) -
      BigInt(near.owed_revenue) -
      BigInt(near.registration_deposits) -
      BigInt(near.reserve),
  );
  t.is(start.stablecoin, null);

  await alice.call(token, "distribute_revenue", {}, { attachedDeposit: 3n * NEAR });
  const afterRevenue = await sweepable(token);
  t.is(afterRevenue.near.owed_revenue, (3n * NEAR).toString());
  // revenue is owed, not stray: the excess does not grow by the 3 NEAR (the local chain moves the account's
  // balance by other small amounts between the two reads, so the check is on the order of magnitude)
  const moved = BigInt(afterRevenue.near.excess) - BigInt(near.excess);
  t.true(moved < NEAR, `excess moved by ${moved}`);

  await alice.transfer(token, 5n * NEAR);
  const stray = BigInt((await sweepable(token)).near.excess);
  t.true(stray >= BigInt(afterRevenue.near.excess) + 5n * NEAR, `excess ${stray}`);

  const tooMuch = (
    await schedule(token, owner, "sweep", {
      asset: "near",
      receiver_id: beneficiary.accountId,
      amount: (stray + 3n * NEAR).toString(),
    })
  ).parseResult<TimelockOperation>();
  const refused = await execute(token, owner, tooMuch.id);
  t.regex(failureOf(refused), /The sweep of \d+ near exceeds the sweepable excess \d+/);
  t.deepEqual((await timelockInfo(token)).operations, [tooMuch]);
  await owner.call(token, "timelock_cancel", { id: tooMuch.id }, { attachedDeposit: 1n });

  const amount = 5n * NEAR;
  const before = await yoctoOf(t.context, beneficiary);
  const swept = await timelocked(token, owner, "sweep", {
    asset: "near",
    receiver_id: beneficiary.accountId,
    amount: amount.toString(),
  });
  t.false(swept.failed, failureOf(swept));
  const started = swept.logs.find((line) => line.includes('"sweep_started"')) ?? "";
  const excessAtStart = JSON.parse(started.slice("EVENT_JSON:".length)).data[0].excess as string;
  t.true(BigInt(excessAtStart) >= amount);
  t.deepEqual(swept.logs, [
    modelfund("timelock_executed", [{ id: tooMuch.id + 1, action: "sweep" }]),
    modelfund("sweep_started", [
      { asset: "near", receiver_id: beneficiary.accountId, amount: amount.toString(), excess: excessAtStart },
    ]),
    modelfund("swept", [{ asset: "near", receiver_id: beneficiary.accountId, amount: amount.toString() }]),
  ]);
  t.is((await yoctoOf(t.context, beneficiary)) - before, amount);
  // the owed revenue is still all there: both holders claim their share in full
  t.is(await claimable(token, alice), (18n * NEAR) / 10n);
  t.is(await claimable(token, bob), (12n * NEAR) / 10n);
  await alice.call(token, "claim_revenue", {}, { gas: MAX_GAS });
  await bob.call(token, "claim_revenue", {}, { gas: MAX_GAS });
  t.like((await revenueStats(token)).assets[0], { total_claimed: (3n * NEAR).toString(), in_flight: "0" });
  t.is((await sweepable(token)).near.owed_revenue, "0");
});

test("NEAR: a sweep whose transfer fails is rolled back (sweep_failed) and the NEAR stays sweepable", async (t) => {
  const { token, owner } = await setup(t.context);
  const excess = BigInt((await sweepable(token)).near.excess);
  const missing = `nobody.${owner.accountId}`;
  const result = await timelocked(token, owner, "sweep", { asset: "near", receiver_id: missing, amount: "1000" });
  t.true(result.logs.includes(modelfund("sweep_failed", [{ asset: "near", receiver_id: missing, amount: "1000" }])));
  t.false(result.logs.some((line) => line.includes('"swept"')));
  t.true(BigInt((await sweepable(token)).near.excess) >= excess - NEAR / 100n);
});

test("stablecoin: plain ft_transfer to the token is sweepable after the balance read; above the excess is refused; revenue stays payable", async (t) => {
  const [owner, alice, bob, beneficiary, stableOwner] = await newAccounts(
    t.context,
    "own",
    "alice",
    "bob",
    "benef",
    "usdown",
  );
  const stable = await newToken(t.context, stableOwner, [{ account: stableOwner, amount: 1_000_000n }], {});
  const token = await newToken(
    t.context,
    owner,
    [
      { account: alice, amount: 600n, earns_revenue: true },
      { account: bob, amount: 400n, earns_revenue: true },
    ],
    { revenueToken: stable.accountId },
  );
  const cost = 10n ** 22n;
  for (const account of [token, alice, bob, beneficiary]) {
    await stableOwner.call(stable, "storage_deposit", { account_id: account.accountId }, { attachedDeposit: cost });
  }
  const pay = (msg: string | null, amount: bigint) =>
    msg === null
      ? stableOwner.call(
          stable,
          "ft_transfer",
          { receiver_id: token.accountId, amount: amount.toString() },
          { attachedDeposit: 1n },
        )
      : stableOwner.call(
          stable,
          "ft_transfer_call",
          { receiver_id: token.accountId, amount: amount.toString(), msg },
          { attachedDeposit: 1n, gas: MAX_GAS },
        );
  await pay("revenue", 1000n);
  await pay(null, 500n); // stray: no revenue message, no ft_on_transfer
  t.is(await balanceOf(stable, token), 1500n);
  const view = (await sweepable(token, 1500n)).stablecoin;
  t.deepEqual(view, {
    asset: stable.accountId,
    owed_revenue: "1000",
    sweep_in_flight: "0",
    balance: "1500",
    excess: "500",
  });

  const over = await timelocked(token, owner, "sweep", {
    asset: stable.accountId,
    receiver_id: beneficiary.accountId,
    amount: "501",
  });
  t.true(
    over.logs.includes(
      modelfund("sweep_refused", [
        { asset: stable.accountId, receiver_id: beneficiary.accountId, amount: "501", excess: "500" },
      ]),
    ),
    over.logs.join("\n"),
  );
  t.is(await balanceOf(stable, token), 1500n);

  const swept = await timelocked(token, owner, "sweep", {
    asset: stable.accountId,
    receiver_id: beneficiary.accountId,
    amount: "500",
  });
  t.false(swept.failed, failureOf(swept));
  const ours = swept.logs.filter((line) => line.includes('"standard":"modelfund"'));
  t.deepEqual(ours, [
    modelfund("timelock_executed", [{ id: 1, action: "sweep" }]),
    modelfund("sweep_started", [
      { asset: stable.accountId, receiver_id: beneficiary.accountId, amount: "500", excess: "500" },
    ]),
    modelfund("swept", [{ asset: stable.accountId, receiver_id: beneficiary.accountId, amount: "500" }]),
  ]);
  t.is(await balanceOf(stable, beneficiary), 500n);
  t.is(await balanceOf(stable, token), 1000n);
  // nothing stray is left, and the holders' 1000 is paid in full
  t.is((await sweepable(token, 1000n)).stablecoin?.excess, "0");
  await alice.call(token, "claim_revenue", { asset: stable.accountId }, { gas: MAX_GAS });
  await bob.call(token, "claim_revenue", { asset: stable.accountId }, { gas: MAX_GAS });
  t.is(await balanceOf(stable, alice), 600n);
  t.is(await balanceOf(stable, bob), 400n);
  t.is(await balanceOf(stable, token), 0n);
});
