/**
 * Inference royalties per stage: a royalty-per-point accumulator per asset,
 * O(1) per deposit and per claim, exact to the unit (pure: no near-sdk-js).
 *
 * The points that earn are a stage's accepted points: every point of every
 * accepted (not vetoed, not expired) epoch, claimed or not. With E the
 * earning points of the stage and SCALE the fixed-point scale:
 *
 * - A deposit of R: pending += R·SCALE; if E > 0: d = ⌊pending / E⌋,
 *   acc += d, pending −= d·E. What the division leaves (< E) is carried in
 *   `pending` to the next deposit; with E = 0 the whole deposit waits in
 *   `pending` and is released by the first deposit after points exist.
 * - An epoch accepted with P points: its snapshot is acc; E += P. Its points
 *   earn from that moment, before anyone claims: unclaimed points are
 *   tracked in aggregate (`unclaimed`, and Σ points × snapshot per asset), so
 *   no per-epoch loop is ever needed.
 * - A contributor claims p points of an epoch with snapshot s: its position
 *   is settled (owed += points·(acc − snapshot), snapshot = acc), then
 *   owed += p·(acc − s) (what those points earned while unclaimed) and its
 *   points grow by p; the aggregate loses p and p·s.
 * - A vetoed epoch leaves the earning set; what its points had earned goes
 *   back to `pending`. At roll-over the stage's still unclaimed points (now
 *   unclaimable) leave the same way.
 * - Claimable = ⌊owed / SCALE⌋ (after settling); the sub-unit rest stays.
 *
 * Exact invariant per asset, in SCALE units (kept by every function here):
 *
 *   deposited·SCALE = (paid + in_flight)·SCALE
 *                     + Σ_positions [owed + points·(acc − snapshot)]
 *                     + (unclaimed·acc − Σ_unclaimed points·snapshot) + pending
 */

/** Fixed-point scale of the accumulators (granularity only: remainders are carried, never dropped). */
export const ROYALTY_SCALE = 10n ** 24n;

export interface RoyaltyPool {
  acc: bigint;
  pending: bigint;
  deposited: bigint;
  paid: bigint;
  in_flight: bigint;
}

/** A stage's earning points, shared by its assets. */
export interface PointBook {
  /** Points that earn: Σ positions' points + unclaimed. */
  earning: bigint;
  /** Points of accepted epochs not yet claimed. */
  unclaimed: bigint;
  /** Per asset: Σ over accepted epochs of unclaimed points × the epoch's snapshot. */
  unclaimed_snap_sum: bigint[];
}

/** A contributor's royalty position in one stage. */
export interface RoyaltyPosition {
  points: bigint;
  snapshot: bigint[];
  owed: bigint[];
}

export function newRoyaltyPool(): RoyaltyPool {
  return { acc: 0n, pending: 0n, deposited: 0n, paid: 0n, in_flight: 0n };
}

export function newPointBook(assets: number): PointBook {
  return { earning: 0n, unclaimed: 0n, unclaimed_snap_sum: new Array<bigint>(assets).fill(0n) };
}

export function newPosition(assets: number): RoyaltyPosition {
  return {
    points: 0n,
    snapshot: new Array<bigint>(assets).fill(0n),
    owed: new Array<bigint>(assets).fill(0n),
  };
}

/** Records a deposit and distributes it (with anything pending) over the earning points. */
export function depositRoyalty(pool: RoyaltyPool, amount: bigint, earning: bigint): void {
  if (amount <= 0n) {
    throw new Error("A royalty deposit must be greater than zero");
  }
  pool.deposited += amount;
  pool.pending += amount * ROYALTY_SCALE;
  if (earning > 0n && pool.pending >= earning) {
    const perPoint = pool.pending / earning;
    pool.acc += perPoint;
    pool.pending -= perPoint * earning;
  }
}

