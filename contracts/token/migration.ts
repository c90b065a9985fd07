/**
 * State-migration hook, run by `migrate` right after an upgrade deployed
 * new code (in the same receipt: if this panics, the deployment is undone).
 *
 * The stored JSON state carries `state_version`. To change the state's
 * shape: bump STATE_VERSION and add one step below converting version N to
 * N + 1; the steps run in order, so any old state reaches the current shape.
 * Account records (binary, fixed size) and the metadata key have their own
 * layout; a change there needs a lazy per-account migration instead.
 * A step reads the state through near-sdk-js's `deserialize`: bigint fields
 * stored by `state-codec.ts` arrive as decimal strings, those of older
 * versions as bigints; the token's decoder accepts either, field by field.
 */
import { newTimelockState } from "../common/timelock";
import { migrateVersioned, type MigrationStep } from "../common/upgrade";
import { withRevenueStreams } from "./revenue";

export const STATE_VERSION = 2;

/** Delay given to a version-1 deployment when it gains the timelock: one day (the owner can change it, timelocked). */
export const MIGRATED_TIMELOCK_DELAY_NS = 24n * 3600n * 1_000_000_000n;

/** Index i converts version i + 1 to version i + 2. */
const STEPS: MigrationStep[] = [
  // 1 → 2: timelock; the books of refundable registration deposits (version 1 kept none: its accounts'
  // deposits stay covered by their records' storage staking) and of sweeps; two fields renamed because
  // views of the same names (`eligible_supply`, `excluded_accounts`) now exist.
  // Revenue streams (revenue.ts `withRevenueStreams`).
  ({ eligible_supply, excluded_accounts, ...state }) =>
    withRevenueStreams({
      ...state,
      eligible_total: eligible_supply,
      excluded_list: excluded_accounts,
      timelock: newTimelockState(MIGRATED_TIMELOCK_DELAY_NS),
      registration_deposits: 0n,
      sweep_in_flight: [0n, 0n],
      swept: [0n, 0n],
    }),
];

export function migrateState(old: Record<string, unknown>): Record<string, unknown> {
  return migrateVersioned(old, STATE_VERSION, STEPS);
}
