/**
 * The receipt scheduler: which receipts run in the next block, and which
 * wait for data. A data receipt is stored until the action receipt waiting
 * for it has all its inputs; an action receipt runs in the block it arrives
 * in once every input data id has arrived (in any order), otherwise it is
 * postponed. Receipts an execution creates are queued for the next block,
 * so a chain of calls lands in blocks of increasing height.
 *
 * Invariant: every receipt is in exactly one place (pending, postponed, or
 * executed with its outcome recorded through ReceiptLog), and a postponed
 * receipt is indexed in `waitingFor` under each data id it still lacks.
 */
import type { ApplyState } from "./actions.ts";
import { base58 } from "./encoding.ts";
import type { ActionReceipt, Receipt } from "./receipts.ts";
import { applyActionReceipt, type ExecutionOutcome } from "./runtime.ts";
import type { State } from "./state.ts";
import type { ContractRunner } from "./vm-bridge.ts";
import type { PromiseResult } from "../vm/context.ts";

const key = (bytes: Uint8Array) => base58(bytes);

/** Where executed receipts and their outcomes are recorded (the chain's indexes). */
export interface ReceiptLog {
  /** Records an action receipt the first time it is seen. */
  receipt(receipt: Receipt): void;
  outcome(receiptId: Uint8Array, outcome: ExecutionOutcome): void;
}

/** The block being produced, as far as executing receipts adds to it. */
export interface BlockTally {
  receiptIds: Uint8Array[];
  gasUsed: bigint;
  balanceBurnt: bigint;
}

/** Receipts in flight, as snapshots store them. */
export interface SchedulerSnapshot {
  pending: Receipt[];
  receivedData: Array<[string, Uint8Array | null]>;
  postponed: Receipt[];
}

export class ReceiptScheduler {
  /** Receipts to run in the next block. */
  private pending: Receipt[] = [];
  /** Data receipts received and not yet consumed, by data id. */
  private receivedData = new Map<string, Uint8Array | null>();
  /** Action receipts waiting for data, by receipt id. */
  private postponed = new Map<string, Receipt>();
  /** Which postponed receipt waits for a data id. */
  private waitingFor = new Map<string, string>();

  constructor(
    private readonly state: State,
    private readonly runner: ContractRunner,
    private readonly log: ReceiptLog,
  ) {}

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Queues a receipt for the next block. */
  enqueue(receipt: Receipt): void {
    this.pending.push(receipt);
  }

  /** The receipts queued for the block being produced; the queue starts over for the next one. */
  takePending(): Receipt[] {
    const incoming = this.pending;
    this.pending = [];
    return incoming;
  }

  /** Runs `receipts` in `block` (data first stored, action receipts run when their inputs are there). */
  run(block: BlockTally, apply: ApplyState, receipts: Receipt[]): void {
    this.runner.beginBlock?.();
    for (const receipt of receipts) {
      if (receipt.body.type === "Data") {
        this.receivedData.set(key(receipt.body.dataId), receipt.body.data);
        const waiting = this.waitingFor.get(key(receipt.body.dataId));
        if (waiting) {
          this.waitingFor.delete(key(receipt.body.dataId));
          const postponed = this.postponed.get(waiting)!;
          if (this.ready(postponed)) {
            this.postponed.delete(waiting);
            this.execute(block, apply, postponed);
          }
        }
        continue;
      }
      this.log.receipt(receipt);
      if (this.ready(receipt)) this.execute(block, apply, receipt);
      else this.postpone(receipt);
    }
  }

  snapshot(): SchedulerSnapshot {
    return {
      pending: this.pending,
      receivedData: [...this.receivedData.entries()],
      postponed: [...this.postponed.values()],
    };
  }

  restore(saved: SchedulerSnapshot): void {
    this.pending = saved.pending;
    this.receivedData = new Map(saved.receivedData);
    this.postponed = new Map();
    this.waitingFor = new Map();
    for (const receipt of saved.postponed) this.postpone(receipt);
  }

  private postpone(receipt: Receipt): void {
    this.postponed.set(key(receipt.receiptId), receipt);
    for (const dataId of (receipt.body as ActionReceipt).inputDataIds) {
      if (!this.receivedData.has(key(dataId))) this.waitingFor.set(key(dataId), key(receipt.receiptId));
    }
  }

  private ready(receipt: Receipt): boolean {
    return (receipt.body as ActionReceipt).inputDataIds.every((id) => this.receivedData.has(key(id)));
  }

  private execute(block: BlockTally, apply: ApplyState, receipt: Receipt): void {
    const promiseResults: PromiseResult[] = (receipt.body as ActionReceipt).inputDataIds.map((id) => {
      const data = this.receivedData.get(key(id));
      this.receivedData.delete(key(id));
      return data === null || data === undefined ? { status: "Failed" } : { status: "Successful", data };
    });
    const { outcome, newReceipts, balanceBurnt } = applyActionReceipt(
      this.state,
      apply,
      receipt,
      promiseResults,
      this.runner,
    );
    this.log.outcome(receipt.receiptId, outcome);
    block.receiptIds.push(receipt.receiptId);
    block.gasUsed += outcome.gasBurnt;
    block.balanceBurnt += balanceBurnt;
    for (const created of newReceipts) {
      if (created.body.type === "Action") this.log.receipt(created);
      this.pending.push(created);
    }
  }
}
