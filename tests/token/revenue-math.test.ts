/**
 * The token's streaming revenue math (contracts/token/stream.ts), without a
 * chain: deterministic cases, then random schedules checked against a
 * brute-force model that releases the stream one nanosecond at a time and
 * pays every holder directly (no accumulator, no snapshots). Both must
 * agree to the last scaled unit on every holder's earnings, the pending
 * remainder and the unstreamed amount, and nothing may be lost:
 *   received·SCALE = Σ earned + pending + unstreamed.
 */
import test from "ava";
import fc from "fast-check";
import { addToStream, advance, newStreamState, type StreamState } from "../../contracts/token/stream.ts";

const SCALE = 10n ** 30n;

test("a distribution is released linearly over the window, the rate's remainder at the end", (t) => {
  const pool = newStreamState();
  advance(pool, 10n, 1n, 1_000n);
  addToStream(pool, 7n * SCALE, 1_000n, 3n, true);
  t.is(pool.period_finish, 1_003n);
  t.is(pool.rate, (7n * SCALE) / 3n);
  t.is(advance(pool, 10n, 1n, 1_001n), (7n * SCALE) / 3n);
  t.is(pool.acc, (7n * SCALE) / 3n / 10n);
  advance(pool, 10n, 1n, 1_002n);
  t.is(advance(pool, 10n, 1n, 1_010n), 7n * SCALE - 2n * ((7n * SCALE) / 3n), "the rest is released at the end");
  t.is(pool.unstreamed, 0n);
  t.is(pool.acc * 10n + pool.pending, 7n * SCALE);
});

test("a zero window releases at once; a new distribution adds the unstreamed rest and restarts the window", (t) => {
  const instant = newStreamState();
  addToStream(instant, 5n * SCALE, 0n, 0n, true);
  t.is(advance(instant, 5n, 1n, 0n), 5n * SCALE);
  t.is(instant.acc, SCALE);

  const pool = newStreamState();
  addToStream(pool, 100n * SCALE, 0n, 100n, true);
  advance(pool, 1n, 1n, 40n);
  t.is(pool.unstreamed, 60n * SCALE);
  addToStream(pool, 60n * SCALE, 40n, 100n, true);
  t.is(pool.unstreamed, 120n * SCALE);
  t.is(pool.period_finish, 140n);
  t.is(pool.rate, (120n * SCALE) / 100n);
});

test("the stream pauses while the eligible supply is below the minimum, keeping its remaining duration", (t) => {
  const pool = newStreamState();
  addToStream(pool, 100n * SCALE, 0n, 100n, true);
  advance(pool, 10n, 10n, 20n);
  t.is(pool.unstreamed, 80n * SCALE);
  t.is(advance(pool, 9n, 10n, 70n), 0n, "nothing is released to too small an eligible supply");
  t.is(pool.period_finish, 150n);
  t.is(advance(pool, 0n, 10n, 75n), 0n);
  t.is(pool.period_finish, 155n);
  advance(pool, 10n, 10n, 155n);
  t.is(pool.unstreamed, 0n);
  t.is(pool.acc * 10n + pool.pending, 100n * SCALE);
});

test("revenue joining a running stream ends with it; with none running it starts a window", (t) => {
  const pool = newStreamState();
  addToStream(pool, 100n * SCALE, 0n, 100n, true);
  advance(pool, 1n, 1n, 50n);
  addToStream(pool, 10n * SCALE, 50n, 100n, false);
  t.is(pool.period_finish, 100n);
  t.is(pool.unstreamed, 60n * SCALE);
  advance(pool, 1n, 1n, 100n);
  addToStream(pool, 10n * SCALE, 120n, 100n, false);
  t.is(pool.period_finish, 220n);
});

// ───────────── random schedules against the brute-force model ─────────────

const HOLDERS = 3;
type Op =
  | { kind: "distribute"; amount: bigint }
  | { kind: "return"; amount: bigint }
  | { kind: "transfer"; from: number; to: number; amount: bigint }
  | { kind: "exclude"; who: number }
  | { kind: "wait" };
interface Step {
  gap: bigint;
  op: Op;
}

interface Holder {
  balance: bigint;
  excluded: boolean;
}

/** The contract's way: a lazily advanced pool, accounts with snapshots. */
class Lazy {
  pool: StreamState = newStreamState();
  snap: bigint[] = Array(HOLDERS).fill(0n);
  owed: bigint[] = Array(HOLDERS).fill(0n);
  constructor(
    readonly holders: Holder[],
    readonly window: bigint,
    readonly min: bigint,
  ) {}
  eligible(): bigint {
    return this.holders.reduce((sum, h) => sum + (h.excluded ? 0n : h.balance), 0n);
  }
  sync(now: bigint): void {
    advance(this.pool, this.eligible(), this.min, now);
  }
  settle(i: number): void {
    const h = this.holders[i];
    if (!h.excluded) this.owed[i] += h.balance * (this.pool.acc - this.snap[i]);
    this.snap[i] = this.pool.acc;
  }
  earned(i: number): bigint {
    const h = this.holders[i];
    return this.owed[i] + (h.excluded ? 0n : h.balance * (this.pool.acc - this.snap[i]));
  }
}

