/** Sending transactions and reading their results and receipts. */
import { InvalidTransaction } from "../../chain/errors.ts";
import { base58, hashFromBase58, strictBase64 } from "../../chain/encoding.ts";
import { isValidAccountId } from "../../vm/account-id.ts";
import type { Node } from "../../node/node.ts";
import { rpcErrors } from "../errors.ts";
import { object, str, shown } from "../params.ts";
import { finalOutcomeView, receiptView } from "../views.ts";
import type { TransactionRecord } from "../../chain/chain.ts";
import type { WaitUntil } from "../../chain/producer.ts";
import { decodeTransaction, TransactionDecodeError } from "../../chain/transactions.ts";

const WAIT_UNTIL = ["NONE", "INCLUDED", "EXECUTED_OPTIMISTIC", "INCLUDED_FINAL", "EXECUTED", "FINAL"];

function signedBytes(params: unknown): Uint8Array {
  let encoded: unknown;
  if (Array.isArray(params)) encoded = params[0];
  else if (params && typeof params === "object") encoded = (params as Record<string, unknown>).signed_tx_base64;
  if (typeof encoded !== "string") throw rpcErrors.parse("Invalid params: missing field `signed_tx_base64`");
  const bytes = strictBase64(encoded);
  if (!bytes) throw rpcErrors.parse("Failed to decode transaction: invalid base64");
  return bytes;
}

/** Transaction errors as neard's RPC answers them: undecodable bytes a parse error, refusals INVALID_TRANSACTION. */
function asRpcError(error: unknown): unknown {
  if (error instanceof InvalidTransaction) return rpcErrors.invalidTransaction({ InvalidTxError: error.error });
  if (error instanceof TransactionDecodeError) return rpcErrors.parse(`Failed to decode transaction: ${error.message}`);
  return error;
}

/**
 * Accepts the transaction and waits until every receipt ran ("executed",
 * neard's EXECUTED_OPTIMISTIC) or until their blocks are final too
 * ("final"); blocks are stored when produced either way.
 */
async function submit(node: Node, bytes: Uint8Array, until: WaitUntil): Promise<TransactionRecord> {
  try {
    return await node.producer.submit(bytes, until);
  } catch (error) {
    throw asRpcError(error);
  }
}

/** A known transaction once final; a refused one gets its InvalidTxError, an unknown one UNKNOWN_TRANSACTION. */
async function finalRecord(node: Node, hash: string): Promise<TransactionRecord> {
  const waiting = node.producer.wait(hash);
  if (!waiting) throw rpcErrors.unknownTransaction(hash);
  try {
    return await waiting;
  } catch (error) {
    throw asRpcError(error);
  }
}

/**
 * A transaction's record for `tx`/`EXPERIMENTAL_tx_status`: an included one
 * as it is now (its final_execution_status says how far it got), unless
 * the client asked to wait until FINAL; one still in the pool once final;
 * a refused one its InvalidTxError.
 */
async function lookup(node: Node, params: unknown): Promise<TransactionRecord> {
  let hash: unknown;
  let waitUntil: unknown;
  if (Array.isArray(params)) hash = params[0];
  else {
    const p = object(params);
    if (typeof p.signed_tx_base64 === "string") return submit(node, signedBytes(p), "final");
    hash = p.tx_hash;
    waitUntil = p.wait_until;
    if (waitUntil !== undefined && !(typeof waitUntil === "string" && WAIT_UNTIL.includes(waitUntil)))
      throw rpcErrors.parse(`Invalid params: unknown variant \`${shown(waitUntil)}\``);
    if (
      p.sender_account_id !== undefined &&
      !(typeof p.sender_account_id === "string" && isValidAccountId(p.sender_account_id))
    )
      throw rpcErrors.parse(`Failed parsing args: invalid sender_account_id ${shown(p.sender_account_id)}`);
  }
  if (typeof hash !== "string") throw rpcErrors.parse("Invalid params: missing field `tx_hash`");
  if (!hashFromBase58(hash)) throw rpcErrors.parse(`Failed parsing args: invalid tx_hash ${shown(hash)}`);
  const record = node.chain.transactions.get(hash);
  if (record && waitUntil !== "FINAL") return record;
  return finalRecord(node, hash);
}

export const transactionHandlers = {
  async broadcast_tx_commit(node: Node, params: unknown) {
    // neard's broadcast_tx_commit is send_tx with wait_until EXECUTED_OPTIMISTIC.
    return finalOutcomeView(node.chain, await submit(node, signedBytes(params), "executed"), false);
  },

  broadcast_tx_async(node: Node, params: unknown) {
    // Accepted transactions are included by a coming block; one that cannot be accepted, or that the block
    // refuses, is not dropped silently: `tx` answers with its InvalidTxError.
    const bytes = signedBytes(params);
    try {
      return node.producer.send(bytes);
    } catch (error) {
      if (!(error instanceof InvalidTransaction)) throw asRpcError(error);
      const hash = base58(decodeTransaction(bytes).hash);
      node.chain.refuse(hash, error.error);
      return hash;
    }
  },

  async send_tx(node: Node, params: unknown) {
    const p = object(params);
    const waitUntil = p.wait_until === undefined ? "EXECUTED_OPTIMISTIC" : p.wait_until;
    if (typeof waitUntil !== "string" || !WAIT_UNTIL.includes(waitUntil))
      throw rpcErrors.parse(`Invalid params: unknown variant \`${shown(waitUntil)}\``);
    const bytes = signedBytes(p);
    if (waitUntil === "NONE") {
      transactionHandlers.broadcast_tx_async(node, p);
      return { final_execution_status: "NONE" };
    }
    // The levels between are answered at FINAL, which promises more than each of them.
    const until = waitUntil === "EXECUTED_OPTIMISTIC" ? "executed" : "final";
    return finalOutcomeView(node.chain, await submit(node, bytes, until), false);
  },

  async tx(node: Node, params: unknown) {
    return finalOutcomeView(node.chain, await lookup(node, params), false);
  },

  async EXPERIMENTAL_tx_status(node: Node, params: unknown) {
    return finalOutcomeView(node.chain, await lookup(node, params), true);
  },

  EXPERIMENTAL_receipt(node: Node, params: unknown) {
    const p = object(params);
    const receiptId = str(p, "receipt_id");
    if (!hashFromBase58(receiptId))
      throw rpcErrors.parse(`Failed parsing args: invalid receipt_id ${shown(receiptId)}`);
    const receipt = node.chain.receipts.get(receiptId);
    if (!receipt) throw rpcErrors.unknownReceipt(receiptId);
    return receiptView(receipt);
  },
};
