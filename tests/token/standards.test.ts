/**
 * NEP-141 / NEP-145 / NEP-148 rules of the project token on the local chain,
 * with the exact JSON of every event they log. One Worker for the file; each
 * test deploys its own token and accounts.
 */
import anyTest, { type TestFn } from "ava";
import { fresh, newAccounts, setupTokenWorld, type TokenWorld } from "../helpers/token-fixture.ts";
import { NEAR, TGAS, type NearAccount } from "../helpers/workspace.ts";
import {
  balanceOf,
  deployToken,
  failureOf,
  holderInfo,
  MAX_GAS,
  metadata,
  modelfund,
  nearBalance,
  nep141,
  receiverWasm,
  register,
  contractConfig,
  storageCost,
  subAccount,
  tokenWasm,
  transfer,
} from "../helpers/token-setup.ts";

const test = anyTest as TestFn<TokenWorld>;

test.before(async (t) => {
  t.context = await setupTokenWorld();
});
test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

/** A token where alice holds 1000 (earning), plus registered bob and a registered receiver fixture. */
async function setup(world: TokenWorld) {
  const [owner, alice, bob, recv] = await newAccounts(world, "own", "alice", "bob", "recv");
  const token = await deployToken(world.root, fresh(world, "tok"), {
    owner,
    allocations: [{ account: alice, amount: 1000n, earns_revenue: true }],
  });
  await recv.deploy(await receiverWasm());
  await register(token, bob, recv);
  return { token, owner, alice, bob, recv };
}

async function supply(token: NearAccount): Promise<bigint> {
  return BigInt(await token.view<string>("ft_total_supply", {}));
}

// ─────────────── init and NEP-148 ───────────────

test("init mints the allocations with one ft_mint event and fixes the supply; NEP-148 metadata and NEP-330", async (t) => {
  const [owner, a, b, sale] = await newAccounts(t.context, "own", "a", "b", "sale");
  const token = await subAccount(t.context.root, fresh(t.context, "tok"), 50n * NEAR);
  await token.deploy(await tokenWasm());
  const args = {
    owner_id: owner.accountId,
    metadata: metadata("MFT", 18),
    max_supply: "1000",
    allocations: [
      { account_id: a.accountId, amount: "600", earns_revenue: true },
      { account_id: b.accountId, amount: "300", earns_revenue: true },
      { account_id: sale.accountId, amount: "100" },
    ],
    timelock_delay_ns: "0",
  };
  const bad = await token.callRaw(token, "init", { ...args, max_supply: "999" }, { gas: MAX_GAS });
  t.regex(failureOf(bad), /The allocations add up to 1000, not to max_supply 999/);
  const dup = await token.callRaw(
    token,
    "init",
    { ...args, allocations: [args.allocations[0], args.allocations[0]], max_supply: "1200" },
    { gas: MAX_GAS },
  );
  t.regex(failureOf(dup), /appears in allocations more than once/);
  const badMeta = await token.callRaw(
    token,
    "init",
    { ...args, metadata: { ...metadata(), spec: "ft-2.0.0" } },
    { gas: MAX_GAS },
  );
  t.regex(failureOf(badMeta), /metadata.spec must be \\"ft-1.0.0\\"/);

  const result = await token.callRaw(token, "init", args, { gas: MAX_GAS });
  t.false(result.failed, failureOf(result));
  t.deepEqual(result.logs, [
    nep141("ft_mint", [
      { owner_id: a.accountId, amount: "600", memo: "initial allocation" },
      { owner_id: b.accountId, amount: "300", memo: "initial allocation" },
      { owner_id: sale.accountId, amount: "100", memo: "initial allocation" },
    ]),
  ]);
  const again = await token.callRaw(token, "init", args, { gas: MAX_GAS });
  t.true(again.failed);

  t.is(await supply(token), 1000n);
  t.is(await balanceOf(token, a), 600n);
  t.is(await balanceOf(token, sale), 100n);
  t.is(await balanceOf(token, "nobody.test.near"), 0n);
  t.deepEqual(await token.view("ft_metadata", {}), metadata("MFT", 18));
  t.true(await token.view("is_excluded", { account_id: sale.accountId }));
  t.false(await token.view("is_excluded", { account_id: a.accountId }));
  t.deepEqual(await token.view("excluded_accounts", {}), [sale.accountId]);
  t.is(await token.view("eligible_supply", {}), "900");
  t.deepEqual(await token.view("contract_source_metadata", {}), {
    version: "0.1.0",
    link: null,
    standards: [
      { standard: "nep141", version: "1.0.0" },
      { standard: "nep145", version: "1.0.0" },
      { standard: "nep148", version: "1.0.0" },
      { standard: "nep297", version: "1.0.0" },
      { standard: "nep330", version: "1.1.0" },
    ],
  });
  const config = await contractConfig(token);
  t.is(config.max_supply, "1000");
  t.is(config.owner_id, owner.accountId);
  // the token paid the allocations' registrations: none of it is owed back as a deposit
  t.is(config.registration_deposits, "0");
});

