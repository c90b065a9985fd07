/**
 * Round configuration (validation, normalisation), status and the JSON
 * views of a round.
 *
 * Invariants of every stored round (checked by `parseRoundConfig`):
 * - start_ns < end_ns; 0 < hard_cap <= token_allocation; soft_cap <= hard_cap;
 *   min_per_account <= max_per_account <= hard_cap; max_per_account > 0.
 * - at least one asset is accepted; a tier prices exactly the accepted assets;
 *   tiers' until_sold strictly increase and are <= hard_cap; prices > 0.
 * - the release schedule is valid and anchored to the end (tranches.ts); the
 *   vesting TGE share is at most 10000 bps, the cliff at most MAX_CLIFF_NS
 *   and the linear part at most MAX_VESTING_DURATION_NS.
 * - `key` is unique per sale (index.ts checks the `k<key>` map).
 * Hence tokens_sold <= hard_cap <= token_allocation (purchases never sell
 * past hard_cap).
 */
import { ensure, parseU128 } from "../common/guards";
import {
  FT_SLOT,
  MAX_CLIFF_NS,
  MAX_NAME_LENGTH,
  MAX_RELEASE_OFFSET_NS,
  MAX_ROUND_KEY_LENGTH,
  MAX_SCHEDULE_STEPS,
  MAX_TIERS,
  MAX_VESTING_DURATION_NS,
  NEAR_ASSET,
  NEAR_SLOT,
  SLOT_COUNT,
} from "./constants";
import type { RoundConfigJson, RoundConfigView, RoundView, ScheduleStepJson } from "./interface";
import { hexToHash } from "./merkle";
import { currentSegment, type PriceSegment } from "./pricing";
import { anchorSchedule, type OffsetStep, offsetScheduleProblem, type ScheduleStep } from "./tranches";
import type { SaleState } from "./state";
import type { Round, RoundStats, RoundStatus, Tier } from "./types";
import type { VestingTerms } from "./vesting";

const U64_MAX = (1n << 64n) - 1n;

/** A U64 JSON value (decimal string). */
export function parseU64(value: unknown, field: string): bigint {
  ensure(
    typeof value === "string" && /^(0|[1-9][0-9]*)$/.test(value),
    `${field} must be a decimal string (U64), got ${JSON.stringify(value)}`,
  );
  const parsed = BigInt(value);
  ensure(parsed <= U64_MAX, `${field} exceeds the U64 maximum`);
  return parsed;
}

function optionalPrice(value: unknown, field: string): bigint | null {
  if (value === undefined || value === null) {
    return null;
  }
  const price = parseU128(value, field);
  ensure(price > 0n, `${field} must be greater than zero (or null when the asset is not accepted)`);
  return price;
}

function bps(value: unknown, field: string): number {
  ensure(
    typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 10_000,
    `${field} must be an integer number of basis points in 0..10000`,
  );
  return value;
}

/** A round key: 1..64 printable ASCII characters (what the deploy scripts and the key map use). */
export function parseRoundKey(value: unknown): string {
  ensure(
    typeof value === "string" &&
      value.length > 0 &&
      value.length <= MAX_ROUND_KEY_LENGTH &&
      /^[\x20-\x7e]+$/.test(value),
    `key must be a string of 1..${MAX_ROUND_KEY_LENGTH} printable ASCII characters, got ${JSON.stringify(value)}`,
  );
  return value;
}

/** Validates a release schedule (offsets after the end) and returns it as stored. */
export function parseReleaseSchedule(input: unknown, field: string): OffsetStep[] {
  ensure(
    Array.isArray(input) && input.length <= MAX_SCHEDULE_STEPS,
    `${field} must be a list of at most ${MAX_SCHEDULE_STEPS} steps {after_end_ns, max_bps}`,
  );
  const steps: OffsetStep[] = input.map((step: ScheduleStepJson, i) => {
    ensure(typeof step === "object" && step !== null, `${field}[${i}] must be an object {after_end_ns, max_bps}`);
    return {
      after_end_ns: parseU64(step.after_end_ns, `${field}[${i}].after_end_ns`),
      max_bps: bps(step.max_bps, `${field}[${i}].max_bps`),
    };
  });
  const problem = offsetScheduleProblem(steps, MAX_RELEASE_OFFSET_NS);
  ensure(problem === null, `config: ${problem}`);
  return steps;
}

