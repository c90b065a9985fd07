/**
 * Blocks, and transactions into them (receipt scheduling is
 * src/chain/scheduler.ts; when blocks are produced, src/chain/producer.ts).
 * One shard, one block producer (the genesis validator). Transactions the
 * RPC accepts wait in the pool (src/chain/pool.ts) and the next block
 * includes all of them: the block holding a transaction converts it to a
 * receipt (run in the same block when signer == receiver, as nearcore does
 * for local receipts, otherwise in the next); receipts produced by a block
 * run in the following one, so a transaction's receipts land in blocks of
 * increasing height and timestamp.
 *
 * Finality is doomslug's with one producer: a block at the height after
 * its parent's makes the parent doomslug-final (`near-final`), and two
 * consecutive heights make the grandparent final (`final`); a height gap
 * (sandbox_fast_forward) finalises nothing until two consecutive blocks
 * follow it. Every change a request makes (a transaction's receipts, a
 * patch, a fast-forward) is followed by blocks until its block is final
 * (patches and fast-forwards here; transactions by the producer), so what
 * the node reports FINAL is visible at `final`, as neard's wait_until
 * FINAL promises.
 *
 * Storage: each block is one write batch (src/store/): its state changes
 * with what they overwrote, the block and its chunk index, its
 * transactions, receipts and outcomes, and the head record (receipts in
 * flight, clock offset). Until the batch is durably stored the block's
 * changes are staged, visible to the block's own execution only; a refused
 * write (a full disk, an I/O error) discards them and puts the receipts in
 * flight and the clock back, so the chain is exactly as before the block
 * and the request that wanted it fails. A restart reads the head record
 * and nothing else; older blocks, transactions and receipts are read from
 * the database on demand through bounded caches.
 *
 * Invariants: heights strictly increase (sandbox_fast_forward may skip
 * some); timestamps strictly increase and follow the wall clock plus the
 * fast-forwarded time; outcomes are recorded once and never change; a
 * block's last_final_block is never newer than its last_ds_final_block;
 * `head` and every record a lookup returns outside block production is on disk.
 */
import { base58, concatBytes, sha256, u64le, utf8, ZERO_HASH } from "./encoding.ts";
import { InvalidTransaction, type InvalidTxError, invalidTx } from "./errors.ts";
import type { Genesis } from "./genesis.ts";
import type { Receipt } from "./receipts.ts";
import { newReceiptId, type ExecutionOutcome } from "./runtime.ts";
import { ReceiptScheduler, type SchedulerSnapshot } from "./scheduler.ts";
import type { State, StateReader } from "./state.ts";
import { HistoricalState } from "./history.ts";
import { CorruptRecord } from "../store/codec.ts";
import { keys } from "../store/keys.ts";
import { RecordTable } from "../store/records.ts";
import type { ChainStore, WriteBatch } from "../store/store.ts";
import { decodeTransaction, validateTransaction, verifyAndCharge, type DecodedTransaction } from "./transactions.ts";
import { TransactionPool } from "./pool.ts";
import type { ContractRunner } from "./vm-bridge.ts";
import type { ApplyState } from "./actions.ts";

/** Nanoseconds a fast-forwarded block adds to the clock (neard's 1 s block time in sandbox). */
export const FAST_FORWARD_BLOCK_TIME_NS = 1_000_000_000n;
/** Bound on blocks Chain.submit produces for one transaction, against runaway receipt loops. */
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

/** The head record, rewritten by every block: where a restart resumes. */
export interface HeadRecord {
  height: bigint;
  /** The newest block that changed state: blocks from it on read the current state. */
  lastChangedHeight: bigint;
  /** Time added by sandbox_fast_forward, in ns. */
  clockOffset: bigint;
  /** Receipts in flight after the block. */
  scheduler: SchedulerSnapshot;
}

