/**
 * The token's shared admin surface and its timelock on the local chain:
 * exactly 1 yoctoNEAR on every privileged method, scheduling that validates
 * before queuing, the delay, guardian cancellation, re-validation at
 * execution, the linked contracts, and reinvestment through the sale set by
 * the timelock (proof forwarded, only what the sale kept counted). Every
 * timelock event is asserted as exact JSON.
 */
import anyTest, { type TestFn } from "ava";
import type { TimelockOperation } from "../../contracts/common/timelock.ts";
import type { AdminView } from "../../contracts/common/admin.ts";
import {
  newAccounts,
  newReceiver,
  newToken,
  setupTokenWorld,
  type TokenWorld,
  waitNs,
} from "../helpers/token-fixture.ts";
import {
  contractConfig,
  execute,
  failureOf,
  MAX_GAS,
  modelfund,
  register,
  revenueStats,
  schedule,
  timelocked,
  timelockInfo,
  tokenWasm,
  transfer,
} from "../helpers/token-setup.ts";
import type { NearAccount } from "../helpers/workspace.ts";

const test = anyTest as TestFn<TokenWorld>;

test.before(async (t) => {
  t.context = await setupTokenWorld();
});
test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

const SEC = 1_000_000_000n;
const yocto = { attachedDeposit: 1n, gas: MAX_GAS };
const ONE_YOCTO_PANIC = /Requires attached deposit of exactly 1 yoctoNEAR/;

async function setup(world: TokenWorld, timelockDelayNs = 0n) {
  const [owner, alice, bob, mallory] = await newAccounts(world, "own", "alice", "bob", "mal");
  const token = await newToken(
    world,
    owner,
    [
      { account: alice, amount: 600n, earns_revenue: true },
      { account: bob, amount: 400n, earns_revenue: true },
    ],
    { timelockDelayNs },
  );
  return { token, owner, alice, bob, mallory };
}

/** Everything an admin call could change, read through the views. */
async function adminState(token: NearAccount) {
  return {
    admin: await token.view<AdminView>("admin_info", {}),
    timelock: await timelockInfo(token),
    config: await contractConfig(token),
    source: await token.view("contract_source_metadata", {}),
  };
}

test("every privileged method requires exactly 1 yoctoNEAR: 0 and 2 are refused with the exact panic, nothing changes", async (t) => {
  const { token, owner, alice } = await setup(t.context);
  const wasm = await tokenWasm();
  await owner.call(token, "propose_owner", { new_owner_id: alice.accountId }, yocto);
  await owner.call(token, "grant_role", { role: "pauser", account_id: alice.accountId }, yocto);
  await owner.call(token, "pause", { scope: "claims" }, yocto);
  const queued = (
    await schedule(token, owner, "set_sale_contract", { account_id: "sale.test.near" })
  ).parseResult<TimelockOperation>();
  const calls: Array<[NearAccount, string, Record<string, unknown> | Uint8Array]> = [
    [owner, "propose_owner", { new_owner_id: null }],
    [alice, "accept_owner", {}],
    [owner, "grant_role", { role: "config", account_id: alice.accountId }],
    [owner, "revoke_role", { role: "pauser", account_id: alice.accountId }],
    [alice, "pause", { scope: "transfers" }],
    [owner, "unpause", { scope: "claims" }],
    [owner, "set_source_link", { link: "https://example.org" }],
    [owner, "timelock_schedule", { action: "set_sale_contract", args: { account_id: null } }],
    [owner, "timelock_execute", { id: queued.id }],
    [owner, "timelock_cancel", { id: queued.id }],
    [owner, "upgrade", wasm],
  ];
  const before = await adminState(token);
  for (const [caller, method, args] of calls) {
    for (const attachedDeposit of [0n, 2n]) {
      const result = await caller.callRaw(token, method, args, { attachedDeposit, gas: MAX_GAS });
      t.regex(failureOf(result), ONE_YOCTO_PANIC, `${method} with ${attachedDeposit} yocto`);
    }
  }
  t.deepEqual(await adminState(token), before);
});

