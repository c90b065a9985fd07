/**
 * The sale's own timelocked actions: validation when they are scheduled and
 * application when they run (the shared `upgrade` and `set_timelock_delay`
 * are handled by common/timelock.ts).
 *
 * | action | args | effect |
 * |---|---|---|
 * | `approve_provider` | `{account_id}` | adds a compute provider (never the owner, the sale, the token or the stablecoin) |
 * | `remove_provider` | `{account_id}` | removes one |
 * | `set_release_schedule` | `{round_id, release_schedule}` | replaces a round's schedule; once the round opened, only with one that is never faster |
 * | `sweep` | `{asset, receiver_id, amount}` | moves at most the excess over the books (sweep.ts) |
 *
 * Every action is validated with the same function at scheduling (so a bad
 * operation is never queued) and again at execution, because the state may
 * have changed during the delay (a provider approved twice, a round
 * cancelled, the owner changed).
 */
import { near, type NearPromise } from "near-sdk-js";
import { assertAccountId, ensure } from "../common/guards";
import { assertOnlyKeys, type TimelockOperation } from "../common/timelock";
import { MAX_PROVIDERS } from "./constants";
import { providerProblem } from "./escrow";
import { emitProviderApproved, emitProviderRemoved, emitReleaseScheduleChanged } from "./events";
import type { SaleAction } from "./interface";
import { loadRound, writeRound } from "./records";
import { parseReleaseSchedule, roundSchedule, scheduleJson } from "./rounds";
import type { SaleState } from "./state";
import { parseSweepArgs, startSweep } from "./sweep";
import { anchorSchedule, neverFaster } from "./tranches";

export const ACTION_APPROVE_PROVIDER = "approve_provider";
export const ACTION_REMOVE_PROVIDER = "remove_provider";
export const ACTION_SET_RELEASE_SCHEDULE = "set_release_schedule";
export const ACTION_SWEEP = "sweep";
const SALE_ACTIONS: readonly SaleAction["action"][] = [
  ACTION_APPROVE_PROVIDER,
  ACTION_REMOVE_PROVIDER,
  ACTION_SET_RELEASE_SCHEDULE,
  ACTION_SWEEP,
];

function argsObject(args: unknown, action: string): Record<string, unknown> {
  ensure(
    typeof args === "object" && args !== null && !Array.isArray(args),
    `The args of ${action} must be a JSON object`,
  );
  return args as Record<string, unknown>;
}

function approvalArgs(state: SaleState, args: Record<string, unknown>): Record<string, unknown> {
  assertOnlyKeys(args, ACTION_APPROVE_PROVIDER, ["account_id"]);
  const provider = assertAccountId(args.account_id, "account_id");
  const refused = providerProblem(state, provider);
  ensure(refused === null, refused ?? "");
  ensure(!state.approved_providers.includes(provider), `${provider} is already an approved provider`);
  ensure(state.approved_providers.length < MAX_PROVIDERS, `At most ${MAX_PROVIDERS} approved providers`);
  return { account_id: provider };
}

function removalArgs(state: SaleState, args: Record<string, unknown>): Record<string, unknown> {
  assertOnlyKeys(args, ACTION_REMOVE_PROVIDER, ["account_id"]);
  const provider = assertAccountId(args.account_id, "account_id");
  ensure(state.approved_providers.includes(provider), `${provider} is not an approved provider`);
  return { account_id: provider };
}

function scheduleArgs(args: Record<string, unknown>): Record<string, unknown> {
  assertOnlyKeys(args, ACTION_SET_RELEASE_SCHEDULE, ["round_id", "release_schedule"]);
  const round = loadRound(args.round_id);
  ensure(round.cancelled_at_ns === 0n, `Round ${round.id} was cancelled`);
  const steps = parseReleaseSchedule(args.release_schedule, "release_schedule");
  if (near.blockTimestamp() >= round.start_ns) {
    ensure(
      neverFaster(roundSchedule(round), anchorSchedule(steps, round.end_ns)),
      `Round ${round.id} has opened: its new release schedule must never allow more than the current one at any time`,
    );
  }
  return { round_id: round.id, release_schedule: scheduleJson(steps) };
}

/** Validates and normalises the args of a sale action; panics on an unknown action or bad args. */
export function validateSaleAction(state: SaleState, action: unknown, args: unknown): Record<string, unknown> {
  ensure(
    typeof action === "string" && (SALE_ACTIONS as readonly string[]).includes(action),
    `Unknown timelock action ${JSON.stringify(action)}; actions are: upgrade, set_timelock_delay, ${SALE_ACTIONS.join(", ")}`,
  );
  const object = argsObject(args, action);
  if (action === ACTION_APPROVE_PROVIDER) return approvalArgs(state, object);
  if (action === ACTION_REMOVE_PROVIDER) return removalArgs(state, object);
  if (action === ACTION_SET_RELEASE_SCHEDULE) return scheduleArgs(object);
  return { ...parseSweepArgs(state, object) };
}

/** Applies a ready sale operation (re-validated first); a sweep returns its promise. */
export function executeSaleAction(state: SaleState, op: TimelockOperation): NearPromise | undefined {
  const args = validateSaleAction(state, op.action, op.args);
  const by = near.predecessorAccountId();
  if (op.action === ACTION_APPROVE_PROVIDER) {
    state.approved_providers.push(args.account_id as string);
    emitProviderApproved(args.account_id as string, by);
    return undefined;
  }
  if (op.action === ACTION_REMOVE_PROVIDER) {
    state.approved_providers = state.approved_providers.filter((provider) => provider !== args.account_id);
    emitProviderRemoved(args.account_id as string, by);
    return undefined;
  }
  if (op.action === ACTION_SET_RELEASE_SCHEDULE) {
    const round = loadRound(args.round_id);
    round.schedule = parseReleaseSchedule(args.release_schedule, "release_schedule");
    writeRound(round);
    emitReleaseScheduleChanged(round.id, args.release_schedule as object[]);
    return undefined;
  }
  return startSweep(state, { ...op, args });
}
