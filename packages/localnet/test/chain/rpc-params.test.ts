/**
 * Malformed values inside otherwise well-formed params get neard's error
 * kind (a parse error, not a lookup that fails or a silent default), and
 * change nothing.
 */
import test from "ava";
import { startTestNode, type TestNode } from "./helpers/node.ts";

let net: TestNode;

test.before(async () => {
  net = await startTestNode();
});
test.after.always(async () => {
  await net?.close();
});

const accountRecord = (accountId: string, amount: unknown) => ({
  Account: {
    account_id: accountId,
    account: { amount, locked: "0", code_hash: "11111111111111111111111111111111", storage_usage: 182 },
  },
});

async function viewAccount(accountId: string) {
  return net.rpc("query", { request_type: "view_account", finality: "optimistic", account_id: accountId });
}

test("sandbox_patch_state refuses a negative, fractional or oversized balance, and patches nothing", async (t) => {
  for (const amount of ["-1", "1.5", "", " 5", String(1n << 128n), -1, 1e30]) {
    const reply = await net.rpc("sandbox_patch_state", {
      records: [accountRecord("first.near", "5"), accountRecord("bad-amount.near", amount)],
    });
    t.is(reply.error?.cause?.name, "PARSE_ERROR", JSON.stringify(amount));
    t.regex(String(reply.error?.data), /amount/);
  }
  t.is((await viewAccount("first.near")).error?.cause?.name, "UNKNOWN_ACCOUNT");
  t.is((await viewAccount("bad-amount.near")).error?.cause?.name, "UNKNOWN_ACCOUNT");
  const ok = await net.rpc("sandbox_patch_state", { records: [accountRecord("good-amount.near", "7")] });
  t.deepEqual(ok.result, {});
  t.is((await viewAccount("good-amount.near")).result.amount, "7");
});

test("sandbox_patch_state refuses data that is not base64", async (t) => {
  const reply = await net.rpc("sandbox_patch_state", {
    records: [{ Data: { account_id: "test.near", data_key: "!!!", value: "dg==" } }],
  });
  t.is(reply.error?.cause?.name, "PARSE_ERROR");
  const state = await net.rpc("query", {
    request_type: "view_state",
    finality: "optimistic",
    account_id: "test.near",
    prefix_base64: "",
  });
  t.deepEqual(state.result.values, []);
});
