/**
 * A field a method does not know is ignored, as neard ignores it: none of
 * nearcore's request types (chain/jsonrpc-primitives) is deserialised with
 * serde's deny_unknown_fields, most flatten a block or transaction reference
 * (which serde cannot combine with it), and methods without params (status,
 * health, network_info) do not read them. So an extra field changes neither
 * the answer nor what the request does: a client that sends a field a newer
 * neard knows keeps working on both.
 */
import test from "ava";
import { KeyPair, KeyPairSigner, type KeyPairString, actions, createTransaction } from "near-api-js";
import { fromBase58 } from "../../src/chain/encoding.ts";
import { startTestNode, type TestNode } from "./helpers/node.ts";

let net: TestNode;

test.before(async () => {
  net = await startTestNode();
});
test.after.always(async () => {
  await net?.close();
});

const EXTRA = { unknown_field: 1, finality_hint: "x" };

/** A 1-yocto transfer from the validator to itself with its key's next nonce, signed on the final block. */
async function signedTransfer(): Promise<string> {
  const signer = new KeyPairSigner(KeyPair.fromString(net.validator.secret_key as KeyPairString));
  const final = await net.rpc("block", { finality: "final" });
  const key = await net.rpc("query", {
    request_type: "view_access_key",
    finality: "optimistic",
    account_id: "test.near",
    public_key: (await signer.getPublicKey()).toString(),
  });
  const tx = createTransaction(
    "test.near",
    await signer.getPublicKey(),
    "test.near",
    BigInt(key.result.nonce) + 1n,
    [actions.transfer(1n)],
    fromBase58(final.result.header.hash),
  );
  return Buffer.from((await signer.signTransaction(tx)).signedTransaction.encode()).toString("base64");
}

test.serial("reads answer the same with an unknown field as without it", async (t) => {
  const sent = await net.rpc("send_tx", { signed_tx_base64: await signedTransfer(), wait_until: "FINAL" });
  const hash = sent.result.transaction.hash;
  const receiptId = sent.result.receipts_outcome[0].id;
  const final = (await net.rpc("block", { finality: "final" })).result.header;
  const chunkId = (await net.rpc("block", { block_id: final.height })).result.chunks[0].chunk_hash;
  const requests: Array<[string, Record<string, unknown>]> = [
    ["block", { block_id: final.height }],
    ["chunk", { chunk_id: chunkId }],
    ["chunk", { block_id: final.hash, shard_id: 0 }],
    ["query", { request_type: "view_account", block_id: final.height, account_id: "test.near" }],
    ["query", { request_type: "view_access_key_list", block_id: final.height, account_id: "test.near" }],
    ["gas_price", { block_id: final.height }],
    ["tx", { tx_hash: hash, sender_account_id: "test.near" }],
    ["EXPERIMENTAL_tx_status", { tx_hash: hash, sender_account_id: "test.near", wait_until: "FINAL" }],
    ["EXPERIMENTAL_receipt", { receipt_id: receiptId }],
    ["EXPERIMENTAL_protocol_config", { block_id: final.height }],
  ];
  for (const [method, params] of requests) {
    const plain = await net.rpc(method, params);
    t.falsy(plain.error, `${method}: ${JSON.stringify(plain.error)}`);
    const extra = await net.rpc(method, { ...params, ...EXTRA });
    t.deepEqual([extra.result, extra.error], [plain.result, plain.error], method);
  }
  t.truthy((await net.rpc("status", EXTRA)).result?.sync_info, "status ignores params");
});

test.serial("writes do what they do without the unknown field", async (t) => {
  const sent = await net.rpc("send_tx", { signed_tx_base64: await signedTransfer(), wait_until: "FINAL", ...EXTRA });
  t.is(sent.result?.final_execution_status, "FINAL", JSON.stringify(sent.error));

  const before = (await net.rpc("block", { finality: "optimistic" })).result.header.height;
  t.deepEqual((await net.rpc("sandbox_fast_forward", { delta_height: 5, ...EXTRA })).result, {});
  t.true((await net.rpc("block", { finality: "optimistic" })).result.header.height >= before + 5);

  const record = {
    Account: {
      account_id: "extra-field.test.near",
      account: { amount: "9", locked: "0", code_hash: "11111111111111111111111111111111", storage_usage: 182 },
    },
  };
  t.deepEqual((await net.rpc("sandbox_patch_state", { records: [record], ...EXTRA })).result, {});
  const account = await net.rpc("query", {
    request_type: "view_account",
    finality: "final",
    account_id: "extra-field.test.near",
  });
  t.is(account.result?.amount, "9");
});
