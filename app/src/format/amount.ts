/**
 * Amounts as the contracts keep them: bigint base units, shown and typed as
 * decimal text with the token's decimals. Nothing here touches a float, so
 * what the user reads and what the wallet signs are the same number.
 */

/** The outcome of reading a typed amount: the base units, or a sentence saying what is wrong. */
export type ParsedAmount = { ok: true; value: bigint } | { ok: false; error: string };

/** Reads "1,234.5" (commas allowed as thousands separators) into base units with `decimals` places. */
export function parseAmount(text: string, decimals: number, symbol = "tokens"): ParsedAmount {
  const compact = text.trim().replaceAll(",", "");
  if (compact === "") return { ok: false, error: "Enter an amount." };
  if (compact.startsWith("-")) return { ok: false, error: "The amount cannot be negative." };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(compact);
  if (!match || (match[1] === "" && (match[2] ?? "") === ""))
    return { ok: false, error: `"${text.trim()}" is not a number.` };
  const [, whole, fraction = ""] = match;
  if (fraction.length > decimals)
    return {
      ok: false,
      error:
        decimals === 0
          ? `${symbol} cannot be split: enter a whole number.`
          : `${symbol} has at most ${decimals} decimal places.`,
    };
  const value = BigInt(whole || "0") * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
  return { ok: true, value };
}

export interface FormatOptions {
  /** Fraction digits kept at most (the rest is cut, never rounded up: a balance is never shown larger than it is). */
  maxFractionDigits?: number;
  /** Thousands separators in the whole part (default true). */
  grouping?: boolean;
}

/** Base units → "1,234.5": trailing zeros trimmed, the fraction cut to `maxFractionDigits`. */
export function formatAmount(value: bigint, decimals: number, options: FormatOptions = {}): string {
  const { maxFractionDigits = decimals, grouping = true } = options;
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = (magnitude / scale).toString();
  const fraction = (magnitude % scale)
    .toString()
    .padStart(decimals, "0")
    .slice(0, Math.max(0, maxFractionDigits))
    .replace(/0+$/, "");
  const wholeText = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") : whole;
  return `${negative ? "-" : ""}${wholeText}${fraction ? `.${fraction}` : ""}`;
}

/** An amount with its symbol; a non-zero amount too small for the digits shown reads "< 0.0001 SYM", not "0". */
export function formatToken(value: bigint, decimals: number, symbol: string, maxFractionDigits = 4): string {
  const shown = Math.min(decimals, maxFractionDigits);
  const smallest = 10n ** BigInt(decimals - shown);
  if (value > 0n && value < smallest) return `< ${formatAmount(smallest, decimals)} ${symbol}`;
  return `${formatAmount(value, decimals, { maxFractionDigits: shown })} ${symbol}`;
}

export const NEAR_DECIMALS = 24;

export function formatNear(yocto: bigint, maxFractionDigits = 4): string {
  return formatToken(yocto, NEAR_DECIMALS, "NEAR", maxFractionDigits);
}

/** A deposit as a wallet shows it: NEAR, or yoctoNEAR when below a millionth (the 1 yocto security deposits). */
export function formatDeposit(yocto: bigint): string {
  return yocto > 0n && yocto < 10n ** 18n ? `${yocto} yoctoNEAR` : formatNear(yocto, 6);
}

/** Basis points → "12.5%" (exact: 1 bp = 0.01%). */
export function formatBps(bps: number | bigint): string {
  return `${formatAmount(BigInt(bps), 2)}%`;
}

/** `part` of `whole` in basis points, rounded down, capped at 10,000 (for bars; 0 when `whole` is 0). */
export function shareBps(part: bigint, whole: bigint): number {
  if (whole <= 0n || part <= 0n) return 0;
  const bps = (part * 10_000n) / whole;
  return Number(bps > 10_000n ? 10_000n : bps);
}

/**
 * The cost of `tokens` base units at `price` (base units of the paying asset per whole token), rounded up as
 * the sale charges, so a quote never promises more tokens than the payment buys.
 */
export function costOf(tokens: bigint, price: bigint, tokenDecimals: number): bigint {
  const scale = 10n ** BigInt(tokenDecimals);
  return (tokens * price + scale - 1n) / scale;
}

/** Token base units a payment buys at `price` per whole token, rounded down. */
export function tokensFor(payment: bigint, price: bigint, tokenDecimals: number): bigint {
  if (price <= 0n) return 0n;
  return (payment * 10n ** BigInt(tokenDecimals)) / price;
}
