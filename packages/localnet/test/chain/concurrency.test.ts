/**
 * Blocks by time under concurrency: 64 senders with a transaction each in
 * flight, signed the way clients sign (on the final block), all become
 * final without one `Expired`, several share a block, and a transaction
 * sent with broadcast_tx_async is either executed or its status says why
 * (never silently dropped).
 */
import test from "ava";
import { fundSenders, isExpired, signedTransfer } from "../../bench/concurrency.ts";
import { startTestNode, type TestNode } from "./helpers/node.ts";

let net: TestNode;

test.before(async () => {
  net = await startTestNode();
});
test.after.always(async () => {
  await net?.close();
});

test.serial("64 concurrent senders: every transaction final, none Expired, blocks shared", async (t) => {
  const senders = await fundSenders(net.rpc, 64);
  const startHeight = (await net.rpc("block", { finality: "optimistic" })).result.header.height;
  const replies = await Promise.all(
    senders.map(async (sender) => {
      const results = [];
      for (let i = 0; i < 3; i++)
        results.push(await net.rpc("broadcast_tx_commit", [await signedTransfer(net.rpc, sender)]));
      return results;
    }),
  );
  const all = replies.flat();
  t.is(all.filter((reply) => isExpired(reply.error)).length, 0, "no transaction expired");
  t.deepEqual(
    all.filter((reply) => reply.error),
    [],
  );
  const executed = ["EXECUTED_OPTIMISTIC", "EXECUTED", "FINAL"];
  t.true(all.every((reply) => executed.includes(reply.result.final_execution_status)));
  const blocks = new Set(all.map((reply) => reply.result.transaction_outcome.block_hash));
  t.true(blocks.size < all.length, `${all.length} transactions in ${blocks.size} blocks`);
  const endHeight = (await net.rpc("block", { finality: "optimistic" })).result.header.height;
  t.log(`${all.length} transactions in ${blocks.size} blocks, ${endHeight - startHeight} heights`);
});

test.serial("broadcast_tx_async: every accepted transaction becomes final, a refused one says why", async (t) => {
  const senders = await fundSenders(net.rpc, 64, "async");
  const sent = await Promise.all(
    senders.map(async (sender) => {
      const hashes: string[] = [];
      // Three in a row without waiting: nonces n+1..n+3, included in nonce order.
      for (let i = 0; i < 3; i++)
        hashes.push((await net.rpc("broadcast_tx_async", [await signedTransfer(net.rpc, sender)])).result);
      return hashes.map((hash) => ({ hash, sender: sender.accountId }));
    }),
  );
  const statuses = await Promise.all(
    sent
      .flat()
      .map(({ hash, sender }) => net.rpc("tx", { tx_hash: hash, sender_account_id: sender, wait_until: "FINAL" })),
  );
  t.deepEqual(
    statuses.filter((status) => status.result?.final_execution_status !== "FINAL"),
    [],
  );

  // A transaction its block refuses (the nonce was used) is not forgotten: `tx` gives the InvalidTxError.
  const [sender] = senders;
  sender.nonce -= 1n;
  const reused = (await net.rpc("broadcast_tx_async", [await signedTransfer(net.rpc, sender)])).result;
  t.is(typeof reused, "string");
  const status = await net.rpc("tx", { tx_hash: reused, sender_account_id: sender.accountId });
  t.is(status.error?.cause?.name, "INVALID_TRANSACTION");
  t.truthy(status.error?.data?.TxExecutionError?.InvalidTxError?.InvalidNonce, JSON.stringify(status.error));
});
