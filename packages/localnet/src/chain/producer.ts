/**
 * When blocks are produced, as neard's sandbox produces them: by time. An
 * idle chain gets a block every `intervalMs` (neard's
 * min_block_production_delay, 600 ms), so height and block time advance
 * with the wall clock. While there is work (pooled transactions, receipts in
 * flight, clients waiting for finality) blocks come sooner, spaced by
 * SPACING_PER_WAITER_MS for every waiting client beyond the first: one
 * client gets its blocks back to back (a call is final in a few
 * milliseconds, as the test suite needs), and n concurrent clients get
 * blocks about n ms apart, each block holding all of their transactions.
 *
 * Why the spacing grows with the number of clients: a transaction names a
 * recent block and is valid for 100 blocks (transaction_validity_period).
 * On neard that is 100 s or more. Here, a client's transaction waits behind
 * the others' work on one event loop, so the time between reading a block
 * hash and the transaction's inclusion grows with the number of clients;
 * spacing blocks in proportion keeps that time a small, bounded number of
 * blocks, so a transaction sent promptly never expires, while height,
 * finality (head − 2) and the validity window keep neard's meaning.
 *
 * How long a client waits is its wait_until's, as on neard: until every
 * receipt of its transaction ran (EXECUTED_OPTIMISTIC, what
 * broadcast_tx_commit and near-api-js's sends ask for), or until those
 * blocks are also final (FINAL). A transaction answered before it is final
 * still counts as work until it is: its two finalising blocks follow at
 * once, and a read at `final` or `near-final` that arrives meanwhile waits
 * for them (whenFinalised), so a client reads what it was answered at any
 * finality, as it would a few seconds later on neard.
 *
 * Invariants: at most one timer is pending; a waiter is answered exactly
 * once: with its record once every receipt of the transaction ran in a
 * block (durable when produced) that is final if it asked for FINAL, or
 * with the InvalidTxError the including block refused it with, or with the
 * error that failed a block (a refused write: the chain is as before that
 * block and its transactions are not included). A transaction accepted
 * without a waiter and refused by its block keeps the reason for status
 * lookups.
 */
import type { Chain, TransactionRecord } from "./chain.ts";
import { base58 } from "./encoding.ts";
import { InvalidTransaction } from "./errors.ts";

/** neard's default min_block_production_delay (nearcore's MIN_BLOCK_PRODUCTION_DELAY), in ms. */
export const DEFAULT_BLOCK_INTERVAL_MS = 600;
/** Milliseconds between blocks for each client waiting beyond the first, while there is work. */
export const SPACING_PER_WAITER_MS = 1;
/** A transaction whose receipts still run this many blocks after it was sent is answered as it is (runaway loops). */
const MAX_BLOCKS_PER_TRANSACTION = 10_000n;

/** How far a transaction must have got before its client is answered (neard's EXECUTED_OPTIMISTIC or FINAL). */
export type WaitUntil = "executed" | "final";

interface Waiter {
  until: WaitUntil;
  resolve(record: TransactionRecord): void;
  reject(error: unknown): void;
  /** The head's height when the client started waiting. */
  since: bigint;
}

export class BlockProducer {
  private timer: { at: number; cancel(): void } | undefined;
  private running = false;
  /** After a failed block, the next one waits a whole interval (no busy loop of failures). */
  private retryAfter = 0;
  private readonly waiters = new Map<string, Waiter[]>();
  /** Transactions whose clients were answered once executed, until they are final: the height they executed at. */
  private readonly finalising = new Map<string, bigint>();
  /** Reads waiting until the final block reaches `height` (what was answered when they came is final). */
  private finalisedListeners: Array<{ height: bigint; resolve(): void }> = [];

  private intervalMs = DEFAULT_BLOCK_INTERVAL_MS;

  constructor(private readonly chain: Chain) {}

  /** Starts producing: an idle block every `intervalMs`, sooner while there is work. */
  start(intervalMs = DEFAULT_BLOCK_INTERVAL_MS): void {
    if (!Number.isFinite(intervalMs) || intervalMs <= 0)
      throw new Error(`block interval must be > 0 ms: ${intervalMs}`);
    this.intervalMs = intervalMs;
    this.running = true;
    this.schedule();
  }

