/**
 * Revenue paths of the project token: NEAR and stablecoin intake, excluded
 * accounts, revenue refused while too few tokens are eligible, streaming
 * over a window (time-weighted earnings, paused streams), claims, failed
 * payouts re-credited (to the account or to the pool), the reinvestment
 * failure path, with exact events.
 */
import test, { type ExecutionContext } from "ava";
import { startWorker, NEAR, TGAS, type NearAccount, type WorkerType } from "../helpers/workspace.ts";
import {
  balanceOf,
  claimable,
  deployToken,
  failureOf,
  holderInfo,
  MAX_GAS,
  modelfund,
  nearBalance,
  nep141,
  receiverWasm,
  register,
  revenueStats,
  SCALE,
  schedule,
  subAccount,
  timelocked,
  tokenWasm,
  transfer,
  type TxResult,
} from "../helpers/token-setup.ts";
import { pinBlock, receiptsOf } from "../helpers/token-views.ts";
import type { HolderInfo, RevenueStats } from "../../contracts/token/interface.ts";

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

async function accounts(...names: string[]): Promise<NearAccount[]> {
  return accountsOf(root, ...names);
}

function accountsOf(parent: NearAccount, ...names: string[]): Promise<NearAccount[]> {
  return Promise.all(names.map((name) => subAccount(parent, fresh(name))));
}

/** alice 600 + bob 300 earning, treasury 100 excluded; optional stablecoin (payer holds 10^12). */
async function setup(withStable = false) {
  const [owner, alice, bob, treasury, payer] = await accounts("own", "alice", "bob", "treas", "payer");
  let stable: NearAccount | undefined;
  if (withStable) {
    stable = await deployToken(root, fresh("usd"), {
      owner,
      symbol: "USDS",
      allocations: [{ account: payer, amount: 10n ** 12n }],
    });
  }
  const token = await deployToken(root, fresh("tok"), {
    owner,
    revenueToken: stable?.accountId,
    allocations: [
      { account: alice, amount: 600n, earns_revenue: true },
      { account: bob, amount: 300n, earns_revenue: true },
      { account: treasury, amount: 100n },
    ],
  });
  if (stable) await register(stable, token, alice);
  return { token, owner, alice, bob, treasury, payer, stable: stable as NearAccount };
}

async function payStable(stable: NearAccount, payer: NearAccount, token: NearAccount, amount: bigint, msg = "revenue") {
  return payer.callRaw(
    stable,
    "ft_transfer_call",
    { receiver_id: token.accountId, amount: amount.toString(), msg },
    { attachedDeposit: 1n, gas: MAX_GAS },
  );
}

/**
 * distributed·SCALE = (claimed + in_flight)·SCALE + Σ owed_scaled + pending_scaled + unstreamed_scaled,
 * exactly, over `holders`, every view read at one block.
 */
async function assertInvariant(
  t: ExecutionContext,
  token: NearAccount,
  holders: (NearAccount | string)[],
  chain: WorkerType = worker,
) {
  const block = await pinBlock(chain);
  const stats = await block.view<RevenueStats>(token, "revenue_stats");
  const infos = await Promise.all(
    holders.map((h) =>
      block.view<HolderInfo>(token, "holder_info", { account_id: typeof h === "string" ? h : h.accountId }),
    ),
  );
  for (const asset of stats.assets) {
    const owed = infos.reduce((s, i) => s + BigInt(i.owed_scaled[asset.asset]), 0n);
    const lhs = BigInt(asset.total_distributed) * SCALE;
    const rhs =
      (BigInt(asset.total_claimed) + BigInt(asset.in_flight)) * SCALE +
      owed +
      BigInt(asset.pending_scaled) +
      BigInt(asset.stream.unstreamed_scaled);
    t.is(lhs, rhs, `invariant of ${asset.asset}`);
  }
}

/** Excludes an account from revenue (or lets it earn again) through the timelock (delay 0); the exclusion events. */
async function setExclusion(token: NearAccount, owner: NearAccount, account: NearAccount, excluded: boolean) {
  const result = await timelocked(token, owner, "set_revenue_exclusion", { account_id: account.accountId, excluded });
  if (result.failed) throw new Error(failureOf(result));
  return result.logs.filter((l) => l.includes("revenue_exclusion_"));
}

/** The `config_changed` events of a (timelocked) configuration change. */
function configEvents(result: TxResult): string[] {
  return result.logs.filter((l) => l.includes('"config_changed"'));
}

/** The time of the block in which the token ran the transaction's first receipt. */
async function tokenTime(chain: WorkerType, token: NearAccount, result: TxResult): Promise<bigint> {
  return (await receiptsOf(chain, result, token))[0].timeNs;
}

test("NEAR revenue is shared by eligible balance; excluded accounts earn nothing; exact revenue_distributed", async (t) => {
  const { token, alice, bob, treasury, payer } = await setup();
  t.regex(failureOf(await payer.callRaw(token, "distribute_revenue", {})), /Attach the NEAR revenue to distribute/);
  const result = await payer.callRaw(
    token,
    "distribute_revenue",
    { memo: "inference fees" },
    { attachedDeposit: 9n * NEAR },
  );
  t.deepEqual(result.logs, [
    modelfund("revenue_distributed", [
      {
        asset: "near",
        sender_id: payer.accountId,
        amount: (9n * NEAR).toString(),
        eligible_supply: "900",
        memo: "inference fees",
      },
    ]),
  ]);
  t.is(await claimable(token, alice), 6n * NEAR);
  t.is(await claimable(token, bob), 3n * NEAR);
  t.is(await claimable(token, treasury), 0n);
  const stats = await revenueStats(token);
  t.like(stats.assets[0], {
    asset: "near",
    total_distributed: (9n * NEAR).toString(),
    total_claimed: "0",
    in_flight: "0",
    outstanding: (9n * NEAR).toString(),
    held: "0",
  });
  t.is(stats.eligible_supply, "900");
  t.is(stats.total_supply, "1000");
  // a transfer settles both sides: bob keeps what he earned, alice earns on her new balance from now on
  await transfer(token, bob, alice, 300n);
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 9n * NEAR });
  t.is(await claimable(token, alice), 15n * NEAR);
  t.is(await claimable(token, bob), 3n * NEAR);
  // transfer to an excluded account leaves the eligible supply
  await transfer(token, alice, treasury, 450n);
  t.is(await token.view("eligible_supply", {}), "450");
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 450n });
  t.is(await claimable(token, alice), 15n * NEAR + 450n);
  t.is(await claimable(token, treasury), 0n);
  await assertInvariant(t, token, [alice, bob, treasury]);
});

