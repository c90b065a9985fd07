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
 * Invariants: at most one timer is pending; a waiter is answered exactly
 * once: with its record once every receipt of the transaction ran in a
 * block that is final (blocks are durable when produced), or with the
 * InvalidTxError the including block refused it with, or with the error
 * that failed a block (a refused write: the chain is as before that block
 * and its transactions are not included). A transaction accepted without a
 * waiter and refused by its block keeps the reason for status lookups.
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

interface Waiter {
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
  }

  /**
   * Accepts a signed transaction (throws TransactionDecodeError or
   * InvalidTransaction when it cannot be) and resolves once it is final.
   */
  submit(bytes: Uint8Array): Promise<TransactionRecord> {
    const hash = base58(this.chain.accept(bytes).hash);
    return this.wait(hash) ?? Promise.reject(new Error(`transaction ${hash} was accepted but is unknown`));
  }

  /** Accepts a signed transaction for a coming block without waiting for it; returns its hash. */
  send(bytes: Uint8Array): string {
    const hash = base58(this.chain.accept(bytes).hash);
    this.wake();
    return hash;
  }

  /**
   * The transaction's record once it is final, or a rejection with the
   * InvalidTransaction a block refused it with; undefined for a transaction
   * the node does not know.
   */
  wait(hash: string): Promise<TransactionRecord> | undefined {
    const refusal = this.chain.refusal(hash);
    if (refusal !== undefined) return Promise.reject(new InvalidTransaction(refusal));
    const record = this.chain.transactions.get(hash);
    if (!record && !this.chain.isPooled(hash)) return undefined;
    if (record && this.isFinal(record)) return Promise.resolve(record);
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(hash);
      const waiter = { resolve, reject, since: this.chain.head.height };
      if (list) list.push(waiter);
      else this.waiters.set(hash, [waiter]);
      this.wake();
    });
  }

  private isFinal(record: TransactionRecord): boolean {
    const executed = this.chain.executedHeight(record);
    return executed !== undefined && executed <= this.chain.finalBlock().height;
  }

  /** Whether a block is due sooner than the idle interval. */
  private get busy(): boolean {
    return this.waiters.size > 0 || this.chain.hasWork;
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

  /** Answers the waiters whose transactions are now final or were refused. */
  private settle(): void {
    for (const [hash, list] of this.waiters) {
      const refusal = this.chain.refusal(hash);
      const record = this.chain.transactions.get(hash);
      let answer: ((waiter: Waiter) => void) | undefined;
      if (refusal !== undefined) answer = (waiter) => waiter.reject(new InvalidTransaction(refusal));
      else if (record && this.isFinal(record)) answer = (waiter) => waiter.resolve(record);
      if (answer) {
        this.waiters.delete(hash);
        list.forEach(answer);
        continue;
      }
      const stuck = list.filter((waiter) => this.chain.head.height - waiter.since > MAX_BLOCKS_PER_TRANSACTION);
      if (!record || !stuck.length) continue;
      for (const waiter of stuck) waiter.resolve(record);
      const left = list.filter((waiter) => !stuck.includes(waiter));
      if (left.length) this.waiters.set(hash, left);
      else this.waiters.delete(hash);
    }
  }

  private failAll(error: unknown): void {
    const lists = [...this.waiters.values()];
    this.waiters.clear();
    for (const list of lists) for (const waiter of list) waiter.reject(error);
  }
}
