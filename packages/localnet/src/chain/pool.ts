/**
 * The transaction pool: transactions accepted by the RPC and waiting for the
 * next block, and the reasons of those a block refused. A block takes the
 * whole pool, each signer key's transactions in nonce order (neard's pool
 * iterator groups by account and key and yields nonces in order), so
 * transactions a client sends concurrently with increasing nonces are all
 * included however their requests interleave.
 *
 * Invariant: a hash is in at most one of `pending` and `refused`; a refused
 * hash keeps its InvalidTxError so that a status lookup can say why the
 * transaction was not executed instead of not knowing it. The refusals kept
 * are bounded (the oldest are forgotten first).
 */
import { base58 } from "./encoding.ts";
import type { InvalidTxError } from "./errors.ts";
import type { DecodedTransaction } from "./transactions.ts";

/** How many refusals the pool remembers for status lookups. */
const MAX_REFUSALS = 10_000;

export class TransactionPool {
  private pending = new Map<string, DecodedTransaction>();
  private readonly refused = new Map<string, InvalidTxError>();

  get size(): number {
    return this.pending.size;
  }

  has(hash: string): boolean {
    return this.pending.has(hash);
  }

  add(tx: DecodedTransaction): void {
    const hash = base58(tx.hash);
    this.refused.delete(hash);
    this.pending.set(hash, tx);
  }

  /** Every pending transaction, grouped by signer key in first-seen order, nonces ascending; the pool is emptied. */
  take(): DecodedTransaction[] {
    const groups = new Map<string, DecodedTransaction[]>();
    for (const tx of this.pending.values()) {
      const signerKey = `${tx.signerId} ${tx.publicKey}`;
      const group = groups.get(signerKey);
      if (group) group.push(tx);
      else groups.set(signerKey, [tx]);
    }
    this.pending = new Map();
    const ordered: DecodedTransaction[] = [];
    for (const group of groups.values()) {
      group.sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0));
      ordered.push(...group);
    }
    return ordered;
  }

  /** Records why a transaction was not executed (its InvalidTxError). */
  refuse(hash: string, error: InvalidTxError): void {
    this.pending.delete(hash);
    this.refused.delete(hash);
    this.refused.set(hash, error);
    if (this.refused.size > MAX_REFUSALS) this.refused.delete(this.refused.keys().next().value as string);
  }

  /** The InvalidTxError of a refused transaction, or undefined. */
  refusal(hash: string): InvalidTxError | undefined {
    return this.refused.get(hash);
  }
}
