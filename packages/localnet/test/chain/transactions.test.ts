/**
 * Transactions through near-api-js 7.2 against an in-process node:
 * accounts, transfers, keys, deploys, deletes, storage staking, fees, and
 * the typed errors near-api-js raises from neard-shaped failures.
 */
import test from "ava";
import { Account, JsonRpcProvider, KeyPair, KeyPairSigner, actions, type KeyPairString } from "near-api-js";
import {
  AccessKeyMethodNameMismatchActionError,
  AccessKeyNotEnoughAllowanceActionError,
  AccessKeyNotFoundActionError,
  AccountAlreadyExistsActionError,
  AccountDoesNotExistActionError,
  AccountDoesNotExistError,
  ContractExecutionError,
  ContractMethodNotFoundError,
  ContractCodeDoesNotExistError,
  HostProhibitedInViewError,
  LackBalanceForStateActionError,
  NotEnoughBalanceError,
  ActorNoPermissionActionError,
  CreateAccountNotAllowedActionError,
  DeleteKeyDoesNotExistActionError,
} from "near-api-js/rpc-errors";
import { RpcTransactionResponseSchema } from "@near-js/jsonrpc-types";
import { ACTION_COSTS, STORAGE_PARAMETERS } from "../../src/vm/runtime-parameters.ts";
import { fixtureWasm } from "../helpers.ts";
import { shapeIssues, startTestNode, type TestNode } from "./helpers/node.ts";

const NEAR = 10n ** 24n;
const GAS_PRICE = 100_000_000n;
let net: TestNode;
let provider: JsonRpcProvider;
let root: Account;
let counter = 0;

test.before(async () => {
  // Build fixtures before the node starts: a build keeps this process busy for a while.
  await fixtureWasm("status-message");

  net = await startTestNode();
  provider = new JsonRpcProvider({ url: net.url });
  root = new Account(
    "test.near",
    provider,
    new KeyPairSigner(KeyPair.fromString(net.validator.secret_key as KeyPairString)),
  );
});
test.after("total supply equals the sum of all balances after everything above", (t) => {
  const { state, chain } = net.node;
  const sum = state.accountIds().reduce((total, id) => {
    const account = state.getAccount(id)!;
    return total + account.amount + account.locked;
  }, 0n);
  t.is(chain.head.totalSupply, sum);
});

test.after.always(async () => {
  await net?.close();
});

async function newAccount(balance = 10n * NEAR): Promise<{ account: Account; key: KeyPair }> {
  const key = KeyPair.fromRandom("ed25519");
  const id = `acc${++counter}.test.near`;
  await root.createAccount({ newAccountId: id, publicKey: key.getPublicKey(), nearToTransfer: balance });
  return { account: new Account(id, provider, new KeyPairSigner(key)), key };
}

async function view(accountId: string) {
  return (await net.rpc("query", { request_type: "view_account", finality: "final", account_id: accountId })).result;
}

