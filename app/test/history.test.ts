import test from "ava";
import { formatToken } from "../src/format/amount.ts";
import { bucketize, niceScale, scaleTo } from "../src/revenue/history.ts";
import { distributionsByAsset } from "../src/revenue/load.ts";

const NEAR = 10n ** 24n;
const HOUR = 3_600n * 10n ** 9n;

test("distributions are summed into equal time buckets from the first to just past the last", (t) => {
  const start = 1_000n * HOUR;
  const buckets = bucketize(
    [
      { atNs: start, amount: 3n * NEAR },
      { atNs: start + 11n * HOUR, amount: 1n },
      { atNs: start + 1n, amount: 2n * NEAR },
      { atNs: start + 5n * HOUR, amount: 7n },
    ],
    4,
  );
  t.is(buckets.length, 4);
  t.is(buckets[0].fromNs, start);
  // the span (11 h + 1 ns) cut in 4, rounded up: every distribution falls in a bucket, the last one included
  t.true(buckets[3].toNs > start + 11n * HOUR);
  t.deepEqual(
    buckets.map((bucket) => [bucket.total, bucket.count]),
    [
      [5n * NEAR, 2],
      [7n, 1],
      [0n, 0],
      [1n, 1],
    ],
  );
  t.is(
    buckets.reduce((sum, bucket) => sum + bucket.total, 0n),
    5n * NEAR + 8n,
  );
  for (let index = 1; index < buckets.length; index++) t.is(buckets[index].fromNs, buckets[index - 1].toNs);
});

test("one instant makes one bucket; no distribution makes none; a bucket count must be whole and positive", (t) => {
  t.deepEqual(bucketize([], 12), []);
  const single = bucketize(
    [
      { atNs: 5n, amount: 2n },
      { atNs: 5n, amount: 3n },
    ],
    12,
  );
  t.deepEqual(single, [{ fromNs: 5n, toNs: 6n, total: 5n, count: 2 }]);
  t.throws(() => bucketize([], 0), { message: "A chart needs a whole number of buckets, not 0." });
  t.throws(() => bucketize([], 2.5), { message: /whole number of buckets/ });
});

test("the scale's ticks are round amounts of the asset, its top at least the largest bucket", (t) => {
  // the smallest of 1, 2, 5 × 10^k whose four steps reach 10 NEAR is 5 NEAR (2 NEAR × 4 = 8 falls short)
  const ten = niceScale(10n * NEAR, 24);
  t.is(ten.step, 5n * NEAR);
  t.is(ten.top, 10n * NEAR);
  t.deepEqual(ten.ticks, [0n, 5n * NEAR, 10n * NEAR]);
  t.deepEqual(
    ten.ticks.map((tick) => formatToken(tick, 24, "NEAR", ten.fractionDigits)),
    ["0 NEAR", "5 NEAR", "10 NEAR"],
  );
  // 4.3 USD (6 decimals): step 2 USD, top 6 USD
  const usd = niceScale(4_300_000n, 6);
  t.deepEqual([usd.step, usd.top], [2_000_000n, 6_000_000n]);
  // 0.021 NEAR: steps of 0.01 NEAR, labels keep the two digits they need
  const small = niceScale((21n * NEAR) / 1000n, 24);
  t.is(small.step, NEAR / 100n);
  t.deepEqual(
    small.ticks.map((tick) => formatToken(tick, 24, "NEAR", small.fractionDigits)),
    ["0 NEAR", "0.01 NEAR", "0.02 NEAR", "0.03 NEAR"],
  );
  // a tiny amount in base units still gets a whole-unit step
  t.deepEqual(niceScale(3n, 24).ticks, [0n, 1n, 2n, 3n]);
  t.deepEqual(niceScale(0n, 24).ticks, [0n, 1n]);
  t.throws(() => niceScale(-1n, 24), { message: "A distribution chart has no negative amounts." });
  for (const max of [1n, 7n, 99n, 10n ** 30n + 1n]) {
    const scale = niceScale(max, 18);
    t.true(scale.top >= max && scale.ticks.length - 1 <= 4, String(max));
  }
});

test("bar heights are whole pixels of the top, rounded down, with bigint amounts beyond 2^53", (t) => {
  t.is(scaleTo(5n * NEAR, 10n * NEAR, 168), 84);
  t.is(scaleTo(10n * NEAR, 10n * NEAR, 168), 168);
  t.is(scaleTo(1n, 10n * NEAR, 168), 0);
  t.is(scaleTo(1n, 0n, 168), 0);
});

test("the token's history entries become each asset's distributions, in the token's order, as bigint", (t) => {
  const entry = (index: number, asset: string, amount: string, at: string) => ({
    index,
    timestamp_ns: at,
    asset,
    amount,
    eligible_supply: "1",
    total_distributed: amount,
  });
  const byAsset = distributionsByAsset([
    entry(0, "near", "10000000000000000000000000", "5"),
    entry(1, "usd.x", "5000000", "6"),
    entry(2, "near", "1", "7"),
  ]);
  t.deepEqual(byAsset.get("near"), [
    { atNs: 5n, amount: 10n * NEAR },
    { atNs: 7n, amount: 1n },
  ]);
  t.deepEqual(byAsset.get("usd.x"), [{ atNs: 6n, amount: 5_000_000n }]);
  t.is(distributionsByAsset([]).size, 0);
});