/** An epoch of `points` is accepted: returns its snapshot per asset. */
export function acceptPoints(book: PointBook, pools: RoyaltyPool[], points: bigint): bigint[] {
  book.earning += points;
  book.unclaimed += points;
  return pools.map((pool, slot) => {
    book.unclaimed_snap_sum[slot] += points * pool.acc;
    return pool.acc;
  });
}

/** An accepted, wholly unclaimed epoch is vetoed: its points stop earning, their earnings return to pending. */
export function vetoPoints(book: PointBook, pools: RoyaltyPool[], points: bigint, snapshots: bigint[]): void {
  pools.forEach((pool, slot) => {
    pool.pending += points * (pool.acc - snapshots[slot]);
    book.unclaimed_snap_sum[slot] -= points * snapshots[slot];
  });
  book.earning -= points;
  book.unclaimed -= points;
}

/** Moves what the position earned into `owed` and brings its snapshots up to date. */
export function settlePosition(position: RoyaltyPosition, pools: RoyaltyPool[]): void {
  pools.forEach((pool, slot) => {
    position.owed[slot] += position.points * (pool.acc - position.snapshot[slot]);
    position.snapshot[slot] = pool.acc;
  });
}

/** `points` of an epoch with `snapshots` are claimed into `position`. */
export function claimPoints(
  book: PointBook,
  pools: RoyaltyPool[],
  position: RoyaltyPosition,
  points: bigint,
  snapshots: bigint[],
): void {
  settlePosition(position, pools);
  pools.forEach((pool, slot) => {
    position.owed[slot] += points * (pool.acc - snapshots[slot]);
    book.unclaimed_snap_sum[slot] -= points * snapshots[slot];
  });
  position.points += points;
  book.unclaimed -= points;
}

/** The stage's unclaimed points expire (roll-over): their earnings return to pending. */
export function expireUnclaimed(book: PointBook, pools: RoyaltyPool[]): void {
  pools.forEach((pool, slot) => {
    pool.pending += book.unclaimed * pool.acc - book.unclaimed_snap_sum[slot];
    book.unclaimed_snap_sum[slot] = 0n;
  });
  book.earning -= book.unclaimed;
  book.unclaimed = 0n;
}

/** What the position has earned and not been paid, in SCALE units (a view: nothing is written). */
export function owedScaled(position: RoyaltyPosition, pool: RoyaltyPool, slot: number): bigint {
  return position.owed[slot] + position.points * (pool.acc - position.snapshot[slot]);
}

/** Whole units the position can claim in `slot` now (a view: nothing is written). */
export function claimableRoyalty(position: RoyaltyPosition, pool: RoyaltyPool, slot: number): bigint {
  return owedScaled(position, pool, slot) / ROYALTY_SCALE;
}

/** Settles the position and takes its whole claimable units of `slot` in flight; returns them (maybe 0). */
export function takeRoyalty(position: RoyaltyPosition, pools: RoyaltyPool[], slot: number): bigint {
  settlePosition(position, pools);
  const units = position.owed[slot] / ROYALTY_SCALE;
  position.owed[slot] -= units * ROYALTY_SCALE;
  pools[slot].in_flight += units;
  return units;
}

/** A payout arrived: in flight → paid. */
export function confirmRoyalty(pool: RoyaltyPool, units: bigint): void {
  pool.in_flight -= units;
  pool.paid += units;
}

/** A payout failed: the units go back to the position. */
export function restoreRoyalty(position: RoyaltyPosition, pool: RoyaltyPool, slot: number, units: bigint): void {
  pool.in_flight -= units;
  position.owed[slot] += units * ROYALTY_SCALE;
}

/** Σ over unclaimed epochs of what their points earned so far, in SCALE units (the invariant's middle term). */
export function unclaimedEarnings(book: PointBook, pool: RoyaltyPool, slot: number): bigint {
  return book.unclaimed * pool.acc - book.unclaimed_snap_sum[slot];
}
