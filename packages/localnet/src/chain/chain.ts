/**
 * Blocks, and transactions into them (receipt scheduling is
 * src/chain/scheduler.ts). One shard, one block producer (the genesis
 * validator). A block is produced when there is work (or, on a request to an
 * idle chain, once the head is a second old; see catchUp): the block holding a
 * transaction converts it to a receipt (run in the same block when signer ==
 * receiver, as nearcore does for local receipts, otherwise in the next);
 * receipts produced by a block run in the following one, so a transaction's
 * receipts land in blocks of increasing height and timestamp. Submitting a
 * transaction returns once every receipt it caused has run.
 *
 * Finality is doomslug's with one producer: a block at the height after
 * its parent's makes the parent doomslug-final (`near-final`), and two
 * consecutive heights make the grandparent final (`final`); a height gap
 * (sandbox_fast_forward) finalises nothing until two consecutive blocks
 * follow it. Every change a request makes (a transaction's receipts, a
 * patch, a fast-forward) is followed by empty blocks until its block is
 * final, so what the node reports FINAL is visible at `final`, as neard's
 * wait_until FINAL promises.
 *
 * Invariants: heights strictly increase (sandbox_fast_forward may skip
 * some); timestamps strictly increase and follow the wall clock plus the
 * fast-forwarded time; outcomes are recorded once and never change; a
 * block's last_final_block is never newer than its last_ds_final_block.
 */
import { base58, concatBytes, sha256, u64le, utf8, ZERO_HASH } from "./encoding.ts";
import { invalidTx } from "./errors.ts";
import type { Genesis } from "./genesis.ts";
import type { Receipt } from "./receipts.ts";
import { newReceiptId, type ExecutionOutcome } from "./runtime.ts";
import { ReceiptScheduler, type SchedulerSnapshot } from "./scheduler.ts";
import type { BlockUndo, State, StateReader } from "./state.ts";
import { HistoricalState } from "./history.ts";
import { decodeTransaction, validateTransaction, verifyAndCharge, type DecodedTransaction } from "./transactions.ts";
import type { ContractRunner } from "./vm-bridge.ts";
import type { ApplyState } from "./actions.ts";

/** Nanoseconds a fast-forwarded block adds to the clock (neard's 1 s block time in sandbox). */
export const FAST_FORWARD_BLOCK_TIME_NS = 1_000_000_000n;
/**
 * When the head is older than this (ns), a request first produces an empty
 * block at the current time, so that "now" as contracts and clients see it
 * (block_timestamp) stays close to the wall clock while the chain is idle,
 * as on neard, which produces blocks continuously.
 */
export const IDLE_BLOCK_INTERVAL_NS = 1_000_000_000n;
/** Bound on blocks produced for one transaction, against runaway receipt loops. */
const MAX_BLOCKS_PER_SUBMISSION = 10_000;

export interface Block {
  height: bigint;
  hash: Uint8Array;
  prevHash: Uint8Array;
  timestamp: bigint;
  gasPrice: bigint;
  totalSupply: bigint;
  epochHeight: bigint;
  epochId: Uint8Array;
  nextEpochId: Uint8Array;
  randomValue: Uint8Array;
  stateRoot: Uint8Array;
  /** The newest doomslug-final block as of this one (neard's last_ds_final_block); zeros for none. */
  lastDsFinalHash: Uint8Array;
  /** The newest final block as of this one (neard's last_final_block); zeros for none. */
  lastFinalHash: Uint8Array;
  /** Transactions included (converted) in this block. */
  txHashes: Uint8Array[];
  /** Receipts executed in this block. */
  receiptIds: Uint8Array[];
  gasUsed: bigint;
  balanceBurnt: bigint;
}

/** What a snapshot keeps of the chain beyond its records: receipts in flight and the clock offset. */
export interface ChainSnapshot extends SchedulerSnapshot {
  clockOffset: bigint;
}

export interface TransactionRecord {
  tx: DecodedTransaction;
  outcome: ExecutionOutcome;
}

const key = (bytes: Uint8Array) => base58(bytes);

export class Chain {
  readonly blocksByHeight = new Map<bigint, Block>();
  readonly blocksByHash = new Map<string, Block>();
  readonly transactions = new Map<string, TransactionRecord>();
  readonly outcomes = new Map<string, ExecutionOutcome>();
  readonly receipts = new Map<string, Receipt>();
  head!: Block;
  /** Receipts in flight: queued for the next block or waiting for data. */
  private readonly scheduler: ReceiptScheduler;
  /** What each block overwrote, by height (in memory only), for queries at past blocks. */
  private readonly undo = new Map<bigint, BlockUndo>();
  /** The heights in `undo`, ascending. */
  private readonly undoHeights: bigint[] = [];
  /** Time added by sandbox_fast_forward, in ns. */
  private clockOffset = 0n;
  /** Keys of what was added since persistence last took them (see takeNew). */
  private fresh = {
    blocks: [] as Block[],
    transactions: [] as string[],
    outcomes: [] as string[],
    receipts: [] as string[],
  };
  /** Called after each produced block, with the block (persistence hooks in here). */
  onBlock: (block: Block, newTransactions: TransactionRecord[]) => void = () => {};

