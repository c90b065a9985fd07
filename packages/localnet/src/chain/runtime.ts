/**
 * Applying an action receipt (nearcore's apply_action_receipt): run its
 * actions in order against a checkpoint of State, check storage staking,
 * commit or roll back, then produce refunds, the contract's gas reward,
 * outgoing data, ids for new receipts, and the receipt's execution outcome.
 *
 * Invariants: a failed receipt changes no state except what comes after the
 * rollback (the gas reward); every new receipt's id derives from the parent
 * receipt id, the block hash and its index; data receipts get no place in
 * the outcome's receipt_ids.
 */
import type { GasProfileEntry } from "../vm/gas-counter.ts";
import type { PromiseResult } from "../vm/context.ts";
import * as actions from "./actions.ts";
import type { ActionContext, ActionResult, ApplyState } from "./actions.ts";
import {
  actionFee,
  contractReward,
  insufficientStorageStake,
  receiptFee,
  totalDeposit,
  totalPrepaidExecFees,
  totalPrepaidGas,
  totalPrepaidSendFees,
} from "./economics.ts";
import { concatBytes, sha256, u64le, utf8 } from "./encoding.ts";
import { ActionFailure, actionErrors, type ActionError, type TxExecutionError } from "./errors.ts";
import { SYSTEM_ACCOUNT, refundReceipt, type ActionReceipt, type Receipt } from "./receipts.ts";
import type { State } from "./state.ts";
import type { ContractRunner } from "./vm-bridge.ts";

export type ExecutionStatus =
  | { type: "SuccessValue"; value: Uint8Array }
  | { type: "SuccessReceiptId"; receiptId: Uint8Array }
  | { type: "Failure"; error: TxExecutionError };

/** An execution outcome (of a transaction or a receipt) as neard records it. */
export interface ExecutionOutcome {
  id: Uint8Array;
  blockHash: Uint8Array;
  executorId: string;
  gasBurnt: bigint;
  tokensBurnt: bigint;
  logs: string[];
  receiptIds: Uint8Array[];
  status: ExecutionStatus;
  /** Gas profile (metadata version 3); null for transactions (metadata version 1). */
  profile: GasProfileEntry[] | null;
}

export function newReceiptId(parentId: Uint8Array, blockHash: Uint8Array, index: number): Uint8Array {
  return sha256(concatBytes(utf8("receipt"), parentId, blockHash, u64le(BigInt(index))));
}

function newDataId(parentId: Uint8Array, blockHash: Uint8Array, index: number): Uint8Array {
  return sha256(concatBytes(utf8("data"), parentId, blockHash, u64le(BigInt(index))));
}

/** Sums profile rows with the same category and cost, sorted by category then cost as neard lists them. */
export function mergeProfile(rows: GasProfileEntry[]): GasProfileEntry[] {
  const merged = new Map<string, GasProfileEntry>();
  for (const row of rows) {
    const key = `${row.cost_category}/${row.cost}`;
    const seen = merged.get(key);
    if (seen) seen.gas_used = (BigInt(seen.gas_used) + BigInt(row.gas_used)).toString();
    else merged.set(key, { ...row });
  }
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...merged.values()].sort((a, b) => order(a.cost_category, b.cost_category) || order(a.cost, b.cost));
}

export interface ReceiptApplication {
  outcome: ExecutionOutcome;
  /** New receipts (action and data), ids assigned, in nearcore's order. */
  newReceipts: Receipt[];
  /** Tokens taken out of circulation: tokens_burnt less the contract's reward. */
  balanceBurnt: bigint;
}

function runActions(ctx: ActionContext, body: ActionReceipt): ActionError | undefined {
  for (const [index, action] of body.actions.entries()) {
    const fee = actionFee(action, false, "exec", ctx.receipt.receiverId);
    ctx.result.gasBurnt += fee;
    ctx.result.gasUsed += fee;
    ctx.result.returnData = { kind: "None" };
    try {
      actions.checkAction(ctx, action);
      switch (action.type) {
        case "CreateAccount":
          actions.createAccount(ctx);
          break;
        case "DeployContract":
          actions.deployContract(ctx, action.code);
          break;
        case "FunctionCall":
          actions.functionCall(ctx, action, index);
          break;
        case "Transfer":
          actions.transfer(ctx, action.deposit);
          break;
        case "Stake":
          actions.stake(ctx, action.stake, action.publicKey);
          break;
        case "AddKey":
          actions.addKey(ctx, action);
          break;
        case "DeleteKey":
          actions.deleteKey(ctx, action.publicKey);
          break;
        case "DeleteAccount":
          actions.deleteAccount(ctx, action.beneficiaryId);
          break;
        case "Delegate":
          actions.delegate(ctx, action);
          break;
      }
    } catch (error) {
      if (error instanceof ActionFailure) return { index, kind: error.kind };
      // A bug or an unavailable VM must not wedge the chain: the receipt fails instead.
      console.error(
        `near-sandbox: internal error applying receipt ${ctx.receipt.receiverId}: ${(error as Error)?.stack ?? String(error)}`,
      );
      return {
        index,
        kind: {
          FunctionCallError: { ExecutionError: `internal error: ${(error as Error)?.message ?? String(error)}` },
        },
      };
    }
  }
  return undefined;
}

