/**
 * Signed transactions: borsh decoding (near-api-js' schema), validation and
 * conversion to the action receipt that carries them (nearcore's
 * verify_and_charge_transaction). Validation either throws InvalidTransaction
 * and changes nothing, or charges the signer and bumps the key's nonce.
 */
import {
  type AccessKeyPermission as WirePermission,
  type Action as WireAction,
  PublicKey,
  type Signature,
  type SignedDelegate,
  type SignedTransaction,
  decodeSignedTransaction,
  encodeDelegateAction,
  encodeTransaction,
} from "near-api-js";
import { isValidAccountId } from "../vm/account-id.ts";
import type { AccessKeyPermission, Action } from "../vm/receipts.ts";
import { VM_LIMITS } from "../vm/runtime-parameters.ts";
import {
  actionFee,
  receiptFee,
  totalDeposit,
  totalPrepaidExecFees,
  totalPrepaidGas,
  totalPrepaidSendFees,
  insufficientStorageStake,
  type ChainAction,
} from "./economics.ts";
import { base58, sha256 } from "./encoding.ts";
import { accessKeyErrors, invalidTx } from "./errors.ts";
import type { State } from "./state.ts";

/** Access-key nonces start at (height - 1) × this (nearcore ACCESS_KEY_NONCE_RANGE_MULTIPLIER). */
export const ACCESS_KEY_NONCE_RANGE_MULTIPLIER = 1_000_000n;

export interface DecodedTransaction {
  hash: Uint8Array;
  signerId: string;
  publicKey: string;
  nonce: bigint;
  receiverId: string;
  blockHash: Uint8Array;
  actions: ChainAction[];
  /** base58 signature with its curve prefix ("ed25519:…"). */
  signature: string;
  /** The borsh bytes the signature covers. */
  bodyBytes: Uint8Array;
  signatureBytes: Uint8Array;
  size: number;
}

/**
 * near-api-js' decoder returns its own classes only at the top: actions,
 * permissions and signatures come back as the borsh schema's plain objects
 * (the classes' fields, byte arrays possibly as number[]), and keys inside
 * actions as `{ ed25519Key: { data } }` rather than PublicKey instances. So
 * fields are read through the declared types, bytes copied with
 * Uint8Array.from and keys normalised with PublicKey.from.
 */
function keyText(key: PublicKey): string {
  return PublicKey.from(key).toString();
}

/** A key in its borsh form (type byte, then the key), as ChainAction carries it. */
function keyBorsh(key: PublicKey): Uint8Array {
  const normal = PublicKey.from(key);
  return Uint8Array.from([normal.keyType, ...normal.data]);
}

function permissionOf(permission: WirePermission): AccessKeyPermission {
  const call = permission.functionCall;
  if (!call) return { type: "FullAccess" };
  return {
    type: "FunctionCall",
    allowance: call.allowance === undefined || call.allowance === null ? null : BigInt(call.allowance),
    receiverId: call.receiverId,
    methodNames: [...call.methodNames],
  };
}

function actionOf(action: WireAction): ChainAction {
  if (action.createAccount) return { type: "CreateAccount" };
  if (action.deployContract) return { type: "DeployContract", code: Uint8Array.from(action.deployContract.code) };
  if (action.functionCall) {
    const call = action.functionCall;
    return {
      type: "FunctionCall",
      methodName: call.methodName,
      args: Uint8Array.from(call.args),
      gas: BigInt(call.gas),
      deposit: BigInt(call.deposit),
    };
  }
  if (action.transfer) return { type: "Transfer", deposit: BigInt(action.transfer.deposit) };
  if (action.stake) {
    const { stake, publicKey } = action.stake;
    return { type: "Stake", stake: BigInt(stake), publicKey: keyBorsh(publicKey) };
  }
  if (action.addKey) {
    const { publicKey, accessKey } = action.addKey;
    return {
      type: "AddKey",
      publicKey: keyBorsh(publicKey),
      nonce: BigInt(accessKey.nonce),
      permission: permissionOf(accessKey.permission),
    };
  }
  if (action.deleteKey) return { type: "DeleteKey", publicKey: keyBorsh(action.deleteKey.publicKey) };
  if (action.deleteAccount) return { type: "DeleteAccount", beneficiaryId: action.deleteAccount.beneficiaryId };
  if (action.signedDelegate) return delegateOf(action.signedDelegate);
  throw invalidTx.actionsValidation({
    UnsupportedProtocolFeature: { protocol_feature: Object.keys(action)[0] ?? "unknown", version: 0 },
  });
}

function delegateOf({ delegateAction, signature }: SignedDelegate): ChainAction {
  return {
    type: "Delegate",
    delegateAction: {
      senderId: delegateAction.senderId,
      receiverId: delegateAction.receiverId,
      actions: delegateAction.actions.map((inner) => actionOf(inner) as Action),
      nonce: BigInt(delegateAction.nonce),
      maxBlockHeight: BigInt(delegateAction.maxBlockHeight),
      publicKey: keyText(delegateAction.publicKey),
    },
    signature: signatureText(signature),
    signatureBytes: signatureBytesOf(signature),
    hash: sha256(encodeDelegateAction(delegateAction)),
  };
}

