/**
 * Applying one action of an action receipt, one function per action, as
 * nearcore's runtime/src/actions.rs does. Each function works on the
 * receipt's working copy of the receiver account (`ctx.account`, written
 * back by the runtime after the storage check) and on State for keys, code
 * and data; a failure is thrown as an ActionFailure and the runtime rolls
 * the whole receipt back.
 */
import type { GasProfileEntry } from "../vm/gas-counter.ts";
import type { Action } from "../vm/receipts.ts";
import type { ReturnData } from "../vm/logic.ts";
import type { PromiseResult, VMContext } from "../vm/context.ts";
import { STORAGE_PARAMETERS } from "../vm/runtime-parameters.ts";
import {
  accessKeyStorage,
  isNearImplicit,
  receiptFee,
  totalPrepaidExecFees,
  totalPrepaidGas,
  totalPrepaidSendFees,
  type ChainAction,
} from "./economics.ts";
import { PublicKey } from "near-api-js";
import { base58, publicKeyBorsh, publicKeyFromBorsh, sha256 } from "./encoding.ts";
import { accessKeyErrors, actionErrors, codeDoesNotExist, functionCallErrorView } from "./errors.ts";
import { SYSTEM_ACCOUNT, type ActionReceipt, type Receipt } from "./receipts.ts";
import { ACCESS_KEY_NONCE_RANGE_MULTIPLIER, functionCallKeyViolation } from "./transactions.ts";
import { emptyAccount, type AccountRecord, type State } from "./state.ts";
import type { ContractRunner } from "./vm-bridge.ts";

/** The block a receipt is applied in (nearcore's ApplyState, the parts actions use). */
export interface ApplyState {
  blockHeight: bigint;
  blockHash: Uint8Array;
  blockTimestamp: bigint;
  epochHeight: bigint;
  gasPrice: bigint;
  randomSeed: Uint8Array;
}

/** A receipt an action created; the runtime gives it an id and data dependencies. */
export interface PendingReceipt {
  receiverId: string;
  actions: ChainAction[];
  dependsOn: number[];
  /** Sent by system (a balance refund) rather than by the receipt's receiver. */
  fromSystem?: boolean;
  /** The predecessor when it is not the receipt's receiver (a delegate action's sender). */
  predecessorId?: string;
}

/** What the actions of one receipt accumulate (nearcore's ActionResult). */
export interface ActionResult {
  gasBurnt: bigint;
  gasUsed: bigint;
  gasBurntForFunctionCall: bigint;
  logs: string[];
  profile: GasProfileEntry[];
  /**
   * Receipts the actions create, in order, not yet given ids: those of
   * function calls (dependsOn indexes this list) and DeleteAccount's balance
   * transfer (from system).
   */
  created: PendingReceipt[];
  returnData: ReturnData;
}

export interface ActionContext {
  state: State;
  apply: ApplyState;
  receipt: Receipt;
  body: ActionReceipt;
  /** The receiver's account as the receipt has changed it so far; undefined when it does not exist. */
  account: AccountRecord | undefined;
  /** Who is acting: the predecessor, or the receiver after CreateAccount. */
  actorId: string;
  promiseResults: PromiseResult[];
  result: ActionResult;
  runner: ContractRunner;
}

function requireAccount(ctx: ActionContext): AccountRecord {
  if (!ctx.account) throw actionErrors.accountDoesNotExist(ctx.receipt.receiverId);
  return ctx.account;
}

/** nearcore's check_account_existence and check_actor_permissions. */
export function checkAction(ctx: ActionContext, action: ChainAction): void {
  const accountId = ctx.receipt.receiverId;
  if (action.type === "CreateAccount") {
    if (ctx.account) throw actionErrors.accountAlreadyExists(accountId);
    return;
  }
  if (!ctx.account) {
    const onlyAction = ctx.body.actions.length === 1 && ctx.receipt.predecessorId !== SYSTEM_ACCOUNT;
    if (action.type === "Transfer" && onlyAction && isNearImplicit(accountId)) return; // created by the transfer
    throw actionErrors.accountDoesNotExist(accountId);
  }
  switch (action.type) {
    case "DeployContract":
    case "Stake":
    case "AddKey":
    case "DeleteKey":
      if (ctx.actorId !== accountId) throw actionErrors.actorNoPermission(accountId, ctx.actorId);
      break;
    case "DeleteAccount":
      if (ctx.actorId !== accountId) throw actionErrors.actorNoPermission(accountId, ctx.actorId);
      if (ctx.account.locked !== 0n) throw actionErrors.deleteAccountStaking(accountId);
      break;
    default:
      break;
  }
}

