/** The `query` method: accounts, code, contract state, access keys and view calls. */
import { isValidAccountId } from "../../vm/account-id.ts";
import { VM_LIMITS } from "../../vm/runtime-parameters.ts";
import type { VMContext } from "../../vm/context.ts";
import { base58, base64, normalizePublicKey, sha256, strictBase64 } from "../../chain/encoding.ts";
import type { Node } from "../../node/node.ts";
import type { StateReader } from "../../chain/state.ts";
import { rpcErrors, type BlockRef } from "../errors.ts";
import { object, resolveBlock, str, type Params, shown } from "../params.ts";
import { accessKeyView, accountView } from "../views.ts";
import type {
  AccessKeyListView,
  AccessKeyQueryView,
  AccountQueryView,
  CallFunctionView,
  CodeQueryView,
  StateQueryView,
} from "../view-types.ts";

const BALANCE_ZERO_KEY = new Uint8Array(33);

/** A base64 param (absent: empty), refused like neard's serde when it is not base64. */
function base64Param(p: Params, name: string): Uint8Array {
  const value = p[name];
  if (value === undefined || value === null) return new Uint8Array();
  const bytes = typeof value === "string" ? strictBase64(value) : undefined;
  if (!bytes) throw rpcErrors.parse(`Failed parsing args: invalid base64 in \`${name}\`: ${shown(value)}`);
  return bytes;
}

function account(state: StateReader, accountId: string, at: BlockRef) {
  if (!isValidAccountId(accountId)) throw rpcErrors.invalidAccount(accountId, at);
  const record = state.getAccount(accountId);
  if (!record) throw rpcErrors.unknownAccount(accountId, at);
  return record;
}

/** neard's vm_error text: the Debug form of the FunctionCallError. */
function vmErrorText(error: { kind: string; json: unknown; message: string }): string {
  const debug = (value: unknown): string => {
    if (typeof value === "string") return value;
    if (value && typeof value === "object") {
      const [[name, inner]] = Object.entries(value as Record<string, unknown>);
      if (inner && typeof inner === "object" && !Array.isArray(inner)) {
        const fields = Object.entries(inner as Record<string, unknown>);
        if (fields.every(([k]) => /^[a-z_]+$/.test(k))) {
          return `${name} { ${fields.map(([k, v]) => `${k}: ${typeof v === "string" ? JSON.stringify(v) : debug(v)}`).join(", ")} }`;
        }
      }
      return `${name}(${debug(inner)})`;
    }
    return String(value);
  };
  return `wasm execution failed with error: ${debug(error.json)}`;
}

function callFunction(
  node: Node,
  state: StateReader,
  p: Params,
  at: BlockRef,
  blockHeight: bigint,
  blockTimestamp: bigint,
  epochHeight: bigint,
): CallFunctionView {
  // Params are parsed (as neard does) before anything is looked up.
  const args = base64Param(p, "args_base64");
  const accountId = str(p, "account_id");
  const record = account(state, accountId, at);
  const code = state.getCode(accountId);
  if (!code) {
    const json = { CompilationError: { CodeDoesNotExist: { account_id: accountId } } };
    throw rpcErrors.contractExecution(
      `wasm execution failed with error: CompilationError(CodeDoesNotExist { account_id: AccountId("${accountId}") })`,
      json,
      at,
    );
  }
  const context: VMContext = {
    currentAccountId: accountId,
    signerAccountId: accountId,
    signerAccountPk: BALANCE_ZERO_KEY,
    predecessorAccountId: accountId,
    input: args,
    promiseResults: [],
    blockHeight,
    blockTimestamp,
    epochHeight,
    accountBalance: record.amount,
    accountLockedBalance: record.locked,
    storageUsage: record.storageUsage,
    attachedDeposit: 0n,
    prepaidGas: VM_LIMITS.max_gas_burnt_view,
    randomSeed: sha256(new Uint8Array(0)),
    isView: true,
  };
  if (!node.vm.available) throw rpcErrors.internal("the contract VM is not available");
  const outcome = node.vm.run({ code, method: str(p, "method_name"), context, state, accountId });
  if (outcome.error) throw rpcErrors.contractExecution(vmErrorText(outcome.error), outcome.error.json, at);
  const result = outcome.returnData.kind === "Value" ? [...outcome.returnData.data] : [];
  return { result, logs: outcome.logs, ...at };
}

type QueryView =
  | AccountQueryView
  | CodeQueryView
  | StateQueryView
  | AccessKeyQueryView
  | AccessKeyListView
  | CallFunctionView;

export function query(node: Node, params: unknown): QueryView {
  if (Array.isArray(params)) throw rpcErrors.parse("Invalid params: path queries are not supported; use request_type");
  const p = object(params);
  const block = resolveBlock(node, p);
  const at: BlockRef = { block_height: Number(block.height), block_hash: base58(block.hash) };
  const state = node.chain.stateAt(block);
  switch (p.request_type) {
    case "view_account":
      return { ...accountView(account(state, str(p, "account_id"), at)), ...at };
    case "view_code": {
      const accountId = str(p, "account_id");
      account(state, accountId, at);
      const code = state.getCode(accountId);
      if (!code) throw rpcErrors.noContractCode(accountId, at);
      return { code_base64: base64(code), hash: base58(sha256(code)), ...at };
    }
    case "view_state": {
      const accountId = str(p, "account_id");
      const prefix = base64Param(p, "prefix_base64");
      account(state, accountId, at);
      const values = state
        .dataWithPrefix(accountId, prefix)
        .map(({ key, value }) => ({ key: base64(key), value: base64(value), proof: [] }));
      return { values, proof: [], ...at };
    }
    case "view_access_key": {
      const accountId = str(p, "account_id");
      let publicKey: string;
      try {
        publicKey = normalizePublicKey(str(p, "public_key"));
      } catch {
        throw rpcErrors.parse(`Invalid params: invalid public key ${shown(p.public_key)}`);
      }
      const key = state.getAccessKey(accountId, publicKey);
      if (!key) throw rpcErrors.unknownAccessKey(publicKey, at);
      return { ...accessKeyView(key), ...at };
    }
    case "view_access_key_list": {
      const accountId = str(p, "account_id");
      const keys = state
        .accessKeys(accountId)
        .map(({ publicKey, accessKey }) => ({ public_key: publicKey, access_key: accessKeyView(accessKey) }));
      return { keys, ...at };
    }
    case "call_function":
      return callFunction(node, state, p, at, block.height, block.timestamp, block.epochHeight);
    default:
      throw rpcErrors.parse(`Invalid params: unknown request_type \`${shown(p.request_type)}\``);
  }
}
