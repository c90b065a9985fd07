/**
 * The token's read-only views over its state (no writes): holders, revenue
 * totals, configuration. Every call into the revenue math made by views is
 * here. Revenue views first bring the pools to the block time in memory
 * (`syncPools`; a view never writes), so they show what has streamed up to
 * the current block.
 */
import { CONTRACT_VERSION, REVENUE_MSG, SCALE } from "./constants";
import type { AmountsByAsset, ContractConfig, HolderInfo, RevenueStats } from "./interface";
import { readAccount } from "./ledger";
import { claimableOf, owedScaledOf, streamView, syncPools } from "./revenue";
import { activeSlots, type TokenState } from "./state";
import { storageBalanceOf } from "./storage";
import type { AccountRecord } from "./types";

/** Claimable revenue per active asset ("0" for an unregistered account). */
export function claimableByAsset(state: TokenState, record: AccountRecord | null): AmountsByAsset {
  syncPools(state);
  const result: AmountsByAsset = {};
  for (const slot of activeSlots(state)) {
    const pool = state.pools[slot];
    result[pool.asset] = record === null ? "0" : claimableOf(record.assets[slot], record, pool).toString();
  }
  return result;
}

/** Revenue × SCALE earned and not paid, per active asset (claimable plus the sub-unit fraction; exact). */
function owedScaledByAsset(state: TokenState, record: AccountRecord | null): Record<string, string> {
  syncPools(state);
  const result: Record<string, string> = {};
  for (const slot of activeSlots(state)) {
    const pool = state.pools[slot];
    result[pool.asset] = record === null ? "0" : owedScaledOf(record.assets[slot], record, pool).toString();
  }
  return result;
}

export function holderInfo(state: TokenState, accountId: string): HolderInfo {
  const record = readAccount(accountId);
  return {
    account_id: accountId,
    registered: record !== null,
    balance: record === null ? "0" : record.balance.toString(),
    excluded: record?.excluded === true,
    claimable: claimableByAsset(state, record),
    owed_scaled: owedScaledByAsset(state, record),
    storage_balance: storageBalanceOf(state, accountId),
  };
}

/** Per asset: distributed = claimed + in_flight + outstanding; `held` is the pending pool's whole units. */
export function revenueStats(state: TokenState): RevenueStats {
  syncPools(state);
  return {
    total_supply: state.total_supply.toString(),
    eligible_supply: state.eligible_total.toString(),
    scale: SCALE.toString(),
    assets: activeSlots(state).map((slot) => {
      const pool = state.pools[slot];
      return {
        asset: pool.asset,
        total_distributed: pool.distributed.toString(),
        total_claimed: pool.claimed.toString(),
        total_reinvested: pool.reinvested.toString(),
        in_flight: pool.in_flight.toString(),
        outstanding: (pool.distributed - pool.claimed - pool.in_flight).toString(),
        held: (pool.pending / SCALE).toString(),
        pending_scaled: pool.pending.toString(),
        revenue_per_token_scaled: pool.acc.toString(),
        streaming: (pool.unstreamed / SCALE).toString(),
        stream: streamView(state, pool),
      };
    }),
  };
}

export function contractConfig(state: TokenState): ContractConfig {
  return {
    version: CONTRACT_VERSION,
    state_version: state.state_version,
    owner_id: state.admin.owner_id,
    max_supply: state.max_supply.toString(),
    total_supply: state.total_supply.toString(),
    eligible_supply: state.eligible_total.toString(),
    revenue_token_id: state.revenue_token_id === "" ? null : state.revenue_token_id,
    sale_contract_id: state.sale_contract_id === "" ? null : state.sale_contract_id,
    revenue_msg: REVENUE_MSG,
    storage_bytes_per_account: state.storage_bytes_per_account.toString(),
    min_eligible_supply: state.min_eligible_supply.toString(),
    revenue_stream_ns: state.revenue_stream_ns.toString(),
    registration_deposits: state.registration_deposits.toString(),
  };
}
