/**
 * State-migration hook, run by `migrate` right after an upgrade deployed
 * new code (in the same receipt: if this panics, the deployment is undone).
 *
 * The stored JSON state carries `state_version`. To change the state's
 * shape: bump STATE_VERSION and add one step below converting version N to
 * N + 1; the steps run in order, so any old state reaches the current shape.
 * Account records (binary, fixed size) and the metadata key have their own
 * layout; a change there needs a lazy per-account migration instead.
 */
import { migrateVersioned, type MigrationStep } from "../common/upgrade";

export const STATE_VERSION = 1;

/** Index i converts version i + 1 to version i + 2. Empty while only version 1 exists. */
const STEPS: MigrationStep[] = [];

export function migrateState(old: Record<string, unknown>): Record<string, unknown> {
  return migrateVersioned(old, STATE_VERSION, STEPS);
}
