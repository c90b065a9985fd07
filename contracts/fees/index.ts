/**
 * modelfund fee router: inference providers pay their fees here, per model
 * stage and usage period, in NEAR or the stablecoin; each payment is split
 * by the stage's published basis points between the tokenholders (the
 * token), the stage's contributors (the vault's royalties), the next-model
 * reserve and an optional protocol fee, and forwarded in batches.
 * See README.md for the methods, events and design.
 *
 * This file is the ABI surface only: argument guards and role checks, then
 * one call into the module that owns the concern (providers.ts, prices.ts,
 * payments.ts, forwarding.ts, actions.ts, views.ts; pure math in pricing.ts
 * and split.ts).
 *
 * Invariants (kept by the modules named):
 * 1. Per asset: received = forwarded + pending + in_flight + carried, to the
 *    unit (payments.ts, forwarding.ts, state.ts).
 * 2. Per stage and asset, every destination is credited ⌊received × bps /
 *    10,000⌋ of its split segment; the rest is carried, never lost (split.ts).
 * 3. (provider, stage, period_id) is paid at most once; a refused payment
 *    changes nothing and its funds return to the payer (payments.ts).
 * 4. pay_fees and flush cost the same however many providers and payments
 *    exist: each touches a fixed set of records (records.ts, state.ts).
 * 5. What redirects money (split, reserve and protocol accounts, code) waits
 *    in the timelock (actions.ts); prices apply only after their notice.
 */
import { call, initialize, near, NearBindgen, type NearPromise, view } from "near-sdk-js";
import {
  acceptOwner,
  type AdminState,
  type AdminView,
  adminView,
  assertNotPaused,
  assertRoleCall,
  grantRole,
  isPaused,
  newAdminState,
  pauseScopes,
  proposeOwner,
  revokeRole,
  ROLE_CONFIG,
  unpauseScopes,
} from "../common/admin";
import { assertAccountId, assertOneYocto, ensure, optionalString, parsePositiveU128 } from "../common/guards";
import { type ContractSourceMetadata, sourceMetadata } from "../common/source-metadata";
import {
  applyCommonAction,
  cancelOperation,
  newTimelockState,
  parseTimelockDelay,
  scheduleOperation,
  takeReadyOperation,
  type TimelockOperation,
  type TimelockState,
  type TimelockView,
  timelockView,
  validateCommonAction,
} from "../common/timelock";
import { migrateSelf, upgradeSelf } from "../common/upgrade";
import { assertPayee, checkedSplit, executeFeesAction, validateFeesAction } from "./actions";
import {
  CONTRACT_VERSION,
  FEES_ROLES,
  FEES_STANDARD,
  FEES_STANDARD_VERSION,
  FT_SLOT,
  MAX_MSG_LENGTH,
  MAX_PRICE_NOTICE_NS,
  NEAR_SLOT,
  PAUSE_SCOPES,
  ROLE_PROVIDER_MANAGER,
  SCOPE_FORWARDING,
  SCOPE_PAYMENTS,
  SCOPE_PROVIDERS,
  STAGE_COUNT,
  STATE_VERSION,
} from "./constants";
import { forwardViews, settleForward, startFlush } from "./forwarding";
import type {
  AssetPriceJson,
  ContractConfigView,
  ForwardView,
  PaymentView,
  PricesView,
  ProviderMetadata,
  ProviderView,
  QuoteView,
  SplitJson,
  StageRevenueView,
  TotalsView,
  UsageJson,
  UsageView,
} from "./interface";
import { migrateState } from "./migration";
import { payFees } from "./payments";
import { pricesView, setPrice } from "./prices";
import {
  changeStatus,
  depositProviderStorage,
  providerView,
  registerProvider,
  retireProvider,
  updateProvider,
} from "./providers";
import { newStageRecord, parseStage, readProvider, readProviderAt, writeStage } from "./records";
import { type FeesState, newBooks, newBuckets } from "./state";
import type { AssetBooks, Bucket } from "./types";
import { page, paymentsView, paymentView, quoteView, stageRevenueView, totalsView, usageView } from "./views";

/** Body of `upgrade`: raw wasm input, owner + 1 yoctoNEAR, a ready scheduled code hash (common/upgrade.ts). */
export function upgrade(): void {
  upgradeSelf();
}

