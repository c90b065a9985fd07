/**
 * Exact decimal → base-unit conversion for config files. Money never passes
 * through a float: "12.5" NEAR is split at the dot and scaled as bigint.
 */

/** `parseUnits("12.5", 24)` → 12500000000000000000000000n. Throws on more fractional digits than `decimals`. */
export function parseUnits(amount: string, decimals: number): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`"${amount}" is not a non-negative decimal number`);
  const [, whole, fraction = ""] = match;
  if (fraction.length > decimals) throw new Error(`"${amount}" has more than ${decimals} decimals`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
}

/** The inverse of parseUnits, trimming trailing zeros: formatUnits(12500000000000000000000000n, 24) → "12.5". */
export function formatUnits(value: bigint, decimals: number, maxFractionDigits = decimals): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  const fraction = (abs % scale).toString().padStart(decimals, "0").slice(0, maxFractionDigits).replace(/0+$/, "");
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${wholeText}${fraction ? `.${fraction}` : ""}`;
}

export const NEAR_DECIMALS = 24;

/** A NEAR amount for a config file, as a yoctoNEAR decimal string. */
export function near(amount: string): string {
  return parseUnits(amount, NEAR_DECIMALS).toString();
}

/** A token amount for a config file, as a base-unit decimal string. */
export function units(amount: string, decimals: number): string {
  return parseUnits(amount, decimals).toString();
}

export function formatNear(yocto: bigint, maxFractionDigits = 4): string {
  // Amounts too small to show in NEAR (1 yocto deposits, storage refunds) are shown in yocto.
  if (yocto !== 0n && (yocto < 0n ? -yocto : yocto) < 10n ** BigInt(NEAR_DECIMALS - maxFractionDigits))
    return `${yocto} yocto`;
  return `${formatUnits(yocto, NEAR_DECIMALS, maxFractionDigits)} NEAR`;
}

export const TGAS = 1_000_000_000_000n;

export function formatGas(gas: bigint): string {
  return `${formatUnits(gas, 12, 2)} TGas`;
}