function signatureText(signature: Signature): string {
  if (signature.ed25519Signature) return `ed25519:${base58(Uint8Array.from(signature.ed25519Signature.data))}`;
  return `secp256k1:${base58(signatureBytesOf(signature))}`;
}

function signatureBytesOf(signature: Signature): Uint8Array {
  const inner = signature.ed25519Signature ?? signature.secp256k1Signature;
  if (!inner) throw new Error("borsh: unknown signature type");
  return Uint8Array.from(inner.data);
}

/** Bytes that are not exactly one borsh SignedTransaction (neard: "Failed to decode transaction"). */
export class TransactionDecodeError extends Error {}

/**
 * Decodes a borsh SignedTransaction; throws TransactionDecodeError when the
 * bytes are not exactly one (borsh, as nearcore uses it, refuses trailing bytes).
 */
export function decodeTransaction(bytes: Uint8Array): DecodedTransaction {
  let signed: SignedTransaction;
  let signatureBytes: Uint8Array;
  let bodyBytes: Uint8Array;
  try {
    signed = decodeSignedTransaction(bytes);
    signatureBytes = signatureBytesOf(signed.signature);
    bodyBytes = bytes.slice(0, encodeTransaction(signed.transaction).length);
  } catch (error) {
    throw new TransactionDecodeError(error instanceof Error ? error.message : String(error));
  }
  const length = bodyBytes.length + 1 + signatureBytes.length;
  if (length !== bytes.length) throw new TransactionDecodeError(`Not all bytes read: ${bytes.length - length} left`);
  const tx = signed.transaction;
  return {
    hash: sha256(bodyBytes),
    signerId: tx.signerId,
    publicKey: tx.publicKey.toString(),
    nonce: BigInt(tx.nonce),
    receiverId: tx.receiverId,
    blockHash: Uint8Array.from(tx.blockHash),
    actions: tx.actions.map(actionOf),
    signature: signatureText(signed.signature),
    bodyBytes,
    signatureBytes,
    size: bytes.length,
  };
}

/** Static checks of a transaction's actions (a subset of nearcore's validate_actions). */
export function validateActions(actions: ChainAction[]): void {
  const limits = VM_LIMITS;
  if (BigInt(actions.length) > limits.max_actions_per_receipt) {
    throw invalidTx.actionsValidation({
      TotalNumberOfActionsExceeded: {
        total_number_of_actions: actions.length,
        limit: Number(limits.max_actions_per_receipt),
      },
    });
  }
  const gas = totalPrepaidGas(actions);
  // nearcore sums the prepaid gas in u64 with checked adds: a sum that overflows is its own error.
  if (gas >= 1n << 64n) throw invalidTx.actionsValidation("IntegerOverflow");
  if (gas > limits.max_total_prepaid_gas) {
    throw invalidTx.actionsValidation({
      TotalPrepaidGasExceeded: { total_prepaid_gas: gas, limit: limits.max_total_prepaid_gas },
    });
  }
  actions.forEach((action, i) => {
    if (action.type === "DeleteAccount" && i !== actions.length - 1)
      throw invalidTx.actionsValidation("DeleteActionMustBeFinal");
    if (action.type === "DeleteAccount" && !isValidAccountId(action.beneficiaryId)) {
      throw invalidTx.actionsValidation({ InvalidAccountId: { account_id: action.beneficiaryId } });
    }
    if (action.type === "FunctionCall") {
      if (action.gas === 0n) throw invalidTx.actionsValidation("FunctionCallZeroAttachedGas");
      if (BigInt(Buffer.byteLength(action.methodName)) > limits.max_length_method_name) {
        throw invalidTx.actionsValidation({
          FunctionCallMethodNameLengthExceeded: {
            length: Buffer.byteLength(action.methodName),
            limit: Number(limits.max_length_method_name),
          },
        });
      }
      if (BigInt(action.args.length) > limits.max_arguments_length) {
        throw invalidTx.actionsValidation({
          FunctionCallArgumentsLengthExceeded: {
            length: action.args.length,
            limit: Number(limits.max_arguments_length),
          },
        });
      }
    }
    if (action.type === "DeployContract" && BigInt(action.code.length) > limits.max_contract_size) {
      throw invalidTx.actionsValidation({
        ContractSizeExceeded: { size: action.code.length, limit: Number(limits.max_contract_size) },
      });
    }
    if (action.type === "AddKey" && action.permission.type === "FunctionCall") {
      const bytes = action.permission.methodNames.reduce((sum, n) => sum + Buffer.byteLength(n), 0);
      if (BigInt(bytes) > limits.max_number_bytes_method_names) {
        throw invalidTx.actionsValidation({
          AddKeyMethodNamesNumberOfBytesExceeded: {
            total_number_of_bytes: bytes,
            limit: Number(limits.max_number_bytes_method_names),
          },
        });
      }
    }
  });
}