  constructor(
    readonly genesis: Genesis,
    readonly state: State,
    readonly runner: ContractRunner,
  ) {
    this.scheduler = new ReceiptScheduler(state, runner, {
      receipt: (receipt) => this.recordReceipt(receipt),
      outcome: (receiptId, outcome) => {
        this.outcomes.set(key(receiptId), outcome);
        this.fresh.outcomes.push(key(receiptId));
      },
    });
  }

  private recordReceipt(receipt: Receipt): void {
    if (this.receipts.has(key(receipt.receiptId))) return;
    this.receipts.set(key(receipt.receiptId), receipt);
    this.fresh.receipts.push(key(receipt.receiptId));
  }

  /** Creates the genesis block (when not restoring). */
  start(genesisTimestamp: bigint, totalSupply: bigint): void {
    const block = this.makeBlock(this.genesis.genesisHeight, ZERO_HASH, genesisTimestamp, totalSupply);
    this.addBlock(block);
  }

  // ---- blocks ----

  private epochOf(height: bigint): { epochHeight: bigint; epochId: Uint8Array; nextEpochId: Uint8Array } {
    const sinceGenesis = height - this.genesis.genesisHeight;
    const epochHeight = sinceGenesis <= 0n ? 1n : (sinceGenesis - 1n) / this.genesis.epochLength + 1n;
    const idOf = (e: bigint) => (e <= 1n ? ZERO_HASH : sha256(concatBytes(utf8("epoch"), u64le(e))));
    return { epochHeight, epochId: idOf(epochHeight), nextEpochId: idOf(epochHeight + 1n) };
  }

  /** Doomslug finality of a block at `height` on top of `prev` (none for genesis). */
  private finalityOn(height: bigint, prev: Block | undefined): Pick<Block, "lastDsFinalHash" | "lastFinalHash"> {
    if (!prev) return { lastDsFinalHash: ZERO_HASH, lastFinalHash: ZERO_HASH };
    if (prev.height + 1n !== height)
      return { lastDsFinalHash: prev.lastDsFinalHash, lastFinalHash: prev.lastFinalHash };
    // prev is doomslug-final now; its parent is final when prev itself followed it at the next height.
    const parent = this.blocksByHash.get(key(prev.prevHash));
    const parentFinal = parent !== undefined && parent.height + 1n === prev.height;
    return { lastDsFinalHash: prev.hash, lastFinalHash: parentFinal ? parent.hash : prev.lastFinalHash };
  }

  private makeBlock(height: bigint, prevHash: Uint8Array, timestamp: bigint, totalSupply: bigint): Block {
    const hash = sha256(concatBytes(utf8(this.genesis.chainId), prevHash, u64le(height), u64le(timestamp)));
    return {
      ...this.finalityOn(height, this.blocksByHash.get(key(prevHash))),
      height,
      hash,
      prevHash,
      timestamp,
      gasPrice: this.genesis.minGasPrice,
      totalSupply,
      ...this.epochOf(height),
      randomValue: sha256(concatBytes(utf8("random"), hash)),
      stateRoot: sha256(concatBytes(utf8("state"), hash)),
      txHashes: [],
      receiptIds: [],
      gasUsed: 0n,
      balanceBurnt: 0n,
    };
  }

  private addBlock(block: Block): void {
    this.blocksByHeight.set(block.height, block);
    this.blocksByHash.set(key(block.hash), block);
    this.head = block;
    this.fresh.blocks.push(block);
  }

  private nextTimestamp(): bigint {
    const now = BigInt(Date.now()) * 1_000_000n + this.clockOffset;
    return now > this.head.timestamp ? now : this.head.timestamp + 1n;
  }

  /** The head's doomslug-final block: what `near-final` reads. */
  nearFinalBlock(): Block {
    return this.blocksByHash.get(key(this.head.lastDsFinalHash)) ?? this.genesisBlock();
  }

  /** The head's last final block: what `final` reads. */
  finalBlock(): Block {
    return this.blocksByHash.get(key(this.head.lastFinalHash)) ?? this.genesisBlock();
  }

  private genesisBlock(): Block {
    return this.blocksByHeight.get(this.genesis.genesisHeight) ?? this.head;
  }