export function createAccount(ctx: ActionContext): void {
  const accountId = ctx.receipt.receiverId;
  const predecessorId = ctx.receipt.predecessorId;
  if (isNearImplicit(accountId)) throw actionErrors.onlyImplicitAccountCreationAllowed(accountId);
  const dot = accountId.indexOf(".");
  if (dot < 0) {
    if (
      BigInt(accountId.length) < STORAGE_PARAMETERS.min_allowed_top_level_account_length &&
      predecessorId !== STORAGE_PARAMETERS.registrar_account_id
    ) {
      throw actionErrors.createAccountOnlyByRegistrar(
        accountId,
        STORAGE_PARAMETERS.registrar_account_id,
        predecessorId,
      );
    }
  } else if (accountId.slice(dot + 1) !== predecessorId) {
    throw actionErrors.createAccountNotAllowed(accountId, predecessorId);
  }
  ctx.actorId = accountId;
  ctx.account = { ...emptyAccount(0n), storageUsage: STORAGE_PARAMETERS.storage_num_bytes_account };
}

export function deployContract(ctx: ActionContext, code: Uint8Array): void {
  const account = requireAccount(ctx);
  const previous = ctx.state.getCode(ctx.receipt.receiverId);
  account.storageUsage = account.storageUsage - BigInt(previous?.length ?? 0) + BigInt(code.length);
  account.codeHash = sha256(code);
  ctx.state.setCode(ctx.receipt.receiverId, code);
}

/** A transfer to a missing NEAR-implicit account creates it, keyed by the key its id spells. */
function createImplicitAccount(ctx: ActionContext): AccountRecord {
  const accountId = ctx.receipt.receiverId;
  const publicKey = `ed25519:${base58(Buffer.from(accountId, "hex"))}`;
  const permission = { type: "FullAccess" } as const;
  ctx.state.setAccessKey(accountId, publicKey, {
    nonce: (ctx.apply.blockHeight - 1n) * ACCESS_KEY_NONCE_RANGE_MULTIPLIER,
    permission,
  });
  ctx.account = {
    ...emptyAccount(0n),
    storageUsage: STORAGE_PARAMETERS.storage_num_bytes_account + accessKeyStorage(publicKey, permission),
  };
  return ctx.account;
}

export function transfer(ctx: ActionContext, deposit: bigint): void {
  const account = ctx.account ?? createImplicitAccount(ctx);
  account.amount += deposit;
  if (ctx.body.isGasRefund) {
    // A gas refund also refills the allowance of the key that paid for the gas.
    const key = ctx.state.getAccessKey(ctx.receipt.receiverId, ctx.body.signerPublicKey);
    if (key && key.permission.type === "FunctionCall" && key.permission.allowance !== null) {
      key.permission.allowance += deposit;
      ctx.state.setAccessKey(ctx.receipt.receiverId, ctx.body.signerPublicKey, key);
    }
  }
}

export function stake(ctx: ActionContext, amount: bigint, publicKey: Uint8Array): void {
  const account = requireAccount(ctx);
  void publicKey;
  if (amount > account.locked) {
    const increase = amount - account.locked;
    if (increase > account.amount)
      throw actionErrors.triesToStake(ctx.receipt.receiverId, amount, account.locked, account.amount);
    account.amount -= increase;
    account.locked = amount;
  } else if (amount === 0n && account.locked === 0n) {
    throw actionErrors.triesToUnstake(ctx.receipt.receiverId);
  }
  // Unstaking takes effect at an epoch boundary in nearcore; this chain has no validator set changes.
}

export function addKey(ctx: ActionContext, action: Extract<Action, { type: "AddKey" }>): void {
  const account = requireAccount(ctx);
  const accountId = ctx.receipt.receiverId;
  const publicKey = publicKeyFromBorsh(action.publicKey);
  if (ctx.state.getAccessKey(accountId, publicKey)) throw actionErrors.addKeyAlreadyExists(accountId, publicKey);
  const nonce = (ctx.apply.blockHeight - 1n) * ACCESS_KEY_NONCE_RANGE_MULTIPLIER;
  ctx.state.setAccessKey(accountId, publicKey, { nonce, permission: action.permission });
  account.storageUsage += accessKeyStorage(publicKey, action.permission);
}

export function deleteKey(ctx: ActionContext, publicKeyBytes: Uint8Array): void {
  const account = requireAccount(ctx);
  const accountId = ctx.receipt.receiverId;
  const publicKey = publicKeyFromBorsh(publicKeyBytes);
  const key = ctx.state.getAccessKey(accountId, publicKey);
  if (!key) throw actionErrors.deleteKeyDoesNotExist(accountId, publicKey);
  ctx.state.removeAccessKey(accountId, publicKey);
  account.storageUsage -= accessKeyStorage(publicKey, key.permission);
}

export function deleteAccount(ctx: ActionContext, beneficiaryId: string): void {
  const account = requireAccount(ctx);
  const accountId = ctx.receipt.receiverId;
  if (account.amount > 0n) {
    ctx.result.created.push({
      receiverId: beneficiaryId,
      actions: [{ type: "Transfer", deposit: account.amount }],
      dependsOn: [],
      fromSystem: true,
    });
  }
  ctx.state.removeAccount(accountId);
  ctx.account = undefined;
  ctx.actorId = accountId;
}

