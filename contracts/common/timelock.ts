/**
 * Timelock: what moves money or code waits a public delay before it runs.
 *
 * The owner schedules an operation (an action name and its already validated
 * arguments); it becomes executable `delay_ns` later; until then anyone can
 * read it in `timelock_info()` and a guardian (or the owner) can cancel it.
 * One compromised owner key therefore cannot redirect funds or deploy code
 * before holders and guardians can react.
 *
 * Invariants:
 * - An operation is queued only with arguments its contract validated
 *   (`validateCommonAction` or the contract's own validator), so execution
 *   cannot fail on bad input that was visible at scheduling time.
 * - An operation runs at most once: `takeReadyOperation` removes it before
 *   the contract applies it, and a panic while applying reverts the removal
 *   with everything else.
 * - `ready_at_ns = scheduled_at_ns + delay` with the delay in force when it
 *   was scheduled; changing the delay is itself a timelocked operation, so a
 *   shorter delay never takes effect sooner than the current one.
 * - The queue is bounded (`MAX_QUEUED_OPERATIONS`) and lives in the
 *   contract's JSON state: the raw `upgrade` export can read and consume its
 *   operation without the contract class.
 */
import { near } from "near-sdk-js";
import { type AdminState, assertOwnerCall, hasRole, ROLE_GUARDIAN } from "./admin";
import { emitModelfundEvent } from "./events";
import { assertOneYocto, ensure } from "./guards";

/** Longest delay a contract may be configured with: 30 days. */
export const MAX_TIMELOCK_DELAY_NS = 30n * 24n * 3600n * 1_000_000_000n;
/** Upper bound on queued operations (keeps the JSON state small). */
export const MAX_QUEUED_OPERATIONS = 32;
/** Deploys new code; args `{ code_hash }`, executed by the raw `upgrade` export. */
export const ACTION_UPGRADE = "upgrade";
/** Changes the delay itself; args `{ delay_ns }`. */
export const ACTION_SET_TIMELOCK_DELAY = "set_timelock_delay";

const U64_MAX = (1n << 64n) - 1n;

export interface TimelockOperation {
  id: number;
  action: string;
  args: Record<string, unknown>;
  proposer: string;
  scheduled_at_ns: string;
  ready_at_ns: string;
}

export interface TimelockState {
  /** The delay applied to newly scheduled operations (U64 decimal string). */
  delay_ns: string;
  next_id: number;
  queue: TimelockOperation[];
}

/** What `timelock_info()` returns in every contract. */
export interface TimelockView {
  delay_ns: string;
  operations: TimelockOperation[];
}

export function newTimelockState(delayNs: bigint): TimelockState {
  return { delay_ns: delayNs.toString(), next_id: 0, queue: [] };
}

/** Parses a delay (U64 decimal string of nanoseconds) of at most `MAX_TIMELOCK_DELAY_NS`. */
export function parseTimelockDelay(value: unknown, field: string): bigint {
  ensure(
    typeof value === "string" && /^(0|[1-9][0-9]{0,19})$/.test(value) && BigInt(value) <= U64_MAX,
    `${field} must be a U64 decimal string of nanoseconds, got ${JSON.stringify(value)}`,
  );
  const delay = BigInt(value);
  ensure(delay <= MAX_TIMELOCK_DELAY_NS, `${field} must be at most ${MAX_TIMELOCK_DELAY_NS} ns (30 days)`);
  return delay;
}

function assertArgsObject(args: unknown, action: string): Record<string, unknown> {
  ensure(
    typeof args === "object" && args !== null && !Array.isArray(args),
    `The args of ${action} must be a JSON object`,
  );
  return args as Record<string, unknown>;
}

/** Refuses keys an action does not take, so a typo cannot be queued unnoticed. */
export function assertOnlyKeys(args: Record<string, unknown>, action: string, keys: readonly string[]): void {
  for (const key of Object.keys(args)) {
    ensure(keys.includes(key), `Unknown argument ${key} for ${action}; it takes: ${keys.join(", ")}`);
  }
}

/**
 * Validates the arguments of the actions every contract shares and returns
 * them normalised; returns null for any other action (the contract's own
 * validator then decides).
 */
export function validateCommonAction(action: unknown, args: unknown): Record<string, unknown> | null {
  if (action === ACTION_UPGRADE) {
    const object = assertArgsObject(args, action);
    assertOnlyKeys(object, action, ["code_hash"]);
    const hash = object.code_hash;
    ensure(
      typeof hash === "string" && /^[0-9a-f]{64}$/.test(hash),
      "code_hash must be the sha256 of the new wasm as 64 lowercase hex characters",
    );
    return { code_hash: hash };
  }
  if (action === ACTION_SET_TIMELOCK_DELAY) {
    const object = assertArgsObject(args, action);
    assertOnlyKeys(object, action, ["delay_ns"]);
    return { delay_ns: parseTimelockDelay(object.delay_ns, "delay_ns").toString() };
  }
  return null;
}

