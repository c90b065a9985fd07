/**
 * The real, unpatched near-workspaces 5 driving our `near-sandbox`
 * (Worker.init → `near-sandbox --home … init`, `… run`), with contracts
 * built by our toolchain. LOCALNET_REAL_SANDBOX=1 runs the same tests
 * against neard's sandbox instead.
 */
import anyTest, { type TestFn } from "ava";
import nearWorkspaces from "near-workspaces";
import { Account, JsonRpcProvider } from "near-api-js";
import { fixtureWasm } from "../helpers.ts";
import { useLocalSandbox } from "../../src/workspaces.ts";

const { Worker, KeyPair } = nearWorkspaces as any;
const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;

const test = anyTest as TestFn<{ worker: any; root: any; initMs: number }>;

test.before(async (t) => {
  // Build fixtures before the node starts: a build keeps this process busy for a while.
  await fixtureWasm("status-message");
  await fixtureWasm("cross");

  useLocalSandbox();
  const start = Date.now();
  const worker = await Worker.init();
  t.context.initMs = Date.now() - start;
  t.context.worker = worker;
  t.context.root = worker.rootAccount;
});

test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

test("Worker.init starts the node; the root account is test.near", async (t) => {
  t.log(`Worker.init took ${t.context.initMs} ms`);
  const { root } = t.context;
  t.is(root.accountId, "test.near");
  const balance = await root.balance();
  t.true(BigInt(balance.total) > 1_000_000n * NEAR);
  t.is(balance.staked, (50_000_000n * NEAR).toString());
});

test("accounts: create, transfer, delete with beneficiary", async (t) => {
  const { root } = t.context;
  const alice = await root.createSubAccount("alice", { initialBalance: (10n * NEAR).toString() });
  const bob = await root.createSubAccount("bob", { initialBalance: (10n * NEAR).toString() });
  t.true(await alice.exists());
  const result = await alice.transfer(bob, (3n * NEAR).toString());
  t.true(result.succeeded);
  t.is((await bob.balance()).total, (13n * NEAR).toString());

  const bobBefore = BigInt((await bob.balance()).total);
  const deleted = await alice.delete(bob.accountId);
  t.true(deleted.succeeded);
  t.false(await alice.exists());
  const bobAfter = BigInt((await bob.balance()).total);
  t.true(bobAfter > bobBefore + 6n * NEAR, "the beneficiary received alice's balance");
});

test("storage staking: a deploy the balance cannot cover fails with LackBalanceForState", async (t) => {
  const { root } = t.context;
  const poor = await root.createSubAccount("poor", { initialBalance: NEAR.toString() });
  const result = await poor
    .batch(poor)
    .deployContract(await fixtureWasm("status-message"))
    .transact();
  t.true(result.failed);
  t.regex(JSON.stringify(result.result.status), /LackBalanceForState/);
  await t.throwsAsync(poor.viewCode());
});

test("calls, views, logs and typed failures", async (t) => {
  const { root } = t.context;
  const contract = await root.createSubAccount("status", { initialBalance: (20n * NEAR).toString() });
  await contract.deploy(await fixtureWasm("status-message"));
  const user = await root.createSubAccount("user", { initialBalance: (10n * NEAR).toString() });

  const result = await user.callRaw(contract, "set_status", { message: "hello" });
  t.true(result.succeeded);
  t.deepEqual(result.logs, [`${user.accountId} set a status`]);
  t.is(await contract.view("get_status", { account_id: user.accountId }), "hello");
  t.is(await contract.view("get_updates", {}), 1);

  const error = await t.throwsAsync(user.call(contract, "set_status", { message: "x".repeat(281) }));
  t.regex(error!.message, /Smart contract panicked: assertion failed: message is longer than 280 characters/);
  await t.throwsAsync(contract.view("no_such_method", {}), { message: /MethodNotFound|not found/i });

  const state = await contract.viewState();
  t.true(state.data.size > 0);
});

