/**
 * What a client that pins its reads relies on (the suite's pinBlock: the
 * head's height from `block`, then queries by that `block_id`): once a
 * transaction's outcome is returned, a view at the head's height sees its
 * writes — also when other senders' transactions and sandbox_fast_forward
 * calls produce blocks between the pin and the view, so that the view
 * reads a past height through the history records (src/chain/history.ts),
 * and when the same items change in the blocks after it.
 *
 * Every sender calls its own contract (a counter in contract data) and
 * signs with its own key, so the exact value each view must show is known:
 * the counter equals the calls made, the key's nonce the transactions sent.
 */
import test from "ava";
import { KeyPair, KeyPairSigner, actions, createTransaction } from "near-api-js";
import { fromBase58 } from "../../src/chain/encoding.ts";
import { HistoricalState } from "../../src/chain/history.ts";
import { fixtureWasm } from "../helpers.ts";
import { startTestNode, type TestNode } from "./helpers/node.ts";

const NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;
const ZERO_HASH = "11111111111111111111111111111111";
const SENDERS = 8;
const CALLS_EACH = 12;

let net: TestNode;

test.before(async () => {
  await fixtureWasm("cross");
  net = await startTestNode();
});
test.after.always(async () => {
  await net?.close();
});

interface Sender {
  accountId: string;
  contractId: string;
  signer: KeyPairSigner;
  publicKey: ReturnType<KeyPair["getPublicKey"]>;
  nonce: bigint;
}

/** One sender account and one counter contract per sender, written by one sandbox_patch_state. */
async function setUp(): Promise<Sender[]> {
  const code = Buffer.from(await fixtureWasm("cross")).toString("base64");
  const account = { amount: (100n * NEAR).toString(), locked: "0", code_hash: ZERO_HASH, storage_usage: 182 };
  const records: unknown[] = [];
  const senders: Sender[] = [];
  for (let index = 0; index < SENDERS; index++) {
    const keyPair = KeyPair.fromRandom("ed25519");
    const sender = {
      accountId: `pin${index}.test.near`,
      contractId: `counter${index}.test.near`,
      signer: new KeyPairSigner(keyPair),
      publicKey: keyPair.getPublicKey(),
      nonce: 0n,
    };
    records.push(
      { Account: { account_id: sender.accountId, account } },
      { Account: { account_id: sender.contractId, account } },
      { Contract: { account_id: sender.contractId, code } },
      {
        AccessKey: {
          account_id: sender.accountId,
          public_key: sender.publicKey.toString(),
          access_key: { nonce: 0, permission: "FullAccess" },
        },
      },
    );
    senders.push(sender);
  }
  const reply = await net.rpc("sandbox_patch_state", { records });
  if (reply.error) throw new Error(JSON.stringify(reply.error));
  return senders;
}

/** The sender's next `echo` call on its counter, signed on the final block as near-api-js signs. */
async function signedEcho(sender: Sender): Promise<string> {
  const final = await net.rpc("block", { finality: "final" });
  sender.nonce += 1n;
  const tx = createTransaction(
    sender.accountId,
    sender.publicKey,
    sender.contractId,
    sender.nonce,
    [actions.functionCall("echo", { value: `${sender.nonce}` }, 30n * TGAS, 0n)],
    fromBase58(final.result.header.hash),
  );
  const { signedTransaction } = await sender.signer.signTransaction(tx);
  return Buffer.from(signedTransaction.encode()).toString("base64");
}

test("a view pinned at the head after a transaction's outcome sees its writes, beside other senders and fast-forwards", async (t) => {
  const senders = await setUp();
  // Count the views served from history, so the test shows it read past heights and not only the current state.
  const chain = net.node.chain;
  const stateAt = chain.stateAt.bind(chain);
  let historical = 0;
  chain.stateAt = (block) => {
    const reader = stateAt(block);
    if (reader instanceof HistoricalState) historical++;
    return reader;
  };
  t.teardown(() => {
    chain.stateAt = stateAt;
  });

  let sending = true;
  const fastForwards = (async () => {
    for (let delta = 1; sending; delta = (delta % 5) + 1) {
      const reply = await net.rpc("sandbox_fast_forward", { delta_height: delta });
      if (reply.error) throw new Error(JSON.stringify(reply.error));
    }
  })();
  const seen: string[] = [];
  await Promise.all(
    senders.map(async (sender) => {
      for (let calls = 1; calls <= CALLS_EACH; calls++) {
        const reply = await net.rpc("broadcast_tx_commit", [await signedEcho(sender)]);
        if (reply.error) throw new Error(JSON.stringify(reply.error));
        const pinned = (await net.rpc("block", { finality: "optimistic" })).result.header.height;
        const counter = await net.rpc("query", {
          request_type: "call_function",
          block_id: pinned,
          account_id: sender.contractId,
          method_name: "get_calls",
          args_base64: "",
        });
        const key = await net.rpc("query", {
          request_type: "view_access_key",
          block_id: pinned,
          account_id: sender.accountId,
          public_key: sender.publicKey.toString(),
        });
        const got = `${JSON.parse(Buffer.from(counter.result.result).toString())} ${key.result.nonce}`;
        if (got !== `${calls} ${sender.nonce}`)
          seen.push(`${sender.accountId} at ${pinned}: ${got}, expected ${calls}`);
      }
    }),
  );
  sending = false;
  await fastForwards;
  t.deepEqual(seen, []);
  t.true(historical > 0, "some views read a past height");
  t.log(`${SENDERS * CALLS_EACH} calls, ${historical} of the pinned views served from history`);
});