// ─────────────── NEP-141 ft_transfer ───────────────

test("ft_transfer: 1 yocto, registration, amount and balance rules; exact ft_transfer event", async (t) => {
  const { token, alice, bob } = await setup(t.context);
  const args = { receiver_id: bob.accountId, amount: "10" };
  t.regex(
    failureOf(await alice.callRaw(token, "ft_transfer", args)),
    /Requires attached deposit of exactly 1 yoctoNEAR/,
  );
  t.regex(failureOf(await alice.callRaw(token, "ft_transfer", args, { attachedDeposit: 2n })), /exactly 1 yoctoNEAR/);
  t.regex(
    failureOf(
      await alice.callRaw(token, "ft_transfer", { ...args, receiver_id: "ghost.test.near" }, { attachedDeposit: 1n }),
    ),
    /The account ghost.test.near is not registered/,
  );
  t.regex(
    failureOf(
      await bob.callRaw(token, "ft_transfer", { receiver_id: alice.accountId, amount: "1" }, { attachedDeposit: 1n }),
    ),
    /The account doesn't have enough balance/,
  );
  t.regex(
    failureOf(
      await alice.callRaw(token, "ft_transfer", { ...args, receiver_id: alice.accountId }, { attachedDeposit: 1n }),
    ),
    /Sender and receiver should be different/,
  );
  t.regex(
    failureOf(await alice.callRaw(token, "ft_transfer", { ...args, amount: "0" }, { attachedDeposit: 1n })),
    /The amount should be a positive number/,
  );
  t.regex(
    failureOf(await alice.callRaw(token, "ft_transfer", { ...args, amount: 10 }, { attachedDeposit: 1n })),
    /amount must be a decimal string \(U128\)/,
  );
  t.regex(
    failureOf(
      await alice.callRaw(token, "ft_transfer", { ...args, amount: (1n << 128n).toString() }, { attachedDeposit: 1n }),
    ),
    /amount exceeds the U128 maximum/,
  );
  const stranger = (await newAccounts(t.context, "stranger"))[0];
  t.regex(
    failureOf(await stranger.callRaw(token, "ft_transfer", args, { attachedDeposit: 1n })),
    new RegExp(`The account ${stranger.accountId} is not registered`),
  );

  const ok = await alice.callRaw(token, "ft_transfer", { ...args, memo: "rent" }, { attachedDeposit: 1n });
  t.deepEqual(ok.logs, [
    nep141("ft_transfer", [{ old_owner_id: alice.accountId, new_owner_id: bob.accountId, amount: "10", memo: "rent" }]),
  ]);
  const noMemo = await alice.callRaw(token, "ft_transfer", args, { attachedDeposit: 1n });
  t.deepEqual(noMemo.logs, [
    nep141("ft_transfer", [{ old_owner_id: alice.accountId, new_owner_id: bob.accountId, amount: "10" }]),
  ]);
  t.is(await balanceOf(token, alice), 980n);
  t.is(await balanceOf(token, bob), 20n);
  t.is(await supply(token), 1000n);
  // the whole balance can move
  await transfer(token, alice, bob, 980n);
  t.is(await balanceOf(token, alice), 0n);
});