test("division remainders are carried to the yocto and paid with the next revenue", async (t) => {
  const { token, alice, bob, treasury, payer } = await setup();
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 1000n }); // 1000/900 per unit
  const perUnit = (1000n * SCALE) / 900n;
  t.is((await revenueStats(token)).assets[0].revenue_per_token_scaled, perUnit.toString());
  t.is(await claimable(token, alice), (600n * perUnit) / SCALE); // 666
  t.is(await claimable(token, bob), (300n * perUnit) / SCALE); // 333
  await assertInvariant(t, token, [alice, bob, treasury]);
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 800n }); // 1800 over 900: exactly 2 per unit in total
  t.is(await claimable(token, alice), 1200n);
  t.is(await claimable(token, bob), 600n);
  await assertInvariant(t, token, [alice, bob, treasury]);
});

test("revenue while too few tokens are eligible is refused and returned to the payer: the first eligible holder captures nothing", async (t) => {
  // Launch: every allocation is excluded, so no token is eligible. Before the fix the 10 NEAR waited in the
  // pending pool and the first account to hold one eligible unit took all of it with a 1-yocto distribution.
  const [owner, treasury, mallory, payer] = await accounts("own", "treas", "mall", "payer");
  const stable = await deployToken(root, fresh("usd"), {
    owner,
    symbol: "USDS",
    allocations: [{ account: payer, amount: 10n ** 12n }],
  });
  const token = await deployToken(root, fresh("tok"), {
    owner,
    revenueToken: stable.accountId,
    allocations: [{ account: treasury, amount: 1000n }],
  });
  await Promise.all([register(token, mallory), register(stable, token, mallory)]);
  t.is((await revenueStats(token)).eligible_supply, "0");
  const before = await nearBalance(payer);
  const refused = await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: 10n * NEAR });
  t.regex(
    failureOf(refused),
    /Revenue is refused while the eligible supply \(0\) is below min_eligible_supply \(1\): no holder could earn it; the payment is returned/,
  );
  const spent = before - (await nearBalance(payer));
  t.true(spent < NEAR / 100n, `the 10 NEAR came back to the payer (spent ${spent} on gas)`);
  // the stablecoin: returned as unused, so the stablecoin refunds it
  const refusedStable = await payStable(stable, payer, token, 5000n);
  t.is(refusedStable.parseResult<string>(), "0");
  t.true(refusedStable.logs.some((l) => l.includes("Revenue is refused while the eligible supply (0)")));
  t.is(await balanceOf(stable, token), 0n);
  t.is(await balanceOf(stable, payer), 10n ** 12n);
  t.like((await revenueStats(token)).assets[0], { total_distributed: "0", held: "0", streaming: "0" });
  // the first account to become eligible gets only what is paid while it holds
  await transfer(token, treasury, mallory, 1n);
  await mallory.call(token, "distribute_revenue", {}, { attachedDeposit: 1n });
  t.is(await claimable(token, mallory), 1n);
  t.is(await claimable(token, mallory, stable.accountId), 0n);
  await assertInvariant(t, token, [treasury, mallory]);
});

test("min_eligible_supply: revenue is refused below it and accepted from it on; exact exclusion events", async (t) => {
  const [owner, alice, payer] = await accounts("own", "alice", "payer");
  const token = await deployToken(root, fresh("tok"), {
    owner,
    allocations: [{ account: alice, amount: 600n }],
    minEligibleSupply: 600n,
  });
  t.is((await token.view<{ min_eligible_supply: string }>("contract_config", {})).min_eligible_supply, "600");
  t.regex(
    failureOf(await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: 500n })),
    /the eligible supply \(0\) is below min_eligible_supply \(600\)/,
  );
  t.deepEqual(await setExclusion(token, owner, alice, false), [
    modelfund("revenue_exclusion_removed", [{ account_id: alice.accountId, balance: "600", eligible_supply: "600" }]),
  ]);
  t.deepEqual(await token.view("excluded_accounts", {}), []);
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 600n });
  t.is(await claimable(token, alice), 600n);
  t.deepEqual(await setExclusion(token, owner, alice, true), [
    modelfund("revenue_exclusion_added", [{ account_id: alice.accountId, balance: "600", eligible_supply: "0" }]),
  ]);
  t.regex(
    failureOf(await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: 100n })),
    /the eligible supply \(0\) is below min_eligible_supply \(600\)/,
  );
  t.is(await claimable(token, alice), 600n, "an excluded account keeps what it earned");
  for (const [value, message] of [
    ["0", /min_eligible_supply must be a positive decimal string/],
    [5, /min_eligible_supply must be a positive decimal string/],
  ] as const) {
    const bad = await subAccount(root, fresh("bad"));
    await bad.deploy(await tokenWasm());
    const init = await bad.callRaw(
      bad,
      "init",
      {
        owner_id: owner.accountId,
        metadata: {
          spec: "ft-1.0.0",
          name: "Bad",
          symbol: "BAD",
          icon: null,
          reference: null,
          reference_hash: null,
          decimals: 18,
        },
        max_supply: "10",
        allocations: [{ account_id: alice.accountId, amount: "10" }],
        timelock_delay_ns: "0",
        min_eligible_supply: value,
      },
      { gas: MAX_GAS },
    );
    t.regex(failureOf(init), message);
  }
  await assertInvariant(t, token, [alice]);
});

