/**
 * Price math (pure: no near-sdk-js, unit-tested under plain Node).
 *
 * A price is a bigint number of PAYMENT units (yoctoNEAR, or the
 * stablecoin's smallest unit) per ONE WHOLE TOKEN, i.e. per `scale` =
 * 10^token_decimals token units. So
 *
 *   tokens(payment) = floor(payment * scale / price)     (token units)
 *   cost(tokens)    = ceil(tokens * price / scale)       (payment units)
 *
 * Rounding is always in the contract's favour: tokens given are floored,
 * payment charged is ceiled, and cost(tokens(p)) <= p always holds, so the
 * remainder p - cost is refunded (it buys no whole token unit).
 *
 * Price tiers: the price of an asset is a step function of the round's
 * tokens sold, given as segments [{until, price}] with strictly increasing
 * `until`; segment i prices the units sold from until(i-1) (or 0) up to
 * until(i) exclusive. A purchase that crosses a boundary is filled piecewise,
 * each piece at its own segment's price and rounded on its own.
 */

export interface PriceSegment {
  /** Units sold below which this price applies (exclusive upper bound). */
  until: bigint;
  /** Payment units per whole token (> 0). */
  price: bigint;
}

export interface Fill {
  /** Token units bought. */
  tokens: bigint;
  /** Payment units used (≤ the budget). */
  cost: bigint;
}

export function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}

/** Token units `payment` buys at one price (floored). */
export function tokensFor(payment: bigint, price: bigint, scale: bigint): bigint {
  return (payment * scale) / price;
}

/** Payment units `tokens` cost at one price (ceiled). */
export function costOf(tokens: bigint, price: bigint, scale: bigint): bigint {
  return ceilDiv(tokens * price, scale);
}

/** The segment pricing the next unit after `sold`, or null past the last segment. */
export function currentSegment(segments: PriceSegment[], sold: bigint): PriceSegment | null {
  for (const segment of segments) {
    if (sold < segment.until) {
      return segment;
    }
  }
  return null;
}

/**
 * Fills a purchase: spends at most `budget` payment units for at most `limit`
 * token units, starting after `sold` units already sold, walking the
 * segments. Stops at the first segment the remaining budget cannot finish.
 */
export function fillPurchase(
  segments: PriceSegment[],
  sold: bigint,
  budget: bigint,
  limit: bigint,
  scale: bigint,
): Fill {
  let cursor = sold;
  let remainingBudget = budget;
  let remainingLimit = limit;
  let tokens = 0n;
  let cost = 0n;
  for (const segment of segments) {
    if (remainingLimit === 0n || remainingBudget === 0n) {
      break;
    }
    if (cursor >= segment.until) {
      continue;
    }
    let capacity = segment.until - cursor;
    if (capacity > remainingLimit) {
      capacity = remainingLimit;
    }
    const affordable = tokensFor(remainingBudget, segment.price, scale);
    const take = affordable < capacity ? affordable : capacity;
    const pieceCost = costOf(take, segment.price, scale);
    tokens += take;
    cost += pieceCost;
    cursor += take;
    remainingBudget -= pieceCost;
    remainingLimit -= take;
    if (take < capacity) {
      break;
    }
  }
  return { tokens, cost };
}
