/**
 * The modelfund project token: NEP-141 fungible token (NEP-145 storage,
 * NEP-148 metadata, NEP-297 events, NEP-330 source metadata) that shares the
 * project's revenue with its holders.
 *
 * This file is the ABI surface only: each method parses its arguments,
 * checks the caller and the deposit, and delegates to the module that keeps
 * the invariant (the model is near-contract-standards' core / core_impl /
 * storage_impl split). Shapes of every argument and view: `interface.ts`.
 *
 * | module | keeps |
 * |---|---|
 * | `init.ts` | fixed supply, pre-minted to the allocations at init (no mint method exists) |
 * | `ledger.ts` | balances and supplies; revenue settled before any balance changes |
 * | `fungible.ts` | NEP-141 transfers and transfer-call resolution |
 * | `storage.ts` | NEP-145 registrations; deposits back to whoever paid |
 * | `intake.ts`, `payouts.ts`, `revenue.ts` | revenue in, revenue out, the accumulator math |
 * | `exclusions.ts` | who earns revenue |
 * | `actions.ts`, `sweep.ts` | the timelocked actions; sweeps never touch owed funds |
 * | `views.ts` | read-only views |
 *
 * Doc template of every method: Caller, Deposit, Panics, Emits. "1 yocto"
 * means exactly 1 yoctoNEAR (a full-access key signed); every privileged
 * method requires it through the shared guards of contracts/common.
 * `upgrade` and `migrate` are plain exports at the end (raw input / raw state).
 */
import { call, decode, encode, initialize, NearBindgen, type NearPromise, view } from "near-sdk-js";
import {
  acceptOwner,
  type AdminState,
  type AdminView,
  adminView,
  assertOwnerCall,
  BASE_ROLES,
  grantRole,
  isPaused,
  newAdminState,
  pauseScopes,
  proposeOwner,
  revokeRole,
  unpauseScopes,
} from "../common/admin";
import { assertAccountId, assertOneYocto, ensure, optionalString } from "../common/guards";
import { type ContractSourceMetadata, sourceMetadata } from "../common/source-metadata";
import {
  applyCommonAction,
  cancelOperation,
  newTimelockState,
  scheduleOperation,
  type TimelockOperation,
  type TimelockState,
  type TimelockView,
  takeReadyOperation,
  timelockView,
  validateCommonAction,
} from "../common/timelock";
import { migrateSelf, upgradeSelf } from "../common/upgrade";
import { executeTokenAction, validateTokenAction } from "./actions";
import { CONTRACT_VERSION, NEAR_ASSET, PAUSE_SCOPES, SLOT_COUNT } from "./constants";
import { emitConfigChanged } from "./events";
import { ftResolveTransfer, ftTransfer, ftTransferCall } from "./fungible";
import { initialize as initializeToken, MAX_LINK_LENGTH } from "./init";
import { revenueHistory } from "./history";
import { distributeRevenue, receiveStablecoin } from "./intake";
// Argument types are written inline (near-sdk-js's ABI generator reads only type literals); each body passes
// them on to a module typed by interface.ts, so a drift from the interface is a compile error there.
import type {
  Allocation,
  AmountsByAsset,
  ContractConfig,
  FungibleTokenMetadata,
  HolderInfo,
  InitArgs,
  PayoutPurpose,
  RevenueHistory,
  RevenueStats,
  StorageBalance,
  StorageBalanceBounds,
  Sweepable,
  TimelockAction,
  U128,
} from "./interface";
import { readAccount } from "./ledger";
import { readMetadata } from "./metadata";
import { migrateState, STATE_VERSION } from "./migration";
import { claimAllRevenue, claimRevenue, onRevenuePayout, reinvestRevenue } from "./payouts";
import { DEFAULT_MIN_ELIGIBLE_SUPPLY, DEFAULT_REVENUE_STREAM_NS, newPool } from "./revenue";
import { storageCost, type TokenState } from "./state";
import { decodeTokenState, encodeTokenState } from "./state-codec";
import { storageBalanceOf, storageDeposit, storageUnregister, storageWithdraw } from "./storage";
import { onSweep, onSweepBalance, sweepableView } from "./sweep";
import type { AssetPool } from "./types";
import { claimableByAsset, contractConfig, holderInfo, revenueStats } from "./views";