test("scheduling validates the args first: bad operations are refused with a clear error and nothing is queued", async (t) => {
  const { token, owner, alice, mallory } = await setup(t.context);
  const bad: Array<[string, unknown, RegExp]> = [
    [
      "mint",
      { amount: "1" },
      /Unknown timelock action \\"mint\\"; actions are: upgrade, set_timelock_delay, set_sale_contract/,
    ],
    ["set_sale_contract", [], /The args of set_sale_contract must be a JSON object/],
    ["set_sale_contract", {}, /account_id is required/],
    ["set_sale_contract", { account_id: "Bad Id" }, /account_id must be a valid NEAR account id/],
    [
      "set_sale_contract",
      { account_id: "sale.near", extra: 1 },
      /Unknown argument extra for set_sale_contract; it takes: account_id/,
    ],
    ["set_revenue_token", { token_id: "near" }, /token_id cannot be \\"near\\"/],
    ["set_revenue_token", { token_id: token.accountId }, /token_id cannot be the token itself/],
    ["set_revenue_exclusion", { account_id: mallory.accountId, excluded: true }, /is not registered/],
    ["set_revenue_exclusion", { account_id: alice.accountId, excluded: false }, /is already earning revenue/],
    ["set_revenue_exclusion", { account_id: alice.accountId, excluded: "yes" }, /excluded must be true or false/],
    ["sweep", { asset: "usd.test.near", receiver_id: owner.accountId, amount: "1" }, /Unknown revenue asset/],
    [
      "sweep",
      { asset: "near", receiver_id: token.accountId, amount: "1" },
      /A sweep cannot pay the token contract itself/,
    ],
    ["sweep", { asset: "near", receiver_id: owner.accountId, amount: "0" }, /amount must be greater than zero/],
    ["sweep", { asset: "near", receiver_id: owner.accountId, amount: 5 }, /amount must be a decimal string/],
    ["upgrade", { code_hash: "abc" }, /code_hash must be the sha256 of the new wasm/],
    ["set_timelock_delay", { delay_ns: (31n * 86_400n * SEC).toString() }, /delay_ns must be at most/],
  ];
  for (const [action, args, message] of bad) {
    const result = await owner.callRaw(token, "timelock_schedule", { action, args }, yocto);
    t.regex(failureOf(result), message, action);
  }
  const stranger = await mallory.callRaw(
    token,
    "timelock_schedule",
    { action: "set_sale_contract", args: { account_id: mallory.accountId } },
    yocto,
  );
  t.regex(failureOf(stranger), /Only the owner/);
  t.deepEqual(await timelockInfo(token), { delay_ns: "0", operations: [] });
  // the first valid operation gets id 0: no refused one consumed an id
  const ok = await schedule(token, owner, "set_sale_contract", { account_id: "sale.test.near" });
  t.is(ok.parseResult<TimelockOperation>().id, 0);
});

