/**
 * Guards: `assert`-style checks that abort the call with a precise message.
 *
 * Every public method starts with the guards it needs, so a failing call
 * changes nothing (NEAR reverts the whole receipt on a panic) and the caller
 * reads exactly which rule was broken.
 */
import { near, validateAccountId } from "near-sdk-js";

/** 2^128 - 1: the largest value of a NEAR `U128` (balances, token amounts). */
export const U128_MAX = (1n << 128n) - 1n;

/** Panics with `message` unless `condition` holds. */
export function ensure(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(message);
  }
}

/** Exactly 1 yoctoNEAR attached: proves a full-access key signed (NEP-141 rule for transfers). */
export function assertOneYocto(): void {
  ensure(near.attachedDeposit() === 1n, "Requires attached deposit of exactly 1 yoctoNEAR");
}

/** The call comes from the contract itself (callbacks, migration). */
export function assertSelf(method: string): void {
  ensure(
    near.predecessorAccountId() === near.currentAccountId(),
    `Method ${method} is private: only ${near.currentAccountId()} may call it`,
  );
}

/**
 * Parses a U128 JSON value (a decimal string, the NEAR convention for
 * amounts) into a bigint. Rejects numbers, signs, leading zeros and values
 * above 2^128 - 1.
 */
export function parseU128(value: unknown, field: string): bigint {
  ensure(
    typeof value === "string" && /^(0|[1-9][0-9]*)$/.test(value),
    `${field} must be a decimal string (U128), got ${JSON.stringify(value)}`,
  );
  const parsed = BigInt(value);
  ensure(parsed <= U128_MAX, `${field} exceeds the U128 maximum 2^128 - 1`);
  return parsed;
}

/** Like `parseU128` but also requires a value above zero. */
export function parsePositiveU128(value: unknown, field: string): bigint {
  const parsed = parseU128(value, field);
  ensure(parsed > 0n, `${field} must be greater than zero`);
  return parsed;
}

/** A valid NEAR account id (2..64 chars, lowercase, separators `.`, `-`, `_`). */
export function assertAccountId(value: unknown, field: string): string {
  ensure(
    typeof value === "string" && validateAccountId(value),
    `${field} must be a valid NEAR account id, got ${JSON.stringify(value)}`,
  );
  return value;
}

/** An optional string argument: absent/null, or a string of at most `maxLength` characters. */
export function optionalString(value: unknown, field: string, maxLength: number): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  ensure(typeof value === "string", `${field} must be a string or null`);
  ensure(value.length <= maxLength, `${field} is longer than ${maxLength} characters`);
  return value;
}

/** An optional boolean argument, `fallback` when absent/null. */
export function optionalBool(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined || value === null) {
    return fallback;
  }
  ensure(typeof value === "boolean", `${field} must be true, false or null`);
  return value;
}