// The state is stored with bigints as plain decimal strings (state-codec.ts): with near-sdk-js's default reviver and
// replacer, decoding and encoding it on every call cost ~3.6 of a pre-initialised ft_transfer's 8.4 TGas.
// biome-ignore lint/correctness/noUnusedVariables: @NearBindgen registers the class; near-sdk-js exports its methods
@NearBindgen({
  requireInit: true,
  serializer: (state: object) => encode(encodeTokenState(state)),
  deserializer: (raw: Uint8Array) => decodeTokenState(decode(raw)),
})
class TokenContract implements TokenState {
  /** Shape version of this JSON state (see `migration.ts`). */
  state_version = STATE_VERSION;
  admin: AdminState = newAdminState("");
  timelock: TimelockState = newTimelockState(0n);
  /** Fixed at `init`: Σ allocations. total_supply ≤ max_supply forever. */
  max_supply = 0n;
  total_supply = 0n;
  /** Σ balances of accounts not excluded from revenue: the revenue denominator. */
  eligible_total = 0n;
  /** Revenue is refused, and streams pause, while fewer tokens are eligible (see `revenue.ts`). */
  min_eligible_supply = DEFAULT_MIN_ELIGIBLE_SUPPLY;
  /** Window over which each distribution is released, ns (see `stream.ts`). */
  revenue_stream_ns = DEFAULT_REVENUE_STREAM_NS;
  storage_bytes_per_account = 0n;
  revenue_token_id = "";
  sale_contract_id = "";
  source_link = "";
  excluded_list: string[] = [];
  /** Revenue pools by slot: NEAR, then the stablecoin. */
  pools: AssetPool[] = [newPool(NEAR_ASSET), newPool("")];
  registration_deposits = 0n;
  sweep_in_flight: bigint[] = Array(SLOT_COUNT).fill(0n);
  swept: bigint[] = Array(SLOT_COUNT).fill(0n);

  // ───────────────────────── init ─────────────────────────

  /**
   * Caller: anyone, once (deploy and init in one transaction). Deposit: none.
   * Panics: invalid args; allocations not adding up to max_supply; repeated accounts.
   * Emits: nep141 ft_mint (one entry per allocation).
   */
  @initialize({})
  init({
    owner_id,
    metadata,
    max_supply,
    allocations,
    timelock_delay_ns,
    revenue_token_id,
    sale_contract_id,
    source_link,
    min_eligible_supply,
    revenue_stream_ns,
  }: {
    owner_id: string;
    metadata: InitArgs["metadata"];
    max_supply: U128;
    allocations: Allocation[];
    timelock_delay_ns: string;
    revenue_token_id?: string | null;
    sale_contract_id?: string | null;
    source_link?: string | null;
    min_eligible_supply?: U128 | null;
    revenue_stream_ns?: string | null;
  }): void {
    initializeToken(this, {
      owner_id,
      metadata,
      max_supply,
      allocations,
      timelock_delay_ns,
      revenue_token_id,
      sale_contract_id,
      source_link,
      min_eligible_supply,
      revenue_stream_ns,
    });
  }

  // ───────────────────────── NEP-141 ─────────────────────────

  /** Caller: a registered holder. Deposit: 1 yocto. Panics: paused "transfers", unregistered, balance. Emits: ft_transfer. */
  @call({ payableFunction: true })
  ft_transfer({ receiver_id, amount, memo }: { receiver_id: string; amount: U128; memo?: string | null }): void {
    assertOneYocto();
    ftTransfer(this, { receiver_id, amount, memo });
  }

  /**
   * Caller: a registered holder. Deposit: 1 yocto; > 85 TGas. Panics: as ft_transfer; gas; msg > 4096 chars.
   * Emits: ft_transfer (and ft_transfer "refund" / ft_burn on resolution). Returns the amount kept (U128).
   */
  @call({ payableFunction: true })
  ft_transfer_call({
    receiver_id,
    amount,
    memo,
    msg,
  }: {
    receiver_id: string;
    amount: U128;
    memo?: string | null;
    msg: string;
  }): NearPromise {
    assertOneYocto();
    return ftTransferCall(this, { receiver_id, amount, memo, msg });
  }

  /** Caller: anyone (view). */
  @view({})
  ft_total_supply(): string {
    return this.total_supply.toString();
  }

  /** Caller: anyone (view). "0" for unregistered accounts. */
  @view({})
  ft_balance_of({ account_id }: { account_id: string }): string {
    const record = readAccount(assertAccountId(account_id, "account_id"));
    return record === null ? "0" : record.balance.toString();
  }

  // ───────────────────────── NEP-145 ─────────────────────────

