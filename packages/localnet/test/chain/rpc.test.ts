import test from "ava";
import {
  AccessKeyListSchema,
  AccessKeyViewSchema,
  AccountViewSchema,
  RpcBlockResponseSchema,
  RpcChunkResponseSchema,
  RpcGasPriceResponseSchema,
  RpcNetworkInfoResponseSchema,
  RpcProtocolConfigResponseSchema,
  RpcStatusResponseSchema,
  RpcValidatorResponseSchema,
  GenesisConfigSchema,
  ViewStateResultSchema,
} from "@near-js/jsonrpc-types";
import { startTestNode, shapeIssues, type TestNode } from "./helpers/node.ts";

let t0: TestNode;
test.before(async () => {
  t0 = await startTestNode();
});
test.after.always(async () => {
  await t0?.close();
});

test("status, block, chunk, gas_price, validators, network_info have neard's shapes", async (t) => {
  const status = await t0.rpc("status", []);
  t.deepEqual(shapeIssues(RpcStatusResponseSchema, status.result), []);
  t.is(status.result.validator_account_id, "test.near");

  const byFinality = await t0.rpc("block", { finality: "final" });
  t.deepEqual(shapeIssues(RpcBlockResponseSchema, byFinality.result), []);
  const { hash, height } = byFinality.result.header;
  t.is((await t0.rpc("block", { block_id: height })).result.header.hash, hash);
  t.is((await t0.rpc("block", { block_id: hash })).result.header.height, height);
  t.is((await t0.rpc("block", [height])).result.header.hash, hash);

  const chunk = await t0.rpc("chunk", { block_id: height, shard_id: 0 });
  t.deepEqual(shapeIssues(RpcChunkResponseSchema, chunk.result), []);
  const byChunkId = await t0.rpc("chunk", { chunk_id: chunk.result.header.chunk_hash });
  t.is(byChunkId.result.header.chunk_hash, chunk.result.header.chunk_hash);

  const gasPrice = await t0.rpc("gas_price", [null]);
  t.deepEqual(shapeIssues(RpcGasPriceResponseSchema, gasPrice.result), []);
  t.is(gasPrice.result.gas_price, "100000000");

  t.deepEqual(shapeIssues(RpcValidatorResponseSchema, (await t0.rpc("validators", [null])).result), []);
  t.deepEqual(shapeIssues(RpcNetworkInfoResponseSchema, (await t0.rpc("network_info", [])).result), []);
});

test("genesis and protocol config", async (t) => {
  const genesis = await t0.rpc("EXPERIMENTAL_genesis_config", {});
  t.deepEqual(shapeIssues(GenesisConfigSchema, genesis.result), []);
  const protocol = await t0.rpc("EXPERIMENTAL_protocol_config", { finality: "final" });
  t.is(protocol.result.runtime_config.storage_amount_per_byte, "10000000000000000000");
  t.is(
    protocol.result.runtime_config.transaction_costs.action_creation_config.transfer_cost.execution,
    115_123_062_500,
  );
  const issues = shapeIssues(RpcProtocolConfigResponseSchema, protocol.result);
  t.deepEqual(issues, []);
});

test("query: accounts, keys, code and state", async (t) => {
  const account = await t0.rpc("query", { request_type: "view_account", finality: "final", account_id: "test.near" });
  t.deepEqual(shapeIssues(AccountViewSchema, account.result), []);
  t.is(account.result.storage_usage, 182);
  t.is(account.result.amount, (10n ** 33n).toString());

  const key = await t0.rpc("query", {
    request_type: "view_access_key",
    finality: "final",
    account_id: "test.near",
    public_key: t0.validator.public_key,
  });
  t.deepEqual(shapeIssues(AccessKeyViewSchema, key.result), []);
  t.is(key.result.permission, "FullAccess");

  const keys = await t0.rpc("query", {
    request_type: "view_access_key_list",
    finality: "final",
    account_id: "test.near",
  });
  t.deepEqual(shapeIssues(AccessKeyListSchema, keys.result), []);
  t.is(keys.result.keys.length, 1);

  const state = await t0.rpc("query", {
    request_type: "view_state",
    finality: "final",
    account_id: "test.near",
    prefix_base64: "",
  });
  t.deepEqual(shapeIssues(ViewStateResultSchema, state.result), []);

  const code = await t0.rpc("query", { request_type: "view_code", finality: "final", account_id: "test.near" });
  t.is(code.error.cause.name, "NO_CONTRACT_CODE");
});

test("errors have neard's structure", async (t) => {
  const unknown = await t0.rpc("query", { request_type: "view_account", finality: "final", account_id: "nobody.near" });
  t.like(unknown.error, {
    name: "HANDLER_ERROR",
    code: -32000,
    message: "Server error",
    cause: { name: "UNKNOWN_ACCOUNT" },
  });
  t.is(unknown.error.cause.info.requested_account_id, "nobody.near");
  t.is(unknown.error.data, "account nobody.near does not exist while viewing");

  const noKey = await t0.rpc("query", {
    request_type: "view_access_key",
    finality: "final",
    account_id: "test.near",
    public_key: "ed25519:11111111111111111111111111111111",
  });
  t.is(noKey.error.cause.name, "UNKNOWN_ACCESS_KEY");

  const method = await t0.rpc("no_such_method", []);
  t.like(method.error, {
    name: "REQUEST_VALIDATION_ERROR",
    code: -32601,
    cause: { name: "METHOD_NOT_FOUND", info: { method_name: "no_such_method" } },
  });

  const block = await t0.rpc("block", { block_id: 999_999 });
  t.is(block.error.cause.name, "UNKNOWN_BLOCK");

  const tx = await t0.rpc("tx", { tx_hash: "11111111111111111111111111111111", sender_account_id: "test.near" });
  t.is(tx.error.cause.name, "UNKNOWN_TRANSACTION");
});

test("malformed requests get JSON-RPC errors, never a crash", async (t) => {
  const raw = async (body: string) =>
    (await (await fetch(t0.url, { method: "POST", body })).json()) as { error: { cause: { name: string } } };
  t.is((await raw("{not json")).error.cause.name, "PARSE_ERROR");
  t.is((await raw("[]")).error.cause.name, "PARSE_ERROR");
  t.is((await raw('{"jsonrpc":"2.0","id":1}')).error.cause.name, "PARSE_ERROR");
  for (const [method, params] of [
    ["query", null],
    ["query", { request_type: "view_account" }],
    ["query", { request_type: "bogus", finality: "final" }],
    ["query", { request_type: "view_access_key", finality: "final", account_id: "test.near", public_key: "nope" }],
    ["block", { finality: "sometime" }],
    ["block", { block_id: { x: 1 } }],
    ["broadcast_tx_commit", ["AAAA"]],
    ["broadcast_tx_commit", [42]],
    ["send_tx", { signed_tx_base64: "AAAA", wait_until: "WHENEVER" }],
    ["sandbox_patch_state", { records: [{ Nonsense: {} }] }],
    ["sandbox_fast_forward", { delta_height: -1 }],
    ["EXPERIMENTAL_receipt", {}],
    ["chunk", { chunk_id: 7 }],
  ] as const) {
    const reply = await t0.rpc(method, params);
    t.truthy(reply.error, `${method} ${JSON.stringify(params)}`);
    t.true(
      ["REQUEST_VALIDATION_ERROR", "HANDLER_ERROR"].includes(reply.error.name),
      `${method}: ${JSON.stringify(reply.error)}`,
    );
  }
  t.is((await t0.rpc("status", [])).result.chain_id, "localnet");
});
