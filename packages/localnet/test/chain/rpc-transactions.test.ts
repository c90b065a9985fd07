/** Transaction-related RPC methods: async sending, status lookups, receipts, chunks, sandbox patching and fast-forward. */
import test from "ava";
import { Account, JsonRpcProvider, KeyPair, KeyPairSigner, actions, type KeyPairString } from "near-api-js";
import { RpcReceiptResponseSchema, RpcTransactionResponseSchema, RpcChunkResponseSchema } from "@near-js/jsonrpc-types";
import { shapeIssues, startTestNode, type TestNode } from "./helpers/node.ts";
import { signedTransfers } from "./helpers/sign.ts";

const NEAR = 10n ** 24n;
let net: TestNode;
let root: Account;

test.before(async () => {
  net = await startTestNode();
  root = new Account(
    "test.near",
    new JsonRpcProvider({ url: net.url }),
    new KeyPairSigner(KeyPair.fromString(net.validator.secret_key as KeyPairString)),
  );
});
test.after.always(async () => {
  await net?.close();
});

async function signedTransfer(receiverId: string, amount: bigint): Promise<string> {
  const signed = await root.createSignedTransaction({ receiverId, actions: [actions.transfer(amount)] });
  return Buffer.from(signed.encode()).toString("base64");
}

test.serial("broadcast_tx_async returns the hash; tx and EXPERIMENTAL_tx_status find the result", async (t) => {
  const tx = await signedTransfer("test.near", 1n);
  const { result: hash } = await net.rpc("broadcast_tx_async", [tx]);
  t.is(typeof hash, "string");
  await new Promise((r) => setTimeout(r, 50));
  const status = await net.rpc("tx", { tx_hash: hash, sender_account_id: "test.near", wait_until: "FINAL" });
  t.deepEqual(shapeIssues(RpcTransactionResponseSchema, status.result), []);
  t.is(status.result.transaction.hash, hash);
  const legacy = await net.rpc("tx", [hash, "test.near"]);
  t.is(legacy.result.transaction.hash, hash);

  const experimental = await net.rpc("EXPERIMENTAL_tx_status", { tx_hash: hash, sender_account_id: "test.near" });
  t.deepEqual(shapeIssues(RpcTransactionResponseSchema, experimental.result), []);
  t.is(experimental.result.receipts.length, experimental.result.receipts_outcome.length);

  const receiptId = experimental.result.receipts_outcome[0].id;
  const receipt = await net.rpc("EXPERIMENTAL_receipt", { receipt_id: receiptId });
  t.deepEqual(shapeIssues(RpcReceiptResponseSchema, receipt.result), []);
  t.is(receipt.result.receiver_id, "test.near");
  t.deepEqual(receipt.result.receipt.Action.actions, [{ Transfer: { deposit: "1" } }]);

  const block = await net.rpc("block", { block_id: status.result.transaction_outcome.block_hash });
  const chunk = await net.rpc("chunk", { chunk_id: block.result.chunks[0].chunk_hash });
  t.deepEqual(shapeIssues(RpcChunkResponseSchema, chunk.result), []);
  t.deepEqual(
    chunk.result.transactions.map((x: { hash: string }) => x.hash),
    [hash],
  );
});

test.serial("send_tx honours wait_until", async (t) => {
  const none = await net.rpc("send_tx", {
    signed_tx_base64: await signedTransfer("test.near", 2n),
    wait_until: "NONE",
  });
  t.deepEqual(none.result, { final_execution_status: "NONE" });
  const final = await net.rpc("send_tx", {
    signed_tx_base64: await signedTransfer("test.near", 3n),
    wait_until: "FINAL",
  });
  t.is(final.result.final_execution_status, "FINAL");
  t.deepEqual(final.result.status, { SuccessValue: "" });
});

test.serial(
  "broadcast_tx_commit and send_tx's default answer once executed; a final read right after sees it",
  async (t) => {
    const balance = async (finality: string) =>
      BigInt(
        (await net.rpc("query", { request_type: "view_account", finality, account_id: "receiver.test.near" })).result
          ?.amount ?? 0n,
      );
    await root.createAccount({
      newAccountId: "receiver.test.near",
      publicKey: KeyPair.fromRandom("ed25519").getPublicKey(),
      nearToTransfer: NEAR,
    });
    for (const [method, params] of [
      ["broadcast_tx_commit", [await signedTransfer("receiver.test.near", 5n)]],
      ["send_tx", { signed_tx_base64: await signedTransfer("receiver.test.near", 5n) }],
      [
        "send_tx",
        { signed_tx_base64: await signedTransfer("receiver.test.near", 5n), wait_until: "EXECUTED_OPTIMISTIC" },
      ],
    ] as const) {
      const before = await balance("final");
      const reply = await net.rpc(method, params);
      // The transfer's receipt ran in the block after the transaction's: neither block is final yet, as on neard.
      t.is(reply.result.final_execution_status, "EXECUTED_OPTIMISTIC", method);
      t.is(reply.result.receipts_outcome.length, 1);
      const [optimistic, final] = await Promise.all([balance("optimistic"), balance("final")]);
      t.is(optimistic, before + 5n);
      t.is(final, before + 5n, "the read at `final` waited for the blocks that finalise the answered transfer");
    }
  },
);

