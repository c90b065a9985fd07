/**
 * Revenue exclusions: accounts whose balance sits outside the eligible
 * supply and earns nothing (allocation holders, pools, the token itself).
 *
 * Invariants: an account is settled before its flag flips, so it keeps what
 * it earned before and earns nothing while excluded; `excluded_list`
 * lists exactly the registered accounts whose record has the flag (bounded
 * by MAX_EXCLUDED_ACCOUNTS); the token contract itself is always excluded.
 */
import { near } from "near-sdk-js";
import { assertAccountId, ensure } from "../common/guards";
import { MAX_EXCLUDED_ACCOUNTS } from "./constants";
import { emitEarningChanged } from "./events";
import type { TokenActionArgs } from "./interface";
import { readRegistered, settle, writeAccount } from "./ledger";
import type { TokenState } from "./state";

export function addExcluded(state: TokenState, accountId: string): void {
  ensure(
    state.excluded_list.length < MAX_EXCLUDED_ACCOUNTS,
    `At most ${MAX_EXCLUDED_ACCOUNTS} accounts can be excluded from revenue`,
  );
  state.excluded_list.push(accountId);
}

export function removeExcluded(state: TokenState, accountId: string): void {
  state.excluded_list = state.excluded_list.filter((id) => id !== accountId);
}

/**
 * Checks a `set_revenue_exclusion` against the current state (at scheduling
 * and again at execution) and returns it normalised.
 */
export function validateExclusion(
  state: TokenState,
  args: Record<string, unknown>,
): TokenActionArgs["set_revenue_exclusion"] {
  const accountId = assertAccountId(args.account_id, "account_id");
  const excluded = args.excluded;
  ensure(typeof excluded === "boolean", "excluded must be true or false");
  ensure(excluded || accountId !== near.currentAccountId(), "The token contract itself is always excluded");
  const record = readRegistered(accountId);
  ensure(record.excluded !== excluded, `${accountId} is already ${excluded ? "excluded from" : "earning"} revenue`);
  if (excluded) {
    ensure(
      state.excluded_list.length < MAX_EXCLUDED_ACCOUNTS,
      `At most ${MAX_EXCLUDED_ACCOUNTS} accounts can be excluded from revenue`,
    );
  }
  return { account_id: accountId, excluded };
}

/** Applies a validated exclusion change: settle, flip, move the balance out of (or into) the eligible supply. */
export function applyExclusion(state: TokenState, change: TokenActionArgs["set_revenue_exclusion"]): void {
  const record = readRegistered(change.account_id);
  settle(state, record);
  if (change.excluded) {
    state.eligible_total -= record.balance;
    addExcluded(state, change.account_id);
  } else {
    state.eligible_total += record.balance;
    removeExcluded(state, change.account_id);
  }
  record.excluded = change.excluded;
  writeAccount(change.account_id, record);
  emitEarningChanged(change.account_id, change.excluded, record.balance, state.eligible_total);
}
