/**
 * A payment to a contract in NEAR or in a NEP-141 token, the one shape the
 * sale's purchases and the fee router's fees share: NEAR is attached to the
 * receiver's own method; a token goes with `ft_transfer_call` on the token's
 * contract (1 yoctoNEAR attached, as NEP-141 requires) and the request in
 * `msg`, so the receiver gets the same request either way and a refused
 * token payment is returned by the token contract.
 */
import type { FtTransferCallArgs } from "../../../contracts/token/interface.ts";
import type { AssetInfo } from "./holder-calls.ts";
import { ONE_YOCTO, type PlannedTransaction } from "./plan.ts";

export interface PaymentInput {
  asset: AssetInfo;
  receiverId: string;
  /** In the asset's base units. */
  amount: bigint;
  /** What the transaction does, and the receiver's name for the token route's purpose ("the sale"). */
  purpose: string;
  receiverName: string;
  /** The receiver's method when paid in NEAR. */
  near: { method: string; args: Record<string, unknown>; gas: bigint };
  /** The `msg` of ft_transfer_call when paid in a token. */
  token: { msg: string; gas: bigint };
}

export function paymentTransaction(input: PaymentInput): PlannedTransaction {
  if (input.asset.id === "near")
    return {
      receiverId: input.receiverId,
      purpose: input.purpose,
      calls: [{ ...input.near, args: { ...input.near.args }, deposit: input.amount }],
    };
  const transfer: FtTransferCallArgs = {
    receiver_id: input.receiverId,
    amount: input.amount.toString(),
    msg: input.token.msg,
  };
  return {
    receiverId: input.asset.id,
    purpose: `${input.purpose} (sent to ${input.receiverName} with ft_transfer_call)`,
    calls: [{ method: "ft_transfer_call", args: { ...transfer }, deposit: ONE_YOCTO, gas: input.token.gas }],
  };
}