  /** Stops producing blocks; waiting clients get an error rather than waiting forever. */
  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.failAll(new Error("the node is stopping"));
    this.finalising.clear();
  }

  /**
   * Resolves once every transaction answered so far before it was final is
   * final (at once when none is). Transactions answered later do not hold it.
   */
  whenFinalised(): Promise<void> {
    let height = -1n;
    for (const executed of this.finalising.values()) if (executed > height) height = executed;
    if (height <= this.chain.finalBlock().height) return Promise.resolve();
    return new Promise((resolve) => this.finalisedListeners.push({ height, resolve }));
  }

  /**
   * Accepts a signed transaction (throws TransactionDecodeError or
   * InvalidTransaction when it cannot be) and resolves once it got as far
   * as `until`.
   */
  submit(bytes: Uint8Array, until: WaitUntil = "final"): Promise<TransactionRecord> {
    const hash = base58(this.chain.accept(bytes).hash);
    return this.wait(hash, until) ?? Promise.reject(new Error(`transaction ${hash} was accepted but is unknown`));
  }

  /** Accepts a signed transaction for a coming block without waiting for it; returns its hash. */
  send(bytes: Uint8Array): string {
    const hash = base58(this.chain.accept(bytes).hash);
    this.wake();
    return hash;
  }

  /**
   * The transaction's record once it got as far as `until`, or a rejection
   * with the InvalidTransaction a block refused it with; undefined for a
   * transaction the node does not know.
   */
  wait(hash: string, until: WaitUntil = "final"): Promise<TransactionRecord> | undefined {
    const refusal = this.chain.refusal(hash);
    if (refusal !== undefined) return Promise.reject(new InvalidTransaction(refusal));
    const record = this.chain.transactions.get(hash);
    if (!record && !this.chain.isPooled(hash)) return undefined;
    if (record && this.reached(record, until)) {
      this.answered(hash, record);
      return Promise.resolve(record);
    }
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(hash);
      const waiter = { until, resolve, reject, since: this.chain.head.height };
      if (list) list.push(waiter);
      else this.waiters.set(hash, [waiter]);
      this.wake();
    });
  }

  private reached(record: TransactionRecord, until: WaitUntil): boolean {
    const executed = this.chain.executedHeight(record);
    return executed !== undefined && (until === "executed" || executed <= this.chain.finalBlock().height);
  }

  /** Whether a block is due sooner than the idle interval. */
  private get busy(): boolean {
    return this.waiters.size > 0 || this.finalising.size > 0 || this.chain.hasWork;
  }

  /** Milliseconds from the head (whoever produced it: requests produce blocks too) to the next block. */
  private spacing(): number {
    if (!this.busy) return this.intervalMs;
    const clients = this.waiters.size + this.chain.pooledCount;
    return Math.min(this.intervalMs, SPACING_PER_WAITER_MS * Math.max(0, clients - 1));
  }

  /** Brings the next block forward when work arrived while the producer waited out the idle interval. */
  private wake(): void {
    if (!this.running) return;
    const at = this.nextAt();
    if (this.timer && this.timer.at <= at) return;
    this.schedule();
  }

  private nextAt(): number {
    const now = performance.now();
    return Math.max(now + this.spacing() - this.chain.headAgeMs(), this.retryAfter);
  }

  private schedule(): void {
    this.timer?.cancel();
    const at = this.nextAt();
    const delay = at - performance.now();
    // setImmediate lets requests that arrived meanwhile be read first, so they join the block.
    if (delay <= 0) {
      const immediate = setImmediate(() => this.tick());
      this.timer = { at, cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(() => this.tick(), delay);
      timeout.unref();
      this.timer = { at, cancel: () => clearTimeout(timeout) };
    }
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.running) return;
    // A request produced a block since this tick was planned (a patch, a fast-forward): the interval starts again.
    if (this.nextAt() - performance.now() >= 1) {
      this.schedule();
      return;
    }
    try {
      // The block is durable once produced (one database write), so its waiters may be answered.
      this.chain.produceBlock();
      this.settle();
    } catch (error) {
      // A failed block or write is a fault to see, not to hide: logged, and every waiting client told.
      console.error("near-sandbox: block production failed:", error);
      this.failAll(error);
      this.retryAfter = performance.now() + this.intervalMs;
    }
    this.schedule();
  }

  /** Keeps a transaction answered once executed as work until it is final (its finalising blocks come at once). */
  private answered(hash: string, record: TransactionRecord): void {
    const executed = this.chain.executedHeight(record);
    if (executed === undefined || executed <= this.chain.finalBlock().height) return;
    this.finalising.set(hash, executed);
    this.wake();
  }

  /** Answers the waiters whose transactions got as far as they asked or were refused. */
  private settle(): void {
    const final = this.chain.finalBlock().height;
    for (const [hash, executed] of this.finalising) if (executed <= final) this.finalising.delete(hash);
    for (const [hash, list] of this.waiters) {
      const refusal = this.chain.refusal(hash);
      if (refusal !== undefined) {
        this.waiters.delete(hash);
        for (const waiter of list) waiter.reject(new InvalidTransaction(refusal));
        continue;
      }
      const record = this.chain.transactions.get(hash);
      if (!record) continue;
      const stuck = this.chain.head.height - MAX_BLOCKS_PER_TRANSACTION;
      const due = list.filter((waiter) => this.reached(record, waiter.until) || waiter.since < stuck);
      if (!due.length) continue;
      for (const waiter of due) waiter.resolve(record);
      const left = list.filter((waiter) => !due.includes(waiter));
      if (left.length) this.waiters.set(hash, left);
      else this.waiters.delete(hash);
      this.answered(hash, record);
    }
    const waiting = this.finalisedListeners;
    this.finalisedListeners = waiting.filter((listener) => listener.height > final);
    for (const listener of waiting) if (listener.height <= final) listener.resolve();
  }

  /** Rejects every waiting client; reads waiting for finality are let through to what there is. */
  private failAll(error: unknown): void {
    const lists = [...this.waiters.values()];
    this.waiters.clear();
    for (const list of lists) for (const waiter of list) waiter.reject(error);
    for (const listener of this.finalisedListeners.splice(0)) listener.resolve();
  }
}
