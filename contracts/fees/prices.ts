/**
 * The price list per stage: scheduling a change (config role) and reading
 * the price in force (pricing.ts holds the math).
 *
 * Invariant: a price never applies before `price_notice_ns` after it was
 * announced, and at most one change waits per stage (a new announcement
 * replaces the waiting one, evented with `replaced: true`), so the view of
 * the current and scheduled price is all a provider needs to know.
 */
import { ensure } from "../common/guards";
import { emitFees } from "./events";
import type { AssetPriceJson, PriceScheduleView, PricesView, SetPriceArgs } from "./interface";
import { type AssetPrice, effectivePrice, parseAssetPrice, type PriceSchedule, settlePrices } from "./pricing";
import { parseStage, readStage, writeStage } from "./records";
import type { FeesState } from "./state";

const U64_MAX = (1n << 64n) - 1n;

function parseEffectiveAt(value: unknown, earliest: bigint): bigint {
  if (value === undefined || value === null) return earliest;
  ensure(
    typeof value === "string" && /^(0|[1-9][0-9]{0,19})$/.test(value) && BigInt(value) <= U64_MAX,
    `effective_at_ns must be a U64 decimal string, got ${JSON.stringify(value)}`,
  );
  const at = BigInt(value);
  ensure(at >= earliest, `effective_at_ns ${at} is earlier than now + price_notice_ns (${earliest})`);
  return at;
}

function parsePrice(value: unknown, field: string): AssetPrice | null {
  try {
    return parseAssetPrice(value, field);
  } catch (error) {
    // pricing.ts is pure and throws plain errors; this keeps the message as the panic
    throw new Error((error as Error).message);
  }
}

export function setPrice(state: FeesState, args: SetPriceArgs, now: bigint, by: string): void {
  const stage = parseStage(args.stage);
  const near = parsePrice(args.near, "near");
  const stable = parsePrice(args.stable, "stable");
  ensure(near !== null || stable !== null, "A price needs a near part, a stable part or both");
  ensure(stable === null || state.stable_id !== "", "The router has no stablecoin: set only the near price");
  const effectiveAt = parseEffectiveAt(args.effective_at_ns, now + state.price_notice_ns);
  const record = readStage(stage);
  settlePrices(record.prices, now);
  const replaced = record.prices.scheduled !== null;
  record.prices.scheduled = { near, stable, effective_at_ns: effectiveAt };
  settlePrices(record.prices, now);
  writeStage(record);
  emitFees("price_scheduled", {
    stage,
    near: assetPriceJson(near),
    stable: assetPriceJson(stable),
    effective_at_ns: effectiveAt,
    replaced,
    by,
  });
}

export function assetPriceJson(price: AssetPrice | null): AssetPriceJson | null {
  return price === null
    ? null
    : {
        per_million_input: price.per_million_input.toString(),
        per_million_output: price.per_million_output.toString(),
        per_request: price.per_request.toString(),
      };
}

function scheduleView(schedule: PriceSchedule | null): PriceScheduleView | null {
  return schedule === null
    ? null
    : {
        near: assetPriceJson(schedule.near),
        stable: assetPriceJson(schedule.stable),
        effective_at_ns: schedule.effective_at_ns.toString(),
      };
}

export function pricesView(stage: number, now: bigint): PricesView {
  const { prices } = readStage(stage);
  const effective = effectivePrice(prices, now);
  const waiting = prices.scheduled !== null && prices.scheduled !== effective ? prices.scheduled : null;
  return { stage, effective: scheduleView(effective), scheduled: scheduleView(waiting) };
}