/** Owner, 1 yoctoNEAR. Queues `action` with validated `args`; emits `timelock_scheduled`. */
export function scheduleOperation(
  timelock: TimelockState,
  admin: AdminState,
  action: string,
  args: Record<string, unknown>,
): TimelockOperation {
  assertOwnerCall(admin);
  ensure(
    timelock.queue.length < MAX_QUEUED_OPERATIONS,
    `The timelock queue is full (${MAX_QUEUED_OPERATIONS} operations); execute or cancel some first`,
  );
  const now = near.blockTimestamp();
  const operation: TimelockOperation = {
    id: timelock.next_id,
    action,
    args,
    proposer: near.predecessorAccountId(),
    scheduled_at_ns: now.toString(),
    ready_at_ns: (now + BigInt(timelock.delay_ns)).toString(),
  };
  timelock.next_id += 1;
  timelock.queue.push(operation);
  emitModelfundEvent("timelock_scheduled", [{ id: operation.id, action, args, ready_at_ns: operation.ready_at_ns }]);
  return operation;
}

function parseOperationId(id: unknown): number {
  ensure(
    typeof id === "number" && Number.isSafeInteger(id) && id >= 0,
    `id must be a non-negative integer, got ${JSON.stringify(id)}`,
  );
  return id;
}

function indexOfOperation(timelock: TimelockState, id: number): number {
  const index = timelock.queue.findIndex((operation) => operation.id === id);
  ensure(index >= 0, `No queued timelock operation has id ${id}`);
  return index;
}

/**
 * Removes and returns a queued operation whose delay has passed; panics when
 * it is unknown, not ready, or (with `expectedAction`) of another action.
 * Emits `timelock_executed`. The caller checks who may execute.
 */
export function consumeReadyOperation(
  timelock: TimelockState,
  id: number,
  expectedAction: string | null,
): TimelockOperation {
  const index = indexOfOperation(timelock, id);
  const operation = timelock.queue[index];
  ensure(
    expectedAction === null || operation.action === expectedAction,
    `Timelock operation ${id} is ${operation.action}, not ${expectedAction}`,
  );
  const now = near.blockTimestamp();
  ensure(
    now >= BigInt(operation.ready_at_ns),
    `Timelock operation ${id} is not ready: it becomes executable at ${operation.ready_at_ns} ns (now ${now})`,
  );
  timelock.queue.splice(index, 1);
  emitModelfundEvent("timelock_executed", [{ id, action: operation.action }]);
  return operation;
}

/** Owner, 1 yoctoNEAR. Removes a ready operation for the contract to apply (see `consumeReadyOperation`). */
export function takeReadyOperation(timelock: TimelockState, admin: AdminState, id: unknown): TimelockOperation {
  assertOwnerCall(admin);
  const operation = consumeReadyOperation(timelock, parseOperationId(id), null);
  ensure(
    operation.action !== ACTION_UPGRADE,
    "An upgrade runs through the contract's upgrade method with the new code, not timelock_execute",
  );
  return operation;
}

/** Applies the shared actions; returns false for an action the contract must apply itself. */
export function applyCommonAction(timelock: TimelockState, operation: TimelockOperation): boolean {
  if (operation.action !== ACTION_SET_TIMELOCK_DELAY) {
    return false;
  }
  const previous = timelock.delay_ns;
  timelock.delay_ns = operation.args.delay_ns as string;
  emitModelfundEvent("timelock_delay_changed", [{ previous_delay_ns: previous, delay_ns: timelock.delay_ns }]);
  return true;
}

/** Owner or guardian, 1 yoctoNEAR. Drops a queued operation; emits `timelock_cancelled`. */
export function cancelOperation(timelock: TimelockState, admin: AdminState, id: unknown): void {
  assertOneYocto();
  const caller = near.predecessorAccountId();
  ensure(
    hasRole(admin, ROLE_GUARDIAN, caller),
    `Only the owner or a guardian may cancel timelock operations (caller: ${caller})`,
  );
  const index = indexOfOperation(timelock, parseOperationId(id));
  const [operation] = timelock.queue.splice(index, 1);
  emitModelfundEvent("timelock_cancelled", [{ id: operation.id, action: operation.action, by: caller }]);
}

export function timelockView(timelock: TimelockState): TimelockView {
  return { delay_ns: timelock.delay_ns, operations: timelock.queue };
}