test("exclusion changes are validated when scheduled: registered, no-op, the contract itself", async (t) => {
  const { token, owner, alice } = await setup();
  const exclusion = (account_id: string, excluded: boolean) =>
    schedule(token, owner, "set_revenue_exclusion", { account_id, excluded });
  t.regex(failureOf(await exclusion("ghost.test.near", true)), /The account ghost.test.near is not registered/);
  t.regex(
    failureOf(await exclusion(alice.accountId, false)),
    new RegExp(`${alice.accountId} is already earning revenue`),
  );
  t.regex(failureOf(await exclusion(token.accountId, false)), /The token contract itself is always excluded/);
  await setExclusion(token, owner, alice, true);
  t.true(await token.view("is_excluded", { account_id: alice.accountId }));
  t.regex(
    failureOf(await exclusion(alice.accountId, true)),
    new RegExp(`${alice.accountId} is already excluded from revenue`),
  );
});

test("NEAR claims: exact events, amounts, guards", async (t) => {
  const { token, alice, bob, treasury, payer } = await setup();
  t.regex(
    failureOf(await alice.callRaw(token, "claim_revenue", {}, { gas: MAX_GAS })),
    new RegExp(`${alice.accountId} has no near revenue to claim`),
  );
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 9n * NEAR });
  t.regex(
    failureOf(await alice.callRaw(token, "claim_revenue", {}, { gas: 74n * TGAS })),
    /More gas is required: attach at least 75 TGas/,
  );
  t.regex(
    failureOf(await alice.callRaw(token, "claim_revenue", { asset: "usdt.near" }, { gas: MAX_GAS })),
    /Unknown revenue asset \\"usdt.near\\"; assets are: near/,
  );
  const [stranger] = await accounts("stranger");
  t.regex(failureOf(await stranger.callRaw(token, "claim_revenue", {}, { gas: MAX_GAS })), /is not registered/);
  const before = await nearBalance(alice);
  const result = await alice.callRaw(token, "claim_revenue", { asset: "near" }, { gas: 75n * TGAS });
  t.false(result.failed, failureOf(result));
  t.is(result.parseResult<string>(), (6n * NEAR).toString());
  t.deepEqual(result.logs, [
    modelfund("revenue_payout_started", [
      {
        account_id: alice.accountId,
        asset: "near",
        amount: (6n * NEAR).toString(),
        purpose: "claim",
        receiver_id: alice.accountId,
      },
    ]),
    modelfund("revenue_claimed", [
      { account_id: alice.accountId, asset: "near", amount: (6n * NEAR).toString(), purpose: "claim" },
    ]),
  ]);
  const gained = (await nearBalance(alice)) - before;
  t.true(gained > 6n * NEAR - NEAR / 100n && gained < 6n * NEAR, `gained ${gained}`);
  t.is(await claimable(token, alice), 0n);
  const all = await bob.callRaw(token, "claim_all_revenue", {}, { gas: MAX_GAS });
  t.deepEqual(all.parseResult(), { near: (3n * NEAR).toString() });
  t.like((await revenueStats(token)).assets[0], {
    total_claimed: (9n * NEAR).toString(),
    in_flight: "0",
    outstanding: "0",
  });
  t.regex(
    failureOf(await bob.callRaw(token, "claim_all_revenue", {}, { gas: MAX_GAS })),
    new RegExp(`${bob.accountId} has no revenue to claim`),
  );
  await assertInvariant(t, token, [alice, bob, treasury]);
});

