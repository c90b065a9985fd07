import test from "ava";
import {
  costOf,
  formatAmount,
  formatBps,
  formatDeposit,
  formatNear,
  formatToken,
  parseAmount,
  shareBps,
  tokensFor,
} from "../src/format/amount.ts";
import { formatDuration } from "../src/format/time.ts";

test("parseAmount reads decimals exactly, beyond what a float holds", (t) => {
  t.deepEqual(parseAmount("12.5", 24), { ok: true, value: 12_500_000_000_000_000_000_000_000n });
  t.deepEqual(parseAmount("0.000000000000000000000001", 24), { ok: true, value: 1n });
  t.deepEqual(parseAmount("123456789012345678.123456789012345678", 18), {
    ok: true,
    value: 123456789012345678123456789012345678n,
  });
  t.deepEqual(parseAmount("1,000", 6), { ok: true, value: 1_000_000_000n });
  t.deepEqual(parseAmount(".5", 6), { ok: true, value: 500_000n });
  t.deepEqual(parseAmount("7.", 6), { ok: true, value: 7_000_000n });
});

test("parseAmount explains what is wrong with bad input", (t) => {
  t.deepEqual(parseAmount("", 6), { ok: false, error: "Enter an amount." });
  t.deepEqual(parseAmount("-1", 6), { ok: false, error: "The amount cannot be negative." });
  t.deepEqual(parseAmount("1e3", 6), { ok: false, error: '"1e3" is not a number.' });
  t.deepEqual(parseAmount(".", 6), { ok: false, error: '"." is not a number.' });
  t.deepEqual(parseAmount("0.1234567", 6, "USD"), { ok: false, error: "USD has at most 6 decimal places." });
  t.deepEqual(parseAmount("1.5", 0, "POINT"), { ok: false, error: "POINT cannot be split: enter a whole number." });
});

test("formatAmount groups thousands, trims zeros and cuts (never rounds up) the fraction", (t) => {
  t.is(formatAmount(1_234_567_890_000n, 6), "1,234,567.89");
  t.is(formatAmount(1_999_999n, 6, { maxFractionDigits: 2 }), "1.99");
  t.is(formatAmount(0n, 24), "0");
  t.is(formatAmount(-1_500_000n, 6), "-1.5");
  t.is(formatAmount(1_000_000_000n, 6, { grouping: false }), "1000");
  t.is(formatAmount(10n ** 30n, 24, { maxFractionDigits: 0 }), "1,000,000");
});

test("formatToken and formatNear show tiny non-zero amounts as such, not as 0", (t) => {
  t.is(formatNear(10n ** 22n), "0.01 NEAR");
  t.is(formatNear(1n), "< 0.0001 NEAR");
  t.is(formatNear(0n), "0 NEAR");
  t.is(formatToken(123_456_789n, 6, "USD", 2), "123.45 USD");
  t.is(formatToken(5n, 0, "PT"), "5 PT");
  t.is(formatDeposit(1n), "1 yoctoNEAR");
  t.is(formatDeposit(1_250_000_000_000_000_000_000n), "0.00125 NEAR");
});

test("round-trips: formatting then parsing gives back the base units", (t) => {
  for (const value of [0n, 1n, 999_999n, 10n ** 24n + 1n, 123_456_789_012_345_678_901_234_567n]) {
    const text = formatAmount(value, 24);
    t.deepEqual(parseAmount(text, 24), { ok: true, value }, text);
  }
});

test("shareBps, formatBps and the sale's price math use integers", (t) => {
  t.is(shareBps(1n, 3n), 3333);
  t.is(shareBps(5n, 0n), 0);
  t.is(shareBps(7n, 5n), 10_000);
  t.is(formatBps(2000), "20%");
  t.is(formatBps(1234), "12.34%");
  // 0.01 NEAR per whole MOD (18 decimals): 1.5 MOD cost 0.015 NEAR; 1 NEAR buys 100 MOD.
  t.is(costOf(15n * 10n ** 17n, 10n ** 22n, 18), 15n * 10n ** 21n);
  t.is(tokensFor(10n ** 24n, 10n ** 22n, 18), 100n * 10n ** 18n);
  // A cost that does not divide evenly is rounded up: one base unit at 3 per whole token of 1 decimal.
  t.is(costOf(1n, 3n, 1), 1n);
});

test("formatDuration shows the two largest units", (t) => {
  const s = 1_000_000_000n;
  t.is(formatDuration(0n), "0 s");
  t.is(formatDuration(45n * s), "45 s");
  t.is(formatDuration((3n * 86_400n + 4n * 3_600n + 5n) * s), "3 d 4 h");
  t.is(formatDuration((2n * 3_600n + 30n) * s), "2 h");
  t.is(formatDuration(500_000_000n), "< 1 s");
});