/** The round's schedule in absolute time. */
export function roundSchedule(round: Round): ScheduleStep[] {
  return anchorSchedule(round.schedule, round.end_ns);
}

/**
 * Validates a round config and returns the round to store. `stableConfigured`
 * says whether the contract has a stablecoin (else price_ft must be null).
 */
export function parseRoundConfig(
  id: number,
  key: string,
  input: unknown,
  stableConfigured: boolean,
  now: bigint,
): Round {
  ensure(typeof input === "object" && input !== null, "config must be an object");
  const config = input as RoundConfigJson;
  ensure(
    typeof config.name === "string" && config.name.length > 0 && config.name.length <= MAX_NAME_LENGTH,
    `config.name must be a string of 1..${MAX_NAME_LENGTH} characters`,
  );
  const start = parseU64(config.start_ns, "config.start_ns");
  const end = parseU64(config.end_ns, "config.end_ns");
  ensure(
    start > now,
    `config.start_ns ${start} must be in the future (now ${now}): rounds are configured before they open`,
  );
  ensure(end > start, "config.end_ns must be after config.start_ns");

  const allocation = parseU128(config.token_allocation, "config.token_allocation");
  const hardCap = parseU128(config.hard_cap, "config.hard_cap");
  const softCap = parseU128(config.soft_cap, "config.soft_cap");
  ensure(hardCap > 0n, "config.hard_cap must be greater than zero");
  ensure(hardCap <= allocation, "config.hard_cap must not exceed config.token_allocation");
  ensure(softCap <= hardCap, "config.soft_cap must not exceed config.hard_cap");
  const minPer = config.min_per_account == null ? 0n : parseU128(config.min_per_account, "config.min_per_account");
  const maxPer = config.max_per_account == null ? hardCap : parseU128(config.max_per_account, "config.max_per_account");
  ensure(maxPer > 0n && maxPer <= hardCap, "config.max_per_account must be in 1..hard_cap");
  ensure(minPer <= maxPer, "config.min_per_account must not exceed config.max_per_account");

  const prices = [
    optionalPrice(config.price_near, "config.price_near"),
    optionalPrice(config.price_ft, "config.price_ft"),
  ];
  ensure(
    prices[NEAR_SLOT] !== null || prices[FT_SLOT] !== null,
    "A round must accept NEAR or the stablecoin: set price_near and/or price_ft",
  );
  ensure(
    prices[FT_SLOT] === null || stableConfigured,
    "config.price_ft is set but this sale has no stablecoin configured",
  );

  const tiersInput = config.tiers ?? [];
  ensure(
    Array.isArray(tiersInput) && tiersInput.length <= MAX_TIERS,
    `config.tiers must be a list of at most ${MAX_TIERS} tiers`,
  );
  const tiers: Tier[] = [];
  for (let i = 0; i < tiersInput.length; i++) {
    const t = tiersInput[i];
    ensure(typeof t === "object" && t !== null, `config.tiers[${i}] must be an object`);
    const until = parseU128(t.until_sold, `config.tiers[${i}].until_sold`);
    ensure(until > 0n && until <= hardCap, `config.tiers[${i}].until_sold must be in 1..hard_cap`);
    ensure(
      i === 0 || until > tiers[i - 1].until_sold,
      `config.tiers[${i}].until_sold must be greater than the previous tier's`,
    );
    const tierPrices = [
      optionalPrice(t.price_near, `config.tiers[${i}].price_near`),
      optionalPrice(t.price_ft, `config.tiers[${i}].price_ft`),
    ];
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      ensure(
        (tierPrices[slot] === null) === (prices[slot] === null),
        `config.tiers[${i}] must price exactly the assets the round accepts (${slot === NEAR_SLOT ? "price_near" : "price_ft"})`,
      );
    }
    tiers.push({ until_sold: until, prices: tierPrices });
  }

  let root: string | null = null;
  if (config.allowlist_root != null) {
    ensure(
      hexToHash(config.allowlist_root) !== null,
      "config.allowlist_root must be 64 lowercase hex characters (a sha256) or null",
    );
    root = config.allowlist_root;
  }

  const vesting = config.vesting;
  ensure(
    typeof vesting === "object" && vesting !== null,
    "config.vesting must be an object {tge_bps, cliff_ns, duration_ns}",
  );
  const tgeBps = bps(vesting.tge_bps, "config.vesting.tge_bps");
  const cliff = parseU64(vesting.cliff_ns, "config.vesting.cliff_ns");
  const duration = parseU64(vesting.duration_ns, "config.vesting.duration_ns");
  ensure(cliff <= MAX_CLIFF_NS, `config.vesting.cliff_ns must be at most ${MAX_CLIFF_NS} ns (2 years)`);
  ensure(
    duration <= MAX_VESTING_DURATION_NS,
    `config.vesting.duration_ns must be at most ${MAX_VESTING_DURATION_NS} ns (5 years)`,
  );
  const schedule = parseReleaseSchedule(config.release_schedule, "config.release_schedule");

  return {
    id,
    key,
    name: config.name,
    start_ns: start,
    end_ns: end,
    token_allocation: allocation,
    hard_cap: hardCap,
    soft_cap: softCap,
    min_per_account: minPer,
    max_per_account: maxPer,
    prices,
    tiers,
    allowlist_root: root,
    tge_bps: tgeBps,
    cliff_ns: cliff,
    duration_ns: duration,
    schedule,
    created_at_ns: now,
    cancelled_at_ns: 0n,
  };
}

