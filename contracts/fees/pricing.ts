/**
 * The price list's math (pure: no near-sdk-js, unit-tested without a chain).
 *
 * A stage's price has a NEAR part and a stablecoin part, each a price per
 * million input tokens, per million output tokens and per request, in the
 * asset's smallest unit. The quote of a usage is
 *
 *   requests × per_request + ⌈(input × per_million_input + output × per_million_output) / 10^6⌉
 *
 * rounded up, so the sum of many small payments never pays less than the
 * published price of their total usage by more than one unit per payment.
 *
 * A price change is scheduled with an effective time; until then the
 * previous price applies, so providers see every change before it binds
 * them. `effectivePrice` is the one rule for which price applies at a time.
 */

const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;
export const TOKENS_PER_UNIT = 1_000_000n;

export interface AssetPrice {
  per_million_input: bigint;
  per_million_output: bigint;
  per_request: bigint;
}

export interface PriceSchedule {
  /** null: the stage takes no payment in NEAR. */
  near: AssetPrice | null;
  /** null: the stage takes no payment in the stablecoin. */
  stable: AssetPrice | null;
  effective_at_ns: bigint;
}

export interface PriceList {
  current: PriceSchedule | null;
  scheduled: PriceSchedule | null;
}

export interface Usage {
  requests: bigint;
  input_tokens: bigint;
  output_tokens: bigint;
}

function fail(message: string): never {
  throw new Error(message);
}

function parseUnsigned(value: unknown, field: string, max: bigint, kind: string): bigint {
  let parsed: bigint | null = null;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) parsed = BigInt(value);
  if (typeof value === "string" && /^(0|[1-9][0-9]*)$/.test(value)) parsed = BigInt(value);
  if (parsed === null) {
    fail(`${field} must be a non-negative integer (a JSON number or a decimal string), got ${JSON.stringify(value)}`);
  }
  if (parsed > max) fail(`${field} exceeds the ${kind} maximum`);
  return parsed;
}

function assertObject(value: unknown, field: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`${field} must be a JSON object`);
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!keys.includes(key)) fail(`Unknown field ${field}.${key}; ${field} takes: ${keys.join(", ")}`);
  }
  return object;
}

const USAGE_KEYS = ["requests", "input_tokens", "output_tokens"] as const;

/** `{requests, input_tokens, output_tokens}`: non-negative integers up to U64, no other fields. */
export function parseUsage(value: unknown): Usage {
  const object = assertObject(value, "usage", USAGE_KEYS);
  return {
    requests: parseUnsigned(object.requests, "usage.requests", U64_MAX, "U64"),
    input_tokens: parseUnsigned(object.input_tokens, "usage.input_tokens", U64_MAX, "U64"),
    output_tokens: parseUnsigned(object.output_tokens, "usage.output_tokens", U64_MAX, "U64"),
  };
}

const PRICE_KEYS = ["per_million_input", "per_million_output", "per_request"] as const;

function parseAmount(value: unknown, field: string): bigint {
  if (value === undefined) return 0n;
  if (typeof value !== "string" || !/^(0|[1-9][0-9]*)$/.test(value)) {
    fail(`${field} must be a decimal string (U128), got ${JSON.stringify(value)}`);
  }
  const parsed = BigInt(value);
  if (parsed > U128_MAX) fail(`${field} exceeds the U128 maximum`);
  return parsed;
}

/** An asset price of U128 decimal strings (an absent field is "0"), or null/absent for "not accepted in this asset". */
export function parseAssetPrice(value: unknown, field: string): AssetPrice | null {
  if (value === undefined || value === null) return null;
  const object = assertObject(value, field, PRICE_KEYS);
  return {
    per_million_input: parseAmount(object.per_million_input, `${field}.per_million_input`),
    per_million_output: parseAmount(object.per_million_output, `${field}.per_million_output`),
    per_request: parseAmount(object.per_request, `${field}.per_request`),
  };
}

/** The quote of `usage` at `price`, rounded up to the asset's unit. */
export function quoteOf(price: AssetPrice, usage: Usage): bigint {
  const tokens = usage.input_tokens * price.per_million_input + usage.output_tokens * price.per_million_output;
  return usage.requests * price.per_request + (tokens + TOKENS_PER_UNIT - 1n) / TOKENS_PER_UNIT;
}

/** The schedule in force at `now`: the scheduled one once its time has come, else the current one. */
export function effectivePrice(list: PriceList, now: bigint): PriceSchedule | null {
  if (list.scheduled !== null && now >= list.scheduled.effective_at_ns) return list.scheduled;
  return list.current;
}

/** Promotes a due scheduled price to current (before a write, so at most one change waits). */
export function settlePrices(list: PriceList, now: bigint): void {
  if (list.scheduled !== null && now >= list.scheduled.effective_at_ns) {
    list.current = list.scheduled;
    list.scheduled = null;
  }
}