test.serial("invalid transactions get INVALID_TRANSACTION with the InvalidTxError", async (t) => {
  const tooMuch = await net.rpc("broadcast_tx_commit", [await signedTransfer("test.near", 10n ** 40n)]);
  t.like(tooMuch.error, { name: "HANDLER_ERROR", cause: { name: "INVALID_TRANSACTION" } });
  t.truthy(tooMuch.error.data.TxExecutionError.InvalidTxError.NotEnoughBalance);
  const bytes = Buffer.from(await signedTransfer("test.near", 1n), "base64");
  bytes[bytes.length - 1] ^= 0xff;
  const badSignature = await net.rpc("broadcast_tx_commit", [bytes.toString("base64")]);
  t.is(badSignature.error.data.TxExecutionError.InvalidTxError, "InvalidSignature");
});

test.serial("receipts run in later blocks with increasing height and timestamp", async (t) => {
  const key = KeyPair.fromRandom("ed25519");
  const result = await root.createAccount({
    newAccountId: "later.test.near",
    publicKey: key.getPublicKey(),
    nearToTransfer: NEAR,
  });
  const txBlock = (await net.rpc("block", { block_id: result.transaction_outcome.block_hash })).result.header;
  const receiptBlock = (await net.rpc("block", { block_id: result.receipts_outcome[0].block_hash })).result.header;
  t.true(receiptBlock.height > txBlock.height);
  t.true(BigInt(receiptBlock.timestamp_nanosec) > BigInt(txBlock.timestamp_nanosec));
});

test.serial("sandbox_patch_state writes records; sandbox_fast_forward moves height and time", async (t) => {
  const key = KeyPair.fromRandom("ed25519");
  const patched = await net.rpc("sandbox_patch_state", {
    records: [
      {
        Account: {
          account_id: "patched.near",
          account: { amount: "5", locked: "0", code_hash: "11111111111111111111111111111111", storage_usage: 182 },
        },
      },
      {
        AccessKey: {
          account_id: "patched.near",
          public_key: key.getPublicKey().toString(),
          access_key: { nonce: 0, permission: "FullAccess" },
        },
      },
      {
        Data: {
          account_id: "patched.near",
          data_key: Buffer.from("k").toString("base64"),
          value: Buffer.from("v").toString("base64"),
        },
      },
    ],
  });
  t.deepEqual(patched.result, {});
  const account = await net.rpc("query", {
    request_type: "view_account",
    finality: "final",
    account_id: "patched.near",
  });
  t.is(account.result.amount, "5");
  const state = await net.rpc("query", {
    request_type: "view_state",
    finality: "final",
    account_id: "patched.near",
    prefix_base64: "",
  });
  t.deepEqual(
    state.result.values.map((v: { key: string; value: string }) => [v.key, v.value]),
    [[Buffer.from("k").toString("base64"), Buffer.from("v").toString("base64")]],
  );

  const before = (await net.rpc("block", { finality: "final" })).result.header;
  t.deepEqual((await net.rpc("sandbox_fast_forward", { delta_height: 500 })).result, {});
  const after = (await net.rpc("block", { finality: "final" })).result.header;
  t.true(after.height >= before.height + 500);
  t.true(BigInt(after.timestamp_nanosec) - BigInt(before.timestamp_nanosec) >= 500n * 1_000_000_000n);
  t.true(after.epoch_id !== before.epoch_id, "500 blocks cross an epoch boundary");
  const transfer = await net.rpc("broadcast_tx_commit", [await signedTransfer("test.near", 1n)]);
  t.deepEqual(transfer.result.status, { SuccessValue: "" }, "transactions signed after fast-forward work");
});