/**
 * The round's status at `now`. A round's outcome is final once decided:
 * cancelled (only possible before end) and failed rounds refund, successful
 * rounds vest; no round is ever both.
 */
export function roundStatus(round: Round, stats: RoundStats, now: bigint): RoundStatus {
  if (round.cancelled_at_ns !== 0n) return "cancelled";
  if (now < round.start_ns) return "upcoming";
  if (now < round.end_ns) return "open";
  return stats.tokens_sold >= round.soft_cap ? "successful" : "failed";
}

/** Whether buyers of the round are owed refunds (failed or cancelled). */
export function isRefunding(status: RoundStatus): boolean {
  return status === "failed" || status === "cancelled";
}

/** Price segments of one asset (slot): the tiers, then the base price up to the hard cap. */
export function priceSegments(round: Round, slot: number): PriceSegment[] {
  const base = round.prices[slot];
  ensure(base !== null, "asset not accepted");
  const segments: PriceSegment[] = [];
  for (const tier of round.tiers) {
    segments.push({ until: tier.until_sold, price: tier.prices[slot] as bigint });
  }
  segments.push({ until: round.hard_cap, price: base });
  return segments;
}

export function vestingTerms(round: Round): VestingTerms {
  return { start_ns: round.end_ns, tge_bps: round.tge_bps, cliff_ns: round.cliff_ns, duration_ns: round.duration_ns };
}

/**
 * Tokens of the sale's inventory the round holds back: its whole allocation
 * until it ends, then what its buyers are still owed if it succeeded,
 * nothing if it failed or was cancelled.
 */
export function tokensReserved(round: Round, stats: RoundStats, now: bigint): bigint {
  const status = roundStatus(round, stats, now);
  if (status === "upcoming" || status === "open") return round.token_allocation;
  if (status === "successful") return stats.tokens_sold - stats.tokens_claimed;
  return 0n;
}

/**
 * Once the round's outcome is final (ended or cancelled), lowers the running
 * `tokens_reserved` from the whole allocation to the round's final share and
 * marks its books closed (the caller writes `stats`). Runs before any claim
 * of the round, so afterwards every claim lowers the reservation and the
 * inventory alike. Returns whether it closed the books now.
 */
