/**
 * Transaction and action errors in neard's JSON shape (nearcore's
 * InvalidTxError / ActionError views, snake_case fields, amounts as decimal
 * strings, u64 values as bigints that the RPC writes as exact JSON integers). Built only here so every path reports them identically.
 */
import type { FunctionCallError as VMFunctionCallError } from "../vm/errors.ts";
import { jsonStringify } from "./encoding.ts";

export type InvalidTxError = string | Record<string, unknown>;
export interface ActionError {
  index: number | null;
  kind: Record<string, unknown>;
}
export type TxExecutionError = { InvalidTxError: InvalidTxError } | { ActionError: ActionError };

/** Thrown by transaction validation: the transaction is rejected, no outcome is recorded. */
export class InvalidTransaction extends Error {
  constructor(readonly error: InvalidTxError) {
    super(`InvalidTxError: ${jsonStringify(error)}`);
  }
}

const s = (v: bigint) => v.toString();

export const invalidTx = {
  invalidSignature: () => new InvalidTransaction("InvalidSignature"),
  expired: () => new InvalidTransaction("Expired"),
  invalidChain: () => new InvalidTransaction("InvalidChain"),
  signerDoesNotExist: (signerId: string) => new InvalidTransaction({ SignerDoesNotExist: { signer_id: signerId } }),
  invalidSignerId: (signerId: string) => new InvalidTransaction({ InvalidSignerId: { signer_id: signerId } }),
  invalidReceiverId: (receiverId: string) => new InvalidTransaction({ InvalidReceiverId: { receiver_id: receiverId } }),
  invalidNonce: (txNonce: bigint, akNonce: bigint) =>
    new InvalidTransaction({ InvalidNonce: { tx_nonce: txNonce, ak_nonce: akNonce } }),
  nonceTooLarge: (txNonce: bigint, upperBound: bigint) =>
    new InvalidTransaction({ NonceTooLarge: { tx_nonce: txNonce, upper_bound: upperBound } }),
  notEnoughBalance: (signerId: string, balance: bigint, cost: bigint) =>
    new InvalidTransaction({ NotEnoughBalance: { signer_id: signerId, balance: s(balance), cost: s(cost) } }),
  lackBalanceForState: (signerId: string, amount: bigint) =>
    new InvalidTransaction({ LackBalanceForState: { signer_id: signerId, amount: s(amount) } }),
  costOverflow: () => new InvalidTransaction("CostOverflow"),
  transactionSizeExceeded: (size: bigint, limit: bigint) =>
    new InvalidTransaction({ TransactionSizeExceeded: { size: Number(size), limit: Number(limit) } }),
  accessKey: (error: string | Record<string, unknown>) => new InvalidTransaction({ InvalidAccessKeyError: error }),
  actionsValidation: (error: string | Record<string, unknown>) => new InvalidTransaction({ ActionsValidation: error }),
};

export const accessKeyErrors = {
  notFound: (accountId: string, publicKey: string) => ({
    AccessKeyNotFound: { account_id: accountId, public_key: publicKey },
  }),
  receiverMismatch: (txReceiver: string, akReceiver: string) => ({
    ReceiverMismatch: { tx_receiver: txReceiver, ak_receiver: akReceiver },
  }),
  methodNameMismatch: (methodName: string) => ({ MethodNameMismatch: { method_name: methodName } }),
  requiresFullAccess: () => "RequiresFullAccess",
  notEnoughAllowance: (accountId: string, publicKey: string, allowance: bigint, cost: bigint) => ({
    NotEnoughAllowance: { account_id: accountId, public_key: publicKey, allowance: s(allowance), cost: s(cost) },
  }),
  depositWithFunctionCall: () => "DepositWithFunctionCall",
};

/** Thrown while applying an action: the receipt fails with this ActionError. */
export class ActionFailure extends Error {
  constructor(
    readonly kind: Record<string, unknown>,
    public index: number | null = null,
  ) {
    super(`ActionError: ${jsonStringify(kind)}`);
  }
}

