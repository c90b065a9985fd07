/**
 * Reading and writing the router's records: JSON in near-sdk-js's own
 * encoding (bigints revive on read), one key each (keys.ts), so a call
 * reads only the provider, stage and period it touches: the gas of every
 * call is independent of how many providers and payments exist.
 */
import { deserialize, near, serialize } from "near-sdk-js";
import { ensure } from "../common/guards";
import { SLOT_COUNT, STAGE_COUNT } from "./constants";
import { paymentIndexKey, paymentKey, providerIndexKey, providerKey, stageKey, usageKey } from "./keys";
import { newSegment, type Split } from "./split";
import type { PaymentRecord, Provider, StageRecord, StageRevenue, UsageRecord } from "./types";

function read<T>(key: Uint8Array): T | null {
  const raw = near.storageReadRaw(key);
  return raw === null ? null : (deserialize(raw) as T);
}

function write(key: Uint8Array, value: unknown): void {
  near.storageWriteRaw(key, serialize(value));
}

/** Parses a stage argument: an integer in 0..6. */
export function parseStage(value: unknown): number {
  ensure(
    typeof value === "number" && Number.isInteger(value) && value >= 0 && value < STAGE_COUNT,
    `stage must be an integer in 0..${STAGE_COUNT - 1}, got ${JSON.stringify(value)}`,
  );
  return value;
}

function newRevenue(): StageRevenue {
  return { received: 0n, tips: 0n, payments: 0, shares: [0n, 0n, 0n, 0n] };
}

export function newStageRecord(stage: number, split: Split): StageRecord {
  const segments = [];
  const revenue = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    segments.push(newSegment());
    revenue.push(newRevenue());
  }
  return { stage, prices: { current: null, scheduled: null }, split, segments, revenue };
}

export function readStage(stage: number): StageRecord {
  const record = read<StageRecord>(stageKey(stage));
  ensure(record !== null, `Stage ${stage} record is missing`);
  return record;
}

export function writeStage(record: StageRecord): void {
  write(stageKey(record.stage), record);
}

export const readProvider = (accountId: string): Provider | null => read<Provider>(providerKey(accountId));
export const writeProvider = (provider: Provider): void => write(providerKey(provider.account_id), provider);

export function readProviderAt(index: number): string | null {
  return read<string>(providerIndexKey(index));
}

export function writeProviderAt(index: number, accountId: string): void {
  write(providerIndexKey(index), accountId);
}

export const readUsage = (stage: number, accountId: string): UsageRecord | null =>
  read<UsageRecord>(usageKey(stage, accountId));
export const writeUsage = (stage: number, accountId: string, usage: UsageRecord): void =>
  write(usageKey(stage, accountId), usage);

export function newUsage(): UsageRecord {
  return {
    requests: 0n,
    input_tokens: 0n,
    output_tokens: 0n,
    payments: 0,
    paid: [0n, 0n],
    tips: [0n, 0n],
    last_period_id: "",
    last_paid_at_ns: 0n,
  };
}

export const readPayment = (stage: number, accountId: string, periodId: string): PaymentRecord | null =>
  read<PaymentRecord>(paymentKey(stage, accountId, periodId));

export function hasPayment(stage: number, accountId: string, periodId: string): boolean {
  return near.storageHasKeyRaw(paymentKey(stage, accountId, periodId));
}

export function writePayment(stage: number, accountId: string, index: number, payment: PaymentRecord): void {
  write(paymentKey(stage, accountId, payment.period_id), payment);
  write(paymentIndexKey(stage, accountId, index), payment.period_id);
}

export function readPaymentAt(stage: number, accountId: string, index: number): PaymentRecord | null {
  const periodId = read<string>(paymentIndexKey(stage, accountId, index));
  return periodId === null ? null : readPayment(stage, accountId, periodId);
}