/** Cache sizes, in records: recent blocks, transactions and results stay in memory, older ones are read back. */
const CACHED_BLOCKS = 1_024;
const CACHED_TRANSACTIONS = 2_048;
const CACHED_RESULTS = 4_096;

/** The chunk of a block (one shard: derived from the block's hash, as its view shows it). */
export function chunkHash(block: Block): Uint8Array {
  return sha256(concatBytes(utf8("chunk"), block.hash));
}

export interface TransactionRecord {
  tx: DecodedTransaction;
  outcome: ExecutionOutcome;
}

const key = (bytes: Uint8Array) => base58(bytes);

/** The borsh SignedTransaction a decoded transaction came from: its body, the key type, the signature. */
function signedBytes(tx: DecodedTransaction): Uint8Array {
  const keyType = tx.signature.startsWith("ed25519:") ? 0 : 1;
  return concatBytes(tx.bodyBytes, Uint8Array.of(keyType), tx.signatureBytes);
}

export class Chain {
  /** Blocks by height (decimal), and the heights of block and chunk hashes. */
  private readonly blocks: RecordTable<Block>;
  private readonly blockHeights: RecordTable<string>;
  private readonly chunkHeights: RecordTable<string>;
  readonly transactions: RecordTable<TransactionRecord>;
  readonly outcomes: RecordTable<ExecutionOutcome>;
  readonly receipts: RecordTable<Receipt>;
  head!: Block;
  /** Transactions accepted for the next block, and why a block refused some. */
  private readonly pool = new TransactionPool();
  /** Receipts in flight: queued for the next block or waiting for data. */
  private readonly scheduler: ReceiptScheduler;
  /** See HeadRecord. */
  private lastChangedHeight = 0n;
  /** Time added by sandbox_fast_forward, in ns. */
  private clockOffset = 0n;
  /** The receipts in flight as of the head, to put back when a block's write fails. */
  private committedScheduler: SchedulerSnapshot = { pending: [], receivedData: [], postponed: [] };
  private readonly store: ChainStore;
  /** Called after each produced block, with the block (persistence hooks in here). */
  onBlock: (block: Block, newTransactions: TransactionRecord[]) => void = () => {};

  constructor(
    readonly genesis: Genesis,
    readonly state: State,
    readonly runner: ContractRunner,
  ) {
    const store = state.store;
    this.store = store;
    this.blocks = new RecordTable(store, (height) => keys.block(BigInt(height)), CACHED_BLOCKS);
    this.blockHeights = new RecordTable(store, keys.blockHash, CACHED_BLOCKS);
    this.chunkHeights = new RecordTable(store, keys.chunkHash, CACHED_BLOCKS);
    this.transactions = new RecordTable(store, keys.transaction, CACHED_TRANSACTIONS, {
      // Stored as its signed bytes: the decoded fields follow from them, the outcome is under o:<hash> already.
      toStored: ({ tx }) => signedBytes(tx),
      fromStored: (stored, hash) => {
        if (!(stored instanceof Uint8Array)) return stored as TransactionRecord; // written whole by an earlier version
        const outcome = this.outcomes.get(hash);
        if (!outcome) throw new CorruptRecord(keys.outcome(hash), "the outcome of a stored transaction is missing");
        return { tx: decodeTransaction(stored), outcome };
      },
    });
    this.outcomes = new RecordTable(store, keys.outcome, CACHED_RESULTS);
    this.receipts = new RecordTable(store, keys.receipt, CACHED_RESULTS);
    this.scheduler = new ReceiptScheduler(state, runner, {
      receipt: (receipt) => this.recordReceipt(receipt),
      outcome: (receiptId, outcome) => this.outcomes.set(key(receiptId), outcome),
    });
  }

  private recordReceipt(receipt: Receipt): void {
    if (this.receipts.has(key(receipt.receiptId))) return;
    this.receipts.set(key(receipt.receiptId), receipt);
  }

