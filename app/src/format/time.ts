/**
 * Times as the contracts keep them: nanosecond bigints (U64 decimal strings on
 * the wire). Durations are shown in whole units so a countdown never jitters.
 */

export const NS_PER_MS = 1_000_000n;
export const NS_PER_S = 1_000_000_000n;

/** "3 d 4 h", "4 h 12 min", "45 s": the two largest non-zero units. */
export function formatDuration(ns: bigint): string {
  if (ns <= 0n) return "0 s";
  const seconds = ns / NS_PER_S;
  const units: [bigint, string][] = [
    [86_400n, "d"],
    [3_600n, "h"],
    [60n, "min"],
    [1n, "s"],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, label] of units) {
    const count = rest / size;
    rest %= size;
    if (count > 0n || (parts.length > 0 && parts.length < 2)) parts.push(`${count} ${label}`);
    if (parts.length === 2) break;
  }
  const shown = parts.filter((part) => !part.startsWith("0 "));
  return shown.length ? shown.join(" ") : "< 1 s";
}

/** A chain time (ns) as an ISO-like UTC date, minute precision: the same text for every reader. */
export function formatChainTime(ns: bigint): string {
  const date = new Date(Number(ns / NS_PER_MS));
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
