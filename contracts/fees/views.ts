/**
 * Views: records and books converted to the JSON of interface.ts. Each view
 * reads a bounded number of records (one stage, one provider, one page).
 */
import { near } from "near-sdk-js";
import { ensure } from "../common/guards";
import { MAX_PAGE, SLOT_COUNT } from "./constants";
import type { PaymentView, StageRevenueView, TotalsView, UsageView } from "./interface";
import { assetOfSlot } from "./payments";
import { effectivePrice, parseUsage, quoteOf } from "./pricing";
import { parseStage, readPayment, readPaymentAt, readStage, readUsage } from "./records";
import { carryOf, DESTINATIONS } from "./split";
import type { FeesState } from "./state";
import type { PaymentRecord } from "./types";

export function page(from: unknown, limit: unknown): { start: number; count: number } {
  const start = typeof from === "number" && Number.isInteger(from) && from > 0 ? from : 0;
  const count = typeof limit === "number" && Number.isInteger(limit) && limit > 0 ? Math.min(limit, MAX_PAGE) : 20;
  return { start, count };
}

function slots(state: FeesState): number {
  return state.stable_id === "" ? 1 : SLOT_COUNT;
}

export function quoteView(state: FeesState, stageArg: unknown, usageArg: unknown, now: bigint) {
  const stage = parseStage(stageArg);
  let usage: ReturnType<typeof parseUsage>;
  try {
    usage = parseUsage(usageArg);
  } catch (error) {
    throw new Error((error as Error).message);
  }
  const schedule = effectivePrice(readStage(stage).prices, now);
  ensure(schedule !== null, `Stage ${stage} has no price`);
  return {
    stage,
    near: schedule.near === null ? null : quoteOf(schedule.near, usage).toString(),
    stable: schedule.stable === null || state.stable_id === "" ? null : quoteOf(schedule.stable, usage).toString(),
    effective_at_ns: schedule.effective_at_ns.toString(),
  };
}

export function usageView(state: FeesState, providerId: string, stageArg: unknown): UsageView | null {
  const stage = parseStage(stageArg);
  const record = readUsage(stage, providerId);
  if (record === null) return null;
  const paid: Record<string, string> = {};
  const tips: Record<string, string> = {};
  for (let slot = 0; slot < slots(state); slot++) {
    paid[assetOfSlot(state, slot)] = record.paid[slot].toString();
    tips[assetOfSlot(state, slot)] = record.tips[slot].toString();
  }
  return {
    provider_id: providerId,
    stage,
    requests: record.requests.toString(),
    input_tokens: record.input_tokens.toString(),
    output_tokens: record.output_tokens.toString(),
    payments: record.payments,
    paid,
    tips,
    last_period_id: record.last_period_id,
    last_paid_at_ns: record.last_paid_at_ns.toString(),
  };
}

function paymentJson(state: FeesState, providerId: string, stage: number, record: PaymentRecord): PaymentView {
  return {
    provider_id: providerId,
    stage,
    period_id: record.period_id,
    asset: assetOfSlot(state, record.slot),
    amount: record.amount.toString(),
    quote: record.quote.toString(),
    tip: (record.amount - record.quote).toString(),
    usage: {
      requests: record.usage.requests.toString(),
      input_tokens: record.usage.input_tokens.toString(),
      output_tokens: record.usage.output_tokens.toString(),
    },
    paid_at_ns: record.paid_at_ns.toString(),
  };
}

export function paymentView(state: FeesState, providerId: string, stageArg: unknown, periodId: unknown) {
  const stage = parseStage(stageArg);
  ensure(typeof periodId === "string", "period_id must be a string");
  const record = readPayment(stage, providerId, periodId);
  return record === null ? null : paymentJson(state, providerId, stage, record);
}

export function paymentsView(
  state: FeesState,
  providerId: string,
  stageArg: unknown,
  from: unknown,
  limit: unknown,
): PaymentView[] {
  const stage = parseStage(stageArg);
  const { start, count } = page(from, limit);
  const out: PaymentView[] = [];
  for (let index = start; index < start + count; index++) {
    const record = readPaymentAt(stage, providerId, index);
    if (record === null) break;
    out.push(paymentJson(state, providerId, stage, record));
  }
  return out;
}

export function stageRevenueView(state: FeesState, stageArg: unknown): StageRevenueView {
  const record = readStage(parseStage(stageArg));
  const revenue: StageRevenueView["revenue"] = {};
  for (let slot = 0; slot < slots(state); slot++) {
    const books = record.revenue[slot];
    const shares = {} as Record<(typeof DESTINATIONS)[number], string>;
    DESTINATIONS.forEach((name, destination) => {
      shares[name] = books.shares[destination].toString();
    });
    revenue[assetOfSlot(state, slot)] = {
      received: books.received.toString(),
      tips: books.tips.toString(),
      payments: books.payments,
      shares,
      carried: carryOf(record.segments[slot]).toString(),
    };
  }
  return { stage: record.stage, split: record.split, revenue };
}

export function totalsView(state: FeesState): TotalsView {
  const assets: TotalsView["assets"] = {};
  for (let slot = 0; slot < slots(state); slot++) {
    const books = state.books[slot];
    assets[assetOfSlot(state, slot)] = {
      received: books.received.toString(),
      tips: books.tips.toString(),
      forwarded: books.forwarded.toString(),
      pending: books.pending.toString(),
      in_flight: books.in_flight.toString(),
      carried: books.carried.toString(),
    };
  }
  return {
    assets,
    providers: state.provider_count,
    bonds: state.bonds.toString(),
    storage_deposits: state.storage_deposits.toString(),
    near_balance: near.accountBalance().toString(),
  };
}