  /** Produces empty blocks until the block at `height` is final (two consecutive heights on top of it). */
  private finalize(height: bigint): void {
    while (this.finalBlock().height < height) this.produceBlock();
  }

  /** State as of the end of `block` (the current state for the head). */
  stateAt(block: Block): StateReader {
    if (block.height >= this.head.height) return this.state;
    // Undo what every later block overwrote, newest first (HistoricalState takes them oldest first).
    const later: BlockUndo[] = [];
    for (let i = this.undoHeights.length - 1; i >= 0 && this.undoHeights[i] > block.height; i--) {
      later.unshift(this.undo.get(this.undoHeights[i])!);
    }
    return later.length ? new HistoricalState(this.state, later) : this.state;
  }

  blockByHash(hash: string): Block | undefined {
    return this.blocksByHash.get(hash);
  }

  blockByHeight(height: bigint): Block | undefined {
    return this.blocksByHeight.get(height);
  }

  // ---- transactions ----

  /**
   * Validates and includes a transaction, then runs blocks until every
   * receipt it caused has executed. Throws InvalidTransaction (nothing
   * changes) or a plain Error for undecodable bytes.
   */
  submit(bytes: Uint8Array): TransactionRecord {
    const tx = decodeTransaction(bytes);
    const known = this.transactions.get(key(tx.hash));
    if (known) return known;
    validateTransaction(tx);
    const origin = this.blocksByHash.get(key(tx.blockHash));
    if (!origin) throw invalidTx.expired();
    if (this.head.height + 1n - origin.height > this.genesis.transactionValidityPeriod) throw invalidTx.expired();

    const block = this.makeBlock(this.head.height + 1n, this.head.hash, this.nextTimestamp(), this.head.totalSupply);
    const apply = this.applyState(block);
    this.state.beginBlockUndo();
    let cost: ReturnType<typeof verifyAndCharge>;
    try {
      cost = verifyAndCharge(this.state, tx, block.gasPrice, block.height);
    } catch (error) {
      this.state.endBlockUndo(); // nothing changed
      throw error;
    }
    const receipt: Receipt = {
      receiptId: newReceiptId(tx.hash, block.hash, 0),
      predecessorId: tx.signerId,
      receiverId: tx.receiverId,
      body: {
        type: "Action",
        signerId: tx.signerId,
        signerPublicKey: tx.publicKey,
        gasPrice: block.gasPrice,
        outputDataReceivers: [],
        inputDataIds: [],
        actions: tx.actions,
      },
    };
    const record: TransactionRecord = {
      tx,
      outcome: {
        id: tx.hash,
        blockHash: block.hash,
        executorId: tx.signerId,
        gasBurnt: cost.gasBurnt,
        tokensBurnt: cost.gasBurnt * block.gasPrice,
        logs: [],
        receiptIds: [receipt.receiptId],
        status: { type: "SuccessReceiptId", receiptId: receipt.receiptId },
        profile: null,
      },
    };
    this.transactions.set(key(tx.hash), record);
    this.fresh.transactions.push(key(tx.hash));
    this.outcomes.set(key(tx.hash), record.outcome);
    this.receipts.set(key(receipt.receiptId), receipt);
    this.fresh.receipts.push(key(receipt.receiptId));
    block.txHashes.push(tx.hash);
    block.gasUsed += cost.gasBurnt;
    block.balanceBurnt += record.outcome.tokensBurnt;

    const incoming = this.scheduler.takePending();
    const local = tx.signerId === tx.receiverId ? [receipt] : [];
    if (!local.length) this.scheduler.enqueue(receipt);
    this.scheduler.run(block, apply, [...local, ...incoming]);
    this.finishBlock(block, [record]);

    for (let i = 0; this.scheduler.hasPending; i++) {
      if (i >= MAX_BLOCKS_PER_SUBMISSION) break;
      this.produceBlock();
    }
    this.finalize(this.head.height);
    return record;
  }

  /**
   * Changes state outside any transaction (sandbox_patch_state) and seals
   * the change in a new block, so that earlier blocks still read the old state.
   */
  patch(change: () => void): Block {
    this.state.beginBlockUndo();
    try {
      change();
    } catch (error) {
      this.state.endBlockUndo();
      throw error;
    }
    const block = this.produceBlock();
    this.finalize(block.height);
    return block;
  }

  /** Produces an empty block if the head is older than IDLE_BLOCK_INTERVAL_NS; returns whether it did. */
  catchUp(): boolean {
    const now = BigInt(Date.now()) * 1_000_000n + this.clockOffset;
    if (now - this.head.timestamp < IDLE_BLOCK_INTERVAL_NS) return false;
    this.produceBlock();
    return true;
  }

