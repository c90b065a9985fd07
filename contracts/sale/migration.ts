/**
 * State-migration hook, run by `migrate` right after `upgrade` deployed new
 * code, in the same receipt (a panic here reverts the deployment).
 *
 * The JSON state carries `state_version`. To change its shape, bump
 * STATE_VERSION (constants.ts) and append one step converting version N to
 * N + 1. Rounds (`r`/`t` keys) are JSON read field by field, so new optional
 * fields there can default on read; the binary purchase and storage records
 * have a fixed layout and would need a lazy per-record migration.
 */
import { ensure } from "../common/guards";
import { STATE_VERSION } from "./constants";

type MigrationStep = (state: Record<string, unknown>) => Record<string, unknown>;

/** Index i converts version i + 1 to version i + 2. Empty while only version 1 exists. */
const STEPS: MigrationStep[] = [];

export function migrateState(old: Record<string, unknown>): Record<string, unknown> {
  let version = old.state_version;
  ensure(typeof version === "number" && Number.isInteger(version) && version >= 1, "The stored state has no valid state_version");
  ensure(version <= STATE_VERSION, `The stored state version ${version} is newer than this code's ${STATE_VERSION}`);
  let state = old;
  while (version < STATE_VERSION) {
    state = STEPS[version - 1](state);
    version += 1;
    state.state_version = version;
  }
  return state;
}
