/**
 * Pure rules of NEP-141 `ft_transfer_call` resolution (no near-sdk-js
 * import: unit-tested under plain Node in tests/token/pure.test.ts).
 * The receiver can only give back what it was sent and still holds.
 */

/** Parses the `unused` amount a receiver's `ft_on_transfer` returned; anything malformed counts as all unused. */
export function unusedAmount(result: string, amount: bigint): bigint {
  try {
    const value: unknown = JSON.parse(result);
    let unused: bigint | null = null;
    if (typeof value === "string" && /^[0-9]{1,39}$/.test(value)) {
      unused = BigInt(value);
    } else if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
      unused = BigInt(value);
    }
    if (unused !== null) {
      return unused < amount ? unused : amount;
    }
  } catch (_error) {
    // not JSON: a refusal of the whole amount
  }
  return amount;
}

/**
 * NEP-141 resolution: how much of `unused` goes back to the sender, given
 * what the receiver holds now (it may have spent some meanwhile).
 */
export function refundable(unused: bigint, receiverBalance: bigint): bigint {
  return receiverBalance < unused ? receiverBalance : unused;
}