test("the delay: execute before it is refused, after fastForward it runs once; exact events", async (t) => {
  const delay = 30n * SEC;
  const { token, owner, mallory } = await setup(t.context, delay);
  const sale = "sale.test.near";
  const scheduled = await schedule(token, owner, "set_sale_contract", { account_id: sale });
  t.false(scheduled.failed, failureOf(scheduled));
  const operation = scheduled.parseResult<TimelockOperation>();
  t.is(operation.action, "set_sale_contract");
  t.deepEqual(operation.args, { account_id: sale });
  t.is(operation.proposer, owner.accountId);
  t.is(BigInt(operation.ready_at_ns) - BigInt(operation.scheduled_at_ns), delay);
  t.deepEqual(scheduled.logs, [
    modelfund("timelock_scheduled", [
      { id: operation.id, action: "set_sale_contract", args: { account_id: sale }, ready_at_ns: operation.ready_at_ns },
    ]),
  ]);
  t.deepEqual(await timelockInfo(token), { delay_ns: delay.toString(), operations: [operation] });

  const early = await execute(token, owner, operation.id);
  t.regex(failureOf(early), new RegExp(`Timelock operation ${operation.id} is not ready`));
  t.is((await contractConfig(token)).sale_contract_id, null);
  await waitNs(t.context, delay);
  t.regex(failureOf(await execute(token, mallory, operation.id)), /Only the owner/);
  const executed = await execute(token, owner, operation.id);
  t.false(executed.failed, failureOf(executed));
  t.deepEqual(executed.logs, [
    modelfund("timelock_executed", [{ id: operation.id, action: "set_sale_contract" }]),
    modelfund("config_changed", [{ key: "sale_contract_id", value: sale }]),
  ]);
  t.is((await contractConfig(token)).sale_contract_id, sale);
  t.deepEqual((await timelockInfo(token)).operations, []);
  t.regex(
    failureOf(await execute(token, owner, operation.id)),
    new RegExp(`No queued timelock operation has id ${operation.id}`),
  );
});

test("a guardian (or the owner) cancels a queued operation; nobody else can; exact event", async (t) => {
  const { token, owner, alice, mallory } = await setup(t.context, 3600n * SEC);
  const operation = (
    await schedule(token, owner, "set_revenue_exclusion", { account_id: alice.accountId, excluded: true })
  ).parseResult<TimelockOperation>();
  t.regex(
    failureOf(await mallory.callRaw(token, "timelock_cancel", { id: operation.id }, yocto)),
    /Only the owner or a guardian may cancel timelock operations/,
  );
  await owner.call(token, "grant_role", { role: "guardian", account_id: mallory.accountId }, yocto);
  const cancelled = await mallory.callRaw(token, "timelock_cancel", { id: operation.id }, yocto);
  t.false(cancelled.failed, failureOf(cancelled));
  t.deepEqual(cancelled.logs, [
    modelfund("timelock_cancelled", [{ id: operation.id, action: "set_revenue_exclusion", by: mallory.accountId }]),
  ]);
  t.deepEqual((await timelockInfo(token)).operations, []);
  t.false(await token.view("is_excluded", { account_id: alice.accountId }));
  // a guardian cannot schedule or execute
  t.regex(
    failureOf(
      await mallory.callRaw(
        token,
        "timelock_schedule",
        { action: "set_sale_contract", args: { account_id: null } },
        yocto,
      ),
    ),
    /Only the owner/,
  );
});

test("set_timelock_delay runs through the timelock and applies to operations scheduled after it", async (t) => {
  const { token, owner } = await setup(t.context);
  const changed = await timelocked(token, owner, "set_timelock_delay", { delay_ns: (60n * SEC).toString() });
  t.false(changed.failed, failureOf(changed));
  t.deepEqual(changed.logs, [
    modelfund("timelock_executed", [{ id: 0, action: "set_timelock_delay" }]),
    modelfund("timelock_delay_changed", [{ previous_delay_ns: "0", delay_ns: (60n * SEC).toString() }]),
  ]);
  t.is((await timelockInfo(token)).delay_ns, (60n * SEC).toString());
  const next = (
    await schedule(token, owner, "set_sale_contract", { account_id: null })
  ).parseResult<TimelockOperation>();
  t.is(BigInt(next.ready_at_ns) - BigInt(next.scheduled_at_ns), 60n * SEC);
  t.regex(failureOf(await execute(token, owner, next.id)), /is not ready/);
});

