/**
 * Fees and storage staking, from the transcribed runtime parameters
 * (vm/runtime-parameters.ts): action send/execution fees as nearcore's
 * `fees.rs` sums them, the storage an access key takes, and the balance an
 * account must hold for its storage.
 */
import type { Action, AccessKeyPermission } from "../vm/receipts.ts";
import { ACTION_COSTS, STORAGE_PARAMETERS, type ActionFeeParameter } from "../vm/runtime-parameters.ts";
import type { AccountRecord } from "./state.ts";
import { publicKeyBorsh } from "./encoding.ts";

/** An action as the chain carries it: the VM's actions plus delegate (meta-transaction) actions. */
export type ChainAction =
  | Action
  | {
      type: "Delegate";
      delegateAction: DelegateActionData;
      /** "ed25519:…" text, for views. */
      signature: string;
      signatureBytes: Uint8Array;
      /** sha256 of the NEP-461-prefixed borsh DelegateAction: what the sender signed. */
      hash: Uint8Array;
    };

export interface DelegateActionData {
  senderId: string;
  receiverId: string;
  actions: Action[];
  nonce: bigint;
  maxBlockHeight: bigint;
  publicKey: string;
}

/**
 * nearcore's ZERO_BALANCE_ACCOUNT_STORAGE_LIMIT (runtime/runtime/src/verifier.rs, NEP-448):
 * an account using at most this many bytes needs no balance for its storage. A protocol
 * constant in nearcore's code, not a runtime parameter.
 */
export const ZERO_BALANCE_ACCOUNT_STORAGE_LIMIT = 770n;

function fee(cost: ActionFeeParameter, sir: boolean, kind: "send" | "exec"): bigint {
  if (kind === "exec") return cost.execution;
  return sir ? cost.sendSir : cost.sendNotSir;
}

function methodNamesBytes(permission: AccessKeyPermission): bigint {
  if (permission.type !== "FunctionCall") return 0n;
  return permission.methodNames.reduce((sum, name) => sum + BigInt(Buffer.byteLength(name)) + 1n, 0n);
}

/** A NEAR-implicit account id: 64 lowercase hex characters, the account's ed25519 public key. */
export function isNearImplicit(accountId: string): boolean {
  return /^[0-9a-f]{64}$/.test(accountId);
}

/**
 * The fee of one action, for sending (sender is / is not receiver) or
 * executing it. A transfer to a NEAR-implicit account also pays for creating
 * the account and its key (nearcore's transfer_send_fee / transfer_exec_fee).
 */
export function actionFee(action: ChainAction, sir: boolean, kind: "send" | "exec", receiverId = ""): bigint {
  const c = ACTION_COSTS;
  switch (action.type) {
    case "CreateAccount":
      return fee(c.create_account, sir, kind);
    case "DeployContract":
      return (
        fee(c.deploy_contract_base, sir, kind) + fee(c.deploy_contract_byte, sir, kind) * BigInt(action.code.length)
      );
    case "FunctionCall":
      return (
        fee(c.function_call_base, sir, kind) +
        fee(c.function_call_byte, sir, kind) * BigInt(Buffer.byteLength(action.methodName) + action.args.length)
      );
    case "Transfer":
      if (isNearImplicit(receiverId)) {
        return fee(c.transfer, sir, kind) + fee(c.create_account, sir, kind) + fee(c.add_full_access_key, sir, kind);
      }
      return fee(c.transfer, sir, kind);
    case "Stake":
      return fee(c.stake, sir, kind);
    case "AddKey":
      if (action.permission.type === "FullAccess") return fee(c.add_full_access_key, sir, kind);
      return (
        fee(c.add_function_call_key_base, sir, kind) +
        fee(c.add_function_call_key_byte, sir, kind) * methodNamesBytes(action.permission)
      );
    case "DeleteKey":
      return fee(c.delete_key, sir, kind);
    case "DeleteAccount":
      return fee(c.delete_account, sir, kind);
    case "Delegate": {
      // Sending a delegate action also pays the send fees of its inner actions (nearcore's total_send_fees).
      if (kind === "exec") return fee(c.delegate, sir, kind);
      const d = action.delegateAction;
      const innerSir = d.senderId === d.receiverId;
      return (
        fee(c.delegate, sir, kind) +
        d.actions.reduce((sum, a) => sum + actionFee(a, innerSir, "send", d.receiverId), 0n)
      );
    }
  }
}

