/** Snapshots: a node restored from snapshot + journal equals the node that wrote them. */
import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Account, JsonRpcProvider, KeyPair, KeyPairSigner, type KeyPairString } from "near-api-js";
import { openPersistence } from "../../src/node/persistence.ts";
import { localnetGenesis, newValidatorKey } from "../../src/chain/genesis.ts";
import { createNode, genesisState, genesisTotalSupply } from "../../src/node/node.ts";
import { createServer } from "../../src/rpc/server.ts";
import { base58 } from "../../src/chain/encoding.ts";
import { fixtureWasm } from "../helpers.ts";
import type { AddressInfo } from "node:net";

test("state, blocks and results survive compaction into a snapshot", async (t) => {
  // Built before the in-process node starts: a build keeps this process busy for a while.
  const wasm = await fixtureWasm("status-message");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-snapshot-"));
  const validator = newValidatorKey();
  const genesis = localnetGenesis(validator);
  const node = await createNode(genesis, genesisState(genesis), "127.0.0.1:0");
  const persistence = openPersistence(dir, node, { compactAfterLines: 3 });
  t.false(persistence.restored);
  node.chain.start(BigInt(Date.now()) * 1_000_000n, genesisTotalSupply(genesis));
  node.commit();
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
  const kept = new Account("kept.test.near", provider, new KeyPairSigner(key));
  await kept.deployContract(wasm);
  const call = await root.callFunctionRaw({
    contractId: "kept.test.near",
    methodName: "set_status",
    args: { message: "persisted" },
  });
  for (let i = 0; i < 4; i++) await root.transfer({ receiverId: "kept.test.near", amount: 1n });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  persistence.close();
  t.true(fs.statSync(path.join(dir, "snapshot.json")).size > 0, "a snapshot was written");

  const restoredNode = await createNode(genesis, genesisState(genesis), "127.0.0.1:0");
  const restored = openPersistence(dir, restoredNode);
  t.true(restored.restored);
  t.deepEqual(restoredNode.state.allChanges(), node.state.allChanges());
  t.is(restoredNode.chain.head.height, node.chain.head.height);
  t.is(base58(restoredNode.chain.head.hash), base58(node.chain.head.hash));
  t.truthy(restoredNode.chain.transactions.get(call.transaction.hash));
  t.is(
    restoredNode.chain.receiptOutcomes(restoredNode.chain.transactions.get(call.transaction.hash)!).length,
    call.receipts_outcome.length,
  );
  restored.close();
});

test("a torn journal tail is dropped, and what is written after it survives", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-torn-"));
  const validator = newValidatorKey();
  const genesis = localnetGenesis(validator);
  const first = await createNode(genesis, genesisState(genesis), "127.0.0.1:0");
  const p1 = openPersistence(dir, first);
  first.chain.start(BigInt(Date.now()) * 1_000_000n, genesisTotalSupply(genesis));
  first.commit();
  first.chain.fastForward(5n);
  first.commit();
  p1.close();
  fs.appendFileSync(path.join(dir, "journal.ndjson"), '{"state":[{"kind":"acc'); // a write cut short by kill -9

  const second = await createNode(genesis, genesisState(genesis), "127.0.0.1:0");
  const p2 = openPersistence(dir, second);
  t.is(second.chain.head.height, first.chain.head.height);
  second.chain.fastForward(7n);
  second.commit();
  p2.close();

  const third = await createNode(genesis, genesisState(genesis), "127.0.0.1:0");
  const p3 = openPersistence(dir, third);
  t.true(second.chain.head.height >= first.chain.head.height + 7n);
  t.is(third.chain.head.height, second.chain.head.height);
  t.is(third.chain.finalBlock().height, second.chain.finalBlock().height, "finality is restored with the blocks");
  p3.close();
});
