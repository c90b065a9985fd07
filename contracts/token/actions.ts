/**
 * The token's timelocked actions: what changes who can receive money or
 * which contracts the token trusts waits the public delay
 * (contracts/common/timelock.ts) before it runs.
 *
 * | action | args | effect |
 * |---|---|---|
 * | `set_sale_contract` | `{account_id \| null}` | the sale `reinvest_revenue` pays into |
 * | `set_revenue_token` | `{token_id}` | the stablecoin accepted as revenue (only before it received any) |
 * | `set_revenue_exclusion` | `{account_id, excluded}` | who earns revenue |
 * | `sweep` | `{asset, receiver_id, amount}` | moves stray funds (see `sweep.ts`) |
 *
 * Invariant: the same validator runs when the operation is scheduled (a bad
 * operation is never queued) and again when it executes, against the state
 * at that moment (the state may have moved during the delay); a validation
 * failure at execution panics, which leaves the operation queued.
 */
import { type NearPromise, near } from "near-sdk-js";
import { assertAccountId, ensure } from "../common/guards";
import type { TimelockOperation } from "../common/timelock";
import { FT_SLOT, NEAR_ASSET } from "./constants";
import { emitConfigChanged } from "./events";
import { applyExclusion, validateExclusion } from "./exclusions";
import type { TokenActionArgs } from "./interface";
import type { TokenState } from "./state";
import { executeSweep, validateSweep } from "./sweep";

const ACTION_KEYS: Record<keyof TokenActionArgs, readonly string[]> = {
  set_sale_contract: ["account_id"],
  set_revenue_token: ["token_id"],
  set_revenue_exclusion: ["account_id", "excluded"],
  sweep: ["asset", "receiver_id", "amount"],
};

function isTokenAction(action: unknown): action is keyof TokenActionArgs {
  return typeof action === "string" && Object.keys(ACTION_KEYS).includes(action);
}

function validateSaleContract(args: Record<string, unknown>): TokenActionArgs["set_sale_contract"] {
  const accountId = args.account_id;
  ensure(accountId !== undefined, "account_id is required (an account id, or null to clear)");
  return { account_id: accountId === null ? null : assertAccountId(accountId, "account_id") };
}

function validateRevenueToken(state: TokenState, args: Record<string, unknown>): TokenActionArgs["set_revenue_token"] {
  const tokenId = assertAccountId(args.token_id, "token_id");
  ensure(tokenId !== NEAR_ASSET, `token_id cannot be "${NEAR_ASSET}"`);
  ensure(tokenId !== near.currentAccountId(), "token_id cannot be the token itself");
  const pool = state.pools[FT_SLOT];
  ensure(pool.distributed === 0n, `The revenue token ${pool.asset} already received revenue and cannot be replaced`);
  ensure(state.sweep_in_flight[FT_SLOT] === 0n, `A sweep of ${pool.asset} is in flight`);
  return { token_id: tokenId };
}

/**
 * Validates a token action's args against the current state and returns
 * them normalised; panics on an unknown action or bad args.
 */
export function validateTokenAction(state: TokenState, action: unknown, args: unknown): Record<string, unknown> {
  const known = Object.keys(ACTION_KEYS).join(", ");
  ensure(
    isTokenAction(action),
    `Unknown timelock action ${JSON.stringify(action)}; actions are: upgrade, set_timelock_delay, ${known}`,
  );
  ensure(
    typeof args === "object" && args !== null && !Array.isArray(args),
    `The args of ${action} must be a JSON object`,
  );
  const object = args as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    ensure(
      ACTION_KEYS[action].includes(key),
      `Unknown argument ${key} for ${action}; it takes: ${ACTION_KEYS[action].join(", ")}`,
    );
  }
  switch (action) {
    case "set_sale_contract":
      return validateSaleContract(object);
    case "set_revenue_token":
      return validateRevenueToken(state, object);
    case "set_revenue_exclusion":
      return validateExclusion(state, object);
    case "sweep":
      return validateSweep(state, object);
  }
}

/** Applies a ready token operation (re-validated first); a sweep returns its promise. */
export function executeTokenAction(state: TokenState, operation: TimelockOperation): NearPromise | undefined {
  const args = validateTokenAction(state, operation.action, operation.args);
  switch (operation.action) {
    case "set_sale_contract": {
      const { account_id } = args as TokenActionArgs["set_sale_contract"];
      state.sale_contract_id = account_id ?? "";
      emitConfigChanged("sale_contract_id", account_id);
      return undefined;
    }
    case "set_revenue_token": {
      const { token_id } = args as TokenActionArgs["set_revenue_token"];
      state.revenue_token_id = token_id;
      state.pools[FT_SLOT].asset = token_id;
      emitConfigChanged("revenue_token_id", token_id);
      return undefined;
    }
    case "set_revenue_exclusion":
      applyExclusion(state, args as TokenActionArgs["set_revenue_exclusion"]);
      return undefined;
    default:
      return executeSweep(state, args as TokenActionArgs["sweep"]);
  }
}