export function functionCall(
  ctx: ActionContext,
  action: Extract<Action, { type: "FunctionCall" }>,
  actionIndex: number,
): void {
  const account = requireAccount(ctx);
  const accountId = ctx.receipt.receiverId;
  const code = ctx.state.getCode(accountId);
  if (!code) throw actionErrors.functionCall(codeDoesNotExist(accountId));
  account.amount += action.deposit;
  const context: VMContext = {
    currentAccountId: accountId,
    signerAccountId: ctx.body.signerId,
    signerAccountPk: publicKeyBorsh(ctx.body.signerPublicKey),
    predecessorAccountId: ctx.receipt.predecessorId,
    input: action.args,
    promiseResults: ctx.promiseResults,
    blockHeight: ctx.apply.blockHeight,
    blockTimestamp: ctx.apply.blockTimestamp,
    epochHeight: ctx.apply.epochHeight,
    accountBalance: account.amount,
    accountLockedBalance: account.locked,
    storageUsage: account.storageUsage,
    attachedDeposit: action.deposit,
    prepaidGas: action.gas,
    randomSeed: sha256(Buffer.concat([ctx.apply.randomSeed, ctx.receipt.receiptId, Buffer.from([actionIndex])])),
    isView: false,
  };
  const outcome = ctx.runner.run({ code, method: action.methodName, context, state: ctx.state, accountId });
  const result = ctx.result;
  result.gasBurnt += outcome.burntGas;
  result.gasUsed += outcome.error ? outcome.burntGas : outcome.usedGas;
  result.gasBurntForFunctionCall += outcome.burntGas;
  result.logs.push(...outcome.logs);
  result.profile.push(...outcome.gasProfile);
  if (outcome.error) throw actionErrors.functionCall(functionCallErrorView(outcome.error));
  for (const { key, value } of outcome.storageChanges) ctx.state.setData(accountId, key, value ?? undefined);
  account.amount = outcome.balance;
  account.storageUsage = outcome.storageUsage;
  const offset = result.created.length;
  for (const created of outcome.receipts) {
    result.created.push({
      receiverId: created.receiverId,
      actions: created.actions,
      dependsOn: created.dependsOn.map((i) => i + offset),
    });
  }
  result.returnData =
    outcome.returnData.kind === "ReceiptIndex"
      ? { kind: "ReceiptIndex", index: outcome.returnData.index + offset }
      : outcome.returnData;
}

/**
 * A meta transaction (NEP-366, nearcore's apply_delegate_action): the
 * sender's signed inner actions become a receipt from the sender to the
 * delegate's receiver, paid for by the relayer that signed the transaction.
 */
export function delegate(ctx: ActionContext, action: Extract<ChainAction, { type: "Delegate" }>): void {
  const d = action.delegateAction;
  let valid = false;
  try {
    valid = PublicKey.fromString(d.publicKey).verify(action.hash, action.signatureBytes);
  } catch {
    valid = false;
  }
  if (!valid) throw actionErrors.delegateActionInvalidSignature();
  if (ctx.apply.blockHeight > d.maxBlockHeight) throw actionErrors.delegateActionExpired();
  if (d.senderId !== ctx.receipt.receiverId)
    throw actionErrors.delegateActionSenderDoesNotMatchTxReceiver(d.senderId, ctx.receipt.receiverId);
  const key = ctx.state.getAccessKey(d.senderId, d.publicKey);
  if (!key) throw actionErrors.delegateActionAccessKeyError(accessKeyErrors.notFound(d.senderId, d.publicKey));
  if (d.nonce <= key.nonce) throw actionErrors.delegateActionInvalidNonce(d.nonce, key.nonce);
  const upperBound = ctx.apply.blockHeight * ACCESS_KEY_NONCE_RANGE_MULTIPLIER;
  if (d.nonce >= upperBound) throw actionErrors.delegateActionNonceTooLarge(d.nonce, upperBound);
  const denied = functionCallKeyViolation(key.permission, d.receiverId, d.actions);
  if (denied) throw actionErrors.delegateActionAccessKeyError(denied);
  key.nonce = d.nonce;
  ctx.state.setAccessKey(d.senderId, d.publicKey, key);

  ctx.result.created.push({ receiverId: d.receiverId, actions: d.actions, dependsOn: [], predecessorId: d.senderId });
  // The inner receipt's execution is prepaid, so it counts as used; its send fees are burnt now.
  const sendFees = totalPrepaidSendFees(ctx.body.actions);
  ctx.result.gasUsed +=
    totalPrepaidExecFees(d.actions, d.receiverId) + receiptFee(false, "exec") + totalPrepaidGas(d.actions) + sendFees;
  ctx.result.gasBurnt += sendFees;
}
