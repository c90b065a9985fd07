/**
 * NEP-141 core: transfers, transfer-and-call and its resolution.
 *
 * Invariant: tokens sent with `ft_transfer_call` that the receiver reports
 * unused (or all of them, if it fails or answers garbage) go back to the
 * sender, capped by what the receiver still holds; if the sender is gone they
 * are burned. Both sides are settled (revenue) before balances move, through
 * `ledger.ts`.
 */
import { near, NearPromise } from "near-sdk-js";
import { assertNotPaused } from "../common/admin";
import { assertAccountId, ensure, optionalString, parseU128 } from "../common/guards";
import { remainingGas, singlePromiseOutcome } from "../common/promises";
import {
  GAS_FOR_FT_TRANSFER_CALL,
  GAS_FOR_ON_TRANSFER_MIN,
  GAS_FOR_OWN_FINISH,
  GAS_FOR_RESOLVE_TRANSFER,
  MAX_MEMO_LENGTH,
  MAX_MSG_LENGTH,
  SCOPE_TRANSFERS,
} from "./constants";
import { emitFtTransfer } from "./events";
import type { FtOnTransferArgs, FtResolveTransferArgs, FtTransferArgs, FtTransferCallArgs } from "./interface";
import { burnFrom, moveSettled, readAccount, settle, transfer, writeAccount } from "./ledger";
import type { TokenState } from "./state";
import { refundable, unusedAmount } from "./transfer-rules";

/** `ft_transfer` after the 1 yoctoNEAR check: from the caller to `receiver_id`. */
export function ftTransfer(state: TokenState, args: FtTransferArgs): void {
  assertNotPaused(state.admin, SCOPE_TRANSFERS);
  const receiverId = assertAccountId(args.receiver_id, "receiver_id");
  const value = parseU128(args.amount, "amount");
  const memo = optionalString(args.memo, "memo", MAX_MEMO_LENGTH);
  transfer(state, near.predecessorAccountId(), receiverId, value, memo);
}

/**
 * `ft_transfer_call` after the 1 yoctoNEAR check: transfers, then calls the
 * receiver's `ft_on_transfer` with all the gas left beyond the resolver's,
 * then `ft_resolve_transfer`.
 */
export function ftTransferCall(state: TokenState, args: FtTransferCallArgs): NearPromise {
  assertNotPaused(state.admin, SCOPE_TRANSFERS);
  ensure(near.prepaidGas() > GAS_FOR_FT_TRANSFER_CALL, "More gas is required");
  const receiverId = assertAccountId(args.receiver_id, "receiver_id");
  const value = parseU128(args.amount, "amount");
  const memo = optionalString(args.memo, "memo", MAX_MEMO_LENGTH);
  ensure(typeof args.msg === "string", "msg must be a string");
  ensure(args.msg.length <= MAX_MSG_LENGTH, `msg is longer than ${MAX_MSG_LENGTH} characters`);
  const senderId = near.predecessorAccountId();
  transfer(state, senderId, receiverId, value, memo);
  // not `functionCallWeight`: see `remainingGas`
  const receiverGas = remainingGas(GAS_FOR_RESOLVE_TRANSFER + GAS_FOR_OWN_FINISH);
  ensure(receiverGas >= GAS_FOR_ON_TRANSFER_MIN, "More gas is required");
  const onTransfer: FtOnTransferArgs = { sender_id: senderId, amount: value.toString(), msg: args.msg };
  const resolve: FtResolveTransferArgs = { sender_id: senderId, receiver_id: receiverId, amount: value.toString() };
  return NearPromise.new(receiverId)
    .functionCall("ft_on_transfer", JSON.stringify(onTransfer), 0n, receiverGas)
    .then(
      NearPromise.new(near.currentAccountId()).functionCall(
        "ft_resolve_transfer",
        JSON.stringify(resolve),
        0n,
        GAS_FOR_RESOLVE_TRANSFER,
      ),
    );
}

/**
 * `ft_resolve_transfer`: takes back min(unused, receiver's balance) to the
 * sender (`ft_transfer` memo "refund"), or burns it if the sender is gone.
 * Returns the amount the receiver kept (U128).
 */
export function ftResolveTransfer(state: TokenState, args: FtResolveTransferArgs): string {
  const value = parseU128(args.amount, "amount");
  const outcome = singlePromiseOutcome();
  const unused = outcome.ok ? unusedAmount(outcome.value, value) : value;
  const receiver = unused === 0n ? null : readAccount(args.receiver_id);
  if (receiver === null || receiver.balance === 0n) {
    return value.toString();
  }
  const refund = refundable(unused, receiver.balance);
  settle(state, receiver);
  const sender = readAccount(args.sender_id);
  if (sender === null) {
    near.log("The account of the sender was deleted");
    burnFrom(state, args.receiver_id, receiver, refund, "refund");
    writeAccount(args.receiver_id, receiver);
    return value.toString();
  }
  settle(state, sender);
  moveSettled(state, receiver, sender, refund);
  writeAccount(args.receiver_id, receiver);
  writeAccount(args.sender_id, sender);
  emitFtTransfer(args.receiver_id, args.sender_id, refund, "refund");
  return (value - refund).toString();
}