test("stablecoin revenue: intake by ft_transfer_call, other msg refunded, other tokens refused, claims and a failed payout re-credited", async (t) => {
  const { token, owner, alice, bob, treasury, payer, stable } = await setup(true);
  const result = await payStable(stable, payer, token, 9000n);
  t.false(result.failed, failureOf(result));
  t.is(result.parseResult<string>(), "9000");
  t.deepEqual(result.logs, [
    nep141("ft_transfer", [{ old_owner_id: payer.accountId, new_owner_id: token.accountId, amount: "9000" }]),
    modelfund("revenue_distributed", [
      { asset: stable.accountId, sender_id: payer.accountId, amount: "9000", eligible_supply: "900" },
    ]),
  ]);
  t.deepEqual(await token.view("revenue_of", { account_id: alice.accountId }), {
    near: "0",
    [stable.accountId]: "6000",
  });
  t.is(await balanceOf(stable, token), 9000n);
  // not revenue: the stablecoin takes it back
  const notRevenue = await payStable(stable, payer, token, 50n, "gift");
  t.is(notRevenue.parseResult<string>(), "0");
  t.true(notRevenue.logs.includes(`Not revenue (msg must be "revenue"): returning 50 to ${payer.accountId}`));
  t.is(await balanceOf(stable, token), 9000n);
  // another token is refused (its ft_transfer_call refunds)
  const other = await deployToken(root, fresh("oth"), {
    owner,
    symbol: "OTH",
    allocations: [{ account: payer, amount: 1000n }],
  });
  await register(other, token);
  const refused = await payStable(other, payer, token, 100n);
  t.regex(failureOf(refused), new RegExp(`Only ${stable.accountId} is accepted as revenue, not ${other.accountId}`));
  t.is(refused.parseResult<string>(), "0");
  t.is(await balanceOf(other, payer), 1000n);
  // alice claims (registered with the stablecoin)
  t.regex(
    failureOf(await alice.callRaw(token, "claim_revenue", { asset: stable.accountId }, { gas: 109n * TGAS })),
    /More gas is required: attach at least 110 TGas/,
  );
  const claim = await alice.callRaw(token, "claim_revenue", { asset: stable.accountId }, { gas: 110n * TGAS });
  t.is(claim.parseResult<string>(), "6000");
  t.deepEqual(claim.logs, [
    modelfund("revenue_payout_started", [
      {
        account_id: alice.accountId,
        asset: stable.accountId,
        amount: "6000",
        purpose: "claim",
        receiver_id: stable.accountId,
      },
    ]),
    nep141("ft_transfer", [
      {
        old_owner_id: token.accountId,
        new_owner_id: alice.accountId,
        amount: "6000",
        memo: `${token.accountId} revenue claim`,
      },
    ]),
    modelfund("revenue_claimed", [
      { account_id: alice.accountId, asset: stable.accountId, amount: "6000", purpose: "claim" },
    ]),
  ]);
  t.is(await balanceOf(stable, alice), 6000n);
  // bob is not registered with the stablecoin: the payout fails and is re-credited to him
  const failed = await bob.callRaw(token, "claim_revenue", { asset: stable.accountId }, { gas: MAX_GAS });
  t.is(failed.parseResult<string>(), "0");
  t.deepEqual(
    failed.logs.filter((l) => l.startsWith("EVENT_JSON")),
    [
      modelfund("revenue_payout_started", [
        {
          account_id: bob.accountId,
          asset: stable.accountId,
          amount: "3000",
          purpose: "claim",
          receiver_id: stable.accountId,
        },
      ]),
      modelfund("revenue_payout_failed", [
        {
          account_id: bob.accountId,
          asset: stable.accountId,
          amount: "3000",
          purpose: "claim",
          recredited_to: "account",
        },
      ]),
    ],
  );
  t.is(await claimable(token, bob, stable.accountId), 3000n);
  t.like((await revenueStats(token)).assets[1], {
    asset: stable.accountId,
    total_distributed: "9000",
    total_claimed: "6000",
    in_flight: "0",
    outstanding: "3000",
  });
  await assertInvariant(t, token, [alice, bob, treasury]);
  // claim_all_revenue pays both assets
  await register(stable, bob);
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 900n });
  const all = await bob.callRaw(token, "claim_all_revenue", {}, { gas: MAX_GAS });
  t.deepEqual(all.parseResult(), { near: "300", [stable.accountId]: "3000" });
  t.is(await balanceOf(stable, bob), 3000n);
  t.deepEqual(await token.view("revenue_of", { account_id: bob.accountId }), { near: "0", [stable.accountId]: "0" });
  // the stablecoin cannot be replaced once it received revenue
  t.regex(
    failureOf(await schedule(token, owner, "set_revenue_token", { token_id: other.accountId })),
    new RegExp(`The revenue token ${stable.accountId} already received revenue and cannot be replaced`),
  );
  await assertInvariant(t, token, [alice, bob, treasury]);
});

test("stablecoin configured later by set_revenue_token (exact config_changed); revenue before it is refused", async (t) => {
  const [owner, alice, payer] = await accounts("own", "alice", "payer");
  const stable = await deployToken(root, fresh("usd"), {
    owner,
    symbol: "USDS",
    allocations: [{ account: payer, amount: 1000n }],
  });
  const token = await deployToken(root, fresh("tok"), {
    owner,
    allocations: [{ account: alice, amount: 10n, earns_revenue: true }],
  });
  await register(stable, token);
  const early = await payStable(stable, payer, token, 100n);
  t.regex(
    failureOf(early),
    new RegExp(`Only a configured revenue token is accepted as revenue, not ${stable.accountId}`),
  );
  t.regex(
    failureOf(await schedule(token, owner, "set_revenue_token", { token_id: "near" })),
    /token_id cannot be \\"near\\"/,
  );
  const set = await timelocked(token, owner, "set_revenue_token", { token_id: stable.accountId });
  t.deepEqual(configEvents(set), [modelfund("config_changed", [{ key: "revenue_token_id", value: stable.accountId }])]);
  await payStable(stable, payer, token, 100n);
  t.is(await claimable(token, alice, stable.accountId), 100n);
});