  /**
   * Caller: anyone, for itself or `account_id`. Deposit: ≥ the storage cost; the rest (all, if already
   * registered) is refunded to the caller. Panics: deposit below the cost. Emits: nothing.
   */
  @call({ payableFunction: true })
  storage_deposit({
    account_id,
    registration_only,
  }: {
    account_id?: string | null;
    registration_only?: boolean | null;
  }): StorageBalance {
    return storageDeposit(this, { account_id, registration_only });
  }

  /** Caller: a registered account. Deposit: 1 yocto. Panics: unregistered; amount > 0. Emits: nothing. */
  @call({ payableFunction: true })
  storage_withdraw({ amount }: { amount?: U128 | null }): StorageBalance {
    assertOneYocto();
    return storageWithdraw(this, amount);
  }

  /**
   * Caller: the account itself. Deposit: 1 yocto. Panics: balance or claimable revenue without `force`;
   * paused "claims" when revenue must be paid. Emits: ft_burn (force), revenue_payout_started.
   * Refunds the account's own storage deposit (not one the token paid at init) + the yocto.
   */
  @call({ payableFunction: true })
  storage_unregister({ force }: { force?: boolean | null }): boolean {
    assertOneYocto();
    return storageUnregister(this, force);
  }

  /** Caller: anyone (view). min = max = the cost of one registration. */
  @view({})
  storage_balance_bounds(): StorageBalanceBounds {
    const cost = storageCost(this).toString();
    return { min: cost, max: cost };
  }

  /** Caller: anyone (view). */
  @view({})
  storage_balance_of({ account_id }: { account_id: string }): StorageBalance | null {
    return storageBalanceOf(this, assertAccountId(account_id, "account_id"));
  }

  // ───────────────────────── NEP-148 ─────────────────────────

  /** Caller: anyone (view). */
  @view({})
  ft_metadata(): FungibleTokenMetadata {
    return readMetadata();
  }

  // ───────────────────────── revenue ─────────────────────────

  /** Caller: anyone (an inference provider). Deposit: the NEAR revenue (> 0). Panics: no deposit. Emits: revenue_distributed. */
  @call({ payableFunction: true })
  distribute_revenue({ memo }: { memo?: string | null }): void {
    distributeRevenue(this, memo);
  }

  /**
   * Caller: the configured stablecoin only. Deposit: none. Panics: other callers. Emits: revenue_distributed
   * when msg is "revenue" (otherwise the whole amount is returned unused). Returns the unused amount (U128).
   */
  @call({})
  ft_on_transfer({ sender_id, amount, msg }: { sender_id: string; amount: U128; msg: string }): string {
    return receiveStablecoin(this, { sender_id, amount, msg });
  }

  /**
   * Caller: a registered holder. Deposit: none; ≥ 75 TGas (NEAR) / 110 TGas (stablecoin). Panics: paused
   * "claims"; nothing to claim. Emits: revenue_payout_started, then revenue_claimed or revenue_payout_failed.
   */
  @call({})
  claim_revenue({ asset }: { asset?: string | null }): NearPromise {
    return claimRevenue(this, asset);
  }

  /** Caller: a registered holder. Deposit: none. Panics: paused "claims"; nothing to claim; gas. Emits: as claim_revenue, per asset. */
  @call({})
  claim_all_revenue(): AmountsByAsset {
    return claimAllRevenue(this);
  }

  /**
   * Caller: a registered holder. Deposit: 1 yocto; ≥ 135 TGas. Panics: paused "claims"; no sale linked or
   * another named; amount above the claimable NEAR; bad proof shape. Emits: revenue_payout_started, then
   * revenue_reinvested or revenue_payout_failed. Calls the sale's purchase_with_revenue({buyer, round_id, proof?}).
   */
  @call({ payableFunction: true })
  reinvest_revenue({
    round_id,
    sale_contract_id,
    amount,
    proof,
  }: {
    round_id: number;
    sale_contract_id?: string | null;
    amount?: U128 | null;
    proof?: string[] | null;
  }): NearPromise {
    assertOneYocto();
    return reinvestRevenue(this, { round_id, sale_contract_id, amount, proof });
  }

  /** Caller: anyone (view). Claimable revenue per asset; zeros if unregistered. */
  @view({})
  revenue_of({ account_id }: { account_id: string }): AmountsByAsset {
    return claimableByAsset(this, readAccount(assertAccountId(account_id, "account_id")));
  }

