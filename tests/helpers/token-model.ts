/**
 * A reference model of the token's ledger and revenue math (independent of
 * the contract's code), used by the property test: it predicts every
 * balance, claimable amount and pool total, and which calls must fail.
 *
 * Time: every state change happens at the time of the block whose receipt
 * made it (`now`, ns). Each asset's stream is kept as "running nanoseconds
 * left" (the contract keeps an end time instead): a distribution restarts
 * it at the window with the rest added, revenue coming back joins it, the
 * paused time (eligible supply below the minimum) does not count, and the
 * last nanosecond releases whatever the rate left over.
 */
export const SCALE = 10n ** 30n;
export const SLOTS = 2; // 0: NEAR, 1: stablecoin

export interface ModelPool {
  acc: bigint;
  pending: bigint;
  distributed: bigint;
  claimed: bigint;
  /** Received × SCALE, not yet released. */
  unstreamed: bigint;
  /** Released per running nanosecond, × SCALE. */
  rate: bigint;
  /** Running nanoseconds left in the stream. */
  left: bigint;
}

export interface ModelAccount {
  balance: bigint;
  excluded: boolean;
  snap: bigint[];
  owed: bigint[];
}

export class TokenModel {
  accounts = new Map<string, ModelAccount>();
  pools: ModelPool[] = [0, 1].map(() => ({
    acc: 0n,
    pending: 0n,
    distributed: 0n,
    claimed: 0n,
    unstreamed: 0n,
    rate: 0n,
    left: 0n,
  }));
  totalSupply = 0n;
  eligible = 0n;
  /** The time the model is at. */
  time = 0n;

  constructor(
    readonly windowNs = 0n,
    readonly minEligible = 1n,
  ) {}

  /** Whether revenue must be refused (and streams stand still): too few eligible tokens. */
  starved(): boolean {
    return this.eligible === 0n || this.eligible < this.minEligible;
  }

  /** Brings both streams to `now`: release what ran, then spread the released amount over the eligible units. */
  sync(now: bigint): void {
    const elapsed = now > this.time ? now - this.time : 0n;
    if (now > this.time) this.time = now;
    if (this.starved()) return;
    for (const p of this.pools) {
      if (p.unstreamed > 0n) {
        const released = elapsed >= p.left ? p.unstreamed : p.rate * elapsed;
        p.left = elapsed >= p.left ? 0n : p.left - elapsed;
        p.unstreamed -= released;
        p.pending += released;
      }
      if (p.pending >= this.eligible) {
        const d = p.pending / this.eligible;
        p.acc += d;
        p.pending -= d * this.eligible;
      }
    }
  }

  private stream(slot: number, scaled: bigint, restart: boolean, now: bigint): void {
    const p = this.pools[slot];
    if (restart || p.left === 0n || p.unstreamed === 0n) p.left = this.windowNs;
    p.unstreamed += scaled;
    p.rate = p.left > 0n ? p.unstreamed / p.left : 0n;
    this.sync(now);
  }

  register(id: string, excluded = false): void {
    if (this.accounts.has(id)) throw new Error(`model: ${id} already registered`);
    this.accounts.set(id, { balance: 0n, excluded, snap: this.pools.map((p) => p.acc), owed: [0n, 0n] });
  }

  mint(id: string, amount: bigint, now: bigint): void {
    this.sync(now);
    const a = this.get(id);
    this.settle(a);
    a.balance += amount;
    this.totalSupply += amount;
    if (!a.excluded) this.eligible += amount;
  }

  get(id: string): ModelAccount {
    const a = this.accounts.get(id);
    if (!a) throw new Error(`model: ${id} not registered`);
    return a;
  }

  settle(a: ModelAccount): void {
    for (let s = 0; s < SLOTS; s++) {
      if (!a.excluded && a.balance > 0n) a.owed[s] += a.balance * (this.pools[s].acc - a.snap[s]);
      a.snap[s] = this.pools[s].acc;
    }
  }

  /** What an account is owed × SCALE, as of the model's time (sync first). */
  owedScaled(id: string, slot: number): bigint {
    const a = this.accounts.get(id);
    if (!a) return 0n;
    const extra = !a.excluded && a.balance > 0n ? a.balance * (this.pools[slot].acc - a.snap[slot]) : 0n;
    return a.owed[slot] + extra;
  }

