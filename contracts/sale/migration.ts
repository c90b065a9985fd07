/**
 * State-migration hook, run by `migrate` right after `upgrade` deployed new
 * code, in the same receipt (a panic here reverts the deployment).
 *
 * The JSON state carries `state_version`. To change its shape, bump
 * STATE_VERSION (constants.ts) and append one step converting version N to
 * N + 1. Rounds (`r`/`t` keys) are JSON read field by field, so new optional
 * fields there can default on read; the binary purchase and storage records
 * have a fixed layout and would need a lazy per-record migration.
 *
 * Version 2 adds the timelock, the running sums (`near_held`,
 * `tokens_reserved`), the payout books (`in_flight`, `moved_at_height`), the
 * token-metadata confirmation, round keys and release steps anchored to the
 * round's end. Its step reads every round once (at most MAX_ROUNDS): the
 * one place allowed to, since it runs once.
 */
import { near } from "near-sdk-js";
import { newTimelockState } from "../common/timelock";
import { migrateVersioned, type MigrationStep } from "../common/upgrade";
import { NEAR_SLOT, STATE_VERSION } from "./constants";
import { readRound, readStats, roundIdOfKey, writeRound, writeRoundKey, writeStats } from "./records";
import { closeRoundBooks } from "./rounds";
import type { SaleState } from "./state";

/** Version 1 → 2. Existing rounds get their name as key (or `round-<id>` when the name repeats). */
function toVersion2(old: Record<string, unknown>): Record<string, unknown> {
  const state = old as unknown as SaleState;
  // A version-1 sale had no timelock; the owner sets a real delay with a (then timelocked) set_timelock_delay.
  state.timelock = newTimelockState(0n);
  state.approved_providers = (old.providers as string[] | undefined) ?? [];
  delete old.providers;
  state.token_metadata_confirmed = false;
  state.near_held = 0n;
  state.tokens_reserved = 0n;
  state.in_flight = [0n, 0n, 0n];
  state.moved_at_height = [0n, 0n, 0n];
  const now = near.blockTimestamp();
  for (let id = 0; id < state.round_count; id++) {
    const round = readRound(id);
    if (round === null) continue;
    const legacy = round.schedule as unknown as { not_before_ns?: bigint; after_end_ns?: bigint; max_bps: number }[];
    round.schedule = legacy.map((step) => ({
      after_end_ns:
        step.after_end_ns ??
        ((step.not_before_ns as bigint) > round.end_ns ? (step.not_before_ns as bigint) - round.end_ns : 0n),
      max_bps: step.max_bps,
    }));
    round.key = roundIdOfKey(round.name) === null ? round.name : `round-${id}`;
    writeRoundKey(round.key, id);
    writeRound(round);
    const stats = readStats(id);
    state.near_held += stats.raised[NEAR_SLOT] - stats.refunded[NEAR_SLOT] - stats.released[NEAR_SLOT];
    state.tokens_reserved += round.cancelled_at_ns === 0n ? round.token_allocation : 0n;
    stats.books_closed = round.cancelled_at_ns !== 0n;
    closeRoundBooks(state, round, stats, now);
    writeStats(id, stats);
  }
  return state as unknown as Record<string, unknown>;
}

/** Index i converts version i + 1 to version i + 2. */
const STEPS: MigrationStep[] = [toVersion2];

export function migrateState(old: Record<string, unknown>): Record<string, unknown> {
  return migrateVersioned(old, STATE_VERSION, STEPS);
}