  /** Caller: anyone (view). */
  @view({})
  holder_info({ account_id }: { account_id: string }): HolderInfo {
    return holderInfo(this, assertAccountId(account_id, "account_id"));
  }

  /** Caller: anyone (view). */
  @view({})
  revenue_stats(): RevenueStats {
    return revenueStats(this);
  }

  /**
   * Caller: anyone (view). The last 128 distributions, oldest first, from `from_index` (default: the oldest
   * kept), at most `limit` (1–128, default 128). Panics: from_index or limit not a non-negative integer; limit
   * out of range.
   */
  @view({})
  revenue_history({ from_index, limit }: { from_index?: number | null; limit?: number | null }): RevenueHistory {
    return revenueHistory(this.pools, from_index, limit);
  }

  /** Caller: anyone (view). Σ balances that earn revenue (U128). */
  @view({})
  eligible_supply(): string {
    return this.eligible_total.toString();
  }

  /** Caller: anyone (view). */
  @view({})
  is_excluded({ account_id }: { account_id: string }): boolean {
    return readAccount(assertAccountId(account_id, "account_id"))?.excluded === true;
  }

  /** Caller: anyone (view). */
  @view({})
  excluded_accounts(): string[] {
    return this.excluded_list;
  }

  /** Caller: anyone (view). Stray funds a `sweep` may move; pass `stablecoin_balance` for the stablecoin's. */
  @view({})
  sweepable({ stablecoin_balance }: { stablecoin_balance?: U128 | null }): Sweepable {
    return sweepableView(this, stablecoin_balance);
  }

  // ───────────────────────── administration ─────────────────────────

  /** Caller: owner. Deposit: 1 yocto. Panics: link > 512 chars. Emits: config_changed {key: "source_link"}. */
  @call({ payableFunction: true })
  set_source_link({ link }: { link: string }): void {
    assertOwnerCall(this.admin);
    ensure(typeof link === "string", "link must be a string");
    this.source_link = optionalString(link, "link", MAX_LINK_LENGTH) ?? "";
    emitConfigChanged("source_link", link);
  }

  /** Caller: owner. Deposit: 1 yocto. Panics: invalid or current owner; null without a proposal. Emits: owner_proposed / owner_proposal_cancelled. */
  @call({ payableFunction: true })
  propose_owner({ new_owner_id }: { new_owner_id: string | null }): void {
    proposeOwner(this.admin, new_owner_id);
  }

  /** Caller: the proposed owner. Deposit: 1 yocto. Panics: no proposal; another caller. Emits: owner_changed. */
  @call({ payableFunction: true })
  accept_owner(): void {
    acceptOwner(this.admin);
  }

  /** Caller: owner. Deposit: 1 yocto. Panics: unknown role (pauser, config, guardian); already held. Emits: role_granted. */
  @call({ payableFunction: true })
  grant_role({ role, account_id }: { role: string; account_id: string }): void {
    grantRole(this.admin, role, account_id, BASE_ROLES);
  }

  /** Caller: owner. Deposit: 1 yocto. Panics: unknown role; not held. Emits: role_revoked. */
  @call({ payableFunction: true })
  revoke_role({ role, account_id }: { role: string; account_id: string }): void {
    revokeRole(this.admin, role, account_id, BASE_ROLES);
  }