test("failed NEAR payouts: holder deleted after claiming → re-credited to the account; unregistered and deleted → to the pool", async (t) => {
  const { token, alice, bob, treasury, payer } = await setup();
  const [h1, h2, beneficiary] = await accounts("h1", "h2", "benef");
  await Promise.all([h1.deploy(await receiverWasm()), h2.deploy(await receiverWasm())]);
  await register(token, h1, h2);
  await transfer(token, alice, h1, 100n);
  await transfer(token, alice, h2, 200n);
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 9000n });
  t.is(await claimable(token, h1), 1000n);
  t.is(await claimable(token, h2), 2000n);

  const r1 = await h1.callRaw(
    h1,
    "claim_and_delete",
    { token_id: token.accountId, beneficiary_id: beneficiary.accountId },
    { gas: MAX_GAS },
  );
  t.deepEqual(
    r1.logs.filter((l) => l.startsWith("EVENT_JSON")),
    [
      modelfund("revenue_payout_started", [
        { account_id: h1.accountId, asset: "near", amount: "1000", purpose: "claim", receiver_id: h1.accountId },
      ]),
      modelfund("revenue_payout_failed", [
        { account_id: h1.accountId, asset: "near", amount: "1000", purpose: "claim", recredited_to: "account" },
      ]),
    ],
  );
  t.is(await claimable(token, h1), 1000n);
  t.true((await holderInfo(token, h1)).registered);

  const r2 = await h2.callRaw(
    h2,
    "unregister_and_delete",
    { token_id: token.accountId, beneficiary_id: beneficiary.accountId },
    { gas: MAX_GAS },
  );
  t.deepEqual(
    r2.logs.filter((l) => l.startsWith("EVENT_JSON")),
    [
      nep141("ft_burn", [{ owner_id: h2.accountId, amount: "200", memo: "Account unregistered" }]),
      modelfund("revenue_payout_started", [
        { account_id: h2.accountId, asset: "near", amount: "2000", purpose: "unregister", receiver_id: h2.accountId },
      ]),
      modelfund("revenue_payout_failed", [
        { account_id: h2.accountId, asset: "near", amount: "2000", purpose: "unregister", recredited_to: "pool" },
      ]),
    ],
  );
  const stats = (await revenueStats(token)).assets[0];
  t.like(stats, { held: "0", streaming: "0", in_flight: "0", total_claimed: "0" });
  // the bounced 2000 go back to the remaining holders through the stream (at once: this token's window is 0),
  // over the eligible 700: bob 300 × 2000/700, h1 100 × 2000/700 (floors; the fractions are carried)
  t.is(await claimable(token, bob), 3000n + 857n);
  t.is(await claimable(token, h1), 1000n + 285n);
  await assertInvariant(t, token, [alice, bob, treasury, h1]);
  // with the carried fractions, the next revenue makes it exactly 10 per unit: (2000 + 5000) / 700
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 5000n }); // 7000 over 700 = 10 per unit
  t.is(await claimable(token, bob), 3000n + 3000n);
  t.is(await claimable(token, h1), 1000n + 1000n);
  await assertInvariant(t, token, [alice, bob, treasury, h1]);
});

test("reinvest_revenue: guards, a panicking sale re-credits the holder, an accepting sale gets the NEAR (exact events)", async (t) => {
  const { token, owner, alice, bob, treasury, payer } = await setup();
  const [sale] = await accounts("sale");
  await sale.deploy(await receiverWasm());
  t.regex(
    failureOf(await alice.callRaw(token, "reinvest_revenue", { round_id: 0 }, { attachedDeposit: 1n, gas: MAX_GAS })),
    /No sale contract is configured for reinvestment/,
  );
  const setSale = await timelocked(token, owner, "set_sale_contract", { account_id: sale.accountId });
  t.deepEqual(configEvents(setSale), [
    modelfund("config_changed", [{ key: "sale_contract_id", value: sale.accountId }]),
  ]);
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 9000n });
  t.regex(
    failureOf(await alice.callRaw(token, "reinvest_revenue", { round_id: 0 }, { gas: MAX_GAS })),
    /exactly 1 yoctoNEAR/,
  );
  t.regex(
    failureOf(
      await alice.callRaw(
        token,
        "reinvest_revenue",
        { round_id: 0, sale_contract_id: "x.test.near" },
        { attachedDeposit: 1n, gas: MAX_GAS },
      ),
    ),
    new RegExp(`Revenue can only be reinvested in ${sale.accountId}, not x.test.near`),
  );
  t.regex(
    failureOf(await alice.callRaw(token, "reinvest_revenue", { round_id: -1 }, { attachedDeposit: 1n, gas: MAX_GAS })),
    /round_id must be a non-negative integer/,
  );
  t.regex(
    failureOf(
      await alice.callRaw(token, "reinvest_revenue", { round_id: 0 }, { attachedDeposit: 1n, gas: 134n * TGAS }),
    ),
    /More gas is required/,
  );
  t.regex(
    failureOf(
      await alice.callRaw(
        token,
        "reinvest_revenue",
        { round_id: 0, amount: "6001" },
        { attachedDeposit: 1n, gas: MAX_GAS },
      ),
    ),
    /amount 6001 exceeds the claimable NEAR revenue 6000/,
  );
  const result = await alice.callRaw(
    token,
    "reinvest_revenue",
    { round_id: 3, amount: "2500" },
    { attachedDeposit: 1n, gas: 135n * TGAS },
  );
  t.is(result.parseResult<string>(), "0");
  t.regex(failureOf(result), /sale fixture refuses purchase for .* in round 3/);
  t.deepEqual(
    result.logs.filter((l) => l.startsWith("EVENT_JSON")),
    [
      modelfund("revenue_payout_started", [
        {
          account_id: alice.accountId,
          asset: "near",
          amount: "2500",
          purpose: "reinvest",
          receiver_id: sale.accountId,
        },
      ]),
      modelfund("revenue_payout_failed", [
        { account_id: alice.accountId, asset: "near", amount: "2500", purpose: "reinvest", recredited_to: "account" },
      ]),
    ],
  );
  t.is(await claimable(token, alice), 6000n);
  t.like((await revenueStats(token)).assets[0], { in_flight: "0", total_reinvested: "0" });
  await assertInvariant(t, token, [alice, bob, treasury]);
  // a sale that accepts: the amount is reinvested
  const ok = await alice.callRaw(
    token,
    "reinvest_revenue",
    { round_id: 7, amount: "2500", sale_contract_id: sale.accountId },
    { attachedDeposit: 1n, gas: MAX_GAS },
  );
  t.is(ok.parseResult<string>(), "2500");
  t.deepEqual(ok.logs, [
    modelfund("revenue_payout_started", [
      { account_id: alice.accountId, asset: "near", amount: "2500", purpose: "reinvest", receiver_id: sale.accountId },
    ]),
    modelfund("revenue_reinvested", [
      { account_id: alice.accountId, asset: "near", amount: "2500", purpose: "reinvest", round_id: 7 },
    ]),
  ]);
  t.is(await sale.view("get_purchased", {}), "2500");
  t.is(await claimable(token, alice), 3500n);
  t.like((await revenueStats(token)).assets[0], { in_flight: "0", total_reinvested: "2500", total_claimed: "2500" });
  // without amount: everything claimable
  t.is(await alice.call(token, "reinvest_revenue", { round_id: 7 }, { attachedDeposit: 1n, gas: MAX_GAS }), "3500");
  t.is(await claimable(token, alice), 0n);
  await assertInvariant(t, token, [alice, bob, treasury]);
  const cleared = await timelocked(token, owner, "set_sale_contract", { account_id: null });
  t.deepEqual(configEvents(cleared), [modelfund("config_changed", [{ key: "sale_contract_id", value: null }])]);
});

