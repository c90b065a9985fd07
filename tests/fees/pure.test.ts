/**
 * The router's pure math without a chain: quotes (rounding up, effective
 * price by time), usage and split parsing with their exact errors, and the
 * cumulative split (every unit credited or carried; each destination gets
 * exactly ⌊received × bps / 10,000⌋ of its segment).
 */
import test from "ava";
import fc from "fast-check";
import {
  type AssetPrice,
  effectivePrice,
  parseAssetPrice,
  parseUsage,
  type PriceList,
  quoteOf,
  settlePrices,
} from "../../contracts/fees/pricing.ts";
import { BPS_TOTAL, bpsOf, carryOf, creditPayment, newSegment, parseSplit } from "../../contracts/fees/split.ts";

const price: AssetPrice = { per_million_input: 3n, per_million_output: 7n, per_request: 11n };

test("quote: requests × per_request plus token prices per million, rounded up", (t) => {
  t.is(quoteOf(price, { requests: 0n, input_tokens: 0n, output_tokens: 0n }), 0n);
  t.is(quoteOf(price, { requests: 2n, input_tokens: 0n, output_tokens: 0n }), 22n);
  // 1 input token costs 3 / 10^6 of a unit: rounded up to 1
  t.is(quoteOf(price, { requests: 0n, input_tokens: 1n, output_tokens: 0n }), 1n);
  t.is(quoteOf(price, { requests: 0n, input_tokens: 1_000_000n, output_tokens: 1_000_000n }), 10n);
  t.is(quoteOf(price, { requests: 1n, input_tokens: 1_000_001n, output_tokens: 0n }), 11n + 4n);
});

test("effective price: the scheduled one from its time on, settlePrices promotes it", (t) => {
  const current = { near: price, stable: null, effective_at_ns: 10n };
  const next = { near: { ...price, per_request: 1n }, stable: null, effective_at_ns: 100n };
  const list: PriceList = { current, scheduled: next };
  t.is(effectivePrice(list, 99n), current);
  t.is(effectivePrice(list, 100n), next);
  settlePrices(list, 99n);
  t.is(list.scheduled, next);
  settlePrices(list, 100n);
  t.deepEqual(list, { current: next, scheduled: null });
  t.is(effectivePrice({ current: null, scheduled: null }, 5n), null);
});

test("usage: non-negative integers (numbers or decimal strings) up to U64, no other field", (t) => {
  t.deepEqual(parseUsage({ requests: 1, input_tokens: "20", output_tokens: 0 }), {
    requests: 1n,
    input_tokens: 20n,
    output_tokens: 0n,
  });
  const error = (value: unknown) => t.throws(() => parseUsage(value))?.message;
  t.is(
    error({ requests: -1, input_tokens: 0, output_tokens: 0 }),
    "usage.requests must be a non-negative integer (a JSON number or a decimal string), got -1",
  );
  t.is(
    error({ requests: 1.5, input_tokens: 0, output_tokens: 0 }),
    "usage.requests must be a non-negative integer (a JSON number or a decimal string), got 1.5",
  );
  t.is(
    error({ requests: 0, input_tokens: "-3", output_tokens: 0 }),
    'usage.input_tokens must be a non-negative integer (a JSON number or a decimal string), got "-3"',
  );
  t.is(
    error({ requests: 0, input_tokens: 0 }),
    "usage.output_tokens must be a non-negative integer (a JSON number or a decimal string), got undefined",
  );
  t.is(
    error({ requests: 0, input_tokens: 0, output_tokens: (1n << 64n).toString() }),
    "usage.output_tokens exceeds the U64 maximum",
  );
  t.is(
    error({ requests: 0, input_tokens: 0, output_tokens: 0, images: 1 }),
    "Unknown field usage.images; usage takes: requests, input_tokens, output_tokens",
  );
  t.is(error([1, 2, 3]), "usage must be a JSON object");
  t.is(parseAssetPrice(null, "near"), null);
  t.is(
    t.throws(() => parseAssetPrice({ per_request: 5 }, "near"))?.message,
    "near.per_request must be a decimal string (U128), got 5",
  );
  t.deepEqual(parseAssetPrice({ per_request: "5" }, "near"), {
    per_million_input: 0n,
    per_million_output: 0n,
    per_request: 5n,
  });
});

test("split: four integer bps summing to 10,000", (t) => {
  t.deepEqual(parseSplit({ holders_bps: 10_000 }), {
    holders_bps: 10_000,
    contributors_bps: 0,
    reserve_bps: 0,
    protocol_bps: 0,
  });
  const error = (value: unknown) => t.throws(() => parseSplit(value))?.message;
  t.is(error({ holders_bps: 5000, contributors_bps: 4999 }), "The split's basis points must sum to 10000, got 9999");
  t.is(
    error({ holders_bps: 5000.5, reserve_bps: 4999.5 }),
    "split.holders_bps must be an integer in 0..10000, got 5000.5",
  );
  t.is(error({ holders_bps: -1, reserve_bps: 10_001 }), "split.holders_bps must be an integer in 0..10000, got -1");
  t.is(
    error({ holders: 10_000 }),
    "Unknown field split.holders; split takes: holders_bps, contributors_bps, reserve_bps, protocol_bps",
  );
});

test("cumulative split: shares are exact floors of the segment, the rest carried (< 4), nothing lost", (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.nat(3333), { minLength: 3, maxLength: 3 }),
      fc.array(fc.bigInt({ min: 1n, max: 10n ** 30n }), { minLength: 1, maxLength: 30 }),
      ([a, b, c], payments) => {
        const split = { holders_bps: a, contributors_bps: b, reserve_bps: c, protocol_bps: 10_000 - a - b - c };
        const segment = newSegment();
        const totals = [0n, 0n, 0n, 0n];
        let received = 0n;
        for (const amount of payments) {
          const shares = creditPayment(segment, split, amount);
          received += amount;
          shares.forEach((share, destination) => {
            if (share < 0n) throw new Error("negative share");
            totals[destination] += share;
          });
          bpsOf(split).forEach((bps, destination) => {
            if (totals[destination] !== (received * bps) / BPS_TOTAL) throw new Error("share is not the floor");
          });
          const carry = carryOf(segment);
          if (carry < 0n || carry >= 4n) throw new Error(`carry ${carry}`);
          if (totals.reduce((sum, value) => sum + value, 0n) + carry !== received) throw new Error("unit lost");
        }
      },
    ),
    { numRuns: 200 },
  );
  t.pass();
});

test("a new segment starts with the carry, shared by the new split", (t) => {
  const first = newSegment();
  const shares = creditPayment(
    first,
    { holders_bps: 3333, contributors_bps: 3333, reserve_bps: 3334, protocol_bps: 0 },
    10n,
  );
  t.deepEqual(shares, [3n, 3n, 3n, 0n]);
  t.is(carryOf(first), 1n);
  const next = newSegment(carryOf(first));
  t.deepEqual(creditPayment(next, { holders_bps: 10_000, contributors_bps: 0, reserve_bps: 0, protocol_bps: 0 }, 5n), [
    6n,
    0n,
    0n,
    0n,
  ]);
  t.is(carryOf(next), 0n);
});
