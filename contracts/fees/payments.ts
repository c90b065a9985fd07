/**
 * Fee payments: NEAR through `pay_fees`, the stablecoin through its
 * `ft_transfer_call` (msg = the same arguments as JSON). One function books
 * both, so both assets follow exactly the same rules.
 *
 * Invariants:
 * - Every check runs before the first write, and any failure panics: the
 *   NEAR deposit returns with the failed receipt and the stablecoin refunds
 *   a panicking ft_on_transfer, so a refused payment (unknown, pending or
 *   suspended provider, unserved or unpriced stage, bad usage, below the
 *   quote, duplicate period) changes nothing and costs the payer only gas.
 * - (provider, stage, period_id) is paid at most once: the payment record's
 *   key is that triple, and its existence refuses a retry.
 * - Overpayment is kept as a tip: the whole amount is split like the fee, and
 *   the part above the quote is recorded as `tip` (payment, usage, stage and
 *   asset books), so a provider can round up without a refund receipt.
 * - Per asset: received grows by the amount; pending by the shares credited;
 *   carried by the rounding rest (split.ts): received = forwarded + pending
 *   + in_flight + carried holds after every payment.
 * - Constant work: one provider, one stage, one usage and one payment record
 *   plus fixed-size books, however many providers and payments exist.
 */
import { near } from "near-sdk-js";
import { ensure, optionalString } from "../common/guards";
import { MAX_MEMO_LENGTH, MAX_PERIOD_ID_LENGTH, NEAR_ASSET, NEAR_SLOT } from "./constants";
import { emitFees } from "./events";
import { effectivePrice, parseUsage, quoteOf, settlePrices, type Usage } from "./pricing";
import { chargeStorage, existingProvider } from "./providers";
import {
  hasPayment,
  newUsage,
  parseStage,
  readStage,
  readUsage,
  writePayment,
  writeStage,
  writeUsage,
} from "./records";
import { carryOf, creditPayment, DESTINATIONS } from "./split";
import {
  bucketIndex,
  type FeesState,
  TARGET_FIRST_STAGE,
  TARGET_HOLDERS,
  TARGET_PROTOCOL,
  TARGET_RESERVE,
} from "./state";

const PAY_KEYS = ["stage", "period_id", "usage", "memo"];

export function assetOfSlot(state: FeesState, slot: number): string {
  return slot === NEAR_SLOT ? NEAR_ASSET : state.stable_id;
}

/** The bucket target of each destination (split.ts order) for a stage's payment. */
export function targetsOf(stage: number): number[] {
  return [TARGET_HOLDERS, TARGET_FIRST_STAGE + stage, TARGET_RESERVE, TARGET_PROTOCOL];
}

export interface ParsedPayment {
  stage: number;
  period_id: string;
  usage: Usage;
  memo: string | null;
}

export function parsePayment(args: unknown): ParsedPayment {
  ensure(typeof args === "object" && args !== null && !Array.isArray(args), "The payment must be a JSON object");
  const object = args as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    ensure(PAY_KEYS.includes(key), `Unknown payment field ${key}; a payment takes: ${PAY_KEYS.join(", ")}`);
  }
  const stage = parseStage(object.stage);
  const periodId = object.period_id;
  ensure(
    typeof periodId === "string" && new RegExp(`^[A-Za-z0-9._-]{1,${MAX_PERIOD_ID_LENGTH}}$`).test(periodId),
    `period_id must be 1..${MAX_PERIOD_ID_LENGTH} characters of A-Z a-z 0-9 . _ -, got ${JSON.stringify(periodId)}`,
  );
  let usage: Usage;
  try {
    usage = parseUsage(object.usage);
  } catch (error) {
    throw new Error((error as Error).message);
  }
  return { stage, period_id: periodId, usage, memo: optionalString(object.memo, "memo", MAX_MEMO_LENGTH) };
}

export function payFees(state: FeesState, args: unknown, slot: number, amount: bigint, payer: string, now: bigint) {
  const payment = parsePayment(args);
  const { stage, period_id: periodId, usage } = payment;
  const asset = assetOfSlot(state, slot);
  const provider = existingProvider(payer);
  ensure(provider.status === "active", `Provider ${payer} is ${provider.status}: only active providers pay fees`);
  ensure(provider.stages.includes(stage), `Provider ${payer} does not serve stage ${stage}`);
  ensure(!hasPayment(stage, payer, periodId), `Period ${periodId} of stage ${stage} is already paid by ${payer}`);
  const record = readStage(stage);
  settlePrices(record.prices, now);
  const schedule = effectivePrice(record.prices, now);
  const price = schedule === null ? null : slot === NEAR_SLOT ? schedule.near : schedule.stable;
  ensure(price !== null, `Stage ${stage} has no ${asset} price`);
  const quote = quoteOf(price, usage);
  ensure(amount >= quote, `The payment of ${amount} ${asset} is below the quote of ${quote} for this usage`);
  const tip = amount - quote;

  const before = near.storageUsage();
  const totals = readUsage(stage, payer) ?? newUsage();
  writePayment(stage, payer, totals.payments, { period_id: periodId, slot, amount, quote, usage, paid_at_ns: now });
  totals.requests += usage.requests;
  totals.input_tokens += usage.input_tokens;
  totals.output_tokens += usage.output_tokens;
  totals.payments += 1;
  totals.paid[slot] += amount;
  totals.tips[slot] += tip;
  totals.last_period_id = periodId;
  totals.last_paid_at_ns = now;
  writeUsage(stage, payer, totals);
  chargeStorage(provider, before);

  const carriedBefore = carryOf(record.segments[slot]);
  const shares = creditPayment(record.segments[slot], record.split, amount);
  const revenue = record.revenue[slot];
  revenue.received += amount;
  revenue.tips += tip;
  revenue.payments += 1;
  const targets = targetsOf(stage);
  let credited = 0n;
  shares.forEach((share, destination) => {
    revenue.shares[destination] += share;
    state.buckets[bucketIndex(targets[destination], slot)].pending += share;
    credited += share;
  });
  writeStage(record);
  const books = state.books[slot];
  books.received += amount;
  books.tips += tip;
  books.pending += credited;
  books.carried += carryOf(record.segments[slot]) - carriedBefore;

  const shareJson: Record<string, bigint> = {};
  DESTINATIONS.forEach((name, destination) => {
    shareJson[name] = shares[destination];
  });
  emitFees("fee_paid", {
    provider_id: payer,
    stage,
    period_id: periodId,
    asset,
    amount,
    quote,
    tip,
    usage: { requests: usage.requests, input_tokens: usage.input_tokens, output_tokens: usage.output_tokens },
    shares: shareJson,
    memo: payment.memo,
  });
}
