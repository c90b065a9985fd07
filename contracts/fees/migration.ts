/**
 * State-migration hook, run by `migrate` right after `upgrade` deployed new
 * code, in the same receipt (a panic here reverts the deployment). To change
 * the state's shape, bump STATE_VERSION (constants.ts) and append one step
 * converting version N to N + 1. Records under their own keys are JSON read
 * field by field, so new optional fields can default on read.
 */
import { migrateVersioned, type MigrationStep } from "../common/upgrade";
import { STATE_VERSION } from "./constants";

/** Index i converts version i + 1 to version i + 2. Empty while only version 1 exists. */
const STEPS: MigrationStep[] = [];

export function migrateState(old: Record<string, unknown>): Record<string, unknown> {
  return migrateVersioned(old, STATE_VERSION, STEPS);
}
