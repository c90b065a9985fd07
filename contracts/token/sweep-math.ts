/**
 * How much of what the token holds is stray (pure: no near-sdk-js import,
 * unit-tested under plain Node in tests/token/pure.test.ts).
 *
 * The books owe, per asset, the revenue received and not yet confirmed paid
 * (distributed − claimed: claimable, carried fractions, pending, in flight).
 * NEAR also backs the storage staking, the refundable registration deposits
 * and a fixed reserve. Anything beyond is stray: NEAR sent to the account
 * outside `distribute_revenue`, stablecoin sent by plain `ft_transfer`.
 * Every formula floors at zero and errs towards a smaller excess, never a
 * larger one: a sweep can only ever take less than is stray.
 */

/** Revenue the books owe holders in one asset. */
export function owedRevenue(distributed: bigint, claimed: bigint): bigint {
  return distributed - claimed;
}

export interface NearBooks {
  /** The account's balance (liquid, storage staking included). */
  balance: bigint;
  /** storage usage × byte cost. */
  storageStaked: bigint;
  owedRevenue: bigint;
  registrationDeposits: bigint;
  reserve: bigint;
}

/** NEAR a sweep may take now. */
export function nearExcess(books: NearBooks): bigint {
  const excess = books.balance - books.storageStaked - books.owedRevenue - books.registrationDeposits - books.reserve;
  return excess > 0n ? excess : 0n;
}

export interface StablecoinBooks {
  /** The token's balance on the stablecoin, as read by `ft_balance_of` (possibly some blocks ago). */
  balance: bigint;
  /** What the books owe now. */
  owedRevenue: bigint;
  /** Sweeps sent and not yet confirmed (the read may or may not include them). */
  sweepInFlight: bigint;
  /**
   * Stablecoin confirmed sent (claims, sweeps) since the balance was asked
   * for: those may still be in the balance read although the books no
   * longer owe them.
   */
  outflowSinceQuery: bigint;
}

/**
 * Stablecoin a sweep may take, recomputed when the balance arrives: the
 * balance read, minus what the books owe at that moment, minus what left
 * since the read, minus sweeps in flight.
 */
export function stablecoinExcess(books: StablecoinBooks): bigint {
  const excess = books.balance - books.owedRevenue - books.sweepInFlight - books.outflowSinceQuery;
  return excess > 0n ? excess : 0n;
}

/** Why a sweep of `amount` cannot run against `excess`, or null. */
export function sweepProblem(asset: string, amount: bigint, excess: bigint): string | null {
  return amount <= excess ? null : `The sweep of ${amount} ${asset} exceeds the sweepable excess ${excess}`;
}
