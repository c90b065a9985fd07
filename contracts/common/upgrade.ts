/**
 * Self-upgrade and state migration.
 *
 * `upgrade` receives the new wasm as the raw input bytes of the call (not
 * JSON: near-sdk-js's generated wrappers would try to parse it, so each
 * contract exports a plain function that calls `upgradeSelf`). The owner is
 * checked against the `admin` object of the current state, with exactly 1
 * yoctoNEAR attached, and the code must be what the owner scheduled through
 * the timelock: a ready `upgrade` operation whose `code_hash` is the sha256
 * of the input. The operation is consumed (written back to the raw state)
 * before the deployment is issued, so one schedule allows one upgrade; a
 * migration that fails reverts the deployment and needs a new schedule.
 *
 * The new code is deployed and its `migrate` method called in ONE batch
 * receipt addressed to the contract itself: if `migrate` panics the
 * deployment is reverted with it, so the contract can never be left running
 * new code over a state the new code failed to migrate. (A separate
 * then-receipt would commit the deployment before `migrate` runs.)
 *
 * `migrate` is likewise a plain exported function (`migrateSelf`): only the
 * contract itself may call it; it reads the stored JSON state, passes it
 * through the contract's migration hook and writes the result back in
 * near-sdk-js's own format, so the new code's wrappers load it as usual.
 */
import { bytes, deserialize, near, NearPromise, serialize } from "near-sdk-js";
import { type AdminState, assertOwnerCall } from "./admin";
import { emitModelfundEvent } from "./events";
import { assertSelf, ensure } from "./guards";
import { ACTION_UPGRADE, consumeReadyOperation, type TimelockState } from "./timelock";

/** The storage key near-sdk-js keeps the contract object under. */
export const SDK_STATE_KEY = "STATE";

/** Gas reserved for `migrate` (it also receives any unused gas, weight 1). */
export const GAS_FOR_MIGRATE = 50_000_000_000_000n;

/** The contract's saved JSON state, decoded as near-sdk-js stores it (bigints restored), or null. */
export function readRawState(): Record<string, unknown> | null {
  const raw = near.storageReadRaw(bytes(SDK_STATE_KEY));
  return raw === null ? null : (deserialize(raw) as Record<string, unknown>);
}

/**
 * Body of a contract's exported `upgrade` function: checks the owner, the
 * deposit and the scheduled code hash, then deploys the input bytes to the
 * contract itself and calls `migrate` in the same receipt, whose outcome
 * becomes the call's result. The owner and the queue are read from the stored
 * `admin` and `timelock` objects, so every state version must keep them.
 */
export function upgradeSelf(): void {
  const state = readRawState();
  ensure(state !== null, "Contract must be initialized before it can be upgraded");
  assertOwnerCall(state.admin as AdminState);
  const code = near.inputRaw();
  // A wasm module starts with "\0asm".
  ensure(
    code.length > 8 && code[0] === 0 && code[1] === 0x61 && code[2] === 0x73 && code[3] === 0x6d,
    "The input must be the new contract's wasm code",
  );
  const codeHash = hex(near.sha256(code));
  const timelock = state.timelock as TimelockState | undefined;
  ensure(timelock !== undefined, "The stored state has no timelock");
  const scheduled = timelock.queue.find(
    (operation) => operation.action === ACTION_UPGRADE && operation.args.code_hash === codeHash,
  );
  ensure(scheduled !== undefined, `No upgrade to code ${codeHash} is scheduled; schedule it with timelock_schedule`);
  consumeReadyOperation(timelock, scheduled.id, ACTION_UPGRADE);
  near.storageWriteRaw(bytes(SDK_STATE_KEY), serialize(state));
  const self = near.currentAccountId();
  emitModelfundEvent("contract_upgrade", [{ code_size: code.length, code_hash: codeHash }]);
  NearPromise.new(self).deployContract(code).functionCallWeight("migrate", "{}", 0n, GAS_FOR_MIGRATE, 1n).onReturn();
}

/** Converts a state of version N (as stored under `state_version`) into version N + 1. */
export type MigrationStep = (state: Record<string, unknown>) => Record<string, unknown>;

/**
 * Brings a stored state up to `currentVersion` by running `steps[v - 1]`
 * for each version v it is behind, in order, so a state of any older version
 * reaches the current shape. Refuses states without a valid version or from
 * newer code (a downgrade would lose fields it does not know).
 */
export function migrateVersioned(
  old: Record<string, unknown>,
  currentVersion: number,
  steps: readonly MigrationStep[],
): Record<string, unknown> {
  let version = old.state_version;
  ensure(
    typeof version === "number" && Number.isInteger(version) && version >= 1,
    "The stored state has no valid state_version",
  );
  ensure(version <= currentVersion, `The stored state version ${version} is newer than this code's ${currentVersion}`);
  let state = old;
  while (version < currentVersion) {
    state = steps[version - 1](state);
    version += 1;
    state.state_version = version;
  }
  return state;
}

/** Body of a contract's exported `migrate` function. */
export function migrateSelf(hook: (old: Record<string, unknown>) => Record<string, unknown>): void {
  assertSelf("migrate");
  const old = readRawState();
  ensure(old !== null, "There is no state to migrate");
  const next = hook(old);
  near.storageWriteRaw(bytes(SDK_STATE_KEY), serialize(next));
  emitModelfundEvent("contract_migrated", [{ state_version: next.state_version ?? null }]);
}

function hex(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i++) {
    out += (data[i] < 16 ? "0" : "") + data[i].toString(16);
  }
  return out;
}
