/**
 * JSON-RPC errors in neard's structure: a `name` (REQUEST_VALIDATION_ERROR,
 * HANDLER_ERROR, INTERNAL_ERROR), a `cause` { name, info }, the JSON-RPC
 * `code`/`message`, and `data` (the legacy text, or the TxExecutionError).
 */
export interface RpcErrorBody {
  name: string;
  cause: { name: string; info: unknown };
  code: number;
  message: string;
  data: unknown;
}

export class RpcError extends Error {
  constructor(readonly body: RpcErrorBody) {
    super(typeof body.data === "string" ? body.data : body.message);
  }
}

export function handlerError(cause: string, info: Record<string, unknown>, data: unknown): RpcError {
  return new RpcError({
    name: "HANDLER_ERROR",
    cause: { name: cause, info },
    code: -32000,
    message: "Server error",
    data,
  });
}

export const rpcErrors = {
  parse: (message: string) =>
    new RpcError({
      name: "REQUEST_VALIDATION_ERROR",
      cause: { name: "PARSE_ERROR", info: { error_message: message } },
      code: -32700,
      message: "Parse error",
      data: message,
    }),
  methodNotFound: (method: string) =>
    new RpcError({
      name: "REQUEST_VALIDATION_ERROR",
      cause: { name: "METHOD_NOT_FOUND", info: { method_name: method } },
      code: -32601,
      message: "Method not found",
      data: method,
    }),
  internal: (message: string) =>
    new RpcError({
      name: "INTERNAL_ERROR",
      cause: { name: "INTERNAL_ERROR", info: { error_message: message } },
      code: -32000,
      message: "Server error",
      data: message,
    }),
  unknownBlock: (reference: unknown) =>
    handlerError(
      "UNKNOWN_BLOCK",
      { block_reference: reference },
      `DB Not Found Error: BLOCK: ${JSON.stringify(reference)}`,
    ),
  unknownAccount: (accountId: string, at: BlockRef) =>
    handlerError(
      "UNKNOWN_ACCOUNT",
      { requested_account_id: accountId, ...at },
      `account ${accountId} does not exist while viewing`,
    ),
  invalidAccount: (accountId: string, at: BlockRef) =>
    handlerError("INVALID_ACCOUNT", { requested_account_id: accountId, ...at }, `Account ID ${accountId} is invalid`),
  unknownAccessKey: (publicKey: string, at: BlockRef) =>
    handlerError(
      "UNKNOWN_ACCESS_KEY",
      { public_key: publicKey, ...at },
      `access key ${publicKey} does not exist while viewing`,
    ),
  noContractCode: (accountId: string, at: BlockRef) =>
    handlerError(
      "NO_CONTRACT_CODE",
      { contract_account_id: accountId, ...at },
      `Contract code for contract ID #${accountId} has never been observed on the node`,
    ),
  contractExecution: (vmError: string, error: unknown, at: BlockRef) =>
    handlerError("CONTRACT_EXECUTION_ERROR", { vm_error: vmError, error, ...at }, vmError),
  unknownTransaction: (hash: string) =>
    handlerError("UNKNOWN_TRANSACTION", { requested_transaction_hash: hash }, `Transaction ${hash} doesn't exist`),
  unknownReceipt: (receiptId: string) =>
    handlerError(
      "UNKNOWN_RECEIPT",
      { receipt_id: receiptId },
      `Receipt with id ${receiptId} has never been observed on this node`,
    ),
  unknownChunk: (chunkHash: string) =>
    handlerError("UNKNOWN_CHUNK", { chunk_hash: chunkHash }, `Chunk Missing (unavailable on the node): ${chunkHash}`),
  invalidShardId: (shardId: unknown) =>
    handlerError(
      "INVALID_SHARD_ID",
      { shard_id: shardId },
      `Shard id ${JSON.stringify(shardId) ?? "undefined"} does not exist`,
    ),
  invalidTransaction: (txExecutionError: unknown) =>
    handlerError("INVALID_TRANSACTION", { TxExecutionError: txExecutionError }, { TxExecutionError: txExecutionError }),
  timeout: () => handlerError("TIMEOUT_ERROR", {}, "Timeout"),
};

export interface BlockRef {
  block_height: number;
  block_hash: string;
}