/** Gas and balance a transaction costs its signer (nearcore's tx_cost). */
export interface TransactionCost {
  /** Gas burnt converting the transaction (send fees). */
  gasBurnt: bigint;
  /** Execution fees plus attached gas, prepaid for the receipt. */
  gasRemaining: bigint;
  totalCost: bigint;
  /** Gas burnt on its way plus what's prepaid, for the gas_price-charged total. */
  deposit: bigint;
}

export function transactionCost(
  signerId: string,
  receiverId: string,
  actions: ChainAction[],
  gasPrice: bigint,
): TransactionCost {
  const sir = signerId === receiverId;
  const gasBurnt =
    receiptFee(sir, "send") + actions.reduce((sum, a) => sum + actionFee(a, sir, "send", receiverId), 0n);
  const gasRemaining =
    receiptFee(sir, "exec") +
    totalPrepaidExecFees(actions, receiverId) +
    totalPrepaidGas(actions) +
    totalPrepaidSendFees(actions);
  const deposit = totalDeposit(actions);
  return { gasBurnt, gasRemaining, deposit, totalCost: (gasBurnt + gasRemaining) * gasPrice + deposit };
}

/**
 * Checks the signer, key, nonce, balance and key permission, then charges
 * the signer and updates the key (nonce, allowance). Throws
 * InvalidTransaction on the first failed check, before changing state.
 */
export function verifyAndCharge(
  state: State,
  tx: DecodedTransaction,
  gasPrice: bigint,
  nextBlockHeight: bigint,
): TransactionCost {
  const signer = state.getAccount(tx.signerId);
  if (!signer) throw invalidTx.signerDoesNotExist(tx.signerId);
  const accessKey = state.getAccessKey(tx.signerId, tx.publicKey);
  if (!accessKey) throw invalidTx.accessKey(accessKeyErrors.notFound(tx.signerId, tx.publicKey));
  if (tx.nonce <= accessKey.nonce) throw invalidTx.invalidNonce(tx.nonce, accessKey.nonce);
  const upperBound = nextBlockHeight * ACCESS_KEY_NONCE_RANGE_MULTIPLIER;
  if (tx.nonce >= upperBound) throw invalidTx.nonceTooLarge(tx.nonce, upperBound);
  accessKey.nonce = tx.nonce;

  const cost = transactionCost(tx.signerId, tx.receiverId, tx.actions, gasPrice);
  if (signer.amount < cost.totalCost) throw invalidTx.notEnoughBalance(tx.signerId, signer.amount, cost.totalCost);
  signer.amount -= cost.totalCost;

  const permission = accessKey.permission;
  if (permission.type === "FunctionCall" && permission.allowance !== null) {
    if (permission.allowance < cost.totalCost) {
      throw invalidTx.accessKey(
        accessKeyErrors.notEnoughAllowance(tx.signerId, tx.publicKey, permission.allowance, cost.totalCost),
      );
    }
    permission.allowance -= cost.totalCost;
  }
  const lacking = insufficientStorageStake(signer);
  if (lacking > 0n) throw invalidTx.lackBalanceForState(tx.signerId, lacking);
  const denied = functionCallKeyViolation(permission, tx.receiverId, tx.actions);
  if (denied) throw invalidTx.accessKey(denied);
  state.setAccount(tx.signerId, signer);
  state.setAccessKey(tx.signerId, tx.publicKey, accessKey);
  return cost;
}

/**
 * Why a function-call access key may not sign these actions for this
 * receiver (nearcore's checks: one FunctionCall, no deposit, the key's
 * receiver, an allowed method), or undefined when it may.
 */
export function functionCallKeyViolation(
  permission: AccessKeyPermission,
  receiverId: string,
  actions: ChainAction[],
): string | Record<string, unknown> | undefined {
  if (permission.type !== "FunctionCall") return undefined;
  const [action] = actions;
  if (actions.length !== 1 || action.type !== "FunctionCall") return accessKeyErrors.requiresFullAccess();
  if (action.deposit > 0n) return accessKeyErrors.depositWithFunctionCall();
  if (receiverId !== permission.receiverId) return accessKeyErrors.receiverMismatch(receiverId, permission.receiverId);
  if (permission.methodNames.length > 0 && !permission.methodNames.includes(action.methodName)) {
    return accessKeyErrors.methodNameMismatch(action.methodName);
  }
  return undefined;
}

/** Signature and id checks that need no state (nearcore's validate_transaction). */
export function validateTransaction(tx: DecodedTransaction): void {
  if (BigInt(tx.size) > VM_LIMITS.max_transaction_size) {
    throw invalidTx.transactionSizeExceeded(BigInt(tx.size), VM_LIMITS.max_transaction_size);
  }
  let valid = false;
  try {
    valid = PublicKey.fromString(tx.publicKey).verify(tx.hash, tx.signatureBytes);
  } catch {
    valid = false;
  }
  if (!valid) throw invalidTx.invalidSignature();
  if (!isValidAccountId(tx.signerId)) throw invalidTx.invalidSignerId(tx.signerId);
  if (!isValidAccountId(tx.receiverId)) throw invalidTx.invalidReceiverId(tx.receiverId);
  validateActions(tx.actions);
}