test.serial("create account: outcome shape, fees and the new account's state", async (t) => {
  const key = KeyPair.fromRandom("ed25519");
  const before = BigInt((await view("test.near")).amount);
  const result = await root.createAccount({
    newAccountId: "fresh.test.near",
    publicKey: key.getPublicKey(),
    nearToTransfer: 5n * NEAR,
  });
  t.deepEqual(shapeIssues(RpcTransactionResponseSchema, result), []);
  t.deepEqual(result.status, { SuccessValue: "" });
  // near-api-js sends with wait_until EXECUTED_OPTIMISTIC: answered once the receipt ran, before it is final.
  t.is(result.final_execution_status, "EXECUTED_OPTIMISTIC");

  const c = ACTION_COSTS;
  const send =
    c.new_action_receipt.sendNotSir +
    c.create_account.sendNotSir +
    c.transfer.sendNotSir +
    c.add_full_access_key.sendNotSir;
  const exec =
    c.new_action_receipt.execution +
    c.create_account.execution +
    c.transfer.execution +
    c.add_full_access_key.execution;
  t.is(BigInt(result.transaction_outcome.outcome.gas_burnt), send);
  t.is(result.transaction_outcome.outcome.tokens_burnt, (send * GAS_PRICE).toString());
  t.is(BigInt(result.receipts_outcome[0].outcome.gas_burnt), exec);
  t.true(
    result.receipts_outcome[0].block_hash !== result.transaction_outcome.block_hash,
    "receipt runs in a later block",
  );

  const created = await view("fresh.test.near");
  t.is(created.amount, (5n * NEAR).toString());
  t.is(created.storage_usage, 182);
  const after = BigInt((await view("test.near")).amount);
  t.is(before - after, 5n * NEAR + (send + exec) * GAS_PRICE);

  await t.throwsAsync(
    root.createAccount({ newAccountId: "fresh.test.near", publicKey: key.getPublicKey(), nearToTransfer: 1n }),
    {
      instanceOf: AccountAlreadyExistsActionError,
    },
  );
  const { account: other } = await newAccount();
  await t.throwsAsync(
    other.signAndSendTransaction({
      receiverId: "sub.fresh.test.near",
      actions: [actions.createAccount(), actions.transfer(1n)],
    }),
    {
      instanceOf: CreateAccountNotAllowedActionError,
    },
  );
});

test("transfers: balance moves; to a missing account the deposit comes back", async (t) => {
  const { account: a } = await newAccount();
  const { account: b } = await newAccount();
  const before = BigInt((await view(b.accountId)).amount);
  await a.transfer({ receiverId: b.accountId, amount: 2n * NEAR });
  t.is(BigInt((await view(b.accountId)).amount), before + 2n * NEAR);

  const aBefore = BigInt((await view(a.accountId)).amount);
  await t.throwsAsync(a.transfer({ receiverId: "nobody.test.near", amount: NEAR }), {
    instanceOf: AccountDoesNotExistActionError,
  });
  const aAfter = BigInt((await view(a.accountId)).amount);
  const gas =
    ACTION_COSTS.new_action_receipt.sendNotSir +
    ACTION_COSTS.transfer.sendNotSir +
    ACTION_COSTS.new_action_receipt.execution +
    ACTION_COSTS.transfer.execution;
  t.is(aBefore - aAfter, gas * GAS_PRICE, "only gas is spent; the deposit is refunded");

  await t.throwsAsync(a.transfer({ receiverId: b.accountId, amount: 1000n * NEAR }), {
    instanceOf: NotEnoughBalanceError,
  });
  await t.throwsAsync(provider.viewAccount({ accountId: "nobody.test.near" }), {
    instanceOf: AccountDoesNotExistError,
  });
});