  /** Creates the genesis block with the genesis state staged in `state` (a new home). */
  start(genesisTimestamp: bigint, totalSupply: bigint): void {
    const block = this.makeBlock(this.genesis.genesisHeight, ZERO_HASH, genesisTimestamp, totalSupply);
    this.commitBlock(block);
  }

  /**
   * Resumes from the database's head record (a restart); false for an empty
   * database. Reads the head and its block only: startup does not depend on
   * the length of the history.
   */
  resume(): boolean {
    const saved = this.store.get<HeadRecord>(keys.head);
    if (!saved) return false;
    const head = this.blocks.get(saved.height.toString());
    if (!head) throw new CorruptRecord(keys.block(saved.height), "the head record names a block that is not stored");
    this.head = head;
    this.lastChangedHeight = saved.lastChangedHeight;
    this.clockOffset = saved.clockOffset;
    this.committedScheduler = saved.scheduler;
    this.scheduler.restore(copyOf(saved.scheduler));
    return true;
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
    const parent = this.blockByHash(key(prev.prevHash));
    const parentFinal = parent !== undefined && parent.height + 1n === prev.height;
    return { lastDsFinalHash: prev.hash, lastFinalHash: parentFinal ? parent.hash : prev.lastFinalHash };
  }

  private makeBlock(height: bigint, prevHash: Uint8Array, timestamp: bigint, totalSupply: bigint): Block {
    const hash = sha256(concatBytes(utf8(this.genesis.chainId), prevHash, u64le(height), u64le(timestamp)));
    return {
      ...this.finalityOn(height, this.blockByHash(key(prevHash))),
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

  /**
   * Stores the block with everything staged for it as one durable batch,
   * then makes it the head; a refused write (StorageWriteError) leaves the
   * chain as it was before the block and is rethrown.
   */
  private commitBlock(block: Block): void {
    const batch: WriteBatch = new Map();
    const lastChangedHeight = this.state.hasStaged ? block.height : this.lastChangedHeight;
    this.state.stageInto(batch, block.height);
    this.blocks.set(block.height.toString(), block);
    this.blockHeights.set(key(block.hash), block.height.toString());
    this.chunkHeights.set(key(chunkHash(block)), block.height.toString());
    const tables = [this.blocks, this.blockHeights, this.chunkHeights, this.transactions, this.outcomes, this.receipts];
    for (const table of tables) table.stageInto(batch);
    const scheduler = copyOf(this.scheduler.snapshot());
    const head: HeadRecord = { height: block.height, lastChangedHeight, clockOffset: this.clockOffset, scheduler };
    batch.set(keys.head, head);
    try {
      this.store.write(batch);
    } catch (error) {
      this.state.discard();
      for (const table of tables) table.discard();
      this.scheduler.restore(copyOf(this.committedScheduler));
      const saved = this.store.get<HeadRecord>(keys.head);
      if (saved) this.clockOffset = saved.clockOffset;
      throw error;
    }
    this.state.publish();
    for (const table of tables) table.publish();
    this.committedScheduler = scheduler;
    this.lastChangedHeight = lastChangedHeight;
    this.head = block;
  }

  private nextTimestamp(): bigint {
    const now = BigInt(Date.now()) * 1_000_000n + this.clockOffset;
    return now > this.head.timestamp ? now : this.head.timestamp + 1n;
  }

  /** Milliseconds since the head was produced, by its timestamp net of fast-forwarded time. */
  headAgeMs(): number {
    return Number(BigInt(Date.now()) * 1_000_000n + this.clockOffset - this.head.timestamp) / 1e6;
  }

  /** The head's doomslug-final block: what `near-final` reads. */
  nearFinalBlock(): Block {
    return this.blockByHash(key(this.head.lastDsFinalHash)) ?? this.genesisBlock();
  }

  /** The head's last final block: what `final` reads. */
  finalBlock(): Block {
    return this.blockByHash(key(this.head.lastFinalHash)) ?? this.genesisBlock();
  }

  private genesisBlock(): Block {
    return this.blockByHeight(this.genesis.genesisHeight) ?? this.head;
  }

  /** Produces empty blocks until the block at `height` is final (two consecutive heights on top of it). */
  private finalize(height: bigint): void {
    while (this.finalBlock().height < height) this.produceBlock();
  }

  /** State as of the end of `block` (the current state for the head). */
  stateAt(block: Block): StateReader {
    if (block.height >= this.lastChangedHeight) return this.state;
    return new HistoricalState(this.state, block.height);
  }

  blockByHash(hash: string): Block | undefined {
    const height = this.blockHeights.get(hash);
    return height === undefined ? undefined : this.blocks.get(height);
  }

  blockByHeight(height: bigint): Block | undefined {
    return this.blocks.get(height.toString());
  }

  /** The block whose (only) chunk has this hash. */
  blockByChunkHash(hash: string): Block | undefined {
    const height = this.chunkHeights.get(hash);
    return height === undefined ? undefined : this.blocks.get(height);
  }

  // ---- transactions ----

  /**
   * Accepts a transaction into the pool for the next block, after the
   * checks that need no state (neard's RPC does them before its pool):
   * decoding, size, signature, ids, actions and the validity window as of
   * the next block. Throws TransactionDecodeError or InvalidTransaction
   * (nothing changes). A known transaction is accepted again as a no-op.
   * Whether the signer can pay, and its nonce, are checked when a block
   * includes it; a refusal then is kept by the pool (see refusal()).
   */
  accept(bytes: Uint8Array): DecodedTransaction {
    const tx = decodeTransaction(bytes);
    const hash = key(tx.hash);
    if (this.transactions.has(hash) || this.pool.has(hash)) return tx;
    validateTransaction(tx);
    this.checkValidityPeriod(tx, this.head.height + 1n);
    this.pool.add(tx);
    return tx;
  }

  /**
   * Accepts a transaction and produces blocks right away until it is final,
   * without the producer's timing: for tools and tests that drive the chain
   * directly (the RPC goes through src/chain/producer.ts). Throws
   * TransactionDecodeError or InvalidTransaction (also when the block refused it).
   */
  submit(bytes: Uint8Array): TransactionRecord {
    const hash = key(this.accept(bytes).hash);
    for (let blocks = 0; blocks < MAX_BLOCKS_PER_SUBMISSION; blocks++) {
      const refusal = this.pool.refusal(hash);
      if (refusal !== undefined) throw new InvalidTransaction(refusal);
      const record = this.transactions.get(hash);
      const executed = record && this.executedHeight(record);
      if (record && executed !== undefined && executed <= this.finalBlock().height) return record;
      this.produceBlock();
    }
    const record = this.transactions.get(hash);
    if (!record) throw new Error(`transaction ${hash} was not included in ${MAX_BLOCKS_PER_SUBMISSION} blocks`);
    return record;
  }

  /** Why the pool refused a transaction (its InvalidTxError), or undefined. */
  refusal(hash: string): InvalidTxError | undefined {
    return this.pool.refusal(hash);
  }

  /** Records why a transaction sent without waiting could not be accepted, for status lookups. */
  refuse(hash: string, error: InvalidTxError): void {
    if (!this.transactions.has(hash)) this.pool.refuse(hash, error);
  }

  /** Whether a transaction waits in the pool for a block. */
  isPooled(hash: string): boolean {
    return this.pool.has(hash);
  }

  /** How many transactions wait in the pool. */
  get pooledCount(): number {
    return this.pool.size;
  }

  /** Whether anything waits for a block: pooled transactions or receipts in flight. */
  get hasWork(): boolean {
    return this.pool.size > 0 || this.scheduler.hasPending;
  }

  /**
   * neard's validity period: the transaction's block must be known and at
   * most transactionValidityPeriod heights below the block including it.
   */
  private checkValidityPeriod(tx: DecodedTransaction, height: bigint): void {
    const origin = this.blockByHash(key(tx.blockHash));
    if (!origin || height - origin.height > this.genesis.transactionValidityPeriod) throw invalidTx.expired();
  }

  /**
   * Includes a pooled transaction in `block`: charges its signer and makes
   * its receipt. A transaction the block cannot include (expired, nonce,
   * balance, key) is refused with its InvalidTxError and changes nothing.
   */
  private include(block: Block, tx: DecodedTransaction): { record: TransactionRecord; receipt: Receipt } | undefined {
    if (this.transactions.has(key(tx.hash))) return undefined;
    let cost: ReturnType<typeof verifyAndCharge>;
    try {
      this.checkValidityPeriod(tx, block.height);
      cost = verifyAndCharge(this.state, tx, block.gasPrice, block.height);
    } catch (error) {
      if (!(error instanceof InvalidTransaction)) throw error;
      this.pool.refuse(key(tx.hash), error.error);
      return undefined;
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
    this.outcomes.set(key(tx.hash), record.outcome);
    this.receipts.set(key(receipt.receiptId), receipt);
    block.txHashes.push(tx.hash);
    block.gasUsed += cost.gasBurnt;
    block.balanceBurnt += record.outcome.tokensBurnt;
    return { record, receipt };
  }

  /**
   * Changes state outside any transaction (sandbox_patch_state) and seals
   * the change in a new block, so that earlier blocks still read the old state.
   */
  patch(change: () => void): Block {
    try {
      change();
    } catch (error) {
      this.state.discard();
      throw error;
    }
    const block = this.produceBlock();
    this.finalize(block.height);
    return block;
  }

  /**
   * Produces one block: the pooled transactions (each signer key's in nonce
   * order), then the receipts queued for it. A transaction's receipt runs in
   * this block when signer == receiver (nearcore's local receipt), otherwise
   * in the next.
   */
  produceBlock(): Block {
    const block = this.makeBlock(this.head.height + 1n, this.head.hash, this.nextTimestamp(), this.head.totalSupply);
    const incoming = this.scheduler.takePending();
    const local: Receipt[] = [];
    const included: TransactionRecord[] = [];
    for (const tx of this.pool.take()) {
      const inclusion = this.include(block, tx);
      if (!inclusion) continue;
      included.push(inclusion.record);
      if (tx.signerId === tx.receiverId) local.push(inclusion.receipt);
      else this.scheduler.enqueue(inclusion.receipt);
    }
    this.scheduler.run(block, this.applyState(block), [...local, ...incoming]);
    this.finishBlock(block, included);
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
    this.scheduler.run(block, this.applyState(block), this.scheduler.takePending());
    this.finishBlock(block, []);
    this.finalize(block.height);
    return block;
  }

  private finishBlock(block: Block, newTransactions: TransactionRecord[]): void {
    block.totalSupply -= block.balanceBurnt;
    this.commitBlock(block);
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

  /**
   * The height of the last block that ran a receipt of the transaction, once
   * every receipt it caused has run; undefined while some are in flight.
   */
  executedHeight(record: TransactionRecord): bigint | undefined {
    if (!this.isComplete(record)) return undefined;
    let height = this.blockByHash(key(record.outcome.blockHash))?.height ?? this.head.height;
    for (const outcome of this.receiptOutcomes(record)) {
      const block = this.blockByHash(key(outcome.blockHash));
      if (block && block.height > height) height = block.height;
    }
    return height;
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

/** A copy of a scheduler snapshot that later blocks cannot change (the scheduler keeps appending to its queue). */
function copyOf(snapshot: SchedulerSnapshot): SchedulerSnapshot {
  return {
    pending: [...snapshot.pending],
    receivedData: [...snapshot.receivedData],
    postponed: [...snapshot.postponed],
  };
}