// ─────────────── NEP-141 ft_transfer_call ───────────────

async function transferCall(
  token: NearAccount,
  from: NearAccount,
  to: NearAccount | string,
  amount: bigint,
  msg: string,
  gas = MAX_GAS,
) {
  return from.callRaw(
    token,
    "ft_transfer_call",
    { receiver_id: typeof to === "string" ? to : to.accountId, amount: amount.toString(), msg },
    { attachedDeposit: 1n, gas },
  );
}

test("ft_transfer_call: receiver uses all", async (t) => {
  const { token, alice, recv } = await setup(t.context);
  const result = await transferCall(token, alice, recv, 100n, "all");
  t.false(result.failed, failureOf(result));
  t.is(result.parseResult<string>(), "100");
  t.deepEqual(result.logs, [
    nep141("ft_transfer", [{ old_owner_id: alice.accountId, new_owner_id: recv.accountId, amount: "100" }]),
  ]);
  t.is(await balanceOf(token, recv), 100n);
  t.is(await balanceOf(token, alice), 900n);
  t.is(await recv.view("get_received", {}), 1);
});

test("ft_transfer_call: receiver uses part, the rest is refunded with memo refund", async (t) => {
  const { token, alice, recv } = await setup(t.context);
  const result = await transferCall(token, alice, recv, 100n, "part:30");
  t.is(result.parseResult<string>(), "70");
  t.deepEqual(result.logs, [
    nep141("ft_transfer", [{ old_owner_id: alice.accountId, new_owner_id: recv.accountId, amount: "100" }]),
    nep141("ft_transfer", [
      { old_owner_id: recv.accountId, new_owner_id: alice.accountId, amount: "30", memo: "refund" },
    ]),
  ]);
  t.is(await balanceOf(token, recv), 70n);
  t.is(await balanceOf(token, alice), 930n);
  // an unused amount above the transferred amount refunds only the amount
  const over = await transferCall(token, alice, recv, 10n, "part:500");
  t.is(over.parseResult<string>(), "0");
  t.is(await balanceOf(token, recv), 70n);
  t.is(await balanceOf(token, alice), 930n);
});

test("ft_transfer_call: refund all, receiver panics, malformed answer, receiver without contract, receiver account deleted", async (t) => {
  const { token, alice, bob, recv } = await setup(t.context);
  for (const msg of ["refund", "panic", "garbage"]) {
    const result = await transferCall(token, alice, recv, 100n, msg);
    t.is(result.parseResult<string>(), "0", msg);
    t.deepEqual(
      result.logs.filter((l) => l.startsWith("EVENT_JSON")),
      [
        nep141("ft_transfer", [{ old_owner_id: alice.accountId, new_owner_id: recv.accountId, amount: "100" }]),
        nep141("ft_transfer", [
          { old_owner_id: recv.accountId, new_owner_id: alice.accountId, amount: "100", memo: "refund" },
        ]),
      ],
    );
    if (msg === "panic") t.regex(failureOf(result), /receiver fixture panics on purpose/);
  }
  // bob is registered but has no contract: the call fails, everything comes back
  const plain = await transferCall(token, alice, bob, 50n, "x");
  t.is(plain.parseResult<string>(), "0");
  t.is(await balanceOf(token, bob), 0n);
  // a registered receiver whose NEAR account was deleted: the call cannot even start, everything comes back
  const [gone] = await newAccounts(t.context, "gone");
  await register(token, gone);
  await gone.delete(t.context.root.accountId);
  const deleted = await transferCall(token, alice, gone, 40n, "all");
  t.is(deleted.parseResult<string>(), "0");
  t.deepEqual(
    deleted.logs.filter((l) => l.startsWith("EVENT_JSON")),
    [
      nep141("ft_transfer", [{ old_owner_id: alice.accountId, new_owner_id: gone.accountId, amount: "40" }]),
      nep141("ft_transfer", [
        { old_owner_id: gone.accountId, new_owner_id: alice.accountId, amount: "40", memo: "refund" },
      ]),
    ],
  );
  t.is(await balanceOf(token, gone), 0n);
  t.is(await balanceOf(token, alice), 1000n);
  t.is(await balanceOf(token, recv), 0n);
  t.is(await supply(token), 1000n);
});