test("access keys: add, use within limits, allowance, delete", async (t) => {
  const { account: owner } = await newAccount();
  const contract = await newAccount(20n * NEAR);
  await contract.account.deployContract(await fixtureWasm("status-message"));

  const fcKey = KeyPair.fromRandom("ed25519");
  const allowance = NEAR / 4n;
  await owner.addFunctionCallAccessKey({
    publicKey: fcKey.getPublicKey(),
    contractId: contract.account.accountId,
    methodNames: ["set_status"],
    allowance,
  });
  const keyView = await net.rpc("query", {
    request_type: "view_access_key",
    finality: "final",
    account_id: owner.accountId,
    public_key: fcKey.getPublicKey().toString(),
  });
  t.deepEqual(keyView.result.permission, {
    FunctionCall: {
      allowance: allowance.toString(),
      receiver_id: contract.account.accountId,
      method_names: ["set_status"],
    },
  });
  const stateAfterKey = await view(owner.accountId);
  t.true(stateAfterKey.storage_usage > 182);

  const limited = new Account(owner.accountId, provider, new KeyPairSigner(fcKey));
  const result = await limited.callFunctionRaw({
    contractId: contract.account.accountId,
    methodName: "set_status",
    args: { message: "hi" },
    gas: 30_000_000_000_000n,
  });
  t.deepEqual(result.status, { SuccessValue: "" });
  const afterCall = await net.rpc("query", {
    request_type: "view_access_key",
    finality: "final",
    account_id: owner.accountId,
    public_key: fcKey.getPublicKey().toString(),
  });
  const left = BigInt(afterCall.result.permission.FunctionCall.allowance);
  const burnt = [result.transaction_outcome, ...result.receipts_outcome].reduce(
    (sum, o) => sum + BigInt(o.outcome.tokens_burnt),
    0n,
  );
  t.is(allowance - left, burnt, "allowance pays the gas burnt; unused gas is refunded to it");

  await t.throwsAsync(
    limited.callFunctionRaw({ contractId: contract.account.accountId, methodName: "get_updates", args: {} }),
    {
      instanceOf: AccessKeyMethodNameMismatchActionError,
    },
  );
  const stingyKey = KeyPair.fromRandom("ed25519");
  await owner.addFunctionCallAccessKey({
    publicKey: stingyKey.getPublicKey(),
    contractId: contract.account.accountId,
    methodNames: [],
    allowance: NEAR / 100n,
  });
  const stingy = new Account(owner.accountId, provider, new KeyPairSigner(stingyKey));
  await t.throwsAsync(
    stingy.callFunctionRaw({
      contractId: contract.account.accountId,
      methodName: "set_status",
      args: { message: "x" },
      gas: 300_000_000_000_000n,
    }),
    {
      instanceOf: AccessKeyNotEnoughAllowanceActionError,
    },
  );
  await owner.deleteKey(stingyKey.getPublicKey());

  await owner.deleteKey(fcKey.getPublicKey());
  t.is(afterCall.result.nonce > 0, true);
  t.is((await view(owner.accountId)).storage_usage, 182);
  await t.throwsAsync(
    limited.callFunctionRaw({
      contractId: contract.account.accountId,
      methodName: "set_status",
      args: { message: "x" },
    }),
    {
      instanceOf: AccessKeyNotFoundActionError,
    },
  );
  await t.throwsAsync(owner.deleteKey(fcKey.getPublicKey()), { instanceOf: DeleteKeyDoesNotExistActionError });
});

test("deploy stores code and charges storage; too little balance fails with LackBalanceForState", async (t) => {
  const wasm = await fixtureWasm("status-message");
  const { account } = await newAccount(10n * NEAR);
  await account.deployContract(wasm);
  const state = await view(account.accountId);
  t.is(state.storage_usage, 182 + wasm.length);
  const code = await net.rpc("query", { request_type: "view_code", finality: "final", account_id: account.accountId });
  t.is(Buffer.from(code.result.code_base64, "base64").length, wasm.length);
  t.is(code.result.hash, state.code_hash);

  const { account: poor } = await newAccount(NEAR);
  const error = await t.throwsAsync(poor.deployContract(wasm), { instanceOf: LackBalanceForStateActionError });
  const needed = BigInt(182 + wasm.length) * STORAGE_PARAMETERS.storage_amount_per_byte;
  t.true(error!.message.length > 0);
  const poorState = await view(poor.accountId);
  t.is(poorState.storage_usage, 182, "the failed deploy changed nothing");
  t.true(needed > BigInt(poorState.amount));

  const { account: stranger } = await newAccount();
  await t.throwsAsync(
    stranger.signAndSendTransaction({ receiverId: account.accountId, actions: [actions.deployContract(wasm)] }),
    {
      instanceOf: ActorNoPermissionActionError,
    },
  );
});