/** One nanosecond at a time, every holder paid directly. */
class Brute {
  unstreamed = 0n;
  pending = 0n;
  rate = 0n;
  /** Running nanoseconds left in the stream (paused time does not count). */
  left = 0n;
  owed: bigint[] = Array(HOLDERS).fill(0n);
  constructor(
    readonly holders: Holder[],
    readonly window: bigint,
    readonly min: bigint,
  ) {}
  eligible(): bigint {
    return this.holders.reduce((sum, h) => sum + (h.excluded ? 0n : h.balance), 0n);
  }
  paused(): boolean {
    const e = this.eligible();
    return e === 0n || e < this.min;
  }
  fold(): void {
    const e = this.eligible();
    if (this.paused() || this.pending < e) return;
    const perUnit = this.pending / e;
    this.holders.forEach((h, i) => {
      if (!h.excluded) this.owed[i] += h.balance * perUnit;
    });
    this.pending -= perUnit * e;
  }
  release(amount: bigint): void {
    this.unstreamed -= amount;
    this.pending += amount;
  }
  /** The nanosecond ending now. */
  tick(): void {
    if (!this.paused() && this.unstreamed > 0n) {
      this.release(this.left <= 1n ? this.unstreamed : this.rate);
      this.left = this.left > 0n ? this.left - 1n : 0n;
    }
    this.fold();
  }
  /** What happens at an instant: a finished (or zero-length) stream pays out, then the fold. */
  instant(): void {
    if (!this.paused() && this.unstreamed > 0n && this.left === 0n) this.release(this.unstreamed);
    this.fold();
  }
  add(amount: bigint, restart: boolean): void {
    if (restart || this.left === 0n || this.unstreamed === 0n) this.left = this.window;
    this.unstreamed += amount;
    this.rate = this.left > 0n ? this.unstreamed / this.left : 0n;
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("distribute" as const), amount: fc.bigInt(1n, 10n ** 6n) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("return" as const), amount: fc.bigInt(1n, 1000n) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("transfer" as const),
      from: fc.integer({ min: 0, max: HOLDERS - 1 }),
      to: fc.integer({ min: 0, max: HOLDERS - 1 }),
      amount: fc.bigInt(1n, 400n),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("exclude" as const), who: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wait" as const) }) },
);
const stepArb: fc.Arbitrary<Step> = fc.record({
  gap: fc.oneof(fc.constant(0n), fc.bigInt(1n, 40n)),
  op: opArb,
});

test("random schedules: lazy accounting equals per-nanosecond release, to the scaled unit, nothing lost", (t) => {
  let checked = 0;
  fc.assert(
    fc.property(
      fc.bigInt(0n, 50n),
      fc.bigInt(1n, 300n),
      fc.array(fc.bigInt(0n, 300n), { minLength: HOLDERS, maxLength: HOLDERS }),
      fc.array(stepArb, { minLength: 1, maxLength: 40 }),
      (window, min, balances, steps) => {
        const lazyHolders = balances.map((balance) => ({ balance, excluded: false }));
        const bruteHolders = balances.map((balance) => ({ balance, excluded: false }));
        const lazy = new Lazy(lazyHolders, window, min);
        const brute = new Brute(bruteHolders, window, min);
        let now = 1_000n;
        let received = 0n;
        lazy.sync(now);
        for (const { gap, op } of steps) {
          for (let i = 0n; i < gap; i++) brute.tick();
          now += gap;
          brute.instant();
          lazy.sync(now);
          switch (op.kind) {
            case "distribute":
              if (brute.paused()) break; // the contract refuses it
              received += op.amount;
              addToStream(lazy.pool, op.amount * SCALE, now, window, true);
              brute.add(op.amount * SCALE, true);
              break;
            case "return":
              received += op.amount;
              addToStream(lazy.pool, op.amount * SCALE, now, window, false);
              brute.add(op.amount * SCALE, false);
              break;
            case "transfer": {
              const amount = op.amount < lazyHolders[op.from].balance ? op.amount : lazyHolders[op.from].balance;
              lazy.settle(op.from);
              lazy.settle(op.to);
              for (const holders of [lazyHolders, bruteHolders]) {
                holders[op.from].balance -= amount;
                holders[op.to].balance += amount;
              }
              break;
            }
            case "exclude":
              lazy.settle(op.who);
              lazyHolders[op.who].excluded = !lazyHolders[op.who].excluded;
              bruteHolders[op.who].excluded = !bruteHolders[op.who].excluded;
              break;
            case "wait":
              break;
          }
          lazy.sync(now);
          brute.instant();
          for (let i = 0; i < HOLDERS; i++) {
            if (lazy.earned(i) !== brute.owed[i]) return false;
          }
          if (lazy.pool.pending !== brute.pending || lazy.pool.unstreamed !== brute.unstreamed) return false;
          const earned = lazy.owed.reduce((sum, _owed, i) => sum + lazy.earned(i), 0n);
          if (received * SCALE !== earned + lazy.pool.pending + lazy.pool.unstreamed) return false;
          checked++;
        }
        return true;
      },
    ),
    { numRuns: 300 },
  );
  t.log(`${checked} steps compared`);
  t.pass();
});
