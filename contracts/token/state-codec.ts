/**
 * The token's JSON state as stored under `STATE`: bigints as plain decimal
 * strings at fields known here, instead of near-sdk-js's default of one
 * `{"value": "…", "typeInfo": "bigint"}` object per bigint (pure: no
 * near-sdk-js import, unit-tested in tests/token/pure.test.ts).
 *
 * Why: every call decodes and re-encodes the whole state. near-sdk-js's
 * default runs a JavaScript reviver on every node when decoding and a
 * replacer on every node when encoding; here JSON.parse and JSON.stringify
 * run without callbacks (native code) and only the 33 bigints are
 * converted, by name. The stored JSON is also half as long.
 *
 * Compatibility, both ways:
 * - decoding accepts each bigint field as a decimal string or as
 *   near-sdk-js's object, field by field, so the state written by earlier
 *   versions (and by `migrate`, which writes near-sdk-js's format through
 *   contracts/common/upgrade.ts) loads unchanged; the first call that writes
 *   the state stores it in this form. No migration step is needed.
 * - near-sdk-js's own `deserialize` (used by `upgrade` / `migrate` to read
 *   `admin` and `timelock`) reads this form as plain JSON: the bigint fields
 *   come out as strings, which the shared upgrade code never reads, and its
 *   `serialize` writes them back as strings, which decode here again.
 *
 * A bigint field added to the state but not listed here cannot be lost
 * silently: JSON.stringify throws on a bigint, so every call would panic.
 */

/** Top-level bigint fields of `TokenContract` (see index.ts / state.ts). */
const STATE_BIGINTS = [
  "max_supply",
  "total_supply",
  "eligible_total",
  "min_eligible_supply",
  "revenue_stream_ns",
  "storage_bytes_per_account",
  "registration_deposits",
] as const;

/** Bigint fields of each revenue pool (`AssetPool`, types.ts). */
const POOL_BIGINTS = [
  "acc",
  "pending",
  "unstreamed",
  "rate",
  "period_finish",
  "last_update",
  "stream_amount",
  "distributed",
  "claimed",
  "in_flight",
  "reinvested",
] as const;

/** Top-level arrays of bigints, one per revenue slot. */
const STATE_BIGINT_LISTS = ["sweep_in_flight", "swept"] as const;

type Json = Record<string, unknown>;

/** A stored bigint: a decimal string (this form) or near-sdk-js's `{value, typeInfo: "bigint"}`. */
function toBigint(stored: unknown, field: string): bigint {
  if (typeof stored === "string") {
    return BigInt(stored);
  }
  if (typeof stored === "object" && stored !== null && (stored as Json).typeInfo === "bigint") {
    return BigInt((stored as Json).value as string);
  }
  throw new Error(`Corrupt state: ${field} is ${JSON.stringify(stored)}, not an integer`);
}

/** The state object from its stored JSON text (either form; see the file head). */
export function decodeTokenState(text: string): Json {
  const state = JSON.parse(text) as Json;
  for (const field of STATE_BIGINTS) {
    state[field] = toBigint(state[field], field);
  }
  for (const pool of state.pools as Json[]) {
    for (const field of POOL_BIGINTS) {
      pool[field] = toBigint(pool[field], field);
    }
  }
  for (const field of STATE_BIGINT_LISTS) {
    state[field] = (state[field] as unknown[]).map((stored) => toBigint(stored, field));
  }
  return state;
}

/** The stored JSON text of the state (bigints as decimal strings); the state object itself is left unchanged. */
export function encodeTokenState(state: object): string {
  const source = state as Json;
  const out: Json = {};
  for (const field in source) {
    out[field] = source[field];
  }
  for (const field of STATE_BIGINTS) {
    out[field] = (source[field] as bigint).toString();
  }
  out.pools = (source.pools as Json[]).map((pool) => {
    const copy: Json = {};
    for (const field in pool) {
      copy[field] = pool[field];
    }
    for (const field of POOL_BIGINTS) {
      copy[field] = (pool[field] as bigint).toString();
    }
    return copy;
  });
  for (const field of STATE_BIGINT_LISTS) {
    out[field] = (source[field] as bigint[]).map((value) => value.toString());
  }
  return JSON.stringify(out);
}
