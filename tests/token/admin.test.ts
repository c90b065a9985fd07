/**
 * Administration of the project token: owner two-step transfer, roles, pause
 * scopes, private callbacks, upgrade + migrate keeping the state (and a
 * failed migration reverting the deployment; a state stored in near-sdk-js's
 * default encoding loading and upgrading unchanged), with the exact JSON of
 * every admin event.
 */
import { createHash } from "node:crypto";
import type { TimelockOperation } from "../../contracts/common/timelock.ts";
import anyTest, { type TestFn } from "ava";
import { decodeTokenState } from "../../contracts/token/state-codec.ts";
import { fresh, newAccounts, setupTokenWorld, type TokenWorld } from "../helpers/token-fixture.ts";
import type { NearAccount } from "../helpers/workspace.ts";
import {
  balanceOf,
  claimable,
  deployToken,
  failureOf,
  MAX_GAS,
  metadata,
  modelfund,
  receiverWasm,
  register,
  contractConfig,
  revenueStats,
  schedule,
  timelocked,
  timelockInfo,
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

async function setup(world: TokenWorld) {
  const [owner, alice, bob, mallory] = await newAccounts(world, "own", "alice", "bob", "mal");
  const token = await deployToken(world.root, fresh(world, "tok"), {
    owner,
    allocations: [
      { account: alice, amount: 600n, earns_revenue: true },
      { account: bob, amount: 400n, earns_revenue: true },
    ],
  });
  return { token, owner, alice, bob, mallory };
}

const yocto = { attachedDeposit: 1n };

test("owner two-step transfer: propose, cancel, accept; only the right accounts; exact events", async (t) => {
  const { token, owner, alice, mallory } = await setup(t.context);
  t.regex(
    failureOf(await owner.callRaw(token, "propose_owner", { new_owner_id: alice.accountId })),
    /exactly 1 yoctoNEAR/,
  );
  t.regex(
    failureOf(await mallory.callRaw(token, "propose_owner", { new_owner_id: mallory.accountId }, yocto)),
    new RegExp(`Only the owner ${owner.accountId} may call this method \\(caller: ${mallory.accountId}\\)`),
  );
  t.regex(
    failureOf(await owner.callRaw(token, "propose_owner", { new_owner_id: owner.accountId }, yocto)),
    /is already the owner/,
  );
  t.regex(
    failureOf(await owner.callRaw(token, "propose_owner", { new_owner_id: "Bad Id" }, yocto)),
    /new_owner_id must be a valid NEAR account id/,
  );
  t.regex(
    failureOf(await owner.callRaw(token, "propose_owner", { new_owner_id: null }, yocto)),
    /There is no pending owner proposal to cancel/,
  );
  t.regex(failureOf(await alice.callRaw(token, "accept_owner", {}, yocto)), /There is no pending owner proposal/);

  const proposed = await owner.callRaw(token, "propose_owner", { new_owner_id: alice.accountId }, yocto);
  t.deepEqual(proposed.logs, [
    modelfund("owner_proposed", [{ owner_id: owner.accountId, proposed_owner_id: alice.accountId }]),
  ]);
  t.deepEqual(await token.view("admin_info", {}), {
    owner_id: owner.accountId,
    proposed_owner_id: alice.accountId,
    roles: {},
    paused: [],
  });
  const cancelled = await owner.callRaw(token, "propose_owner", { new_owner_id: null }, yocto);
  t.deepEqual(cancelled.logs, [modelfund("owner_proposal_cancelled", [{ owner_id: owner.accountId }])]);
  t.regex(failureOf(await alice.callRaw(token, "accept_owner", {}, yocto)), /There is no pending owner proposal/);

  await owner.call(token, "propose_owner", { new_owner_id: alice.accountId }, yocto);
  t.regex(
    failureOf(await mallory.callRaw(token, "accept_owner", {}, yocto)),
    new RegExp(`Only the proposed owner ${alice.accountId} may accept ownership \\(caller: ${mallory.accountId}\\)`),
  );
  t.regex(failureOf(await alice.callRaw(token, "accept_owner", {})), /exactly 1 yoctoNEAR/);
  const accepted = await alice.callRaw(token, "accept_owner", {}, yocto);
  t.deepEqual(accepted.logs, [
    modelfund("owner_changed", [{ previous_owner_id: owner.accountId, owner_id: alice.accountId }]),
  ]);
  t.like(await token.view("admin_info", {}), { owner_id: alice.accountId, proposed_owner_id: null });
  t.is((await contractConfig(token)).owner_id, alice.accountId);
  // the old owner lost every right
  t.regex(
    failureOf(await owner.callRaw(token, "grant_role", { role: "pauser", account_id: owner.accountId }, yocto)),
    /Only the owner/,
  );
  t.regex(failureOf(await owner.callRaw(token, "pause", {}, yocto)), /lacks the role \\"pauser\\"/);
});

test("roles: grant and revoke by the owner only, known roles, exact events; only the owner schedules", async (t) => {
  const { token, owner, alice, mallory } = await setup(t.context);
  t.regex(
    failureOf(await mallory.callRaw(token, "grant_role", { role: "config", account_id: mallory.accountId }, yocto)),
    /Only the owner/,
  );
  t.regex(
    failureOf(await owner.callRaw(token, "grant_role", { role: "config", account_id: alice.accountId })),
    /exactly 1 yoctoNEAR/,
  );
  t.regex(
    failureOf(await owner.callRaw(token, "grant_role", { role: "admin", account_id: alice.accountId }, yocto)),
    /Unknown role \\"admin\\"; roles are: pauser, config, guardian/,
  );
  const granted = await owner.callRaw(token, "grant_role", { role: "config", account_id: alice.accountId }, yocto);
  t.deepEqual(granted.logs, [modelfund("role_granted", [{ role: "config", account_id: alice.accountId }])]);
  t.regex(
    failureOf(await owner.callRaw(token, "grant_role", { role: "config", account_id: alice.accountId }, yocto)),
    new RegExp(`${alice.accountId} already has the role \\\\"config\\\\"`),
  );
  t.deepEqual((await token.view<{ roles: unknown }>("admin_info", {})).roles, { config: [alice.accountId] });
  // the config role moves nothing on the token: linked contracts are timelocked, scheduled by the owner only
  t.regex(
    failureOf(
      await alice.callRaw(
        token,
        "timelock_schedule",
        { action: "set_sale_contract", args: { account_id: "sale.test.near" } },
        yocto,
      ),
    ),
    /Only the owner/,
  );
  t.regex(failureOf(await alice.callRaw(token, "set_source_link", { link: "https://x" }, yocto)), /Only the owner/);
  const link = await owner.callRaw(token, "set_source_link", { link: "https://example.org/modelfund" }, yocto);
  t.deepEqual(link.logs, [
    modelfund("config_changed", [{ key: "source_link", value: "https://example.org/modelfund" }]),
  ]);
  t.is((await token.view<{ link: string }>("contract_source_metadata", {})).link, "https://example.org/modelfund");

  t.regex(
    failureOf(await mallory.callRaw(token, "revoke_role", { role: "config", account_id: alice.accountId }, yocto)),
    /Only the owner/,
  );
  const revoked = await owner.callRaw(token, "revoke_role", { role: "config", account_id: alice.accountId }, yocto);
  t.deepEqual(revoked.logs, [modelfund("role_revoked", [{ role: "config", account_id: alice.accountId }])]);
  t.regex(
    failureOf(await owner.callRaw(token, "revoke_role", { role: "config", account_id: alice.accountId }, yocto)),
    new RegExp(`${alice.accountId} does not have the role \\\\"config\\\\"`),
  );
  t.deepEqual((await token.view<{ roles: unknown }>("admin_info", {})).roles, {});
});

test("pause scopes: pauser pauses, only the owner unpauses; transfers and claims stop separately; exact events", async (t) => {
  const { token, owner, alice, bob, mallory } = await setup(t.context);
  const [recv, pauser] = await newAccounts(t.context, "recv", "pauser");
  await recv.deploy(await receiverWasm());
  await register(token, recv);
  await alice.call(token, "distribute_revenue", {}, { attachedDeposit: 10000n });
  t.regex(failureOf(await mallory.callRaw(token, "pause", {}, yocto)), /lacks the role \\"pauser\\"/);
  await owner.call(token, "grant_role", { role: "pauser", account_id: pauser.accountId }, yocto);
  t.regex(
    failureOf(await pauser.callRaw(token, "pause", { scope: "minting" }, yocto)),
    /Unknown pause scope \\"minting\\"; scopes are: transfers, claims/,
  );

  const paused = await pauser.callRaw(token, "pause", { scope: "transfers" }, yocto);
  t.deepEqual(paused.parseResult(), ["transfers"]);
  t.deepEqual(paused.logs, [modelfund("paused", [{ scopes: ["transfers"], by: pauser.accountId }])]);
  t.true(await token.view("is_paused", { scope: "transfers" }));
  t.false(await token.view("is_paused", { scope: "claims" }));
  t.regex(failureOf(await pauser.callRaw(token, "pause", { scope: "transfers" }, yocto)), /Already paused/);
  t.regex(
    failureOf(await alice.callRaw(token, "ft_transfer", { receiver_id: bob.accountId, amount: "1" }, yocto)),
    /The contract is paused for transfers/,
  );
  t.regex(
    failureOf(
      await alice.callRaw(
        token,
        "ft_transfer_call",
        { receiver_id: recv.accountId, amount: "1", msg: "all" },
        { ...yocto, gas: MAX_GAS },
      ),
    ),
    /The contract is paused for transfers/,
  );
  // claims, revenue intake and storage still work
  t.is(await alice.call(token, "claim_revenue", {}, { gas: MAX_GAS }), "6000");
  await alice.call(token, "distribute_revenue", {}, { attachedDeposit: 10000n });

  t.regex(failureOf(await pauser.callRaw(token, "unpause", {}, yocto)), /Only the owner/);
  const both = await pauser.callRaw(token, "pause", {}, yocto);
  t.deepEqual(both.logs, [modelfund("paused", [{ scopes: ["claims"], by: pauser.accountId }])]);
  t.deepEqual((await token.view<{ paused: string[] }>("admin_info", {})).paused.sort(), ["claims", "transfers"]);
  t.regex(
    failureOf(await alice.callRaw(token, "claim_revenue", {}, { gas: MAX_GAS })),
    /The contract is paused for claims/,
  );
  t.regex(
    failureOf(await alice.callRaw(token, "claim_all_revenue", {}, { gas: MAX_GAS })),
    /The contract is paused for claims/,
  );
  t.regex(
    failureOf(await alice.callRaw(token, "reinvest_revenue", { round_id: 0 }, { ...yocto, gas: MAX_GAS })),
    /The contract is paused for claims/,
  );
  t.regex(
    failureOf(await bob.callRaw(token, "storage_unregister", { force: true }, { ...yocto, gas: MAX_GAS })),
    /The contract is paused for claims/,
  );
  await alice.call(token, "distribute_revenue", {}, { attachedDeposit: 10000n });

  const unpaused = await owner.callRaw(token, "unpause", { scope: "claims" }, yocto);
  t.deepEqual(unpaused.parseResult(), ["claims"]);
  t.deepEqual(unpaused.logs, [modelfund("unpaused", [{ scopes: ["claims"], by: owner.accountId }])]);
  t.regex(failureOf(await owner.callRaw(token, "unpause", { scope: "claims" }, yocto)), /Not paused/);
  t.is(await alice.call(token, "claim_revenue", {}, { gas: MAX_GAS }), "12000");
  const all = await owner.callRaw(token, "unpause", {}, yocto);
  t.deepEqual(all.logs, [modelfund("unpaused", [{ scopes: ["transfers"], by: owner.accountId }])]);
  await transfer(token, alice, bob, 1n);
  t.is(await balanceOf(token, bob), 401n);
});

test("private callbacks and migrate refuse outside callers", async (t) => {
  const { token, alice, bob } = await setup(t.context);
  const resolve = await alice.callRaw(
    token,
    "ft_resolve_transfer",
    { sender_id: alice.accountId, receiver_id: bob.accountId, amount: "100" },
    { gas: MAX_GAS },
  );
  t.true(resolve.failed);
  t.regex(failureOf(resolve), /private/i);
  const payout = await alice.callRaw(
    token,
    "on_revenue_payout",
    { account_id: alice.accountId, asset: "near", amount: "1", purpose: "claim", round_id: null },
    { gas: MAX_GAS },
  );
  t.regex(failureOf(payout), /private/i);
  t.regex(
    failureOf(await alice.callRaw(token, "migrate", {}, { gas: MAX_GAS })),
    new RegExp(`Method migrate is private: only ${token.accountId} may call it`),
  );
  t.is(await balanceOf(token, bob), 400n);
});

test("upgrade + migrate keep the whole state; only the owner; a failing migration reverts the deployment", async (t) => {
  const { token, owner, alice, bob, mallory } = await setup(t.context);
  await register(token, mallory);
  await transfer(token, alice, mallory, 100n);
  await alice.call(token, "distribute_revenue", { memo: "before upgrade" }, { attachedDeposit: 1001n });
  await owner.call(token, "grant_role", { role: "pauser", account_id: bob.accountId }, yocto);
  await bob.call(token, "pause", { scope: "claims" }, yocto);
  await timelocked(token, owner, "set_revenue_exclusion", { account_id: mallory.accountId, excluded: true });
  const snapshot = async () => ({
    stats: await revenueStats(token),
    admin: await token.view("admin_info", {}),
    config: await contractConfig(token),
    meta: await token.view("ft_metadata", {}),
    excluded: await token.view("excluded_accounts", {}),
    holders: await Promise.all(
      [alice, bob, mallory].map((a) => token.view("holder_info", { account_id: a.accountId })),
    ),
  });
  const before = await snapshot();
  const wasm = await tokenWasm();

  const hash = createHash("sha256").update(wasm).digest("hex");
  const upgradeArgs = { gas: MAX_GAS, attachedDeposit: 1n };

  t.regex(failureOf(await mallory.callRaw(token, "upgrade", wasm, upgradeArgs)), /Only the owner/);
  t.regex(
    failureOf(await owner.callRaw(token, "upgrade", new TextEncoder().encode("not wasm at all"), upgradeArgs)),
    /The input must be the new contract's wasm code/,
  );
  // nothing scheduled: refused
  t.regex(
    failureOf(await owner.callRaw(token, "upgrade", wasm, upgradeArgs)),
    new RegExp(`No upgrade to code ${hash} is scheduled`),
  );

  // a wasm without `migrate`: the deployment and the migration share one receipt, both revert; the operation was
  // consumed by the upgrade call itself (a failed migration needs a new schedule)
  const brokenWasm = await receiverWasm();
  const brokenHash = createHash("sha256").update(brokenWasm).digest("hex");
  await schedule(token, owner, "upgrade", { code_hash: brokenHash });
  const scheduled = (await timelockInfo(token)).operations;
  t.deepEqual(
    scheduled.map((operation) => [operation.action, operation.args]),
    [["upgrade", { code_hash: brokenHash }]],
  );
  const broken = await owner.callRaw(token, "upgrade", brokenWasm, upgradeArgs);
  t.true(broken.failed);
  t.deepEqual(await token.view("ft_metadata", {}), metadata("MFT"));
  t.deepEqual((await timelockInfo(token)).operations, []);
  t.deepEqual(await snapshot(), before);

  const operation = (await schedule(token, owner, "upgrade", { code_hash: hash })).parseResult<TimelockOperation>();
  const result = await owner.callRaw(token, "upgrade", wasm, upgradeArgs);
  t.false(result.failed, failureOf(result));
  t.deepEqual(result.logs, [
    modelfund("timelock_executed", [{ id: operation.id, action: "upgrade" }]),
    modelfund("contract_upgrade", [{ code_size: wasm.length, code_hash: hash }]),
    modelfund("contract_migrated", [{ state_version: 2 }]),
  ]);
  // the operation is consumed: the same code cannot be deployed again without a new schedule
  t.regex(failureOf(await owner.callRaw(token, "upgrade", wasm, upgradeArgs)), /is scheduled/);
  t.deepEqual(await snapshot(), before);
  // and the upgraded contract keeps working on the migrated state
  await owner.call(token, "unpause", {}, yocto);
  t.is(await claimable(token, alice), 500n);
  await alice.call(token, "claim_revenue", {}, { gas: MAX_GAS });
  await transfer(token, alice, bob, 10n);
  t.is(await balanceOf(token, bob), 410n);
});

/** The token's stored STATE text. */
async function storedState(token: NearAccount): Promise<string> {
  const entry = (await token.viewStateRaw()).find(({ key }) => Buffer.from(key, "base64").toString() === "STATE");
  if (entry === undefined) throw new Error("no STATE");
  return Buffer.from(entry.value, "base64").toString();
}

test("a state in near-sdk-js's default encoding (every version before the compact one) loads unchanged, survives an upgrade, and the next call stores it compact", async (t) => {
  const { token, owner, alice, bob } = await setup(t.context);
  await alice.call(token, "distribute_revenue", {}, { attachedDeposit: 1001n });
  await transfer(token, alice, bob, 7n);
  const views = async () => ({
    stats: await revenueStats(token),
    config: await contractConfig(token),
    admin: await token.view("admin_info", {}),
    holders: await Promise.all([alice, bob].map((a) => token.view("holder_info", { account_id: a.accountId }))),
  });
  const before = await views();
  const compact = await storedState(token);
  t.false(compact.includes("typeInfo"));
  // what near-sdk-js's default serializer wrote for this state: every bigint field as {value, typeInfo}
  const sdkEncoded = JSON.stringify(decodeTokenState(compact), (_key, value) =>
    typeof value === "bigint" ? { value: value.toString(), typeInfo: "bigint" } : value,
  );
  const data = (text: string) => ({
    Data: {
      account_id: token.accountId,
      data_key: Buffer.from("STATE").toString("base64"),
      value: Buffer.from(text).toString("base64"),
    },
  });
  await token.patchStateRecords({ records: [data(sdkEncoded)] } as never);
  t.is(await storedState(token), sdkEncoded);
  t.deepEqual(await views(), before);
  // upgrade (which reads and writes the state with near-sdk-js's own codec) and migrate keep it whole
  const wasm = await tokenWasm();
  await schedule(token, owner, "upgrade", { code_hash: createHash("sha256").update(wasm).digest("hex") });
  const upgraded = await owner.callRaw(token, "upgrade", wasm, { gas: MAX_GAS, attachedDeposit: 1n });
  t.false(upgraded.failed, failureOf(upgraded));
  t.deepEqual(await views(), before);
  await transfer(token, bob, alice, 7n);
  t.false((await storedState(token)).includes("typeInfo"));
  t.is(await claimable(token, alice), 600n);
  t.is(await balanceOf(token, bob), 400n);
});