// ───────────────────────── streaming ─────────────────────────

const SEC = 1_000_000_000n;
const WINDOW = 1000n * SEC;

/**
 * alice 600 + bob 300 earning, treasury 9000 excluded, mallory registered with nothing; revenue streamed over WINDOW,
 * on a chain of the test's own. Why not the file's chain: these tests read exact amounts released between their own
 * transactions and fast-forward past WINDOW, and sandbox_fast_forward moves the one clock of a chain. On a shared
 * chain a test's fast-forward landing between another test's distribution and its next call ends that test's
 * stream early (the pause test then found its stream fully released, not paused).
 */
async function streamSetup(t: ExecutionContext, minEligibleSupply?: bigint) {
  const chain = await startWorker();
  t.teardown(() => chain.tearDown());
  const [owner, alice, bob, treasury, mallory, payer] = await accountsOf(
    chain.rootAccount,
    "own",
    "alice",
    "bob",
    "treas",
    "mall",
    "payer",
  );
  const token = await deployToken(chain.rootAccount, fresh("tok"), {
    owner,
    allocations: [
      { account: alice, amount: 600n, earns_revenue: true },
      { account: bob, amount: 300n, earns_revenue: true },
      { account: treasury, amount: 9000n },
    ],
    revenueStreamNs: WINDOW,
    minEligibleSupply,
  });
  await register(token, mallory);
  return { chain, token, owner, alice, bob, treasury, mallory, payer };
}

test("a distribution streams over revenue_stream_ns: buying just before and selling just after earns only the time held", async (t) => {
  const { chain, token, alice, bob, treasury, mallory, payer } = await streamSetup(t);
  t.is((await token.view<{ revenue_stream_ns: string }>("contract_config", {})).revenue_stream_ns, WINDOW.toString());
  const amount = 9900n * 10n ** 18n;
  // mallory "buys" 9000 right before a large distribution and sells right after
  await transfer(token, treasury, mallory, 9000n);
  const distributed = await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: amount });
  t.false(distributed.failed, failureOf(distributed));
  const sale = await mallory.callRaw(
    token,
    "ft_transfer",
    { receiver_id: treasury.accountId, amount: "9000" },
    { attachedDeposit: 1n },
  );
  const sold = await pinBlock(chain); // at or after the sale's block
  const [tDist, tSell] = [await tokenTime(chain, token, distributed), await tokenTime(chain, token, sale)];
  const rate = (amount * SCALE) / WINDOW;
  const stats = await sold.view<RevenueStats>(token, "revenue_stats");
  t.like(stats.assets[0].stream, {
    rate_scaled_per_ns: rate.toString(),
    period_finish_ns: (tDist + WINDOW).toString(),
    amount_scaled: (amount * SCALE).toString(),
    paused: false,
  });
  // mallory earned exactly her share of what was released while she held: 9000/9900 of rate × (t_sell − t_dist)
  const mallorysInfo = await sold.view<HolderInfo>(token, "holder_info", { account_id: mallory.accountId });
  const malloryOwed = BigInt(mallorysInfo.owed_scaled.near);
  t.true(tSell > tDist);
  t.is(malloryOwed, 9000n * ((rate * (tSell - tDist)) / 9900n));
  // without streaming she would have taken 9000/9900 of it at once; she held for far less than the window
  t.true(
    malloryOwed / SCALE < (amount * 9000n) / 9900n / 10n,
    `mallory earned ${malloryOwed / SCALE} of ${amount} in ${(tSell - tDist) / SEC} s: less than a tenth of the instant share`,
  );
  // claimable grows block by block for the holders who stay
  const earlier = BigInt(
    (await sold.view<HolderInfo>(token, "holder_info", { account_id: alice.accountId })).claimable.near,
  );
  await chain.provider.fastForward(10);
  const later = await pinBlock(chain);
  const aliceLater = BigInt(
    (await later.view<HolderInfo>(token, "holder_info", { account_id: alice.accountId })).claimable.near,
  );
  const expectedGrowth = (rate * (later.timestampNs - sold.timestampNs) * 600n) / 900n / SCALE;
  t.true(
    aliceLater - earlier >= expectedGrowth - 1n && aliceLater - earlier <= expectedGrowth + 1n,
    `${aliceLater - earlier} vs ${expectedGrowth}`,
  );
  await assertInvariant(t, token, [alice, bob, treasury, mallory], chain);
  // after the window everything is released: alice and bob share the rest 2:1
  await chain.provider.fastForward(Number(WINDOW / SEC) + 2);
  const done = await pinBlock(chain);
  const end = await done.view<RevenueStats>(token, "revenue_stats");
  t.like(end.assets[0], { streaming: "0" });
  t.like(end.assets[0].stream, { unstreamed_scaled: "0", streamed_scaled: (amount * SCALE).toString() });
  const [a, b] = await Promise.all(
    [alice, bob].map(async (h) =>
      BigInt((await done.view<HolderInfo>(token, "holder_info", { account_id: h.accountId })).owed_scaled.near),
    ),
  );
  t.is(a, 2n * b);
  t.is(a + b + malloryOwed + BigInt(end.assets[0].pending_scaled), amount * SCALE);
  // the claim pays what has streamed by its block
  const claim = await bob.callRaw(token, "claim_revenue", {}, { gas: MAX_GAS });
  t.is(claim.parseResult<string>(), (b / SCALE).toString());
  await assertInvariant(t, token, [alice, bob, treasury, mallory], chain);
});