/** Send fees of delegate actions' inner actions, prepaid and burnt when the delegate action runs (total_prepaid_send_fees). */
export function totalPrepaidSendFees(actions: ChainAction[]): bigint {
  return actions.reduce((sum, a) => {
    if (a.type !== "Delegate") return sum;
    const d = a.delegateAction;
    return (
      sum + d.actions.reduce((inner, x) => inner + actionFee(x, d.senderId === d.receiverId, "send", d.receiverId), 0n)
    );
  }, 0n);
}

/** Execution fees to prepay for `actions` sent to `receiverId`, including delegate actions' inner receipt (total_prepaid_exec_fees). */
export function totalPrepaidExecFees(actions: ChainAction[], receiverId: string): bigint {
  return actions.reduce((sum, a) => {
    if (a.type !== "Delegate") return sum + actionFee(a, false, "exec", receiverId);
    const d = a.delegateAction;
    return (
      sum +
      totalPrepaidExecFees(d.actions, d.receiverId) +
      actionFee(a, false, "exec", d.receiverId) +
      receiptFee(false, "exec")
    );
  }, 0n);
}

/** Fee of creating an action receipt. */
export function receiptFee(sir: boolean, kind: "send" | "exec"): bigint {
  return fee(ACTION_COSTS.new_action_receipt, sir, kind);
}

/** Deposits the actions carry; a delegate action carries its inner actions' (the relayer pays them). */
export function totalDeposit(actions: ChainAction[]): bigint {
  return actions.reduce((sum, a) => {
    if (a.type === "Delegate") return sum + totalDeposit(a.delegateAction.actions);
    return sum + (a.type === "Transfer" || a.type === "FunctionCall" ? a.deposit : 0n);
  }, 0n);
}

/** Gas attached to function calls, including those inside delegate actions. */
export function totalPrepaidGas(actions: ChainAction[]): bigint {
  return actions.reduce((sum, a) => {
    if (a.type === "Delegate") return sum + totalPrepaidGas(a.delegateAction.actions);
    return sum + (a.type === "FunctionCall" ? a.gas : 0n);
  }, 0n);
}

/** borsh(AccessKey) length: nonce, permission tag, and the function-call permission's fields. */
function accessKeyBorshLength(permission: AccessKeyPermission): bigint {
  if (permission.type === "FullAccess") return 8n + 1n;
  const names = permission.methodNames.reduce((sum, n) => sum + 4n + BigInt(Buffer.byteLength(n)), 0n);
  return (
    8n +
    1n +
    (permission.allowance === null ? 1n : 17n) +
    4n +
    BigInt(Buffer.byteLength(permission.receiverId)) +
    4n +
    names
  );
}

/** Bytes an access key record adds to its account's storage usage. */
export function accessKeyStorage(publicKey: string, permission: AccessKeyPermission): bigint {
  return (
    BigInt(publicKeyBorsh(publicKey).length) +
    accessKeyBorshLength(permission) +
    STORAGE_PARAMETERS.storage_num_extra_bytes_record
  );
}

/**
 * How much balance the account lacks for its storage, or 0n (nearcore's
 * get_insufficient_storage_stake): usage × storage_amount_per_byte must be
 * covered by amount + locked, unless the account is a zero-balance account.
 */
export function insufficientStorageStake(account: AccountRecord): bigint {
  if (account.storageUsage <= ZERO_BALANCE_ACCOUNT_STORAGE_LIMIT) return 0n;
  const required = account.storageUsage * STORAGE_PARAMETERS.storage_amount_per_byte;
  const available = account.amount + account.locked;
  return required > available ? required - available : 0n;
}

/** The share of a function call's burnt gas paid to the contract (burnt_gas_reward). */
export function contractReward(gasBurntForFunctionCall: bigint): bigint {
  const { numerator, denominator } = STORAGE_PARAMETERS.burnt_gas_reward;
  return (gasBurntForFunctionCall * BigInt(numerator)) / BigInt(denominator);
}