test("execution re-validates against the state then: a stale operation panics and stays queued", async (t) => {
  const { token, owner, alice, bob } = await setup(t.context);
  const [carol] = await newAccounts(t.context, "carol");
  await register(token, carol);
  const operation = (
    await schedule(token, owner, "set_revenue_exclusion", { account_id: carol.accountId, excluded: true })
  ).parseResult<TimelockOperation>();
  await carol.call(token, "storage_unregister", {}, { attachedDeposit: 1n });
  t.regex(failureOf(await execute(token, owner, operation.id)), /is not registered/);
  t.deepEqual((await timelockInfo(token)).operations, [operation]);
  // exclusion and its reversal through the timelock, exact events
  await transfer(token, alice, bob, 100n);
  const excluded = await timelocked(token, owner, "set_revenue_exclusion", {
    account_id: bob.accountId,
    excluded: true,
  });
  t.deepEqual(excluded.logs.slice(1), [
    modelfund("revenue_exclusion_added", [{ account_id: bob.accountId, balance: "500", eligible_supply: "500" }]),
  ]);
  t.deepEqual(await token.view("excluded_accounts", {}), [bob.accountId]);
  t.is(await token.view("eligible_supply", {}), "500");
});

test("set_revenue_token through the timelock, refused once the stablecoin received revenue", async (t) => {
  const { token, owner, alice } = await setup(t.context);
  const [stableOwner] = await newAccounts(t.context, "usdown");
  const stable = await newToken(t.context, stableOwner, [{ account: stableOwner, amount: 10n ** 12n }]);
  const set = await timelocked(token, owner, "set_revenue_token", { token_id: stable.accountId });
  t.deepEqual(set.logs.slice(1), [modelfund("config_changed", [{ key: "revenue_token_id", value: stable.accountId }])]);
  t.is((await contractConfig(token)).revenue_token_id, stable.accountId);
  await stableOwner.call(stable, "storage_deposit", { account_id: token.accountId }, { attachedDeposit: 10n ** 22n });
  await stableOwner.call(
    stable,
    "ft_transfer_call",
    { receiver_id: token.accountId, amount: "1000", msg: "revenue" },
    { attachedDeposit: 1n, gas: MAX_GAS },
  );
  t.is((await revenueStats(token)).assets[1].total_distributed, "1000");
  const refused = await schedule(token, owner, "set_revenue_token", { token_id: alice.accountId });
  t.regex(failureOf(refused), /already received revenue and cannot be replaced/);
});

test("reinvest_revenue pays the sale set through the timelock, forwards the allowlist proof, counts only what the sale kept", async (t) => {
  const { token, owner, alice } = await setup(t.context);
  const sale = await newReceiver(t.context);
  t.regex(
    failureOf(await alice.callRaw(token, "reinvest_revenue", { round_id: 8 }, yocto)),
    /No sale contract is configured for reinvestment/,
  );
  await timelocked(token, owner, "set_sale_contract", { account_id: sale.accountId });
  await owner.call(token, "distribute_revenue", {}, { attachedDeposit: 10_000n });
  const proof = ["ab".repeat(32), "cd".repeat(32)];
  t.regex(
    failureOf(await alice.callRaw(token, "reinvest_revenue", { round_id: 8, proof: ["XY"] }, yocto)),
    /proof\[0\] must be 64 lowercase hex characters/,
  );
  // no sale named: the linked one is used
  const result = await alice.callRaw(token, "reinvest_revenue", { round_id: 8, amount: "1000", proof }, yocto);
  t.false(result.failed, failureOf(result));
  t.is(result.parseResult(), "1000");
  t.is(await sale.view("get_last_proof", {}), JSON.stringify(proof));
  // the sale kept 700 and refunded 300 to alice: only 700 counts as reinvested, all 1000 as paid out
  t.like((await revenueStats(token)).assets[0], { total_claimed: "1000", total_reinvested: "700", in_flight: "0" });
  await alice.call(token, "reinvest_revenue", { round_id: 7, amount: "100" }, yocto);
  t.is(await sale.view("get_last_proof", {}), "null");
  t.like((await revenueStats(token)).assets[0], { total_claimed: "1100", total_reinvested: "800" });
});
