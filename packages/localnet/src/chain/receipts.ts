/**
 * Receipts as the chain keeps them (nearcore's Receipt): action receipts
 * carry actions plus their data dependencies; data receipts carry one
 * promise result to a waiting action receipt.
 *
 * Invariants: an action receipt runs only once every id in inputDataIds has
 * arrived as a data receipt for its receiver; receipts from "system" are
 * refunds and burn no gas.
 */
import type { ChainAction } from "./economics.ts";

export const SYSTEM_ACCOUNT = "system";

export interface DataReceiver {
  dataId: Uint8Array;
  receiverId: string;
}

export interface ActionReceipt {
  type: "Action";
  signerId: string;
  signerPublicKey: string;
  gasPrice: bigint;
  outputDataReceivers: DataReceiver[];
  inputDataIds: Uint8Array[];
  actions: ChainAction[];
  /** Gas refunds (from system to the signer) also refill the signer key's allowance. */
  isGasRefund?: boolean;
}

export interface DataReceipt {
  type: "Data";
  dataId: Uint8Array;
  /** The promise result: null when the producing receipt failed. */
  data: Uint8Array | null;
}

export interface Receipt {
  receiptId: Uint8Array;
  predecessorId: string;
  receiverId: string;
  body: ActionReceipt | DataReceipt;
}

/** A refund of `amount` from system to `receiverId` (nearcore Receipt::new_balance_refund / new_gas_refund). */
export function refundReceipt(
  receiptId: Uint8Array,
  receiverId: string,
  amount: bigint,
  gasRefund?: { signerPublicKey: string },
): Receipt {
  return {
    receiptId,
    predecessorId: SYSTEM_ACCOUNT,
    receiverId,
    body: {
      type: "Action",
      signerId: SYSTEM_ACCOUNT,
      signerPublicKey: gasRefund?.signerPublicKey ?? "ed25519:11111111111111111111111111111111",
      gasPrice: 0n,
      outputDataReceivers: [],
      inputDataIds: [],
      actions: [{ type: "Transfer", deposit: amount }],
      isGasRefund: gasRefund !== undefined,
    },
  };
}
