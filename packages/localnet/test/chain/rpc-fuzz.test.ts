/** Any JSON at all, sent to any method, gets a JSON-RPC answer (never an internal error); the node keeps serving. */
import test from "ava";
import fc from "fast-check";
import { handleRequest, METHODS } from "../../src/rpc/server.ts";
import { startTestNode } from "./helpers/node.ts";

test("arbitrary params never crash a handler", async (t) => {
  const net = await startTestNode();
  try {
    const methods = Object.keys(METHODS).filter((m) => m !== "broadcast_tx_async");
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), fc.jsonValue(), async (method, params) => {
        const reply = await handleRequest(net.node, { jsonrpc: "2.0", id: 1, method, params });
        const error = reply.error as { name?: string; data?: unknown } | undefined;
        if (error?.name === "INTERNAL_ERROR")
          throw new Error(`${method} ${JSON.stringify(params)}: ${JSON.stringify(error.data)}`);
        return "result" in reply !== "error" in reply;
      }),
      { numRuns: 600 },
    );
    // Params shaped like real ones: known field names with plausible or arbitrary values.
    const field = fc.constantFrom(
      "request_type",
      "account_id",
      "finality",
      "block_id",
      "public_key",
      "tx_hash",
      "signed_tx_base64",
      "records",
      "delta_height",
      "chunk_id",
      "shard_id",
      "wait_until",
      "args_base64",
      "method_name",
      "prefix_base64",
      "receipt_id",
      "sender_account_id",
      "sync_checkpoint",
      "epoch_id",
    );
    const value = fc.oneof(
      fc.jsonValue(),
      fc.constantFrom(
        "view_account",
        "view_code",
        "view_state",
        "view_access_key",
        "view_access_key_list",
        "call_function",
      ),
      fc.constantFrom(
        "final",
        "optimistic",
        "test.near",
        "ed25519:11111111111111111111111111111111",
        "AAAA",
        "",
        "genesis",
        "NONE",
        "FINAL",
      ),
      fc.array(fc.dictionary(fc.constantFrom("Account", "AccessKey", "Contract", "Data"), fc.jsonValue())),
      fc.integer({ min: -5, max: 5 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), fc.dictionary(field, value), async (method, params) => {
        const reply = await handleRequest(net.node, { jsonrpc: "2.0", id: 1, method, params });
        const error = reply.error as { name?: string; data?: unknown } | undefined;
        if (error?.name === "INTERNAL_ERROR")
          throw new Error(`${method} ${JSON.stringify(params)}: ${JSON.stringify(error.data)}`);
        return "result" in reply !== "error" in reply;
      }),
      { numRuns: 2000 },
    );
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (request) => {
        const reply = await handleRequest(net.node, request);
        return "error" in reply || "result" in reply;
      }),
      { numRuns: 200 },
    );
    t.is((await net.rpc("status", [])).result.chain_id, "localnet");
  } finally {
    await net.close();
  }
});