test("ft_transfer_call: gas, deposit and registration guards", async (t) => {
  const { token, alice, recv } = await setup(t.context);
  t.regex(failureOf(await transferCall(token, alice, recv, 1n, "all", 85n * TGAS)), /More gas is required/);
  t.regex(
    failureOf(
      await alice.callRaw(
        token,
        "ft_transfer_call",
        { receiver_id: recv.accountId, amount: "1", msg: "all" },
        { gas: MAX_GAS },
      ),
    ),
    /exactly 1 yoctoNEAR/,
  );
  t.regex(
    failureOf(await transferCall(token, alice, "ghost.test.near", 1n, "all")),
    /The account ghost.test.near is not registered/,
  );
  t.regex(
    failureOf(
      await alice.callRaw(
        token,
        "ft_transfer_call",
        { receiver_id: recv.accountId, amount: "1" },
        { attachedDeposit: 1n, gas: MAX_GAS },
      ),
    ),
    /msg must be a string/,
  );
  const ok = await transferCall(token, alice, recv, 1n, "all", 90n * TGAS);
  t.false(ok.failed, failureOf(ok));
  t.is(await balanceOf(token, recv), 1n);
});

test("ft_transfer_call: receiver unregistered (deleted) before the resolution keeps nothing to refund", async (t) => {
  const { token, alice, recv } = await setup(t.context);
  const result = await transferCall(token, alice, recv, 100n, "unregister");
  t.false(result.failed, failureOf(result));
  t.is(result.parseResult<string>(), "100");
  t.deepEqual(
    result.logs.filter((l) => l.startsWith("EVENT_JSON")),
    [
      nep141("ft_transfer", [{ old_owner_id: alice.accountId, new_owner_id: recv.accountId, amount: "100" }]),
      nep141("ft_burn", [{ owner_id: recv.accountId, amount: "100", memo: "Account unregistered" }]),
    ],
  );
  t.is(await balanceOf(token, alice), 900n);
  t.false((await holderInfo(token, recv)).registered);
  t.is(await supply(token), 900n);
});

test("ft_transfer_call: sender unregistered before the resolution: the refund is burned", async (t) => {
  const { token, alice, recv } = await setup(t.context);
  const sender = (await newAccounts(t.context, "sender"))[0];
  await sender.deploy(await receiverWasm());
  await register(token, sender);
  await transfer(token, alice, sender, 300n);
  const result = await sender.callRaw(
    sender,
    "send_call",
    { token_id: token.accountId, receiver_id: recv.accountId, amount: "100", msg: "unregister_sender" },
    { gas: MAX_GAS },
  );
  t.false(result.failed, failureOf(result));
  t.is(result.parseResult<string>(), "100");
  t.deepEqual(
    result.logs.filter((l) => l.startsWith("EVENT_JSON")),
    [
      nep141("ft_transfer", [{ old_owner_id: sender.accountId, new_owner_id: recv.accountId, amount: "100" }]),
      nep141("ft_burn", [{ owner_id: sender.accountId, amount: "200", memo: "Account unregistered" }]),
      nep141("ft_burn", [{ owner_id: recv.accountId, amount: "100", memo: "refund" }]),
    ],
  );
  t.true(result.logs.includes("The account of the sender was deleted"));
  t.is(await balanceOf(token, recv), 0n);
  t.is(await supply(token), 700n);
  t.is(await token.view("eligible_supply", {}), "700");
});

// ─────────────── NEP-145 ───────────────

