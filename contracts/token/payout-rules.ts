/**
 * Pure rules of revenue payouts (no near-sdk-js import: unit-tested under
 * plain Node in tests/token/pure.test.ts).
 */
import {
  GAS_FOR_FT_PAYOUT,
  GAS_FOR_PAYOUT_CALLBACK,
  GAS_FOR_PAYOUT_CALLER,
  MAX_PROOF_LENGTH,
  NEAR_SLOT,
} from "./constants";

/** Prepaid gas a call needs to pay out `slots`: its own work plus each payout and callback. */
export function payoutGasNeeded(slots: readonly number[]): bigint {
  let needed = GAS_FOR_PAYOUT_CALLER;
  for (const slot of slots) {
    needed += GAS_FOR_PAYOUT_CALLBACK + (slot === NEAR_SLOT ? 0n : GAS_FOR_FT_PAYOUT);
  }
  return needed;
}

/**
 * What the problem is with an allowlist proof to forward to the sale, or null
 * when it is absent (null/undefined) or a list of at most MAX_PROOF_LENGTH
 * hashes of 64 lowercase hex characters. The sale verifies it; the token
 * only bounds what it forwards.
 */
export function proofProblem(value: unknown): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (!Array.isArray(value)) {
    return "proof must be a list of hex sha256 hashes or null";
  }
  if (value.length > MAX_PROOF_LENGTH) {
    return `proof is longer than ${MAX_PROOF_LENGTH} hashes`;
  }
  const bad = value.findIndex((hash) => typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash));
  return bad < 0 ? null : `proof[${bad}] must be 64 lowercase hex characters`;
}

/**
 * NEAR the sale kept out of a reinvestment of `paid`: `paid` minus the
 * `refund` its `purchase_with_revenue` reports (it sends that back to the
 * buyer directly). A result without a readable refund means the sale kept
 * everything (it accepted the deposit without panicking).
 */
export function keptByPurchase(result: string, paid: bigint): bigint {
  let refund = 0n;
  try {
    const value: unknown = JSON.parse(result);
    const reported = typeof value === "object" && value !== null ? (value as { refund?: unknown }).refund : undefined;
    if (typeof reported === "string" && /^(0|[1-9][0-9]{0,38})$/.test(reported)) {
      refund = BigInt(reported);
    }
  } catch (_error) {
    // not JSON: nothing reported as refunded
  }
  return refund < paid ? paid - refund : 0n;
}
