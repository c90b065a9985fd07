/** Sandbox-only methods: patching state records and fast-forwarding the chain. */
import { fromBase58, normalizePublicKey, sha256, strictBase64 } from "../../chain/encoding.ts";
import type { AccessKeyPermission } from "../../chain/state.ts";
import type { Node } from "../../node/node.ts";
import { FAST_FORWARD_BLOCK_TIME_NS } from "../../chain/chain.ts";
import { RpcError, rpcErrors } from "../errors.ts";
import { object, shown } from "../params.ts";

const ZERO_HASH_TEXT = "11111111111111111111111111111111";

type Fields = Record<string, unknown>;

/** A bad record: neard's serde parse error ("Failed parsing args: …"), which changes nothing. */
const bad = (message: string) => rpcErrors.parse(`Failed parsing args: ${message}`);

function fields(value: unknown, what: string): Fields {
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Fields;
  throw bad(`${what} must be an object`);
}

function text(record: Fields, name: string): string {
  const value = record[name];
  if (typeof value !== "string") throw bad(`missing field \`${name}\``);
  return value;
}

/**
 * An unsigned integer below 2^bits: a decimal string (how neard writes u128
 * balances) or a JSON integer (u64 fields); `fallback` when absent. Negative,
 * fractional or oversized values are errors, as in neard.
 */
function unsigned(record: Fields, name: string, bits: 64 | 128, fallback?: bigint): bigint {
  const value = record[name];
  if (value === undefined && fallback !== undefined) return fallback;
  let parsed: bigint | undefined;
  if (typeof value === "string" && /^\d+$/.test(value)) parsed = BigInt(value);
  else if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) parsed = BigInt(value);
  if (parsed === undefined || parsed >= 1n << BigInt(bits))
    throw bad(`invalid value for \`${name}\`: ${shown(value)}, expected a u${bits}`);
  return parsed;
}

function permissionFrom(json: unknown): AccessKeyPermission {
  if (json === "FullAccess") return { type: "FullAccess" };
  const call = fields(fields(json, "permission").FunctionCall, "FunctionCall permission");
  const methodNames = call.method_names ?? [];
  if (!Array.isArray(methodNames) || !methodNames.every((name) => typeof name === "string"))
    throw bad("method_names must be a list of strings");
  return {
    type: "FunctionCall",
    allowance: call.allowance === null || call.allowance === undefined ? null : unsigned(call, "allowance", 128),
    receiverId: text(call, "receiver_id"),
    methodNames,
  };
}

function base64Field(record: Fields, name: string): Uint8Array {
  const value = text(record, name);
  const bytes = strictBase64(value);
  if (!bytes) throw bad(`invalid base64 in \`${name}\``);
  return bytes;
}

function applyRecord(node: Node, record: Fields): void {
  const { state } = node;
  if (record.Account !== undefined) {
    const body = fields(record.Account, "Account");
    const accountId = text(body, "account_id");
    const account = fields(body.account, "account");
    state.setAccount(accountId, {
      amount: unsigned(account, "amount", 128),
      locked: unsigned(account, "locked", 128, 0n),
      codeHash: fromBase58(typeof account.code_hash === "string" ? account.code_hash : ZERO_HASH_TEXT),
      storageUsage: unsigned(account, "storage_usage", 64, 0n),
    });
  } else if (record.AccessKey !== undefined) {
    const body = fields(record.AccessKey, "AccessKey");
    const accessKey = fields(body.access_key, "access_key");
    state.setAccessKey(text(body, "account_id"), normalizePublicKey(text(body, "public_key")), {
      nonce: unsigned(accessKey, "nonce", 64, 0n),
      permission: permissionFrom(accessKey.permission),
    });
  } else if (record.Contract !== undefined) {
    const body = fields(record.Contract, "Contract");
    const accountId = text(body, "account_id");
    const bytes = base64Field(body, "code");
    state.setCode(accountId, bytes);
    const account = state.getAccount(accountId);
    if (account) state.setAccount(accountId, { ...account, codeHash: sha256(bytes) });
  } else if (record.Data !== undefined) {
    const body = fields(record.Data, "Data");
    state.setData(text(body, "account_id"), base64Field(body, "data_key"), base64Field(body, "value"));
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
        for (const record of p.records as unknown[]) {
          applyRecord(node, fields(record, "a state record"));
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