test.serial("queries by block_id see the state as of that block", async (t) => {
  const at = async (block: number | string, request: Record<string, unknown>) =>
    (await net.rpc("query", { ...request, block_id: block })).result ??
    (await net.rpc("query", { ...request, block_id: block })).error;
  const key = KeyPair.fromRandom("ed25519");
  const created = await root.createAccount({
    newAccountId: "history.test.near",
    publicKey: key.getPublicKey(),
    nearToTransfer: 5n * NEAR,
  });
  const afterCreate = (await net.rpc("block", { block_id: created.receipts_outcome[0].block_hash })).result.header
    .height;
  const moved = await root.transfer({ receiverId: "history.test.near", amount: 2n * NEAR });
  const afterTransfer = (await net.rpc("block", { block_id: moved.receipts_outcome[0].block_hash })).result.header
    .height;

  t.is(
    (await at(afterCreate, { request_type: "view_account", account_id: "history.test.near" })).amount,
    (5n * NEAR).toString(),
  );
  t.is(
    (await at(afterTransfer, { request_type: "view_account", account_id: "history.test.near" })).amount,
    (7n * NEAR).toString(),
  );
  const beforeCreate =
    (await net.rpc("block", { block_id: created.transaction_outcome.block_hash })).result.header.height - 1;
  t.is(
    (await at(beforeCreate, { request_type: "view_account", account_id: "history.test.near" })).cause.name,
    "UNKNOWN_ACCOUNT",
  );
  const keys = await at(afterCreate, { request_type: "view_access_key_list", account_id: "history.test.near" });
  t.deepEqual(
    keys.keys.map((k: { public_key: string }) => k.public_key),
    [key.getPublicKey().toString()],
  );
  t.is(
    (await at(beforeCreate, { request_type: "view_access_key_list", account_id: "history.test.near" })).keys.length,
    0,
  );

  const patchedAt = (await net.rpc("block", { finality: "final" })).result.header.height;
  await net.rpc("sandbox_patch_state", {
    records: [
      {
        Data: {
          account_id: "history.test.near",
          data_key: Buffer.from("x").toString("base64"),
          value: Buffer.from("1").toString("base64"),
        },
      },
    ],
  });
  t.is(
    (await at(patchedAt, { request_type: "view_state", account_id: "history.test.near", prefix_base64: "" })).values
      .length,
    0,
  );
  t.is(
    (
      await net.rpc("query", {
        request_type: "view_state",
        finality: "final",
        account_id: "history.test.near",
        prefix_base64: "",
      })
    ).result.values.length,
    1,
  );
});

test.serial("an idle chain gets a block every interval (neard's 600 ms), timestamps following the clock", async (t) => {
  const before = (await net.rpc("block", { finality: "optimistic" })).result.header;
  await new Promise((r) => setTimeout(r, 1300));
  const after = (await net.rpc("block", { finality: "optimistic" })).result.header;
  const produced = after.height - before.height;
  t.true(produced >= 1 && produced <= 3, `${produced} blocks in 1.3 s`);
  t.true(
    BigInt(after.timestamp_nanosec) - BigInt(before.timestamp_nanosec) >= BigInt(produced) * 599_000_000n,
    `${produced} ${after.timestamp_nanosec} ${before.timestamp_nanosec}`,
  );
  for (let height = before.height + 1; height <= after.height; height++) {
    const [block, parent] = await Promise.all(
      [height, height - 1].map(async (h) => (await net.rpc("block", { block_id: h })).result.header),
    );
    t.true(
      BigInt(block.timestamp_nanosec) - BigInt(parent.timestamp_nanosec) >= 599_000_000n,
      "idle blocks are spaced",
    );
  }
});

// Last: these sign with the validator key outside near-api-js, whose cached nonce the tests above rely on.
test.serial("a final read waits for what was answered before it, not for what is answered after", async (t) => {
  // One sender sends back to back without reading in between (nonces and block hash cached, as a client may).
  const transfers = await signedTransfers(net.rpc, net.validator.secret_key, 12, "test.near");
  const answered: number[] = [];
  let readDoneAfter: number | undefined;
  const sending = (async () => {
    for (const [i, tx] of transfers.entries()) {
      const reply = await net.rpc("broadcast_tx_commit", [tx]);
      if (reply.error) throw new Error(JSON.stringify(reply.error));
      answered.push(i);
      if (i === 2)
        void net.rpc("block", { finality: "final" }).then(() => {
          readDoneAfter = answered.length;
        });
    }
  })();
  await sending;
  t.not(readDoneAfter, undefined, "the final read was answered while the sender kept sending");
  t.true(readDoneAfter! < transfers.length, `answered after ${readDoneAfter} of ${transfers.length} sends`);
});

test.serial(
  "an executed transaction sent again is answered at once, and a final read after that answer sees it",
  async (t) => {
    const balance = async (finality: string) =>
      (await net.rpc("query", { request_type: "view_account", finality, account_id: "receiver.test.near" })).result
        .amount as string;
    const before = await balance("optimistic");
    const [tx] = await signedTransfers(net.rpc, net.validator.secret_key, 1, "receiver.test.near");
    await net.rpc("broadcast_tx_async", [tx]);
    // Without a waiting client its finalising blocks come by time (600 ms apart): executed, not yet final.
    let executed = before;
    while (executed === before) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      executed = await balance("optimistic");
    }
    const again = await net.rpc("broadcast_tx_commit", [tx]);
    t.not(again.result.final_execution_status, "FINAL", "the idle chain finalised it before the test could send again");
    t.is(await balance("final"), executed, "the read at final waited for the transfer's finalising blocks");
  },
);