test("delete account sends the balance to the beneficiary", async (t) => {
  const { account: doomed } = await newAccount(3n * NEAR);
  const { account: heir } = await newAccount();
  const heirBefore = BigInt((await view(heir.accountId)).amount);
  const doomedBalance = BigInt((await view(doomed.accountId)).amount);
  const result = await doomed.deleteAccount(heir.accountId);
  t.deepEqual(result.status, { SuccessValue: "" });
  const gas = [result.transaction_outcome, result.receipts_outcome[0]].reduce(
    (sum, o) => sum + BigInt(o.outcome.tokens_burnt),
    0n,
  );
  t.is(BigInt((await view(heir.accountId)).amount), heirBefore + doomedBalance - gas);
  t.is(
    (await net.rpc("query", { request_type: "view_account", finality: "final", account_id: doomed.accountId })).error
      .cause.name,
    "UNKNOWN_ACCOUNT",
  );
});

test("function calls: logs, views, panics refund the deposit", async (t) => {
  const { account: contract } = await newAccount(20n * NEAR);
  await contract.deployContract(await fixtureWasm("status-message"));
  const { account: user } = await newAccount();
  const contractBefore = BigInt((await view(contract.accountId)).amount);
  const result = await user.callFunctionRaw({
    contractId: contract.accountId,
    methodName: "set_status",
    args: { message: "hello" },
  });
  t.deepEqual(shapeIssues(RpcTransactionResponseSchema, result), []);
  t.deepEqual(result.receipts_outcome[0].outcome.logs, [`${user.accountId} set a status`]);
  // The contract earns burnt_gas_reward (3/10) of the gas its code burnt (not of the action fees).
  const args = Buffer.from(JSON.stringify({ message: "hello" }));
  const fees =
    ACTION_COSTS.new_action_receipt.execution +
    ACTION_COSTS.function_call_base.execution +
    ACTION_COSTS.function_call_byte.execution * BigInt("set_status".length + args.length);
  const vmBurnt = BigInt(result.receipts_outcome[0].outcome.gas_burnt) - fees;
  const { numerator, denominator } = STORAGE_PARAMETERS.burnt_gas_reward;
  t.is(
    BigInt((await view(contract.accountId)).amount) - contractBefore,
    ((vmBurnt * BigInt(numerator)) / BigInt(denominator)) * GAS_PRICE,
  );
  const profile = result.receipts_outcome[0].outcome.metadata?.gas_profile as Array<{ cost: string; gas_used: string }>;
  t.is(
    profile.reduce((sum, row) => sum + BigInt(row.gas_used), 0n),
    vmBurnt,
    "the gas profile accounts for the contract's gas",
  );
  t.deepEqual(
    await provider.callFunction({
      contractId: contract.accountId,
      method: "get_status",
      args: { account_id: user.accountId },
    }),
    "hello",
  );

  const failure = await t.throwsAsync(
    user.callFunctionRaw({
      contractId: contract.accountId,
      methodName: "set_status",
      args: { message: "x".repeat(300) },
    }),
    { instanceOf: ContractExecutionError },
  );
  t.regex(failure!.message, /Smart contract panicked: assertion failed: message is longer than 280 characters/);

  const before = BigInt((await view(user.accountId)).amount);
  const unpaid = await t.throwsAsync(
    user.callFunctionRaw({
      contractId: contract.accountId,
      methodName: "set_status",
      args: { message: "paid" },
      deposit: NEAR,
    }),
    { instanceOf: ContractExecutionError },
  );
  t.regex(unpaid!.message, /Function is not payable/);
  const after = BigInt((await view(user.accountId)).amount);
  t.true(before - after < NEAR / 100n, "the deposit came back; only gas was spent");

  await t.throwsAsync(provider.callFunction({ contractId: contract.accountId, method: "no_such_method", args: {} }), {
    instanceOf: ContractMethodNotFoundError,
  });
  await t.throwsAsync(provider.callFunction({ contractId: user.accountId, method: "get_status", args: {} }), {
    instanceOf: ContractCodeDoesNotExistError,
  });
  await t.throwsAsync(
    provider.callFunction({ contractId: contract.accountId, method: "set_status", args: { message: "in a view" } }),
    {
      instanceOf: HostProhibitedInViewError,
    },
  );
});

