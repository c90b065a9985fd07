/**
 * Finality as neard's doomslug gives it with one block producer: `near-final`
 * is the head's last_ds_final_block (the previous height when heights are
 * consecutive), `final` its last_final_block (two consecutive heights
 * back); a height gap (sandbox_fast_forward) finalises nothing until two
 * consecutive blocks follow it. Whatever the node reports FINAL (or a
 * patch it acknowledged) is already visible at `final`.
 */
import test from "ava";
import { Account, JsonRpcProvider, KeyPair, KeyPairSigner, type KeyPairString, actions } from "near-api-js";
import { startTestNode, type TestNode } from "./helpers/node.ts";

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

interface Header {
  height: number;
  hash: string;
  prev_hash: string;
  last_final_block: string;
  last_ds_final_block: string;
}

async function header(reference: unknown): Promise<Header> {
  const reply = await net.rpc("block", reference);
  if (reply.error) throw new Error(JSON.stringify(reply.error));
  return reply.result.header as Header;
}

/** The three finalities as of one head: read again when a block came between the reads (blocks come by time). */
async function finalities() {
  for (;;) {
    const optimistic = await header({ finality: "optimistic" });
    const nearFinal = await header({ finality: "near-final" });
    const final = await header({ finality: "final" });
    if ((await header({ finality: "optimistic" })).hash === optimistic.hash) return { optimistic, nearFinal, final };
  }
}

test.serial("near-final and final are the head's doomslug-final and final blocks", async (t) => {
  await root.transfer({ receiverId: "test.near", amount: 1n });
  const { optimistic, nearFinal, final } = await finalities();
  t.is(nearFinal.hash, optimistic.last_ds_final_block);
  t.is(final.hash, optimistic.last_final_block);
  t.is(nearFinal.height, optimistic.height - 1);
  t.is(final.height, optimistic.height - 2);
  t.is(nearFinal.hash, optimistic.prev_hash);
  t.is(final.hash, nearFinal.prev_hash);
  // Every block's finality pointers follow the same rule.
  const parent = await header({ block_id: optimistic.prev_hash });
  t.is(parent.last_final_block, (await header({ block_id: final.prev_hash })).hash);
});

test.serial("a transaction reported FINAL has all its receipts in final blocks and is visible at final", async (t) => {
  const key = KeyPair.fromRandom("ed25519");
  const outcome = await root.signAndSendTransaction({
    receiverId: "finality-check.test.near",
    actions: [actions.createAccount(), actions.transfer(5n * 10n ** 24n), actions.addFullAccessKey(key.getPublicKey())],
    waitUntil: "FINAL",
  });
  t.is(outcome.final_execution_status, "FINAL");
  const { final } = await finalities();
  for (const { block_hash } of [outcome.transaction_outcome, ...outcome.receipts_outcome]) {
    t.true((await header({ block_id: block_hash })).height <= final.height, "every receipt's block is final");
  }
  const view = await net.rpc("query", {
    request_type: "view_account",
    finality: "final",
    account_id: "finality-check.test.near",
  });
  t.is(view.result.amount, (5n * 10n ** 24n).toString());
  const status = await net.rpc("tx", { tx_hash: outcome.transaction.hash, sender_account_id: "test.near" });
  t.is(status.result.final_execution_status, "FINAL");
});

test.serial("after sandbox_fast_forward, final is never newer than the head's last_final_block", async (t) => {
  const before = await finalities();
  t.deepEqual((await net.rpc("sandbox_fast_forward", { delta_height: 50 })).result, {});
  const after = await finalities();
  t.true(after.optimistic.height >= before.optimistic.height + 50);
  t.is(after.final.hash, after.optimistic.last_final_block);
  t.is(after.nearFinal.hash, after.optimistic.last_ds_final_block);
  t.true(after.final.height < after.nearFinal.height && after.nearFinal.height < after.optimistic.height);
  // The block that jumped the heights (an idle block may have come before or after it) is final
  // only through two consecutive blocks after it.
  let jump = after.optimistic;
  let beforeJump = await header({ block_id: jump.prev_hash });
  while (jump.height - beforeJump.height === 1) {
    jump = beforeJump;
    beforeJump = await header({ block_id: jump.prev_hash });
  }
  t.true(jump.height >= before.optimistic.height + 50);
  t.is(jump.last_final_block, beforeJump.last_final_block, "a height gap finalises nothing new");
  t.is(jump.last_ds_final_block, beforeJump.last_ds_final_block);
  const next = await header({ block_id: jump.height + 1 });
  t.is(next.last_ds_final_block, jump.hash);
  t.is(next.last_final_block, beforeJump.last_final_block);
  t.true(after.final.height >= jump.height, "the fast-forward is final once acknowledged");
});

test.serial("a patch sandbox_patch_state acknowledged is visible at final", async (t) => {
  const reply = await net.rpc("sandbox_patch_state", {
    records: [{ Data: { account_id: "test.near", data_key: "a2V5", value: "dmFsdWU=" } }],
  });
  t.deepEqual(reply.result, {});
  const state = await net.rpc("query", {
    request_type: "view_state",
    finality: "final",
    account_id: "test.near",
    prefix_base64: "",
  });
  t.deepEqual(
    state.result.values.map((v: { key: string; value: string }) => [v.key, v.value]),
    [["a2V5", "dmFsdWU="]],
  );
});
