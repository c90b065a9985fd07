/**
 * The router's timelocked actions: what redirects money waits the public
 * delay (common/timelock.ts) like an upgrade does.
 *
 * | action | args | effect |
 * |---|---|---|
 * | `set_split` | `{stage, split}` | the stage's split from now on; the rounding carry moves into the new segment |
 * | `set_reserve_account` | `{account_id}` | where reserve shares go (pending ones included) |
 * | `set_protocol_account` | `{account_id \| null}` | where protocol shares go; null only while every stage's protocol_bps is 0 and nothing is owed to it |
 *
 * Arguments are validated when scheduled and the conditions that depend on
 * other state (a protocol account for protocol_bps) again when executed, so
 * a queued operation cannot leave a stage splitting to nobody.
 */
import { near } from "near-sdk-js";
import { assertAccountId, ensure } from "../common/guards";
import { assertOnlyKeys, type TimelockOperation } from "../common/timelock";
import { SLOT_COUNT, STAGE_COUNT } from "./constants";
import { emitFees } from "./events";
import type { FeesActionArgs } from "./interface";
import { parseStage, readStage, writeStage } from "./records";
import { carryOf, newSegment, parseSplit, type Split } from "./split";
import { bucketIndex, type FeesState, TARGET_PROTOCOL } from "./state";

export const FEES_ACTIONS = ["set_split", "set_reserve_account", "set_protocol_account"] as const;

function assertArgs(args: unknown, action: string, keys: string[]): Record<string, unknown> {
  ensure(
    typeof args === "object" && args !== null && !Array.isArray(args),
    `The args of ${action} must be a JSON object`,
  );
  assertOnlyKeys(args as Record<string, unknown>, action, keys);
  return args as Record<string, unknown>;
}

export function checkedSplit(state: FeesState, value: unknown): Split {
  let split: Split;
  try {
    split = parseSplit(value);
  } catch (error) {
    throw new Error((error as Error).message);
  }
  ensure(
    split.protocol_bps === 0 || state.protocol_id !== "",
    "protocol_bps must be 0 while no protocol account is set (set_protocol_account first)",
  );
  return split;
}

/**
 * A forward to the router itself would be booked as forwarded while the NEAR or stablecoin stayed here, owed to
 * no one, so neither the reserve nor the protocol account may be the router.
 */
export function assertPayee(value: unknown, name: string): string {
  const accountId = assertAccountId(value, name);
  ensure(accountId !== near.currentAccountId(), `${name} cannot be the fee router itself`);
  return accountId;
}

/** Shares still owed to the protocol account would have nowhere to go once it is removed. */
function assertNoProtocolOwed(state: FeesState): void {
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    const bucket = state.buckets[bucketIndex(TARGET_PROTOCOL, slot)];
    ensure(
      bucket.pending === 0n && bucket.in_flight === 0n,
      "The protocol account is still owed pending or in-flight shares: flush them first",
    );
  }
}

function assertNoProtocolShare(): void {
  for (let stage = 0; stage < STAGE_COUNT; stage++) {
    ensure(
      readStage(stage).split.protocol_bps === 0,
      `Stage ${stage} splits protocol_bps to the protocol account: set its split first`,
    );
  }
}

/** Validates the args of a router action; panics on unknown actions. */
export function validateFeesAction(state: FeesState, action: unknown, args: unknown): Record<string, unknown> {
  switch (action) {
    case "set_split": {
      const object = assertArgs(args, action, ["stage", "split"]);
      return { stage: parseStage(object.stage), split: checkedSplit(state, object.split) };
    }
    case "set_reserve_account": {
      const object = assertArgs(args, action, ["account_id"]);
      return { account_id: assertPayee(object.account_id, "account_id") };
    }
    case "set_protocol_account": {
      const object = assertArgs(args, action, ["account_id"]);
      if (object.account_id === null) {
        assertNoProtocolShare();
        assertNoProtocolOwed(state);
        return { account_id: null };
      }
      return { account_id: assertPayee(object.account_id, "account_id") };
    }
    default:
      throw new Error(
        `Unknown timelock action ${JSON.stringify(action)}; actions are: upgrade, set_timelock_delay, ${FEES_ACTIONS.join(", ")}`,
      );
  }
}

export function executeFeesAction(state: FeesState, operation: TimelockOperation): void {
  switch (operation.action) {
    case "set_split": {
      const { stage, split } = operation.args as unknown as FeesActionArgs["set_split"];
      const checked = checkedSplit(state, split);
      const record = readStage(stage);
      const previous = record.split;
      record.split = checked;
      const carried = record.segments.map((segment) => carryOf(segment));
      record.segments = carried.map((carry) => newSegment(carry));
      writeStage(record);
      emitFees("split_changed", { stage, split: checked, previous, carried });
      return;
    }
    case "set_reserve_account": {
      const { account_id } = operation.args as unknown as FeesActionArgs["set_reserve_account"];
      emitFees("account_changed", { role: "reserve", previous: state.reserve_id, account_id });
      state.reserve_id = account_id;
      return;
    }
    case "set_protocol_account": {
      const { account_id } = operation.args as unknown as FeesActionArgs["set_protocol_account"];
      if (account_id === null) {
        assertNoProtocolShare();
        assertNoProtocolOwed(state);
      }
      emitFees("account_changed", {
        role: "protocol",
        previous: state.protocol_id === "" ? null : state.protocol_id,
        account_id,
      });
      state.protocol_id = account_id ?? "";
      return;
    }
    default:
      throw new Error(`Timelock action ${operation.action} is not executable here`);
  }
}
