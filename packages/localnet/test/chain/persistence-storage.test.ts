/**
 * The database under failure: a write refused by a full disk (injected
 * with the store's beforeCommit hook into a real LMDB transaction, which
 * then aborts as a failed commit would) reports nothing final and changes
 * nothing, and the node goes on once the disk has room; damaged database
 * files stop the node at startup with an error naming the home; restarting
 * a home does not take longer as its history grows.
 */
import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { KeyPair, actions, createTransaction, SignedTransaction, Signature, type KeyPairString } from "near-api-js";
import { sha256 } from "@noble/hashes/sha2.js";
import { localnetGenesis, newValidatorKey, type Genesis, type ValidatorKey } from "../../src/chain/genesis.ts";
import { base58, base64, fromBase58 } from "../../src/chain/encoding.ts";
import type { Node } from "../../src/node/node.ts";
import { openNode } from "../../src/node/persistence.ts";
import { initSandboxHome, startSandbox } from "../../src/process.ts";
import { createServer } from "../../src/rpc/server.ts";
import { DATABASE_FILE } from "../../src/store/store.ts";

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A signed transfer from the validator's account, against the node's head. */
function transfer(node: Node, validator: ValidatorKey, receiver: string, amount: bigint): Uint8Array {
  const key = KeyPair.fromString(validator.secret_key as KeyPairString);
  const nonce = node.state.getAccessKey(validator.account_id, validator.public_key)!.nonce + 1n;
  const tx = createTransaction(
    validator.account_id,
    key.getPublicKey(),
    receiver,
    nonce,
    [actions.transfer(amount)],
    node.chain.head.hash,
  );
  const signed = new SignedTransaction({
    transaction: tx,
    signature: new Signature({ keyType: key.getPublicKey().keyType, data: key.sign(sha256(tx.encode())).signature }),
  });
  return signed.encode();
}

function hashOf(bytes: Uint8Array): string {
  return base58(sha256(SignedTransaction.decode(Buffer.from(bytes)).transaction.encode()));
}

const fullDisk = () => {
  throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
};

async function serve(node: Node) {
  const server = createServer(node);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let id = 0;
  const rpc = async (method: string, params: unknown) =>
    (await (
      await fetch(url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }) })
    ).json()) as { result?: any; error?: any };
  return { rpc, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function views(rpc: (method: string, params: unknown) => Promise<{ result?: any }>, validator: ValidatorKey) {
  const account = await rpc("query", { request_type: "view_account", finality: "final", account_id: "test.near" });
  const key = await rpc("query", {
    request_type: "view_access_key",
    finality: "final",
    account_id: "test.near",
    public_key: validator.public_key,
  });
  return { amount: account.result.amount as string, nonce: key.result.nonce as number };
}

test("a write refused for lack of space reports nothing final, changes nothing, and the node recovers", async (t) => {
  const dir = tempDir("localnet-enospc-");
  const validator = newValidatorKey();
  const genesis: Genesis = localnetGenesis(validator);
  const opened = await openNode(dir, genesis, "127.0.0.1:0");
  const { node } = opened;
  const store = node.state.store;
  const { rpc, close } = await serve(node);
  const receiver = "ab".repeat(32); // a NEAR-implicit account: its receipt runs in the block after the transaction's
  const before = await views(rpc, validator);
  const head = node.chain.head.height;

  // 1. The transaction's own block cannot be stored.
  const bytes = transfer(node, validator, receiver, 5n);
  store.beforeCommit = fullDisk;
  const refused = await rpc("broadcast_tx_commit", [base64(bytes)]);
  t.is(refused.result, undefined, "not reported at all, let alone final");
  t.is(refused.error?.name, "INTERNAL_ERROR");
  t.regex(refused.error?.cause?.info?.error_message ?? "", /refused a write: ENOSPC/);
  t.deepEqual(await views(rpc, validator), before, "balance and nonce are as before");
  t.is(node.chain.head.height, head, "no block was added");
  const unknown = await rpc("tx", { tx_hash: hashOf(bytes), sender_account_id: "test.near" });
  t.is(unknown.error?.cause?.name, "UNKNOWN_TRANSACTION");

  // 2. The disk has room again: the same signed transaction goes through.
  store.beforeCommit = undefined;
  const sent = await rpc("send_tx", { signed_tx_base64: base64(bytes), wait_until: "FINAL" });
  t.is(sent.result?.final_execution_status, "FINAL");
  const afterFirst = await views(rpc, validator);
  t.is(afterFirst.nonce, before.nonce + 1);

  // 3. The transaction's block is stored, its receipt's block is not: included, not final, not lost.
  const second = transfer(node, validator, receiver, 7n);
  let writes = 0;
  store.beforeCommit = () => {
    if (++writes >= 2) fullDisk();
  };
  const partial = await rpc("broadcast_tx_commit", [base64(second)]);
  t.is(partial.result, undefined, "a transaction whose receipt is not stored is not reported");
  t.true(writes >= 2, "the transaction's block was stored, its receipt's was refused");
  const included = await rpc("tx", { tx_hash: hashOf(second), sender_account_id: "test.near" });
  // Known (its block was stored), not final (an idle block may have run the receipt since, but none made it final).
  t.truthy(included.result);
  t.not(included.result?.final_execution_status, "FINAL");
  store.beforeCommit = undefined;
  // The next transaction's block runs the receipt left in flight, then both are final.
  const third = await rpc("send_tx", {
    signed_tx_base64: base64(transfer(node, validator, receiver, 1n)),
    wait_until: "FINAL",
  });
  t.is(third.result?.final_execution_status, "FINAL");
  const later = await rpc("tx", { tx_hash: hashOf(second), sender_account_id: "test.near" });
  t.is(later.result?.final_execution_status, "FINAL", "the receipt ran once the disk had room");
  const receiverView = await rpc("query", { request_type: "view_account", finality: "final", account_id: receiver });
  t.is(receiverView.result.amount, "13");
  await close();
  opened.close();

  // 4. What was reported (and only that) is on disk.
  const reopened = await openNode(dir, genesis, "127.0.0.1:0");
  t.is(reopened.node.state.getAccount(receiver)?.amount, 13n);
  t.is(reopened.node.state.getAccessKey("test.near", validator.public_key)?.nonce, BigInt(before.nonce + 3));
  reopened.close();
});

/** A home with a few final transactions, stopped cleanly; returns the head block's hash bytes. */
async function stoppedHome(home: string): Promise<Uint8Array> {
  initSandboxHome(home);
  const node = await startSandbox({ home });
  try {
    const validator = JSON.parse(fs.readFileSync(path.join(home, "validator_key.json"), "utf8"));
    const block = await node.rpc("block", { finality: "final" });
    const key = KeyPair.fromString(validator.secret_key as KeyPairString);
    const tx = createTransaction(
      "test.near",
      key.getPublicKey(),
      "test.near",
      1n,
      [actions.transfer(1n)],
      Buffer.from(fromBase58(block.result.header.hash)),
    );
    const signed = new SignedTransaction({
      transaction: tx,
      signature: new Signature({ keyType: key.getPublicKey().keyType, data: key.sign(sha256(tx.encode())).signature }),
    });
    const sent = await node.rpc("send_tx", { signed_tx_base64: base64(signed.encode()), wait_until: "FINAL" });
    if (sent.result?.final_execution_status !== "FINAL") throw new Error(JSON.stringify(sent));
    const status = await node.rpc("status", []);
    return fromBase58(status.result.sync_info.latest_block_hash);
  } finally {
    await node.stop();
  }
}

test("a damaged record is a startup error naming the home, and nothing is rewritten", async (t) => {
  const home = tempDir("localnet-damaged-");
  const headHash = await stoppedHome(home);
  const file = path.join(home, "data", DATABASE_FILE);
  const bytes = fs.readFileSync(file);
  // The head block's record holds its hash (as its 32 bytes); change one byte in every copy.
  const needle = Buffer.from(headHash);
  let damaged = 0;
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
    bytes[at] ^= 0xff;
    damaged++;
  }
  t.true(damaged > 0, "the head block's record was found in the file");
  fs.writeFileSync(file, bytes);

  const error = await t.throwsAsync(startSandbox({ home, timeoutMs: 30_000 }));
  t.regex(
    error!.message,
    new RegExp(
      `the chain database of home ${home} .* is corrupted: record "b:0+\\d+" is corrupted \\(checksum mismatch\\)`,
    ),
  );
  t.deepEqual(fs.readFileSync(file), bytes, "the node did not touch the damaged file");
});