export function closeRoundBooks(state: SaleState, round: Round, stats: RoundStats, now: bigint): boolean {
  if (stats.books_closed) return false;
  const status = roundStatus(round, stats, now);
  if (status === "upcoming" || status === "open") return false;
  state.tokens_reserved -= round.token_allocation - tokensReserved(round, stats, now);
  stats.books_closed = true;
  return true;
}

/** Slot of an asset id ("near" or the stablecoin's account id); panics on others. */
export function slotOfAsset(asset: unknown, stableId: string): number {
  if (asset === NEAR_ASSET) return NEAR_SLOT;
  ensure(
    stableId !== "" && asset === stableId,
    `Unknown asset ${JSON.stringify(asset)}: use "near"${stableId === "" ? "" : ` or "${stableId}"`}`,
  );
  return FT_SLOT;
}

export function assetOfSlot(slot: number, stableId: string): string {
  return slot === NEAR_SLOT ? NEAR_ASSET : stableId;
}

function priceJson(price: bigint | null): string | null {
  return price === null ? null : price.toString();
}

/** The round's configuration in the JSON shape of `create_round`'s `config`. */
export function roundConfigJson(round: Round): RoundConfigView {
  return {
    name: round.name,
    start_ns: round.start_ns.toString(),
    end_ns: round.end_ns.toString(),
    token_allocation: round.token_allocation.toString(),
    hard_cap: round.hard_cap.toString(),
    soft_cap: round.soft_cap.toString(),
    min_per_account: round.min_per_account.toString(),
    max_per_account: round.max_per_account.toString(),
    price_near: priceJson(round.prices[NEAR_SLOT]),
    price_ft: priceJson(round.prices[FT_SLOT]),
    tiers: round.tiers.map((t) => ({
      until_sold: t.until_sold.toString(),
      price_near: priceJson(t.prices[NEAR_SLOT]),
      price_ft: priceJson(t.prices[FT_SLOT]),
    })),
    allowlist_root: round.allowlist_root,
    vesting: { tge_bps: round.tge_bps, cliff_ns: round.cliff_ns.toString(), duration_ns: round.duration_ns.toString() },
    release_schedule: scheduleJson(round.schedule),
  };
}

export function scheduleJson(schedule: OffsetStep[]): ScheduleStepJson[] {
  return schedule.map((step) => ({ after_end_ns: step.after_end_ns.toString(), max_bps: step.max_bps }));
}

function perAsset(values: bigint[], stableId: string): Record<string, string> {
  const out: Record<string, string> = { [NEAR_ASSET]: values[NEAR_SLOT].toString() };
  if (stableId !== "") out[stableId] = values[FT_SLOT].toString();
  return out;
}

/** The sale page's view of a round: config, status, progress, current prices, books. */
export function roundView(round: Round, stats: RoundStats, stableId: string, now: bigint): RoundView {
  const status = roundStatus(round, stats, now);
  const currentPrice: Record<string, string | null> = {};
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    if (slot === FT_SLOT && stableId === "") continue;
    let price: string | null = null;
    if (round.prices[slot] !== null) {
      const segment = currentSegment(priceSegments(round, slot), stats.tokens_sold);
      price = segment === null ? null : segment.price.toString();
    }
    currentPrice[assetOfSlot(slot, stableId)] = price;
  }
  return {
    round_id: round.id,
    key: round.key,
    status,
    config: roundConfigJson(round),
    created_at_ns: round.created_at_ns.toString(),
    cancelled_at_ns: round.cancelled_at_ns === 0n ? null : round.cancelled_at_ns.toString(),
    tokens_sold: stats.tokens_sold.toString(),
    tokens_remaining: (round.hard_cap - stats.tokens_sold).toString(),
    tokens_claimed: stats.tokens_claimed.toString(),
    progress_bps: Number((stats.tokens_sold * 10_000n) / round.hard_cap),
    soft_cap_reached: stats.tokens_sold >= round.soft_cap,
    buyers: stats.buyers,
    purchases: stats.purchases,
    current_price: currentPrice,
    raised: perAsset(stats.raised, stableId),
    refunded: perAsset(stats.refunded, stableId),
    released: perAsset(stats.released, stableId),
  };
}
