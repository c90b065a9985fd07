/** Sending transactions and reading their results and receipts. */
import { InvalidTransaction } from "../../chain/errors.ts";
import { base58, hashFromBase58, strictBase64 } from "../../chain/encoding.ts";
import { isValidAccountId } from "../../vm/account-id.ts";
import type { Node } from "../../node/node.ts";
import { rpcErrors } from "../errors.ts";
import { object, str, shown } from "../params.ts";
import { finalOutcomeView, receiptView } from "../views.ts";
import type { TransactionRecord } from "../../chain/chain.ts";
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

function submit(node: Node, bytes: Uint8Array): TransactionRecord {
  try {
    const record = node.chain.submit(bytes);
    node.commit();
    return record;
  } catch (error) {
    if (error instanceof InvalidTransaction) throw rpcErrors.invalidTransaction({ InvalidTxError: error.error });
    if (error instanceof TransactionDecodeError)
      throw rpcErrors.parse(`Failed to decode transaction: ${error.message}`);
    throw error;
  }
}

function lookup(node: Node, params: unknown): TransactionRecord {
  let hash: unknown;
  if (Array.isArray(params)) hash = params[0];
  else {
    const p = object(params);
    if (typeof p.signed_tx_base64 === "string") return submit(node, signedBytes(p));
    hash = p.tx_hash;
    if (
      p.sender_account_id !== undefined &&
      !(typeof p.sender_account_id === "string" && isValidAccountId(p.sender_account_id))
    )
      throw rpcErrors.parse(`Failed parsing args: invalid sender_account_id ${shown(p.sender_account_id)}`);
  }
  if (typeof hash !== "string") throw rpcErrors.parse("Invalid params: missing field `tx_hash`");
  if (!hashFromBase58(hash)) throw rpcErrors.parse(`Failed parsing args: invalid tx_hash ${shown(hash)}`);
  const record = node.chain.transactions.get(hash);
  if (!record) throw rpcErrors.unknownTransaction(hash);
  return record;
}

export const transactionHandlers = {
  broadcast_tx_commit(node: Node, params: unknown) {
    return finalOutcomeView(node.chain, submit(node, signedBytes(params)), false);
  },

  broadcast_tx_async(node: Node, params: unknown) {
    const bytes = signedBytes(params);
    let hash: string;
    try {
      hash = base58(decodeTransaction(bytes).hash);
    } catch (error) {
      if (error instanceof TransactionDecodeError)
        throw rpcErrors.parse(`Failed to decode transaction: ${error.message}`);
      throw error;
    }
    setImmediate(() => {
      try {
        submit(node, bytes);
      } catch {
        // neard drops invalid transactions sent asynchronously; `tx` will not find them.
      }
    });
    return hash;
  },

  send_tx(node: Node, params: unknown) {
    const p = object(params);
    const waitUntil = p.wait_until === undefined ? "EXECUTED_OPTIMISTIC" : p.wait_until;
    if (typeof waitUntil !== "string" || !WAIT_UNTIL.includes(waitUntil))
      throw rpcErrors.parse(`Invalid params: unknown variant \`${shown(waitUntil)}\``);
    const bytes = signedBytes(p);
    if (waitUntil === "NONE") {
      transactionHandlers.broadcast_tx_async(node, p);
      return { final_execution_status: "NONE" };
    }
    return finalOutcomeView(node.chain, submit(node, bytes), false);
  },

  tx(node: Node, params: unknown) {
    return finalOutcomeView(node.chain, lookup(node, params), false);
  },

  EXPERIMENTAL_tx_status(node: Node, params: unknown) {
    return finalOutcomeView(node.chain, lookup(node, params), true);
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