test("a database file LMDB cannot read is a startup error naming the home", async (t) => {
  const home = tempDir("localnet-unreadable-");
  await stoppedHome(home);
  const file = path.join(home, "data", DATABASE_FILE);
  const bytes = fs.readFileSync(file);
  bytes.fill(0x5a, 0, 2 * 4096); // both meta pages
  fs.writeFileSync(file, bytes);
  const error = await t.throwsAsync(startSandbox({ home, timeoutMs: 30_000 }));
  t.regex(error!.message, new RegExp(`the chain database of home ${home} \\(${file}\\) cannot be opened: `));
});

test("restarting a home takes no longer with 300 more transactions in its history", async (t) => {
  const dir = tempDir("localnet-restart-");
  const validator = newValidatorKey();
  const genesis = localnetGenesis(validator);
  const timeOpen = async () => {
    const started = performance.now();
    const opened = await openNode(dir, genesis, "127.0.0.1:0");
    return { opened, ms: performance.now() - started };
  };
  const send = async (node: Node, count: number) => {
    const { rpc, close } = await serve(node);
    for (let i = 0; i < count; i++) {
      const sent = await rpc("send_tx", {
        signed_tx_base64: base64(transfer(node, validator, "test.near", 1n)),
        wait_until: "FINAL",
      });
      if (sent.result?.final_execution_status !== "FINAL") throw new Error(JSON.stringify(sent));
    }
    await close();
  };
  const first = await openNode(dir, genesis, "127.0.0.1:0");
  await send(first.node, 3);
  first.close();
  const small = await timeOpen();
  await send(small.opened.node, 300);
  const height = small.opened.node.chain.head.height;
  small.opened.close();
  const large = await timeOpen();
  t.is(large.opened.node.chain.head.height, height);
  large.opened.close();
  t.log(`restart with 3 transactions: ${small.ms.toFixed(1)} ms; with 303: ${large.ms.toFixed(1)} ms`);
  // Startup reads the head record and the newest blocks: the same work for both homes (the bound allows for a busy machine).
  t.true(large.ms < Math.max(4 * small.ms, 250), `${large.ms} ms`);
});