test("storage_deposit: bounds, minimum, excess and repeat refunds, registering another account", async (t) => {
  const { token, bob } = await setup(t.context);
  const [carol, dave] = await newAccounts(t.context, "carol", "dave");
  const cost = await storageCost(token);
  const bounds = await token.view<{ min: string; max: string }>("storage_balance_bounds", {});
  t.is(bounds.max, bounds.min);
  t.is(cost, BigInt((await contractConfig(token)).storage_bytes_per_account) * 10n ** 19n);
  t.is(await token.view("storage_balance_of", { account_id: carol.accountId }), null);
  t.regex(
    failureOf(await carol.callRaw(token, "storage_deposit", {}, { attachedDeposit: cost - 1n })),
    new RegExp(`The attached deposit is less than the minimum storage balance \\(${cost} yoctoNEAR\\)`),
  );
  const before = await nearBalance(carol);
  const result = await carol.callRaw(token, "storage_deposit", { registration_only: true }, { attachedDeposit: NEAR });
  t.deepEqual(result.parseResult(), { total: cost.toString(), available: "0" });
  const spent = before - (await nearBalance(carol));
  t.true(spent >= cost && spent < cost + NEAR / 100n, `spent ${spent}`); // cost + gas only
  t.deepEqual(await token.view("storage_balance_of", { account_id: carol.accountId }), {
    total: cost.toString(),
    available: "0",
  });
  // again: everything refunded
  const before2 = await nearBalance(carol);
  const repeat = await carol.callRaw(token, "storage_deposit", {}, { attachedDeposit: NEAR });
  t.true(repeat.logs.includes("The account is already registered, refunding the deposit"));
  t.true(before2 - (await nearBalance(carol)) < NEAR / 100n);
  // carol pays for dave
  const forDave = await carol.callRaw(
    token,
    "storage_deposit",
    { account_id: dave.accountId },
    { attachedDeposit: cost },
  );
  t.deepEqual(forDave.parseResult(), { total: cost.toString(), available: "0" });
  t.true((await holderInfo(token, dave)).registered);
  t.is(await balanceOf(token, dave), 0n);
  t.true((await holderInfo(token, bob)).registered);
});

test("storage_withdraw: 1 yocto, registered, nothing available above the fixed cost", async (t) => {
  const { token, bob } = await setup(t.context);
  const [carol] = await newAccounts(t.context, "carol");
  const cost = await storageCost(token);
  t.regex(failureOf(await bob.callRaw(token, "storage_withdraw", {})), /exactly 1 yoctoNEAR/);
  t.regex(failureOf(await carol.callRaw(token, "storage_withdraw", {}, { attachedDeposit: 1n })), /is not registered/);
  t.regex(
    failureOf(await bob.callRaw(token, "storage_withdraw", { amount: "1" }, { attachedDeposit: 1n })),
    /The amount is greater than the available storage balance/,
  );
  const ok = await bob.callRaw(token, "storage_withdraw", { amount: "0" }, { attachedDeposit: 1n });
  t.deepEqual(ok.parseResult(), { total: cost.toString(), available: "0" });
  t.deepEqual(await bob.call(token, "storage_withdraw", {}, { attachedDeposit: 1n }), {
    total: cost.toString(),
    available: "0",
  });
});

test("storage_unregister without force: zero balance required, storage + 1 yocto refunded; false when not registered", async (t) => {
  const { token, alice, bob } = await setup(t.context);
  const [carol] = await newAccounts(t.context, "carol");
  t.regex(failureOf(await bob.callRaw(token, "storage_unregister", {})), /exactly 1 yoctoNEAR/);
  const notReg = await carol.callRaw(token, "storage_unregister", {}, { attachedDeposit: 1n });
  t.is(notReg.parseResult(), false);
  t.true(notReg.logs.includes(`The account ${carol.accountId} is not registered`));
  t.regex(
    failureOf(await alice.callRaw(token, "storage_unregister", { force: false }, { attachedDeposit: 1n })),
    /Can't unregister the account with the positive balance without force/,
  );
  const cost = await storageCost(token);
  const before = await nearBalance(bob);
  const result = await bob.callRaw(token, "storage_unregister", {}, { attachedDeposit: 1n });
  t.is(result.parseResult(), true);
  t.deepEqual(result.logs, []);
  const gained = (await nearBalance(bob)) - before;
  t.true(gained > cost - NEAR / 100n && gained <= cost, `gained ${gained}`);
  t.is(await token.view("storage_balance_of", { account_id: bob.accountId }), null);
  t.false((await holderInfo(token, bob)).registered);
  t.is((await contractConfig(token)).registration_deposits, cost.toString()); // recv's own deposit
  // the account can register again
  await register(token, bob);
  t.true((await holderInfo(token, bob)).registered);
  t.is((await contractConfig(token)).registration_deposits, (2n * cost).toString());
});

