import { hostErrors } from "./errors.ts";

/** An action a contract asked for, as the receipt will carry it. Amounts in yoctoNEAR. */
export type Action =
  | { type: "CreateAccount" }
  | { type: "DeployContract"; code: Uint8Array }
  | { type: "FunctionCall"; methodName: string; args: Uint8Array; deposit: bigint; gas: bigint }
  | { type: "Transfer"; deposit: bigint }
  | { type: "Stake"; stake: bigint; publicKey: Uint8Array }
  | { type: "AddKey"; publicKey: Uint8Array; nonce: bigint; permission: AccessKeyPermission }
  | { type: "DeleteKey"; publicKey: Uint8Array }
  | { type: "DeleteAccount"; beneficiaryId: string };

export type AccessKeyPermission =
  | { type: "FullAccess" }
  | { type: "FunctionCall"; allowance: bigint | null; receiverId: string; methodNames: string[] };

/** A receipt created by the call: where it goes, what it does, which created receipts' results it waits for. */
export interface CreatedReceipt {
  receiverId: string;
  actions: Action[];
  /** Indices (into the call's created receipts) whose results this receipt receives as promise results, in order. */
  dependsOn: number[];
  /** For each FunctionCall action: its index among actions and its share of unused gas. */
  gasWeights: Array<{ actionIndex: number; weight: bigint }>;
}

/** A promise index as the contract sees it: one receipt, or a joint promise of several (promise_and). */
type Promise = { receipt: number } | { joint: number[] };

/**
 * The receipts and promise handles one call creates (nearcore's
 * ReceiptManager plus VMLogic's promise list).
 */
export class ReceiptBuilder {
  readonly receipts: CreatedReceipt[] = [];
  private readonly promises: Promise[] = [];

  get promiseCount(): number {
    return this.promises.length;
  }

  private promise(index: bigint): Promise {
    const promise = index < BigInt(this.promises.length) ? this.promises[Number(index)] : undefined;
    if (!promise) throw hostErrors.invalidPromiseIndex(index);
    return promise;
  }

  /** The receipts a promise stands for. */
  receiptsOf(index: bigint): number[] {
    const promise = this.promise(index);
    return "receipt" in promise ? [promise.receipt] : promise.joint;
  }

  isJoint(index: bigint): boolean {
    return "joint" in this.promise(index);
  }

  /** The single receipt of a non-joint promise, for appending actions. */
  receiptOf(index: bigint): number {
    const promise = this.promise(index);
    if (!("receipt" in promise)) throw hostErrors.cannotAppendActionToJointPromise();
    return promise.receipt;
  }

  receiverOf(receipt: number): string {
    return this.receipts[receipt].receiverId;
  }

  createReceipt(receiverId: string, dependsOn: number[]): bigint {
    this.receipts.push({ receiverId, actions: [], dependsOn, gasWeights: [] });
    this.promises.push({ receipt: this.receipts.length - 1 });
    return BigInt(this.promises.length - 1);
  }

  join(receiptIndices: number[]): bigint {
    this.promises.push({ joint: receiptIndices });
    return BigInt(this.promises.length - 1);
  }

  append(receipt: number, action: Action, gasWeight?: bigint): void {
    const actions = this.receipts[receipt].actions;
    if (gasWeight !== undefined && gasWeight > 0n) {
      this.receipts[receipt].gasWeights.push({ actionIndex: actions.length, weight: gasWeight });
    }
    actions.push(action);
  }

  /**
   * Splits gas the call did not use among function calls with a weight, in
   * proportion to it; the last one takes the rounding remainder. Returns
   * the gas handed out.
   */
  distributeUnusedGas(unused: bigint): bigint {
    const weighted = this.receipts.flatMap((receipt) =>
      receipt.gasWeights.map(({ actionIndex, weight }) => ({ action: receipt.actions[actionIndex], weight })),
    );
    const totalWeight = weighted.reduce((sum, { weight }) => sum + weight, 0n);
    if (totalWeight === 0n || unused === 0n) return 0n;
    let handedOut = 0n;
    weighted.forEach(({ action, weight }, i) => {
      if (action.type !== "FunctionCall") return;
      const share = i === weighted.length - 1 ? unused - handedOut : (unused * weight) / totalWeight;
      action.gas += share;
      handedOut += share;
    });
    return handedOut;
  }
}
