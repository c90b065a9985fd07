/**
 * Reopening a home's database: a node resumed from it equals the node that
 * wrote it (state, head, finality, results, past blocks' state), and a
 * database copied while its node runs (as near-workspaces copies homes)
 * opens as well.
 */
import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { Account, JsonRpcProvider, KeyPair, KeyPairSigner, type KeyPairString } from "near-api-js";
import { openNode } from "../../src/node/persistence.ts";
import { localnetGenesis, newValidatorKey } from "../../src/chain/genesis.ts";
import { createServer } from "../../src/rpc/server.ts";
import { base58 } from "../../src/chain/encoding.ts";
import { fixtureWasm } from "../helpers.ts";

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

test("state, blocks and results are the same after reopening the database", async (t) => {
  // Built before the in-process node starts: a build keeps this process busy for a while.
  const wasm = await fixtureWasm("status-message");
  const dir = tempDir("localnet-reopen-");
  const validator = newValidatorKey();
  const genesis = localnetGenesis(validator);
  const first = await openNode(dir, genesis, "127.0.0.1:0");
  t.false(first.restored);
  const { node } = first;
  const server = createServer(node);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const provider = new JsonRpcProvider({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  const root = new Account(
    "test.near",
    provider,
    new KeyPairSigner(KeyPair.fromString(validator.secret_key as KeyPairString)),
  );

  const key = KeyPair.fromRandom("ed25519");
  await root.createAccount({
    newAccountId: "kept.test.near",
    publicKey: key.getPublicKey(),
    nearToTransfer: 20n * 10n ** 24n,
  });
  const createdAt = node.chain.head;
  const kept = new Account("kept.test.near", provider, new KeyPairSigner(key));
  await kept.deployContract(wasm);
  const call = await root.callFunctionRaw({
    contractId: "kept.test.near",
    methodName: "set_status",
    args: { message: "persisted" },
  });
  for (let i = 0; i < 4; i++) await root.transfer({ receiverId: "kept.test.near", amount: 1n });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const accounts = node.state.accountIds().map((id) => [id, node.state.getAccount(id)]);
  const keptData = node.state.dataWithPrefix("kept.test.near", new Uint8Array());
  const keptThen = node.chain.stateAt(createdAt).getAccount("kept.test.near");
  first.close();

  const second = await openNode(dir, genesis, "127.0.0.1:0");
  const reopened = second.node;
  t.true(second.restored);
  t.deepEqual(
    reopened.state.accountIds().map((id) => [id, reopened.state.getAccount(id)]),
    accounts,
  );
  t.deepEqual(reopened.state.dataWithPrefix("kept.test.near", new Uint8Array()), keptData);
  t.is(reopened.chain.head.height, node.chain.head.height);
  t.is(base58(reopened.chain.head.hash), base58(node.chain.head.hash));
  t.is(reopened.chain.finalBlock().height, node.chain.finalBlock().height, "finality is resumed with the head");
  t.deepEqual(reopened.chain.stateAt(createdAt).getAccount("kept.test.near"), keptThen, "past blocks read their state");
  t.deepEqual(reopened.chain.stateAt(createdAt).getCode("kept.test.near"), undefined, "deployed after that block");
  const record = reopened.chain.transactions.get(call.transaction.hash);
  t.truthy(record);
  t.is(reopened.chain.receiptOutcomes(record!).length, call.receipts_outcome.length);
  reopened.chain.fastForward(7n);
  const height = reopened.chain.head.height;
  second.close();

  const third = await openNode(dir, genesis, "127.0.0.1:0");
  t.is(third.node.chain.head.height, height, "blocks produced after a reopen are kept too");
  third.close();
});

test("a home's database copied while its node runs opens as a chain of its own", async (t) => {
  const dir = tempDir("localnet-copied-");
  const genesis = localnetGenesis(newValidatorKey());
  const running = await openNode(dir, genesis, "127.0.0.1:0");
  running.node.chain.fastForward(3n);
  const copy = tempDir("localnet-copy-");
  fs.cpSync(dir, copy, { recursive: true });
  t.true(fs.existsSync(path.join(copy, "chain.mdb-lock")), "the lock file is copied along, as fs-extra's copy does");

  const copied = await openNode(copy, genesis, "127.0.0.1:0");
  t.true(copied.restored);
  t.is(copied.node.chain.head.height, running.node.chain.head.height);
  const copiedAt = running.node.chain.head.height;
  copied.node.chain.fastForward(5n);
  t.true(copied.node.chain.head.height >= copiedAt + 5n);
  running.node.chain.fastForward(1n);
  const runningAt = running.node.chain.head.height;
  t.true(runningAt < copied.node.chain.head.height, "the original goes on by itself");
  running.close();
  const reopened = await openNode(dir, genesis, "127.0.0.1:0");
  t.is(reopened.node.chain.head.height, runningAt, "what the copy wrote is not in the original");
  reopened.close();
  copied.close();
});