test("storage_unregister of an init allocation: the token paid its registration and keeps the deposit", async (t) => {
  const { token, alice, bob } = await setup(t.context);
  await transfer(token, alice, bob, 1000n);
  const deposits = (await contractConfig(token)).registration_deposits;
  const before = await nearBalance(alice);
  const result = await alice.callRaw(token, "storage_unregister", {}, { attachedDeposit: 1n });
  t.is(result.parseResult(), true);
  // only the attached yocto comes back: the storage deposit was never alice's (gas makes the difference negative)
  t.true((await nearBalance(alice)) - before <= 0n);
  t.is((await contractConfig(token)).registration_deposits, deposits);
  t.false((await holderInfo(token, alice)).registered);
});

test("storage_unregister with force burns the balance (exact ft_burn) and pays out claimable revenue", async (t) => {
  const { token, alice, bob } = await setup(t.context);
  await transfer(token, alice, bob, 250n);
  await alice.call(token, "distribute_revenue", {}, { attachedDeposit: 1000n * 10n ** 21n }); // 1 NEAR over 1000 units
  t.is((await holderInfo(token, bob)).claimable.near, (250n * 10n ** 21n).toString());
  t.regex(
    failureOf(await bob.callRaw(token, "storage_unregister", { force: false }, { attachedDeposit: 1n })),
    /positive balance without force/,
  );
  const before = await nearBalance(bob);
  const result = await bob.callRaw(token, "storage_unregister", { force: true }, { attachedDeposit: 1n, gas: MAX_GAS });
  t.false(result.failed, failureOf(result));
  t.is(result.parseResult(), true);
  t.deepEqual(result.logs, [
    nep141("ft_burn", [{ owner_id: bob.accountId, amount: "250", memo: "Account unregistered" }]),
    modelfund("revenue_payout_started", [
      {
        account_id: bob.accountId,
        asset: "near",
        amount: (250n * 10n ** 21n).toString(),
        purpose: "unregister",
        receiver_id: bob.accountId,
      },
    ]),
    modelfund("revenue_claimed", [
      { account_id: bob.accountId, asset: "near", amount: (250n * 10n ** 21n).toString(), purpose: "unregister" },
    ]),
  ]);
  const gained = (await nearBalance(bob)) - before;
  const cost = await storageCost(token);
  t.true(gained > 250n * 10n ** 21n + cost - NEAR / 100n && gained < 250n * 10n ** 21n + cost, `gained ${gained}`); // payout + storage − gas
  t.is(await supply(token), 750n);
  t.is(await token.view("eligible_supply", {}), "750");
  const stats = await token.view<{ assets: { total_claimed: string; in_flight: string }[] }>("revenue_stats", {});
  t.is(stats.assets[0].total_claimed, (250n * 10n ** 21n).toString());
  t.is(stats.assets[0].in_flight, "0");
});

test("storage_unregister without force refuses while revenue is claimable, even with zero balance", async (t) => {
  const { token, alice, bob } = await setup(t.context);
  await transfer(token, alice, bob, 500n);
  await alice.call(token, "distribute_revenue", {}, { attachedDeposit: 1000n });
  await transfer(token, bob, alice, 500n);
  t.is((await holderInfo(token, bob)).claimable.near, "500");
  t.regex(
    failureOf(await bob.callRaw(token, "storage_unregister", {}, { attachedDeposit: 1n })),
    /has unclaimed revenue: claim it first \(claim_all_revenue\) or unregister with force/,
  );
  const forced = await bob.callRaw(token, "storage_unregister", { force: true }, { attachedDeposit: 1n, gas: MAX_GAS });
  t.is(forced.parseResult(), true);
  t.deepEqual(
    forced.logs.filter((l) => l.includes("ft_burn")),
    [],
  );
});