/** Runs in the upgrade's own receipt (self only): brings the stored state to this code's version. */
export function migrate(): void {
  migrateSelf(migrateState);
}

// Not exported: near-sdk-js's exporter generates one exported function per method.
// biome-ignore lint/correctness/noUnusedVariables: @NearBindgen registers the class; near-sdk-js exports its methods
@NearBindgen({ requireInit: true })
class FeesContract implements FeesState {
  state_version = STATE_VERSION;
  admin: AdminState = newAdminState("");
  timelock: TimelockState = newTimelockState(0n);
  token_id = "";
  vault_id = "";
  stable_id = "";
  reserve_id = "";
  protocol_id = "";
  price_notice_ns = 0n;
  source_link = "";
  provider_count = 0;
  books: AssetBooks[] = newBooks();
  buckets: Bucket[] = newBuckets();
  bonds = 0n;
  storage_deposits = 0n;

  // ---- init ---------------------------------------------------------------------------

  /**
   * Caller: the deployer (once). Deposit: none.
   * Panics: invalid accounts, stable_id equal to token_id, bad split (bps, protocol share without account),
   * bad delay or notice.
   */
  @initialize({})
  init({
    owner_id,
    token_id,
    vault_id,
    stable_id,
    reserve_id,
    protocol_id,
    split,
    price_notice_ns,
    timelock_delay_ns,
    source_link,
  }: {
    owner_id: string;
    token_id: string;
    vault_id: string;
    stable_id?: string | null;
    reserve_id: string;
    protocol_id?: string | null;
    split: SplitJson;
    price_notice_ns: string;
    timelock_delay_ns: string;
    source_link?: string | null;
  }): void {
    this.admin = newAdminState(assertAccountId(owner_id, "owner_id"));
    this.timelock = newTimelockState(parseTimelockDelay(timelock_delay_ns, "timelock_delay_ns"));
    this.token_id = assertAccountId(token_id, "token_id");
    this.vault_id = assertAccountId(vault_id, "vault_id");
    if (stable_id !== undefined && stable_id !== null) {
      this.stable_id = assertAccountId(stable_id, "stable_id");
      ensure(this.stable_id !== this.token_id, "stable_id must differ from token_id");
    }
    this.reserve_id = assertPayee(reserve_id, "reserve_id");
    if (protocol_id !== undefined && protocol_id !== null) {
      this.protocol_id = assertPayee(protocol_id, "protocol_id");
    }
    ensure(
      typeof price_notice_ns === "string" && /^(0|[1-9][0-9]{0,19})$/.test(price_notice_ns),
      `price_notice_ns must be a U64 decimal string, got ${JSON.stringify(price_notice_ns)}`,
    );
    this.price_notice_ns = BigInt(price_notice_ns);
    ensure(this.price_notice_ns <= MAX_PRICE_NOTICE_NS, `price_notice_ns must be at most ${MAX_PRICE_NOTICE_NS}`);
    const initial = checkedSplit(this, split);
    for (let stage = 0; stage < STAGE_COUNT; stage++) writeStage(newStageRecord(stage, initial));
    this.source_link = optionalString(source_link, "source_link", 256) ?? "";
  }

  // ---- common admin surface (common/README.md) ---------------------------------------------

  /** Caller: owner. Deposit: 1 yocto. Emits: modelfund owner_proposed / owner_proposal_cancelled. */
  @call({ payableFunction: true })
  propose_owner({ new_owner_id }: { new_owner_id?: string | null }): void {
    proposeOwner(this.admin, new_owner_id);
  }

  /** Caller: the proposed owner. Deposit: 1 yocto. Emits: modelfund owner_changed. */
  @call({ payableFunction: true })
  accept_owner(): void {
    acceptOwner(this.admin);
  }

  /** Caller: owner. Deposit: 1 yocto. Roles: pauser, config, guardian, provider_manager. Emits: modelfund role_granted. */
  @call({ payableFunction: true })
  grant_role({ role, account_id }: { role: string; account_id: string }): void {
    grantRole(this.admin, role, account_id, FEES_ROLES);
  }

  /** Caller: owner. Deposit: 1 yocto. Emits: modelfund role_revoked. */
  @call({ payableFunction: true })
  revoke_role({ role, account_id }: { role: string; account_id: string }): void {
    revokeRole(this.admin, role, account_id, FEES_ROLES);
  }

