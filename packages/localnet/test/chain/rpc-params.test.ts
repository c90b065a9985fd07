/**
 * Malformed values inside otherwise well-formed params get neard's error
 * kind (a parse error, not a lookup that fails or a silent default), and
 * change nothing.
 */
import test from "ava";
import { Account, JsonRpcProvider, KeyPair, KeyPairSigner, type KeyPairString, actions } from "near-api-js";
import { startTestNode, type TestNode } from "./helpers/node.ts";

let net: TestNode;

const root = () =>
  new Account(
    "test.near",
    new JsonRpcProvider({ url: net.url }),
    new KeyPairSigner(KeyPair.fromString(net.validator.secret_key as KeyPairString)),
  );

test.before(async () => {
  net = await startTestNode();
});
test.after.always(async () => {
  await net?.close();
});

const accountRecord = (accountId: string, amount: unknown) => ({
  Account: {
    account_id: accountId,
    account: { amount, locked: "0", code_hash: "11111111111111111111111111111111", storage_usage: 182 },
  },
});

async function viewAccount(accountId: string) {
  return net.rpc("query", { request_type: "view_account", finality: "optimistic", account_id: accountId });
}

test("sandbox_patch_state refuses a negative, fractional or oversized balance, and patches nothing", async (t) => {
  for (const amount of ["-1", "1.5", "", " 5", String(1n << 128n), -1, 1e30]) {
    const reply = await net.rpc("sandbox_patch_state", {
      records: [accountRecord("first.near", "5"), accountRecord("bad-amount.near", amount)],
    });
    t.is(reply.error?.cause?.name, "PARSE_ERROR", JSON.stringify(amount));
    t.regex(String(reply.error?.data), /amount/);
  }
  t.is((await viewAccount("first.near")).error?.cause?.name, "UNKNOWN_ACCOUNT");
  t.is((await viewAccount("bad-amount.near")).error?.cause?.name, "UNKNOWN_ACCOUNT");
  const ok = await net.rpc("sandbox_patch_state", { records: [accountRecord("good-amount.near", "7")] });
  t.deepEqual(ok.result, {});
  t.is((await viewAccount("good-amount.near")).result.amount, "7");
});

test("sandbox_patch_state refuses data that is not base64", async (t) => {
  const reply = await net.rpc("sandbox_patch_state", {
    records: [{ Data: { account_id: "test.near", data_key: "!!!", value: "dg==" } }],
  });
  t.is(reply.error?.cause?.name, "PARSE_ERROR");
  const state = await net.rpc("query", {
    request_type: "view_state",
    finality: "optimistic",
    account_id: "test.near",
    prefix_base64: "",
  });
  t.deepEqual(state.result.values, []);
});

test("block_id: a negative, fractional, huge or non-hash id is a parse error; a well-formed unknown one UNKNOWN_BLOCK", async (t) => {
  for (const blockId of [-1, 1e308, 1.5, "!!!", "123", "", [1]]) {
    const reply = await net.rpc("block", { block_id: blockId });
    t.is(reply.error?.cause?.name, "PARSE_ERROR", JSON.stringify(blockId));
  }
  t.is((await net.rpc("block", { block_id: 999_999_999 })).error?.cause?.name, "UNKNOWN_BLOCK");
  t.is((await net.rpc("block", { block_id: "11111111111111111111111111111111" })).error?.cause?.name, "UNKNOWN_BLOCK");
  const query = await net.rpc("query", { request_type: "view_account", block_id: -1, account_id: "test.near" });
  t.is(query.error?.cause?.name, "PARSE_ERROR");
});

test("tx and EXPERIMENTAL_receipt: an id that is not a base58 hash is a parse error", async (t) => {
  const tx = await net.rpc("tx", { tx_hash: "!!!", sender_account_id: "test.near" });
  t.is(tx.error?.cause?.name, "PARSE_ERROR");
  const badSender = await net.rpc("tx", {
    tx_hash: "11111111111111111111111111111111",
    sender_account_id: "Not An Id",
  });
  t.is(badSender.error?.cause?.name, "PARSE_ERROR");
  const unknown = await net.rpc("tx", { tx_hash: "11111111111111111111111111111111", sender_account_id: "test.near" });
  t.is(unknown.error?.cause?.name, "UNKNOWN_TRANSACTION");
  t.is((await net.rpc("EXPERIMENTAL_receipt", { receipt_id: "!!!" })).error?.cause?.name, "PARSE_ERROR");
});

test("a signed transaction with trailing bytes, or not base64, is a parse error and is not executed", async (t) => {
  const signed = await root().createSignedTransaction({ receiverId: "test.near", actions: [actions.transfer(1n)] });
  const bytes = Buffer.from(signed.encode());
  for (const encoded of [Buffer.concat([bytes, Buffer.from([0])]).toString("base64"), "!!!"]) {
    const reply = await net.rpc("broadcast_tx_commit", [encoded]);
    t.is(reply.error?.cause?.name, "PARSE_ERROR");
    t.regex(String(reply.error?.data), /Failed to decode transaction/);
  }
  const valid = await net.rpc("broadcast_tx_commit", [bytes.toString("base64")]);
  t.deepEqual(valid.result?.status, { SuccessValue: "" }, "the same transaction without the extra byte is valid");
});

test("query: args_base64 or prefix_base64 that is not base64 is a parse error, not empty input", async (t) => {
  const call = await net.rpc("query", {
    request_type: "call_function",
    finality: "optimistic",
    account_id: "test.near",
    method_name: "get",
    args_base64: "!!!",
  });
  t.is(call.error?.cause?.name, "PARSE_ERROR");
  const state = await net.rpc("query", {
    request_type: "view_state",
    finality: "optimistic",
    account_id: "test.near",
    prefix_base64: "a",
  });
  t.is(state.error?.cause?.name, "PARSE_ERROR");
});

test("u64 values in error details are exact above 2^53 (gas, nonces)", async (t) => {
  const gas = 2n ** 60n + 1n;
  const signed = await root().createSignedTransaction({
    receiverId: "test.near",
    actions: [actions.functionCall("m", new Uint8Array(), gas, 0n)],
  });
  const response = await fetch(net.url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "broadcast_tx_commit",
      params: [Buffer.from(signed.encode()).toString("base64")],
    }),
  });
  const text = await response.text();
  t.regex(text, /"TotalPrepaidGasExceeded"/);
  t.true(text.includes(`"total_prepaid_gas":${gas}`), text);
});

test("prepaid gas that overflows u64 in sum is ActionsValidation IntegerOverflow, as nearcore's checked sum", async (t) => {
  const half = 1n << 63n;
  const signed = await root().createSignedTransaction({
    receiverId: "test.near",
    actions: [
      actions.functionCall("a", new Uint8Array(), half, 0n),
      actions.functionCall("b", new Uint8Array(), half, 0n),
    ],
  });
  const reply = await net.rpc("broadcast_tx_commit", [Buffer.from(signed.encode()).toString("base64")]);
  t.is(reply.error?.cause?.name, "INVALID_TRANSACTION");
  t.deepEqual(reply.error?.data?.TxExecutionError?.InvalidTxError, { ActionsValidation: "IntegerOverflow" });
});