export const actionErrors = {
  accountAlreadyExists: (accountId: string) => new ActionFailure({ AccountAlreadyExists: { account_id: accountId } }),
  accountDoesNotExist: (accountId: string) => new ActionFailure({ AccountDoesNotExist: { account_id: accountId } }),
  createAccountOnlyByRegistrar: (accountId: string, registrar: string, predecessorId: string) =>
    new ActionFailure({
      CreateAccountOnlyByRegistrar: {
        account_id: accountId,
        registrar_account_id: registrar,
        predecessor_id: predecessorId,
      },
    }),
  createAccountNotAllowed: (accountId: string, predecessorId: string) =>
    new ActionFailure({ CreateAccountNotAllowed: { account_id: accountId, predecessor_id: predecessorId } }),
  onlyImplicitAccountCreationAllowed: (accountId: string) =>
    new ActionFailure({ OnlyImplicitAccountCreationAllowed: { account_id: accountId } }),
  actorNoPermission: (accountId: string, actorId: string) =>
    new ActionFailure({ ActorNoPermission: { account_id: accountId, actor_id: actorId } }),
  deleteKeyDoesNotExist: (accountId: string, publicKey: string) =>
    new ActionFailure({ DeleteKeyDoesNotExist: { account_id: accountId, public_key: publicKey } }),
  addKeyAlreadyExists: (accountId: string, publicKey: string) =>
    new ActionFailure({ AddKeyAlreadyExists: { account_id: accountId, public_key: publicKey } }),
  deleteAccountStaking: (accountId: string) => new ActionFailure({ DeleteAccountStaking: { account_id: accountId } }),
  lackBalanceForState: (accountId: string, amount: bigint) =>
    new ActionFailure({ LackBalanceForState: { account_id: accountId, amount: s(amount) } }),
  triesToUnstake: (accountId: string) => new ActionFailure({ TriesToUnstake: { account_id: accountId } }),
  triesToStake: (accountId: string, stake: bigint, locked: bigint, balance: bigint) =>
    new ActionFailure({
      TriesToStake: { account_id: accountId, stake: s(stake), locked: s(locked), balance: s(balance) },
    }),
  functionCall: (error: Record<string, unknown>) => new ActionFailure({ FunctionCallError: error }),
  delegateActionInvalidSignature: () =>
    new ActionFailure("DelegateActionInvalidSignature" as unknown as Record<string, unknown>),
  delegateActionExpired: () => new ActionFailure("DelegateActionExpired" as unknown as Record<string, unknown>),
  delegateActionSenderDoesNotMatchTxReceiver: (senderId: string, receiverId: string) =>
    new ActionFailure({ DelegateActionSenderDoesNotMatchTxReceiver: { sender_id: senderId, receiver_id: receiverId } }),
  delegateActionAccessKeyError: (error: string | Record<string, unknown>) =>
    new ActionFailure({ DelegateActionAccessKeyError: error }),
  delegateActionNonceTooLarge: (delegateNonce: bigint, upperBound: bigint) =>
    new ActionFailure({
      DelegateActionNonceTooLarge: { delegate_nonce: delegateNonce, upper_bound: upperBound },
    }),
  delegateActionInvalidNonce: (delegateNonce: bigint, akNonce: bigint) =>
    new ActionFailure({
      DelegateActionInvalidNonce: { delegate_nonce: delegateNonce, ak_nonce: akNonce },
    }),
};

/**
 * A contract failure as neard reports it inside ActionError.FunctionCallError:
 * traps and host errors become ExecutionError with their text; compilation,
 * link and method-resolve errors keep their structure.
 */
export function functionCallErrorView(error: VMFunctionCallError): Record<string, unknown> {
  switch (error.kind) {
    case "WasmTrap":
    case "HostError":
      return { ExecutionError: error.message };
    default:
      return error.json as Record<string, unknown>;
  }
}

export function codeDoesNotExist(accountId: string): Record<string, unknown> {
  return { CompilationError: { CodeDoesNotExist: { account_id: accountId } } };
}
