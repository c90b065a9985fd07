/** Sandbox-only methods: patching state records and fast-forwarding the chain. */
import { fromBase58, fromBase64, normalizePublicKey, sha256 } from "../../chain/encoding.ts";
import type { AccessKeyPermission } from "../../chain/state.ts";
import type { Node } from "../../node/node.ts";
import { FAST_FORWARD_BLOCK_TIME_NS } from "../../chain/chain.ts";
import { RpcError, rpcErrors } from "../errors.ts";
import { object } from "../params.ts";

type Json = Record<string, any>;

function permissionFrom(json: unknown): AccessKeyPermission {
  if (json === "FullAccess") return { type: "FullAccess" };
  const fc = (json as Json)?.FunctionCall;
  if (!fc) throw rpcErrors.parse("Invalid params: unknown access key permission");
  return {
    type: "FunctionCall",
    allowance: fc.allowance === null || fc.allowance === undefined ? null : BigInt(fc.allowance),
    receiverId: String(fc.receiver_id),
    methodNames: (fc.method_names ?? []).map(String),
  };
}

function applyRecord(node: Node, record: Json): void {
  const { state } = node;
  if (record.Account) {
    const { account_id: accountId, account } = record.Account;
    state.setAccount(accountId, {
      amount: BigInt(account.amount),
      locked: BigInt(account.locked ?? 0),
      codeHash: fromBase58(account.code_hash ?? "11111111111111111111111111111111"),
      storageUsage: BigInt(account.storage_usage ?? 0),
    });
  } else if (record.AccessKey) {
    const { account_id: accountId, public_key: publicKey, access_key: accessKey } = record.AccessKey;
    state.setAccessKey(accountId, normalizePublicKey(publicKey), {
      nonce: BigInt(accessKey.nonce ?? 0),
      permission: permissionFrom(accessKey.permission),
    });
  } else if (record.Contract) {
    const { account_id: accountId, code } = record.Contract;
    const bytes = fromBase64(code);
    state.setCode(accountId, bytes);
    const account = state.getAccount(accountId);
    if (account) state.setAccount(accountId, { ...account, codeHash: sha256(bytes) });
  } else if (record.Data) {
    const { account_id: accountId, data_key: key, value } = record.Data;
    state.setData(accountId, fromBase64(key), fromBase64(value));
  } else {
    throw rpcErrors.parse(`Invalid params: unsupported state record ${Object.keys(record)[0] ?? ""}`);
  }
}

export const sandboxHandlers = {
  sandbox_patch_state(node: Node, params: unknown) {
    const p = object(params);
    if (!Array.isArray(p.records)) throw rpcErrors.parse("Invalid params: missing field `records`");
    // All records or none, sealed in a new block.
    node.chain.patch(() => {
      node.state.checkpoint();
      try {
        for (const record of p.records as Json[]) {
          if (!record || typeof record !== "object")
            throw rpcErrors.parse("Invalid params: a state record must be an object");
          applyRecord(node, record);
        }
        node.state.commit();
      } catch (error) {
        node.state.rollback();
        if (error instanceof RpcError) throw error;
        throw rpcErrors.parse(`Invalid params: ${error instanceof Error ? error.message : "bad state record"}`);
      }
    });
    node.commit();
    return {};
  },

  sandbox_fast_forward(node: Node, params: unknown) {
    const p = object(params);
    const delta = p.delta_height;
    if (typeof delta !== "number" || !Number.isInteger(delta) || delta < 0)
      throw rpcErrors.parse("Invalid params: delta_height must be a non-negative integer");
    // Heights stay JSON-safe integers and timestamps fit nearcore's u64 nanoseconds.
    const height = node.chain.head.height + BigInt(delta);
    const timestamp = node.chain.head.timestamp + BigInt(delta) * FAST_FORWARD_BLOCK_TIME_NS;
    if (height > BigInt(Number.MAX_SAFE_INTEGER) || timestamp >= 1n << 64n)
      throw rpcErrors.parse("Invalid params: delta_height is too large");
    if (delta > 0) node.chain.fastForward(BigInt(delta));
    node.commit();
    return {};
  },
};