export function applyActionReceipt(
  state: State,
  apply: ApplyState,
  receipt: Receipt,
  promiseResults: PromiseResult[],
  runner: ContractRunner,
): ReceiptApplication {
  const body = receipt.body as ActionReceipt;
  const accountId = receipt.receiverId;
  const isRefund = receipt.predecessorId === SYSTEM_ACCOUNT;
  const execReceiptFee = receiptFee(false, "exec");
  const result: ActionResult = {
    gasBurnt: execReceiptFee,
    gasUsed: execReceiptFee,
    gasBurntForFunctionCall: 0n,
    logs: [],
    profile: [],
    created: [],
    returnData: { kind: "None" },
  };
  state.checkpoint();
  const ctx: ActionContext = {
    state,
    apply,
    receipt,
    body,
    account: state.getAccount(accountId),
    actorId: receipt.predecessorId,
    promiseResults,
    result,
    runner,
  };
  let error = runActions(ctx, body);
  if (!error && ctx.account) {
    const lacking = insufficientStorageStake(ctx.account);
    if (lacking > 0n) error = { index: null, kind: actionErrors.lackBalanceForState(accountId, lacking).kind };
    else state.setAccount(accountId, ctx.account);
  }
  if (error) {
    state.rollback();
    result.created = [];
  } else {
    state.commit();
  }

  // Refunds: the deposit back to the predecessor on failure, unused gas to the signer.
  const refunds: Receipt[] = [];
  if (!isRefund) {
    const prepaidGas = totalPrepaidGas(body.actions) + totalPrepaidSendFees(body.actions);
    const prepaidExecGas = totalPrepaidExecFees(body.actions, accountId) + execReceiptFee;
    const depositRefund = error ? totalDeposit(body.actions) : 0n;
    const gasRefund = prepaidGas + prepaidExecGas - (error ? result.gasBurnt : result.gasUsed);
    const gasBalanceRefund = gasRefund * body.gasPrice + (body.gasPrice - apply.gasPrice) * result.gasBurnt;
    const base = result.created.length;
    if (depositRefund > 0n) {
      refunds.push(
        refundReceipt(
          newReceiptId(receipt.receiptId, apply.blockHash, base + refunds.length),
          receipt.predecessorId,
          depositRefund,
        ),
      );
    }
    if (gasBalanceRefund > 0n) {
      refunds.push(
        refundReceipt(
          newReceiptId(receipt.receiptId, apply.blockHash, base + refunds.length),
          body.signerId,
          gasBalanceRefund,
          {
            signerPublicKey: body.signerPublicKey,
          },
        ),
      );
    }
  }

  const tokensBurnt = isRefund ? 0n : result.gasBurnt * apply.gasPrice;
  // The contract's share of the gas its code burnt (burnt_gas_reward), if it still exists.
  let reward = contractReward(result.gasBurntForFunctionCall) * apply.gasPrice;
  if (reward > 0n) {
    const account = state.getAccount(accountId);
    if (account) state.setAccount(accountId, { ...account, amount: account.amount + reward });
    else reward = 0n;
  }

  // Ids and data dependencies of the receipts the actions created.
  const created: Receipt[] = result.created.map((pending, index) => ({
    receiptId: newReceiptId(receipt.receiptId, apply.blockHash, index),
    predecessorId: pending.fromSystem ? SYSTEM_ACCOUNT : (pending.predecessorId ?? accountId),
    receiverId: pending.receiverId,
    body: {
      type: "Action",
      signerId: pending.fromSystem ? SYSTEM_ACCOUNT : body.signerId,
      signerPublicKey: pending.fromSystem ? "ed25519:11111111111111111111111111111111" : body.signerPublicKey,
      gasPrice: pending.fromSystem ? 0n : body.gasPrice,
      outputDataReceivers: [],
      inputDataIds: [],
      actions: pending.actions,
    },
  }));
  let dataIndex = 0;
  result.created.forEach((pending, index) => {
    for (const dependency of pending.dependsOn) {
      const dataId = newDataId(receipt.receiptId, apply.blockHash, dataIndex++);
      (created[dependency].body as ActionReceipt).outputDataReceivers.push({ dataId, receiverId: pending.receiverId });
      (created[index].body as ActionReceipt).inputDataIds.push(dataId);
    }
  });

  let status: ExecutionStatus;
  const dataReceipts: Receipt[] = [];
  if (error) status = { type: "Failure", error: { ActionError: error } };
  else if (result.returnData.kind === "ReceiptIndex")
    status = { type: "SuccessReceiptId", receiptId: created[result.returnData.index].receiptId };
  else
    status = {
      type: "SuccessValue",
      value: result.returnData.kind === "Value" ? result.returnData.data : new Uint8Array(),
    };

  if (!error && result.returnData.kind === "ReceiptIndex") {
    (created[result.returnData.index].body as ActionReceipt).outputDataReceivers.push(...body.outputDataReceivers);
  } else {
    const data = error ? null : result.returnData.kind === "Value" ? result.returnData.data : new Uint8Array();
    body.outputDataReceivers.forEach((receiver, i) => {
      dataReceipts.push({
        receiptId: newReceiptId(receipt.receiptId, apply.blockHash, created.length + refunds.length + i),
        predecessorId: accountId,
        receiverId: receiver.receiverId,
        body: { type: "Data", dataId: receiver.dataId, data },
      });
    });
  }

  const actionReceipts = [...created, ...refunds];
  return {
    outcome: {
      id: receipt.receiptId,
      blockHash: apply.blockHash,
      executorId: accountId,
      gasBurnt: result.gasBurnt,
      tokensBurnt,
      logs: result.logs,
      receiptIds: actionReceipts.map((r) => r.receiptId),
      status,
      profile: mergeProfile(result.profile),
    },
    newReceipts: [...actionReceipts, ...dataReceipts],
    // A refund that cannot be delivered (its receiver is gone) burns its deposit.
    balanceBurnt: tokensBurnt - reward + (isRefund && error ? totalDeposit(body.actions) : 0n),
  };
}