  /** Caller: pauser. Deposit: 1 yocto. Scopes: payments, forwarding, providers (none = all). Emits: modelfund paused. */
  @call({ payableFunction: true })
  pause({ scope }: { scope?: string | null }): string[] {
    return pauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  /** Caller: owner. Deposit: 1 yocto. Emits: modelfund unpaused. */
  @call({ payableFunction: true })
  unpause({ scope }: { scope?: string | null }): string[] {
    return unpauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  /**
   * Caller: owner. Deposit: 1 yocto. Actions: upgrade, set_timelock_delay, set_split, set_reserve_account,
   * set_protocol_account. Panics: unknown action, bad args, full queue. Emits: modelfund timelock_scheduled.
   */
  @call({ payableFunction: true })
  timelock_schedule({ action, args }: { action: string; args: Record<string, unknown> }): TimelockOperation {
    const parsed = validateCommonAction(action, args) ?? validateFeesAction(this, action, args);
    return scheduleOperation(this.timelock, this.admin, action, parsed);
  }

  /** Caller: owner, after the delay. Deposit: 1 yocto. Emits: modelfund timelock_executed, then the action's event. */
  @call({ payableFunction: true })
  timelock_execute({ id }: { id: number }): void {
    const operation = takeReadyOperation(this.timelock, this.admin, id);
    if (!applyCommonAction(this.timelock, operation)) executeFeesAction(this, operation);
  }

  /** Caller: owner or guardian. Deposit: 1 yocto. Emits: modelfund timelock_cancelled. */
  @call({ payableFunction: true })
  timelock_cancel({ id }: { id: number }): void {
    cancelOperation(this.timelock, this.admin, id);
  }

  @view({})
  admin_info(): AdminView {
    return adminView(this.admin);
  }

  @view({})
  is_paused({ scope }: { scope: string }): boolean {
    return isPaused(this.admin, scope);
  }

  @view({})
  timelock_info(): TimelockView {
    return timelockView(this.timelock);
  }

  /** NEP-330. */
  @view({})
  contract_source_metadata(): ContractSourceMetadata {
    return sourceMetadata(CONTRACT_VERSION, this.source_link, [
      { standard: FEES_STANDARD, version: FEES_STANDARD_VERSION },
    ]);
  }

  @view({})
  contract_config(): ContractConfigView {
    return {
      token_id: this.token_id,
      vault_id: this.vault_id,
      stable_id: this.stable_id === "" ? null : this.stable_id,
      reserve_id: this.reserve_id,
      protocol_id: this.protocol_id === "" ? null : this.protocol_id,
      price_notice_ns: this.price_notice_ns.toString(),
      stage_count: STAGE_COUNT,
      roles: [...FEES_ROLES],
      pause_scopes: [...PAUSE_SCOPES],
      event_standard: FEES_STANDARD,
      event_version: FEES_STANDARD_VERSION,
      state_version: this.state_version,
      now_ns: near.blockTimestamp().toString(),
    };
  }

  // ---- providers -----------------------------------------------------------------------------

  /**
   * Caller: the provider. Deposit: bond + storage (the storage part must cover the provider's record).
   * Panics: bad metadata, bond above the deposit, already registered, storage short. Emits: provider_registered.
   */
  @call({ payableFunction: true })
  register_provider({ metadata, bond }: { metadata: ProviderMetadata; bond?: string | null }): void {
    assertNotPaused(this.admin, SCOPE_PROVIDERS);
    registerProvider(this, metadata, bond, near.predecessorAccountId(), near.attachedDeposit(), near.blockTimestamp());
  }

  /**
   * Caller: a registered provider (not retired). Deposit: 1 yocto (a function-call key cannot rewrite what the manager
   * approved). A changed attestation digest or stage list puts an active provider back to pending.
   * Panics: bad metadata, storage short. Emits: provider_updated (with the resulting status).
   */
  @call({ payableFunction: true })
  update_provider({ metadata }: { metadata: ProviderMetadata }): void {
    assertOneYocto();
    assertNotPaused(this.admin, SCOPE_PROVIDERS);
    updateProvider(metadata, near.predecessorAccountId(), near.blockTimestamp());
  }

  /** Caller: a registered provider. Deposit: the NEAR added to its storage deposit. Emits: provider_storage_deposited. */
  @call({ payableFunction: true })
  provider_storage_deposit(): void {
    depositProviderStorage(this, near.predecessorAccountId(), near.attachedDeposit());
  }

  /** Caller: a pending or active provider. Deposit: 1 yocto. Returns its bond and unused storage deposit. Emits: provider_retired. */
  @call({ payableFunction: true })
  retire_provider(): void {
    assertOneYocto();
    retireProvider(this, near.predecessorAccountId(), near.blockTimestamp());
  }

  /** Caller: provider_manager. Deposit: 1 yocto. pending → active. Emits: provider_approved. */
  @call({ payableFunction: true })
  approve_provider({ account_id, reason }: { account_id: string; reason?: string | null }): void {
    assertRoleCall(this.admin, ROLE_PROVIDER_MANAGER);
    changeStatus(account_id, "approve", reason, near.predecessorAccountId(), near.blockTimestamp());
  }

  /** Caller: provider_manager. Deposit: 1 yocto. pending/active → suspended. Emits: provider_suspended. */
  @call({ payableFunction: true })
  suspend_provider({ account_id, reason }: { account_id: string; reason?: string | null }): void {
    assertRoleCall(this.admin, ROLE_PROVIDER_MANAGER);
    changeStatus(account_id, "suspend", reason, near.predecessorAccountId(), near.blockTimestamp());
  }

  /** Caller: provider_manager. Deposit: 1 yocto. suspended → active. Emits: provider_reinstated. */
  @call({ payableFunction: true })
  reinstate_provider({ account_id, reason }: { account_id: string; reason?: string | null }): void {
    assertRoleCall(this.admin, ROLE_PROVIDER_MANAGER);
    changeStatus(account_id, "reinstate", reason, near.predecessorAccountId(), near.blockTimestamp());
  }

  // ---- prices ---------------------------------------------------------------------------------

  /**
   * Caller: config role. Deposit: 1 yocto. Announces a stage's price (NEAR and/or stablecoin), effective at
   * `effective_at_ns` ≥ now + price_notice_ns (default exactly that); replaces a waiting announcement.
   * Emits: price_scheduled.
   */
  @call({ payableFunction: true })
  set_price({
    stage,
    near: nearPrice,
    stable,
    effective_at_ns,
  }: {
    stage: number;
    near?: AssetPriceJson | null;
    stable?: AssetPriceJson | null;
    effective_at_ns?: string | null;
  }): void {
    assertRoleCall(this.admin, ROLE_CONFIG);
    const args = { stage, near: nearPrice, stable, effective_at_ns };
    setPrice(this, args, near.blockTimestamp(), near.predecessorAccountId());
  }

  // ---- payments -------------------------------------------------------------------------------

  /**
   * Caller: an active provider. Deposit: the NEAR fee (≥ the quote; the excess is a recorded tip).
   * Panics (the deposit returns): see payments.ts. Emits: fee_paid.
   */
  @call({ payableFunction: true })
  pay_fees({
    stage,
    period_id,
    usage,
    memo,
  }: {
    stage: number;
    period_id: string;
    usage: UsageJson;
    memo?: string | null;
  }): void {
    assertNotPaused(this.admin, SCOPE_PAYMENTS);
    const amount = near.attachedDeposit();
    ensure(amount > 0n, "Attach the NEAR fee");
    const args = memo === undefined ? { stage, period_id, usage } : { stage, period_id, usage, memo };
    payFees(this, args, NEAR_SLOT, amount, near.predecessorAccountId(), near.blockTimestamp());
  }

  /**
   * NEP-141 receiver. Caller: the stablecoin; msg: the pay_fees arguments as JSON; sender: the provider.
   * Panics (the stablecoin refunds): other token, bad msg, and every pay_fees refusal. Emits: fee_paid.
   * Returns: "0" (everything kept).
   */
  @call({})
  ft_on_transfer({ sender_id, amount, msg }: { sender_id: string; amount: string; msg: string }): string {
    assertNotPaused(this.admin, SCOPE_PAYMENTS);
    const token = near.predecessorAccountId();
    ensure(
      this.stable_id !== "" && token === this.stable_id,
      `The router accepts fees only in ${this.stable_id === "" ? "NEAR" : this.stable_id}, not ${token}`,
    );
    const value = parsePositiveU128(amount, "amount");
    ensure(
      typeof msg === "string" && msg.length <= MAX_MSG_LENGTH,
      `msg must be a string of at most ${MAX_MSG_LENGTH} characters`,
    );
    let args: unknown;
    try {
      args = JSON.parse(msg);
    } catch (_error) {
      throw new Error(`msg must be the pay_fees arguments as JSON, got ${JSON.stringify(msg.substring(0, 100))}`);
    }
    payFees(this, args, FT_SLOT, value, assertAccountId(sender_id, "sender_id"), near.blockTimestamp());
    return "0";
  }

  // ---- forwarding -----------------------------------------------------------------------------

  /**
   * Caller: anyone. Deposit: none; at least 220 TGas. Sends one destination's pending amount of one asset.
   * Panics: bad destination or asset, nothing pending, no protocol account. Emits: forward_started, then
   * forward_done or forward_failed (the amount, or the part the receiver returned, is pending again).
   */
  @call({})
  flush({ destination, stage, asset }: { destination: string; stage?: number | null; asset: string }): NearPromise {
    assertNotPaused(this.admin, SCOPE_FORWARDING);
    return startFlush(this, destination, stage, asset);
  }

  /** Private callback of flush. Returns what the receiver kept (U128). */
  @call({ privateFunction: true })
  on_forwarded({
    target,
    slot,
    amount,
    receiver,
  }: {
    target: number;
    slot: number;
    amount: string;
    receiver: string;
  }): string {
    return settleForward(this, target, slot, BigInt(amount), receiver);
  }

  // ---- views ----------------------------------------------------------------------------------

  @view({})
  provider({ account_id }: { account_id: string }): ProviderView | null {
    const found = readProvider(account_id);
    return found === null ? null : providerView(found);
  }

  /** Providers in registration order, from `from_index` (default 0), at most `limit` (default 20, max 50). */
  @view({})
  providers({ from_index, limit }: { from_index?: number | null; limit?: number | null }): ProviderView[] {
    const { start, count } = page(from_index, limit);
    const out: ProviderView[] = [];
    for (let index = start; index < Math.min(start + count, this.provider_count); index++) {
      const accountId = readProviderAt(index);
      const found = accountId === null ? null : readProvider(accountId);
      if (found !== null) out.push(providerView(found));
    }
    return out;
  }

  /** A stage's price in force and any announced change. */
  @view({})
  prices({ stage }: { stage: number }): PricesView {
    return pricesView(parseStage(stage), near.blockTimestamp());
  }

  @view({})
  price_list(): PricesView[] {
    const now = near.blockTimestamp();
    const out: PricesView[] = [];
    for (let stage = 0; stage < STAGE_COUNT; stage++) out.push(pricesView(stage, now));
    return out;
  }

  /** The fee of `usage` at the stage's price in force, per asset (null: no price in that asset). */
  @view({})
  quote({ stage, usage }: { stage: number; usage: UsageJson }): QuoteView {
    return quoteView(this, stage, usage, near.blockTimestamp());
  }

  @view({})
  usage({ provider_id, stage }: { provider_id: string; stage: number }): UsageView | null {
    return usageView(this, provider_id, stage);
  }

  @view({})
  payment({
    provider_id,
    stage,
    period_id,
  }: {
    provider_id: string;
    stage: number;
    period_id: string;
  }): PaymentView | null {
    return paymentView(this, provider_id, stage, period_id);
  }

  /** A provider's payments in a stage, in payment order (paged like `providers`). */
  @view({})
  payments({
    provider_id,
    stage,
    from_index,
    limit,
  }: {
    provider_id: string;
    stage: number;
    from_index?: number | null;
    limit?: number | null;
  }): PaymentView[] {
    return paymentsView(this, provider_id, stage, from_index, limit);
  }

  /** A stage's split and revenue per asset by destination. */
  @view({})
  stage_revenue({ stage }: { stage: number }): StageRevenueView {
    return stageRevenueView(this, stage);
  }

  /** Every destination × asset: receiver, pending, in flight, forwarded, failures. */
  @view({})
  pending_forwards(): ForwardView[] {
    return forwardViews(this);
  }

  /** The books behind invariant 1 (per asset) and the providers' NEAR. */
  @view({})
  totals(): TotalsView {
    return totalsView(this);
  }
}