test("a new distribution during a stream adds the unstreamed rest and restarts the window", async (t) => {
  const { chain, token, alice, bob, treasury, mallory, payer } = await streamSetup(t);
  const first = await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: 9000n * 10n ** 18n });
  await chain.provider.fastForward(30);
  const second = await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: 900n * 10n ** 18n });
  const [t1, t2] = [await tokenTime(chain, token, first), await tokenTime(chain, token, second)];
  const rate1 = (9000n * 10n ** 18n * SCALE) / WINDOW;
  const rest = 9000n * 10n ** 18n * SCALE - rate1 * (t2 - t1);
  const total = rest + 900n * 10n ** 18n * SCALE;
  const stream = (await revenueStats(token)).assets[0].stream;
  t.is(stream.amount_scaled, total.toString());
  t.is(stream.rate_scaled_per_ns, (total / WINDOW).toString());
  t.is(stream.period_finish_ns, (t2 + WINDOW).toString());
  await assertInvariant(t, token, [alice, bob, treasury, mallory], chain);
});

test("the stream pauses while the eligible supply is below min_eligible_supply and resumes with its remaining duration", async (t) => {
  const { chain, token, alice, bob, treasury, mallory, payer } = await streamSetup(t, 500n);
  await transfer(token, bob, treasury, 300n); // eligible: alice's 600
  const distributed = await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: 6000n * 10n ** 18n });
  await chain.provider.fastForward(10);
  const paused = await alice.callRaw(
    token,
    "ft_transfer",
    { receiver_id: treasury.accountId, amount: "200" },
    { attachedDeposit: 1n },
  ); // eligible 400 < 500
  const [tDist, tPause] = [await tokenTime(chain, token, distributed), await tokenTime(chain, token, paused)];
  const before = await pinBlock(chain);
  const owedBefore = (await before.view<HolderInfo>(token, "holder_info", { account_id: alice.accountId })).owed_scaled
    .near;
  const streamBefore = (await before.view<RevenueStats>(token, "revenue_stats")).assets[0].stream;
  t.true(streamBefore.paused);
  t.is(streamBefore.period_finish_ns, (before.timestampNs + tDist + WINDOW - tPause).toString());
  t.regex(
    failureOf(await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: NEAR })),
    /the eligible supply \(400\) is below min_eligible_supply \(500\)/,
  );
  await chain.provider.fastForward(20);
  const after = await pinBlock(chain);
  t.is(
    (await after.view<HolderInfo>(token, "holder_info", { account_id: alice.accountId })).owed_scaled.near,
    owedBefore,
    "nothing is released while paused",
  );
  t.is(
    (await after.view<RevenueStats>(token, "revenue_stats")).assets[0].stream.period_finish_ns,
    (after.timestampNs + tDist + WINDOW - tPause).toString(),
  );
  await transfer(token, treasury, alice, 200n);
  await chain.provider.fastForward(Number(WINDOW / SEC) + 2);
  const done = await pinBlock(chain);
  const stats = await done.view<RevenueStats>(token, "revenue_stats");
  t.like(stats.assets[0].stream, { unstreamed_scaled: "0", paused: false });
  const owed = BigInt(
    (await done.view<HolderInfo>(token, "holder_info", { account_id: alice.accountId })).owed_scaled.near,
  );
  t.is(
    owed + BigInt(stats.assets[0].pending_scaled),
    6000n * 10n ** 18n * SCALE,
    "alice, the only eligible holder, earned it all",
  );
  await assertInvariant(t, token, [alice, bob, treasury, mallory], chain);
});

// ---- revenue history (contracts/token/history.ts) --------------------------------

const HISTORY_BYTES_PER_ENTRY = 3 + 57 + 40; // key "hNN", record, NEAR's per-record overhead
const HISTORY_COUNT_BYTES = 2 + 8 + 40; // key "hn", u64

/** A receipt's storage operations by cost name (gas used; each count is gas / its base fee). */
function storageProfile(result: TxResult): Record<string, string> {
  const raw = (result as unknown as { result: { receipts_outcome: RawProfiled[] } }).result.receipts_outcome;
  const entries = raw[0].outcome.metadata.gas_profile ?? [];
  const profile: Record<string, string> = {};
  for (const entry of entries) if (/^STORAGE_\w+_BASE$/.test(entry.cost)) profile[entry.cost] = entry.gas_used;
  return profile;
}

interface RawProfiled {
  outcome: { metadata: { gas_profile: { cost: string; gas_used: string }[] | null } };
}

/** Bytes the token stakes for its history keys ("h" + two hex digits, and the count "hn"). */
async function historyStorage(token: NearAccount): Promise<{ keys: number; bytes: number }> {
  const state = await token.viewStateRaw();
  let keys = 0;
  let bytes = 0;
  for (const { key, value } of state) {
    const name = Buffer.from(key, "base64").toString("latin1");
    if (!/^h([0-9a-f]{2}|n)$/.test(name)) continue;
    keys += 1;
    bytes += name.length + Buffer.from(value, "base64").length + 40;
  }
  return { keys, bytes };
}