test("function-call access keys: allowed method works, others are rejected", async (t) => {
  const { root } = t.context;
  const contract = await root.createSubAccount("guarded", { initialBalance: (20n * NEAR).toString() });
  await contract.deploy(await fixtureWasm("status-message"));
  const owner = await root.createSubAccount("keyowner", { initialBalance: (10n * NEAR).toString() });
  const key = KeyPair.fromRandom("ed25519");
  // near-workspaces does not export a function-call key builder; add the key with near-api-js 7.
  const ownerKey = await owner.getKey();
  const owner7 = new Account(
    owner.accountId,
    new JsonRpcProvider({ url: t.context.worker.provider.connection.url }),
    ownerKey.toString(),
  );
  await owner7.addFunctionCallAccessKey({
    publicKey: key.getPublicKey().toString(),
    contractId: contract.accountId,
    methodNames: ["set_status"],
    allowance: NEAR / 10n,
  });
  const ok = await owner.callRaw(contract, "set_status", { message: "via key" }, { signWithKey: key });
  t.true(ok.succeeded);
  t.is(await contract.view("get_status", { account_id: owner.accountId }), "via key");
  await t.throwsAsync(owner.batch(contract).transfer(1n).transact(key));
});

test("cross-contract: then with callbacks, and with a failed promise refunds its deposit", async (t) => {
  const { root } = t.context;
  const caller = await root.createSubAccount("caller", { initialBalance: (30n * NEAR).toString() });
  const callee = await root.createSubAccount("callee", { initialBalance: (30n * NEAR).toString() });
  const wasm = await fixtureWasm("cross");
  await caller.deploy(wasm);
  await callee.deploy(wasm);

  const ping = await root.callRaw(caller, "ping", { target: callee.accountId, value: "hi" }, { gas: 200n * TGAS });
  t.true(ping.succeeded, JSON.stringify(ping.result.status));
  t.is(ping.parseResult(), 'ok:"hi"');
  t.true(ping.logs.includes("echo hi"));
  const heights = ping.result.receipts_outcome.map((o: any) => o.block_hash);
  t.true(new Set(heights).size >= 3, "receipts ran in successive blocks");

  const callerBefore = BigInt((await caller.balance()).total);
  const both = await root.callRaw(
    caller,
    "both",
    { target: callee.accountId },
    { gas: 250n * TGAS, attachedDeposit: (2n * NEAR).toString() },
  );
  t.true(both.succeeded, JSON.stringify(both.result.status));
  t.is(both.parseResult(), 'ok:"a",failed');
  t.true(both.failures.length > 0 || JSON.stringify(both.result.receipts_outcome).includes("Failure"));
  const callerAfter = BigInt((await caller.balance()).total);
  t.true(callerAfter - callerBefore >= 2n * NEAR - NEAR / 100n, "the failed call's deposit came back to the caller");
});

test("patchState and fastForward", async (t) => {
  const { root, worker } = t.context;
  const contract = await root.createSubAccount("patched", { initialBalance: (20n * NEAR).toString() });
  await contract.deploy(await fixtureWasm("cross"));
  await root.call(contract, "echo", { value: "x" });
  t.is(await contract.view("get_calls", {}), 1);
  await contract.patchState("STATE", JSON.stringify({ calls: 41 }));
  t.is(await contract.view("get_calls", {}), 41);

  const [h0, ts0] = (await contract.view("now", {})).split(":").map(BigInt);
  await worker.provider.fastForward(1000);
  const [h1, ts1] = (await contract.view("now", {})).split(":").map(BigInt);
  t.true(h1 >= h0 + 1000n, `height ${h0} -> ${h1}`);
  t.true(ts1 > ts0 + 999n * 1_000_000_000n, "time advanced about a second per block");

  const account = await contract.accountView();
  await contract.updateAccount({ ...account, amount: (123n * NEAR).toString() });
  t.is((await contract.balance()).total, (123n * NEAR).toString());
});