  claimable(id: string, slot: number): bigint {
    return this.owedScaled(id, slot) / SCALE;
  }

  /** New revenue at `now`; false when it must be refused (returned to the payer). */
  receive(slot: number, amount: bigint, now: bigint): boolean {
    this.sync(now);
    if (this.starved()) return false;
    this.pools[slot].distributed += amount;
    this.stream(slot, amount * SCALE, true, now);
    return true;
  }

  private move(from: ModelAccount, to: ModelAccount, amount: bigint): void {
    from.balance -= amount;
    if (!from.excluded) this.eligible -= amount;
    to.balance += amount;
    if (!to.excluded) this.eligible += amount;
  }

  /** null if the transfer is valid, else why it must fail. */
  transferError(from: string, to: string, amount: bigint): string | null {
    if (from === to) return "Sender and receiver should be different";
    if (amount <= 0n) return "The amount should be a positive number";
    if (!this.accounts.has(from)) return `The account ${from} is not registered`;
    if (!this.accounts.has(to)) return `The account ${to} is not registered`;
    if (this.get(from).balance < amount) return "The account doesn't have enough balance";
    return null;
  }

  transfer(from: string, to: string, amount: bigint, now: bigint): void {
    this.sync(now);
    const a = this.get(from);
    const b = this.get(to);
    this.settle(a);
    this.settle(b);
    this.move(a, b, amount);
  }

  /** The NEP-141 resolution at `now` after the receiver reported `unused`. Returns the used amount. */
  resolve(sender: string, receiver: string, amount: bigint, unused: bigint, now: bigint): bigint {
    if (unused > amount) unused = amount;
    if (unused === 0n) return amount;
    const r = this.accounts.get(receiver);
    if (!r || r.balance === 0n) return amount;
    this.sync(now);
    const refund = r.balance < unused ? r.balance : unused;
    const s = this.accounts.get(sender);
    this.settle(r);
    if (s) {
      this.settle(s);
      this.move(r, s, refund);
      return amount - refund;
    }
    r.balance -= refund;
    if (!r.excluded) this.eligible -= refund;
    this.totalSupply -= refund;
    return amount;
  }

  /** Takes the claimable amount for a payout at `now` (0 if none). */
  take(id: string, slot: number, now: bigint): bigint {
    this.sync(now);
    const a = this.get(id);
    this.settle(a);
    const amount = a.owed[slot] / SCALE;
    a.owed[slot] -= amount * SCALE;
    return amount;
  }

  /**
   * A payout ended at `now`: success → claimed; failure → back to the
   * account, or, if it is gone, to the holders through the stream.
   */
  payoutDone(id: string, slot: number, amount: bigint, ok: boolean, now: bigint): void {
    if (ok) {
      this.pools[slot].claimed += amount;
      return;
    }
    const a = this.accounts.get(id);
    if (a) {
      a.owed[slot] += amount * SCALE;
      return;
    }
    this.sync(now);
    this.stream(slot, amount * SCALE, false, now);
  }

  setExcluded(id: string, excluded: boolean, now: bigint): void {
    this.sync(now);
    const a = this.get(id);
    this.settle(a);
    if (excluded) this.eligible -= a.balance;
    else this.eligible += a.balance;
    a.excluded = excluded;
  }

  /**
   * Forced or plain unregistration at `now`. Returns the payouts to make per
   * slot (the caller reports their outcome with payoutDone after the record
   * is gone); the sub-unit fractions left go to the pending pool.
   */
  unregister(id: string, now: bigint): bigint[] {
    this.sync(now);
    const a = this.get(id);
    this.settle(a);
    if (!a.excluded) this.eligible -= a.balance;
    this.totalSupply -= a.balance;
    a.balance = 0n;
    const payouts: bigint[] = [];
    for (let s = 0; s < SLOTS; s++) {
      const amount = a.owed[s] / SCALE;
      a.owed[s] -= amount * SCALE;
      this.pools[s].pending += a.owed[s];
      a.owed[s] = 0n;
      payouts.push(amount);
    }
    this.accounts.delete(id);
    return payouts;
  }
}
