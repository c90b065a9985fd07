/**
 * Long-lived mode: state survives a restart and a SIGKILL in the middle of
 * a burst; every transaction the node reported final is still there.
 */
import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { initSandboxHome, startSandbox, type SandboxProcess } from "../../src/process.ts";
import { signedTransfers as signTransfers } from "./helpers/sign.ts";

function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "localnet-persist-"));
}

/** Transfers signed with the home's validator key (helpers/sign.ts). */
function signedTransfers(node: SandboxProcess, home: string, count: number, receiver: string): Promise<string[]> {
  const validator = JSON.parse(fs.readFileSync(path.join(home, "validator_key.json"), "utf8"));
  return signTransfers(node.rpc, validator.secret_key, count, receiver);
}

test("a clean restart keeps accounts, blocks and transactions", async (t) => {
  const home = tempHome();
  initSandboxHome(home);
  let node = await startSandbox({ home });
  t.teardown(() => node.child.kill("SIGKILL"));
  const [tx] = await signedTransfers(node, home, 1, "test.near");
  const sent = await node.rpc("send_tx", { signed_tx_base64: tx, wait_until: "FINAL" });
  t.is(sent.result.final_execution_status, "FINAL");
  const before = (await node.rpc("query", { request_type: "view_account", finality: "final", account_id: "test.near" }))
    .result;
  node.child.kill("SIGINT");
  await new Promise((r) => node.child.once("exit", r));

  node = await startSandbox({ home });
  try {
    const after = (
      await node.rpc("query", { request_type: "view_account", finality: "final", account_id: "test.near" })
    ).result;
    t.is(after.amount, before.amount);
    t.true(after.block_height >= before.block_height, "the chain continues from where it stopped");
    const stopped = await node.rpc("block", { block_id: before.block_height });
    t.is(stopped.result.header.hash, before.block_hash);
    const status = await node.rpc("tx", { tx_hash: sent.result.transaction.hash, sender_account_id: "test.near" });
    t.deepEqual(status.result.status, sent.result.status);
    const genesisView = await node.rpc("query", { request_type: "view_account", block_id: 0, account_id: "test.near" });
    t.is(BigInt(genesisView.result.amount), 10n ** 33n, "past blocks still read their own state after a restart");
  } finally {
    node.child.kill("SIGKILL");
  }
});

test("SIGKILL mid-burst loses no transaction reported final", async (t) => {
  const home = tempHome();
  initSandboxHome(home);
  let node = await startSandbox({ home });
  t.teardown(() => node.child.kill("SIGKILL"));
  // All signed against one block: with a transaction and the two blocks that make it final taking
  // three heights, and an idle block per slow request, 20 fit well in the 100-block validity period.
  const txs = await signedTransfers(node, home, 30, "test.near");
  const final: Array<{ hash: string; status: unknown }> = [];
  const notFinal: unknown[] = [];
  // Transactions go one after another (nonces must arrive in order); after 20 are
  // final, the node is killed while the following ones are in flight.
  let killed = false;
  const inFlight: Array<Promise<void>> = [];
  for (const [i, tx] of txs.entries()) {
    if (killed) break;
    const sending = node.rpc("send_tx", { signed_tx_base64: tx, wait_until: "FINAL" }).then(
      (reply) => {
        if (reply.result?.final_execution_status === "FINAL")
          final.push({ hash: reply.result.transaction.hash, status: reply.result.status });
        else notFinal.push(reply.error ?? reply.result?.final_execution_status);
      },
      (error: Error) => {
        // the node is gone: this transaction was never reported final
        notFinal.push(`${error.message} ${String(error.cause ?? "")}`);
      },
    );
    if (i < 20) {
      await sending;
    } else {
      inFlight.push(sending);
      if (i === 22) {
        await new Promise((r) => setTimeout(r, 2));
        node.child.kill("SIGKILL");
        killed = true;
      }
    }
  }
  await Promise.all(inFlight);
  t.true(killed, "the node was killed mid-burst");
  t.true(
    final.length >= 20 && final.length < txs.length,
    `${final.length} of ${txs.length} reported final before the kill; the others: ${JSON.stringify(notFinal)}`,
  );
  await new Promise((r) =>
    node.child.exitCode !== null || node.child.signalCode !== null ? r(null) : node.child.once("exit", r),
  );

  node = await startSandbox({ home });
  for (const { hash, status } of final) {
    const found = await node.rpc("tx", { tx_hash: hash, sender_account_id: "test.near" });
    t.deepEqual(found.result?.status, status, `tx ${hash} survived`);
  }
  const key = await node.rpc("query", {
    request_type: "view_access_key_list",
    finality: "final",
    account_id: "test.near",
  });
  t.true(key.result.keys[0].access_key.nonce >= final.length);
  const [last] = await signedTransfers(node, home, 1, "test.near");
  const more = await node.rpc("send_tx", { signed_tx_base64: last, wait_until: "FINAL" });
  t.is(more.result.final_execution_status, "FINAL", "the restarted node keeps producing blocks");
});
