/**
 * The pure part of the provider client (provider-client.ts): how a billing
 * period gets its id, and usage as the router's JSON. No node and no
 * near-api-js import, so the web app's providers page computes exactly the
 * ids the scripts' client pays under.
 *
 * Invariant: the same (stage, period start, length) always yields the same
 * id, and the router refuses a second payment under an id, so a period can
 * never be paid twice from either side.
 */

export interface Usage {
  requests: bigint;
  input_tokens: bigint;
  output_tokens: bigint;
}

/** `s<stage>-<UTC start, compact ISO>-<length in seconds>s`: the period containing `periodStartMs`. */
export function periodIdOf(stage: number, periodStartMs: number, periodMs: number): string {
  if (!Number.isInteger(periodStartMs) || !Number.isInteger(periodMs) || periodMs <= 0) {
    throw new Error("period start and length must be integer milliseconds, the length positive");
  }
  const start = Math.floor(periodStartMs / periodMs) * periodMs;
  const iso = new Date(start)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  return `s${stage}-${iso}-${periodMs / 1000}s`;
}

/** Usage as the router's `UsageJson`: decimal strings, so counts above 2^53 stay exact. */
export function usageJson(usage: Usage): { requests: string; input_tokens: string; output_tokens: string } {
  return {
    requests: usage.requests.toString(),
    input_tokens: usage.input_tokens.toString(),
    output_tokens: usage.output_tokens.toString(),
  };
}
