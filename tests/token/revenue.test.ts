/**
 * Revenue paths of the project token: NEAR and stablecoin intake, excluded
 * accounts, zero eligible supply, claims, failed payouts re-credited (to the
 * account or to the pool), the reinvestment failure path, with exact events.
 */
import test from "ava";
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
  subAccount,
  tokenWasm,
  transfer,
} from "../helpers/token-setup.ts";

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
  return Promise.all(names.map((name) => subAccount(root, fresh(name))));
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

/** distributed·SCALE = (claimed + in_flight)·SCALE + Σ owed_scaled + pending_scaled, exactly, over `holders`. */
async function assertInvariant(t: any, token: NearAccount, holders: (NearAccount | string)[]) {
  const stats = await revenueStats(token);
  const infos = await Promise.all(holders.map((h) => holderInfo(token, h)));
  for (const asset of stats.assets) {
    const owed = infos.reduce((s, i) => s + BigInt(i.owed_scaled[asset.asset]), 0n);
    const lhs = BigInt(asset.total_distributed) * SCALE;
    const rhs = (BigInt(asset.total_claimed) + BigInt(asset.in_flight)) * SCALE + owed + BigInt(asset.pending_scaled!);
    t.is(lhs, rhs, `invariant of ${asset.asset}`);
  }
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
  t.is(await token.view("get_eligible_supply", {}), "450");
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

test("zero eligible supply: revenue is held, then distributed when tokens become eligible (exclusion events exact)", async (t) => {
  const [owner, alice, payer] = await accounts("own", "alice", "payer");
  const token = await deployToken(root, fresh("tok"), { owner, allocations: [{ account: alice, amount: 600n }] });
  t.is(await token.view("get_eligible_supply", {}), "0");
  const held = await payer.callRaw(token, "distribute_revenue", {}, { attachedDeposit: 500n });
  t.deepEqual(held.logs, [
    modelfund("revenue_distributed", [
      { asset: "near", sender_id: payer.accountId, amount: "500", eligible_supply: "0" },
    ]),
  ]);
  t.like((await revenueStats(token)).assets[0], { held: "500", revenue_per_token_scaled: "0", outstanding: "500" });
  t.is(await claimable(token, alice), 0n);
  const include = await owner.callRaw(
    token,
    "set_revenue_exclusion",
    { account_id: alice.accountId, excluded: false },
    { attachedDeposit: 1n },
  );
  t.deepEqual(include.logs, [
    modelfund("revenue_exclusion_removed", [{ account_id: alice.accountId, balance: "600", eligible_supply: "600" }]),
  ]);
  t.deepEqual(await token.view("get_excluded_accounts", {}), []);
  t.is(await claimable(token, alice), 0n); // not yet folded
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 100n });
  t.is(await claimable(token, alice), 600n);
  t.like((await revenueStats(token)).assets[0], { held: "0" });
  const exclude = await owner.callRaw(
    token,
    "set_revenue_exclusion",
    { account_id: alice.accountId, excluded: true },
    { attachedDeposit: 1n },
  );
  t.deepEqual(exclude.logs, [
    modelfund("revenue_exclusion_added", [{ account_id: alice.accountId, balance: "600", eligible_supply: "0" }]),
  ]);
  await payer.call(token, "distribute_revenue", {}, { attachedDeposit: 100n });
  t.is(await claimable(token, alice), 600n, "an excluded account keeps what it earned and earns nothing more");
  await assertInvariant(t, token, [alice]);
});

test("exclusion guards: config role, 1 yocto, registered, no-op, the contract itself", async (t) => {
  const { token, owner, alice, bob } = await setup();
  const args = { account_id: alice.accountId, excluded: true };
  t.regex(failureOf(await owner.callRaw(token, "set_revenue_exclusion", args)), /exactly 1 yoctoNEAR/);
  t.regex(
    failureOf(await bob.callRaw(token, "set_revenue_exclusion", args, { attachedDeposit: 1n })),
    new RegExp(`Caller ${bob.accountId} lacks the role \\\\"config\\\\" required by this method`),
  );
  t.regex(
    failureOf(
      await owner.callRaw(
        token,
        "set_revenue_exclusion",
        { account_id: "ghost.test.near", excluded: true },
        { attachedDeposit: 1n },
      ),
    ),
    /The account ghost.test.near is not registered/,
  );
  t.regex(
    failureOf(
      await owner.callRaw(token, "set_revenue_exclusion", { ...args, excluded: false }, { attachedDeposit: 1n }),
    ),
    new RegExp(`${alice.accountId} is already earning revenue`),
  );
  t.regex(
    failureOf(
      await owner.callRaw(
        token,
        "set_revenue_exclusion",
        { account_id: token.accountId, excluded: false },
        { attachedDeposit: 1n },
      ),
    ),
    /The token contract itself is always excluded/,
  );
  await owner.call(token, "grant_role", { role: "config", account_id: bob.accountId }, { attachedDeposit: 1n });
  await bob.call(token, "set_revenue_exclusion", args, { attachedDeposit: 1n });
  t.true(await token.view("is_excluded", { account_id: alice.accountId }));
  t.regex(
    failureOf(await bob.callRaw(token, "set_revenue_exclusion", args, { attachedDeposit: 1n })),
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
    failureOf(await owner.callRaw(token, "set_revenue_token", { token_id: other.accountId }, { attachedDeposit: 1n })),
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
    failureOf(await owner.callRaw(token, "set_revenue_token", { token_id: "near" }, { attachedDeposit: 1n })),
    /token_id cannot be \\"near\\"/,
  );
  const set = await owner.callRaw(token, "set_revenue_token", { token_id: stable.accountId }, { attachedDeposit: 1n });
  t.deepEqual(set.logs, [modelfund("config_changed", [{ key: "revenue_token_id", value: stable.accountId }])]);
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
  t.like(stats, { held: "2000", in_flight: "0", total_claimed: "0" });
  await assertInvariant(t, token, [alice, bob, treasury, h1]);
  // the pool goes to the remaining holders with the next revenue: eligible is now 700
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
  const setSale = await owner.callRaw(
    token,
    "set_sale_contract",
    { account_id: sale.accountId },
    { attachedDeposit: 1n },
  );
  t.deepEqual(setSale.logs, [modelfund("config_changed", [{ key: "sale_contract_id", value: sale.accountId }])]);
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
  const cleared = await owner.callRaw(token, "set_sale_contract", { account_id: null }, { attachedDeposit: 1n });
  t.deepEqual(cleared.logs, [modelfund("config_changed", [{ key: "sale_contract_id", value: null }])]);
});