test("nonces: a replayed transaction is rejected", async (t) => {
  const { account } = await newAccount();
  const signed = await account.createSignedTransaction({
    receiverId: account.accountId,
    actions: [actions.transfer(1n)],
  });
  const first = await net.rpc("broadcast_tx_commit", [Buffer.from(signed.encode()).toString("base64")]);
  t.truthy(first.result);
  const again = await net.rpc("broadcast_tx_commit", [Buffer.from(signed.encode()).toString("base64")]);
  t.deepEqual(
    again.result?.transaction?.hash,
    first.result.transaction.hash,
    "the same transaction is answered from the chain",
  );
  const { account: twin } = { account };
  const resigned = await twin.createSignedTransaction({
    receiverId: account.accountId,
    actions: [actions.transfer(2n)],
  });
  resigned.transaction.nonce = signed.transaction.nonce;
  const bad = await net.rpc("broadcast_tx_commit", [Buffer.from(resigned.encode()).toString("base64")]);
  t.is(bad.error.cause.name, "INVALID_TRANSACTION");
  t.truthy(
    bad.error.data.TxExecutionError.InvalidTxError.InvalidSignature ?? bad.error.data.TxExecutionError.InvalidTxError,
  );
});

test("a transfer to a NEAR-implicit account creates it, controlled by the key its id spells", async (t) => {
  const key = KeyPair.fromRandom("ed25519");
  const implicitId = Buffer.from(key.getPublicKey().data).toString("hex");
  const { account: payer } = await newAccount();
  const result = await payer.transfer({ receiverId: implicitId, amount: NEAR });
  const c = ACTION_COSTS;
  t.is(
    BigInt(result.transaction_outcome.outcome.gas_burnt),
    c.new_action_receipt.sendNotSir +
      c.transfer.sendNotSir +
      c.create_account.sendNotSir +
      c.add_full_access_key.sendNotSir,
  );
  const state = await view(implicitId);
  t.is(state.amount, NEAR.toString());
  t.is(state.storage_usage, 182);
  const implicit = new Account(implicitId, provider, new KeyPairSigner(key));
  await implicit.transfer({ receiverId: payer.accountId, amount: NEAR / 2n });
  t.true(BigInt((await view(implicitId)).amount) < NEAR / 2n);
});

test("meta transactions: a relayer pays for the sender's delegated actions", async (t) => {
  const { account: sender } = await newAccount();
  const { account: relayer } = await newAccount();
  const { account: receiver } = await newAccount();
  const senderBefore = BigInt((await view(sender.accountId)).amount);
  const receiverBefore = BigInt((await view(receiver.accountId)).amount);
  const { signedDelegate } = await sender.createSignedMetaTransaction({
    receiverId: receiver.accountId,
    actions: [actions.transfer(NEAR)],
    blockHeightTtl: 100,
  });
  const relayerBefore = BigInt((await view(relayer.accountId)).amount);
  const result = await relayer.relayMetaTransaction(signedDelegate);
  const burnt = [result.transaction_outcome, ...result.receipts_outcome].reduce(
    (sum, o) => sum + BigInt(o.outcome.tokens_burnt),
    0n,
  );
  t.is(
    relayerBefore - BigInt((await view(relayer.accountId)).amount),
    NEAR + burnt,
    "the relayer paid the deposit and exactly the gas burnt",
  );
  t.deepEqual(result.status, { SuccessValue: "" });
  t.is(result.receipts_outcome.length >= 2, true);
  t.is(BigInt((await view(receiver.accountId)).amount), receiverBefore + NEAR);
  t.is(
    BigInt((await view(sender.accountId)).amount),
    senderBefore,
    "the sender pays nothing: the relayer paid gas and deposit",
  );

  const replay = await relayer.signAndSendTransaction({
    receiverId: sender.accountId,
    actions: [actions.signedDelegate(signedDelegate)],
    throwOnFailure: false,
  });
  t.regex(JSON.stringify(replay.status), /DelegateActionInvalidNonce/);
});