  /** Produces one block running the pending receipts. */
  produceBlock(): Block {
    this.state.beginBlockUndo();
    const block = this.makeBlock(this.head.height + 1n, this.head.hash, this.nextTimestamp(), this.head.totalSupply);
    this.scheduler.run(block, this.applyState(block), this.scheduler.takePending());
    this.finishBlock(block, []);
    return block;
  }

  /** sandbox_fast_forward: jumps `delta` heights ahead, advancing the clock one block time per height. */
  fastForward(delta: bigint): Block {
    this.clockOffset += delta * FAST_FORWARD_BLOCK_TIME_NS;
    const height = this.head.height + delta;
    const timestamp = this.nextTimestamp();
    const block = this.makeBlock(
      height,
      this.head.hash,
      timestamp > this.head.timestamp ? timestamp : this.head.timestamp + 1n,
      this.head.totalSupply,
    );
    this.state.beginBlockUndo();
    this.scheduler.run(block, this.applyState(block), this.scheduler.takePending());
    this.finishBlock(block, []);
    this.finalize(block.height);
    return block;
  }

  private finishBlock(block: Block, newTransactions: TransactionRecord[]): void {
    const undo = this.state.endBlockUndo();
    if (undo.size > 0) this.keepUndo(block.height, undo);
    block.totalSupply -= block.balanceBurnt;
    this.addBlock(block);
    this.onBlock(block, newTransactions);
  }

  private applyState(block: Block): ApplyState {
    return {
      blockHeight: block.height,
      blockHash: block.hash,
      blockTimestamp: block.timestamp,
      epochHeight: block.epochHeight,
      gasPrice: block.gasPrice,
      randomSeed: block.randomValue,
    };
  }

  // ---- persistence ----

  /** What was added since the last call: blocks, and keys of transactions, outcomes and receipts. */
  takeNew() {
    const fresh = this.fresh;
    this.fresh = { blocks: [], transactions: [], outcomes: [], receipts: [] };
    return fresh;
  }

  /** Receipts in flight and the fast-forwarded time, for snapshots. */
  schedulerState(): ChainSnapshot {
    return { ...this.scheduler.snapshot(), clockOffset: this.clockOffset };
  }

  /** Restores what schedulerState() returned and indexes restored records. */
  restore(saved: ChainSnapshot): void {
    this.scheduler.restore(saved);
    this.clockOffset = saved.clockOffset;
    let head: Block | undefined;
    for (const block of this.blocksByHeight.values()) if (!head || block.height > head.height) head = block;
    if (head) this.head = head;
    for (const record of this.transactions.values()) this.outcomes.set(key(record.tx.hash), record.outcome);
    this.fresh = { blocks: [], transactions: [], outcomes: [], receipts: [] };
  }

  /**
   * Adds a restored block (and what it overwrote) without treating it as
   * new. Blocks come in height order; those saved before blocks carried
   * their finality get it computed from their parents.
   */
  restoreBlock(block: Block, undo?: BlockUndo): void {
    if (!block.lastFinalHash || !block.lastDsFinalHash)
      Object.assign(block, this.finalityOn(block.height, this.blocksByHash.get(key(block.prevHash))));
    this.blocksByHeight.set(block.height, block);
    this.blocksByHash.set(key(block.hash), block);
    if (undo && undo.size > 0) this.keepUndo(block.height, undo);
  }

  private keepUndo(height: bigint, undo: BlockUndo): void {
    if (!this.undo.has(height)) this.undoHeights.push(height);
    this.undo.set(height, undo);
  }

  /** What `block` overwrote, for persistence. */
  undoOf(block: Block): BlockUndo | undefined {
    return this.undo.get(block.height);
  }

  // ---- results ----

  /** The transaction's outcome and its receipts' outcomes, depth first (neard's order). */
  receiptOutcomes(record: TransactionRecord): ExecutionOutcome[] {
    const out: ExecutionOutcome[] = [];
    const visit = (ids: Uint8Array[]) => {
      for (const id of ids) {
        const outcome = this.outcomes.get(key(id));
        if (!outcome) continue;
        out.push(outcome);
        visit(outcome.receiptIds);
      }
    };
    visit(record.outcome.receiptIds);
    return out;
  }

  /** Whether every receipt the transaction caused has run. */
  isComplete(record: TransactionRecord): boolean {
    const check = (ids: Uint8Array[]): boolean =>
      ids.every((id) => {
        const outcome = this.outcomes.get(key(id));
        return outcome !== undefined && check(outcome.receiptIds);
      });
    return check(record.outcome.receiptIds);
  }
}