  /**
   * Caller: pauser (or owner). Deposit: 1 yocto. Panics: unknown scope; already paused. Emits: paused.
   * Scopes: "transfers", "claims", none = both. Immediate (it protects). Returns the scopes paused.
   */
  @call({ payableFunction: true })
  pause({ scope }: { scope?: string | null }): string[] {
    return pauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  /** Caller: owner. Deposit: 1 yocto. Panics: unknown scope; not paused. Emits: unpaused. Returns the scopes unpaused. */
  @call({ payableFunction: true })
  unpause({ scope }: { scope?: string | null }): string[] {
    return unpauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  /**
   * Caller: owner. Deposit: 1 yocto. Panics: unknown action or bad args (nothing queued); queue full.
   * Emits: timelock_scheduled. Actions: upgrade, set_timelock_delay, set_sale_contract, set_revenue_token,
   * set_revenue_exclusion, sweep (see actions.ts).
   */
  @call({ payableFunction: true })
  timelock_schedule({ action, args }: { action: TimelockAction; args: Record<string, unknown> }): TimelockOperation {
    assertOwnerCall(this.admin); // before validating: a stranger learns nothing and pays for nothing
    const parsed = validateCommonAction(action, args) ?? validateTokenAction(this, action, args);
    return scheduleOperation(this.timelock, this.admin, action, parsed);
  }

  /**
   * Caller: owner. Deposit: 1 yocto. Panics: unknown id; not ready; an upgrade (use `upgrade`); the action's
   * checks against the state now (the operation then stays queued). Emits: timelock_executed and the action's events.
   */
  @call({ payableFunction: true })
  timelock_execute({ id }: { id: number }): NearPromise | undefined {
    const operation = takeReadyOperation(this.timelock, this.admin, id);
    return applyCommonAction(this.timelock, operation) ? undefined : executeTokenAction(this, operation);
  }

  /** Caller: owner or guardian. Deposit: 1 yocto. Panics: unknown id. Emits: timelock_cancelled. */
  @call({ payableFunction: true })
  timelock_cancel({ id }: { id: number }): void {
    cancelOperation(this.timelock, this.admin, id);
  }

  /** Caller: anyone (view). Owner, pending owner, roles, paused scopes. */
  @view({})
  admin_info(): AdminView {
    return adminView(this.admin);
  }

  /** Caller: anyone (view). Panics: unknown scope. */
  @view({})
  is_paused({ scope }: { scope: string }): boolean {
    ensure(PAUSE_SCOPES.includes(scope), `Unknown pause scope ${JSON.stringify(scope)}`);
    return isPaused(this.admin, scope);
  }

  /** Caller: anyone (view). The delay and the queued operations. */
  @view({})
  timelock_info(): TimelockView {
    return timelockView(this.timelock);
  }

  /** Caller: anyone (view). Supplies, linked contracts, storage figures. */
  @view({})
  contract_config(): ContractConfig {
    return contractConfig(this);
  }

  /** Caller: anyone (view). NEP-330. */
  @view({})
  contract_source_metadata(): ContractSourceMetadata {
    return sourceMetadata(CONTRACT_VERSION, this.source_link, [
      { standard: "nep141", version: "1.0.0" },
      { standard: "nep145", version: "1.0.0" },
      { standard: "nep148", version: "1.0.0" },
    ]);
  }

  // ───────────────────────── callbacks (private) ─────────────────────────

  /** Caller: this contract (after ft_on_transfer). Emits: ft_transfer "refund" or ft_burn. Returns the amount kept (U128). */
  @call({ privateFunction: true })
  ft_resolve_transfer({
    sender_id,
    receiver_id,
    amount,
  }: {
    sender_id: string;
    receiver_id: string;
    amount: U128;
  }): string {
    return ftResolveTransfer(this, { sender_id, receiver_id, amount });
  }

  /** Caller: this contract (after a payout). Emits: revenue_claimed / revenue_reinvested / revenue_payout_failed. */
  @call({ privateFunction: true })
  on_revenue_payout({
    account_id,
    asset,
    amount,
    purpose,
    round_id,
  }: {
    account_id: string;
    asset: string;
    amount: U128;
    purpose: PayoutPurpose;
    round_id: number | null;
  }): string {
    return onRevenuePayout(this, { account_id, asset, amount, purpose, round_id });
  }

  /** Caller: this contract (after the stablecoin's ft_balance_of). Emits: sweep_started or sweep_refused. */
  @call({ privateFunction: true })
  on_sweep_balance({
    asset,
    receiver_id,
    amount,
    outflow_at_query,
  }: {
    asset: string;
    receiver_id: string;
    amount: U128;
    outflow_at_query: U128;
  }): NearPromise | string {
    return onSweepBalance(this, { asset, receiver_id, amount, outflow_at_query });
  }

  /** Caller: this contract (after a sweep's transfer). Emits: swept or sweep_failed. Returns the amount swept (U128). */
  @call({ privateFunction: true })
  on_sweep({ asset, receiver_id, amount }: { asset: string; receiver_id: string; amount: U128 }): string {
    return onSweep(this, { asset, receiver_id, amount });
  }
}

/**
 * Caller: owner, with the new wasm as the raw input. Deposit: 1 yocto. Panics: no ready `upgrade` operation
 * with the input's sha256 queued; not wasm; a failing `migrate` (reverts the deployment too).
 * Emits: timelock_executed, contract_upgrade, then contract_migrated.
 */
export function upgrade(): void {
  upgradeSelf();
}

/** Caller: this contract only, in the upgrade's receipt. Emits: contract_migrated. */
export function migrate(): void {
  migrateSelf(migrateState);
}
