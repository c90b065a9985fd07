/**
 * The node the CLI starts loads the contract VM in the background (the
 * largest part of its code), so that its first answers come sooner: reads of
 * stored data are answered before the VM is loaded, and every method that
 * may run a contract starts the load and waits for it.
 */
import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { localnetGenesis, newValidatorKey } from "../../src/chain/genesis.ts";
import { createNode, genesisState, genesisTotalSupply } from "../../src/node/node.ts";
import { handleRequest } from "../../src/rpc/server.ts";
import { ChainStore } from "../../src/store/store.ts";

test("while the VM loads, a block is read at once and a query waits for the VM", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-vm-background-"));
  const store = ChainStore.open(dir);
  const validator = newValidatorKey();
  const genesis = localnetGenesis(validator);
  const node = await createNode(genesis, genesisState(genesis, store), "127.0.0.1:0", { vmInBackground: true });
  node.chain.start(BigInt(Date.now()) * 1_000_000n, genesisTotalSupply(genesis));
  try {
    t.false(node.vm.available, "not loaded when the node is returned");
    await new Promise((resolve) => setTimeout(resolve, 100));
    t.false(node.vm.available, "nor later, until something asks for it");
    const block = await handleRequest(node, { jsonrpc: "2.0", id: 1, method: "block", params: { finality: "final" } });
    t.truthy(block.result, JSON.stringify(block.error));
    t.false(node.vm.available, "the block was answered without waiting for the VM");
    const account = await handleRequest(node, {
      jsonrpc: "2.0",
      id: 2,
      method: "query",
      params: { request_type: "view_account", finality: "final", account_id: validator.account_id },
    });
    t.truthy(account.result, JSON.stringify(account.error));
    t.true(node.vm.available, "the query was handled once the VM was loaded");
  } finally {
    await node.vmLoaded;
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