test("revenue history: one entry per accepted distribution, oldest first, paginated; bad arguments panic; transfers never touch it", async (t) => {
  const { token, alice, bob, treasury, payer, stable } = await setup(true);
  t.deepEqual(await token.view("revenue_history", {}), { total: 0, capacity: 128, oldest_index: 0, entries: [] });
  const transferBefore = await alice.callRaw(
    token,
    "ft_transfer",
    { receiver_id: bob.accountId, amount: "1" },
    { attachedDeposit: 1n },
  );
  const near1 = await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: 9n * NEAR });
  await payStable(stable, payer, token, 5000n, "not revenue"); // returned unused: not a distribution
  const stable1 = await payStable(stable, payer, token, 5000n);
  const near2 = await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: 900n });
  t.regex(failureOf(await payer.callRaw(token, "distribute_revenue", {})), /Attach the NEAR revenue/);
  const times = await Promise.all([near1, stable1, near2].map((r) => tokenTime(worker, token, r)));
  const entry = (index: number, asset: string, amount: bigint, total: bigint) => ({
    index,
    timestamp_ns: times[index].toString(),
    asset,
    amount: amount.toString(),
    eligible_supply: "900",
    total_distributed: total.toString(),
  });
  const all = [
    entry(0, "near", 9n * NEAR, 9n * NEAR),
    entry(1, stable.accountId, 5000n, 5000n),
    entry(2, "near", 900n, 9n * NEAR + 900n),
  ];
  t.deepEqual(await token.view("revenue_history", {}), { total: 3, capacity: 128, oldest_index: 0, entries: all });
  const page = (args: Record<string, unknown>) => token.view<{ entries: unknown[] }>("revenue_history", args);
  t.deepEqual((await page({ from_index: 1, limit: 1 })).entries, [all[1]]);
  t.deepEqual((await page({ from_index: 1 })).entries, all.slice(1));
  t.deepEqual((await page({ limit: 2 })).entries, all.slice(0, 2));
  t.deepEqual((await page({ from_index: 3 })).entries, []);
  t.deepEqual((await page({ from_index: null, limit: null })).entries, all);
  await t.throwsAsync(page({ limit: 0 }), { message: /limit must be between 1 and 128, got 0/ });
  await t.throwsAsync(page({ limit: 129 }), { message: /limit must be between 1 and 128, got 129/ });
  await t.throwsAsync(page({ from_index: -1 }), { message: /from_index must be a non-negative integer, got -1/ });
  await t.throwsAsync(page({ from_index: "1" }), {
    message: /from_index must be a non-negative integer, got \\?"1\\?"/, // the RPC escapes the panic's quotes
  });
  // a transfer reads and writes exactly what it did before the history existed, and stakes no storage
  const staked = (await token.accountView()).storage_usage;
  const transferAfter = await alice.callRaw(
    token,
    "ft_transfer",
    { receiver_id: bob.accountId, amount: "1" },
    { attachedDeposit: 1n },
  );
  t.deepEqual(storageProfile(transferAfter), storageProfile(transferBefore));
  t.is((await token.accountView()).storage_usage, staked);
  await assertInvariant(t, token, [alice, bob, treasury]);
});

test("revenue history: past its capacity the oldest entries are overwritten and its storage stays at 12,850 bytes", async (t) => {
  const { token, alice, bob, payer } = await setup();
  const payers = [payer, ...(await accounts("pay", "pay", "pay", "pay", "pay", "pay", "pay"))];
  const amount = 9n * 10n ** 20n; // a multiple of the eligible 900: the state's numbers keep their length
  const distribute = async (count: number) => {
    const perPayer = Math.ceil(count / payers.length);
    await Promise.all(
      payers.map(async (p, i) => {
        for (let n = i * perPayer; n < Math.min(count, (i + 1) * perPayer); n++) {
          await p.call(token, "distribute_revenue", {}, { attachedDeposit: amount });
        }
      }),
    );
  };
  await distribute(128);
  t.deepEqual(await historyStorage(token), { keys: 129, bytes: 128 * HISTORY_BYTES_PER_ENTRY + HISTORY_COUNT_BYTES });
  t.is(128 * HISTORY_BYTES_PER_ENTRY + HISTORY_COUNT_BYTES, 12_850);
  const staked = (await token.accountView()).storage_usage;
  const transfer = () =>
    alice.callRaw(token, "ft_transfer", { receiver_id: bob.accountId, amount: "1" }, { attachedDeposit: 1n });
  const transferFull = await transfer();
  await distribute(2);
  t.deepEqual(await historyStorage(token), { keys: 129, bytes: 12_850 });
  t.is((await token.accountView()).storage_usage, staked);
  const transferWrapped = await transfer();
  t.deepEqual(storageProfile(transferWrapped), storageProfile(transferFull));
  const history = await token.view<{
    total: number;
    oldest_index: number;
    entries: { index: number; total_distributed: string }[];
  }>("revenue_history", {});
  t.is(history.total, 130);
  t.is(history.oldest_index, 2);
  t.is(history.entries.length, 128);
  t.deepEqual(
    history.entries.map((e) => [e.index, e.total_distributed]),
    [...Array(128).keys()].map((i) => [i + 2, ((BigInt(i) + 3n) * amount).toString()]),
  );
  const oldest = await token.view<{ entries: { index: number }[] }>("revenue_history", { from_index: 0, limit: 1 });
  t.deepEqual(
    oldest.entries.map((e) => e.index),
    [2],
  ); // entries 0 and 1 were overwritten
  const last = await token.view<{ entries: { index: number }[] }>("revenue_history", { from_index: 129 });
  t.deepEqual(
    last.entries.map((e) => e.index),
    [129],
  );
});
