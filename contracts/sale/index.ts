/**
 * modelfund sale: token rounds that fund the training of the model series.
 *
 * One round per model stage, configured by the owner before it opens. Buyers
 * pay NEAR (`purchase`), the stablecoin (`ft_transfer_call` → `ft_on_transfer`)
 * or reinvested revenue (the token calls `purchase_with_revenue`). After the
 * end a round is successful (tokens_sold >= soft_cap: tokens vest and are
 * claimed, proceeds are released in tranches to approved compute providers)
 * or failed / cancelled (buyers withdraw full refunds in the asset they paid).
 * See README.md for the method list, events, gas and the trust model.
 *
 * Invariants (kept by the modules named):
 * 1. tokens_sold <= hard_cap <= token_allocation for every round (rounds.ts,
 *    purchases.ts); Σ reserved tokens <= tokens_reserved <= token_inventory,
 *    with tokens_reserved a running sum (create/update_round are O(1) in the
 *    number of rounds; rounds.ts `closeRoundBooks`).
 * 2. Σ claims <= tokens_sold: per record claimed <= vested <= tokens (settlement.ts).
 * 3. For every asset, holdings >= refunds owed + unreleased proceeds:
 *    released <= raised × schedule cap, refunds pay back exactly `paid`, and a
 *    payout that fails is rolled back by its callback (escrow.ts,
 *    settlement.ts, books.ts); a sweep moves only the excess (sweep.ts).
 * 4. No payment yields both tokens and a refund: claims need a successful
 *    round, refunds a failed or cancelled one, and the outcome is final.
 * 5. No floating point in money paths: all amounts are bigint; percentages
 *    are integer basis points; every division floors (or ceils the payment
 *    charged), always in the contract's favour.
 * 6. Every privileged call attaches exactly 1 yoctoNEAR (common/admin.ts);
 *    what moves proceeds or code (providers, release schedules, sweeps,
 *    upgrades, the delay) waits the timelock (actions.ts).
 *
 * Method docs follow one template: Caller / Deposit / Panics / Emits.
 */
import { call, encode, initialize, near, NearBindgen, NearPromise, serialize, view } from "near-sdk-js";
import {
  acceptOwner,
  type AdminState,
  type AdminView,
  adminView,
  assertNotPaused,
  assertOwnerCall,
  grantRole,
  isPaused,
  newAdminState,
  pauseScopes,
  proposeOwner,
  revokeRole,
  unpauseScopes,
} from "../common/admin";
import {
  assertAccountId,
  assertSelf,
  ensure,
  optionalBool,
  optionalString,
  parsePositiveU128,
  parseU128,
} from "../common/guards";
import { singlePromiseOutcome, transferNear } from "../common/promises";
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
import { readRawState, upgradeSelf } from "../common/upgrade";
import { executeSaleAction, validateSaleAction } from "./actions";
import { noteIncoming } from "./books";
import {
  CONTRACT_VERSION,
  FT_SLOT,
  GAS_FOR_FT_VIEW,
  GAS_FOR_PAYOUT_CALLBACK,
  INVENTORY_MSG,
  MAX_MSG_LENGTH,
  MAX_REASON_LENGTH,
  MAX_ROUNDS,
  MAX_TOKEN_DECIMALS,
  NEAR_ASSET,
  NEAR_SLOT,
  PAUSE_SCOPES,
  SALE_STANDARD,
  SALE_STANDARD_VERSION,
  SCOPE_PURCHASES,
  SCOPE_RELEASES,
  SCOPE_SETTLEMENT,
  SLOT_COUNT,
  STATE_VERSION,
  TOKEN_SLOT,
} from "./constants";
import { escrowView, settleRelease, startRelease } from "./escrow";
import {
  emitInventoryAdded,
  emitRoundCancelled,
  emitRoundCreated,
  emitRoundUpdated,
  emitTokenMetadataConfirmed,
  emitTokenMetadataMismatch,
} from "./events";
import type {
  AccountView,
  ContractConfigView,
  EscrowView,
  HoldingsView,
  PurchaseResult,
  PurchaseView,
  RoundView,
  StorageBalance,
  StorageBalanceBounds,
  SweepableAsset,
} from "./interface";
import { STATE_KEY } from "./keys";
import { migrateState } from "./migration";
import { fillPurchase } from "./pricing";
import { executePurchase } from "./purchases";
import {
  emptyStats,
  loadRound,
  measureRecordBytes,
  readPurchase,
  readRound,
  readStats,
  readStorageAccount,
  removeStorageAccount,
  roundIdOfKey,
  writeRound,
  writeRoundKey,
  writeStats,
  writeStorageAccount,
} from "./records";
import {
  assetOfSlot,
  closeRoundBooks,
  isRefunding,
  parseRoundConfig,
  parseRoundKey,
  priceSegments,
  roundConfigJson,
  roundStatus,
  roundView,
  slotOfAsset,
  vestingTerms,
} from "./rounds";
import { settleClaim, settleRefund, startClaim, startRefund } from "./settlement";
import { type SaleState, tokenScale } from "./state";
import { minStorageBalance, storageAvailable, storageBalanceJson, storageShortfallForNewRecord } from "./storage";
import { sweepableView, sweepBalanceArrived, sweepSettled } from "./sweep";
import type { Round } from "./types";
import { claimableAmount, fullyVestedAt, vestedAmount } from "./vesting";

/**
 * Body of `upgrade` (raw wasm input). Caller: owner. Deposit: 1 yoctoNEAR.
 * Panics: without a ready `upgrade` operation whose code_hash is the input's
 * sha256 (see common/upgrade.ts). Emits: `timelock_executed`, `contract_upgrade`.
 */
export function upgrade(): void {
  upgradeSelf();
}

/**
 * Runs in the upgrade's own receipt (self only): converts the stored state
 * with the migration hook and writes it back. A plain export rather than
 * near-sdk-js's `@migrate` method: the exporter would declare a second
 * `migrate` beside the imported decorator of the same name.
 */
export function migrate(): void {
  assertSelf("migrate");
  const old = readRawState();
  ensure(old !== null, "No state to migrate");
  near.storageWriteRaw(encode(STATE_KEY), serialize(migrateState(old)));
}

function parseRoundId(value: unknown): number {
  ensure(
    typeof value === "number" && Number.isInteger(value) && value >= 0 && value < MAX_ROUNDS,
    `round_id must be an integer in 0..${MAX_ROUNDS - 1}, got ${JSON.stringify(value)}`,
  );
  return value;
}

function purchaseResult(outcome: {
  tokens: bigint;
  cost: bigint;
  refund: bigint;
  storage_fee: bigint;
}): PurchaseResult {
  return {
    tokens: outcome.tokens.toString(),
    cost: outcome.cost.toString(),
    refund: outcome.refund.toString(),
    storage_fee: outcome.storage_fee.toString(),
  };
}

// Not exported: near-sdk-js's exporter generates one exported function per
// method; exporting the class too would add a meaningless wasm export.
// biome-ignore lint/correctness/noUnusedVariables: @NearBindgen registers the class; near-sdk-js exports its methods
@NearBindgen({ requireInit: true })
class SaleContract implements SaleState {
  state_version = STATE_VERSION;
  admin: AdminState = newAdminState("");
  timelock: TimelockState = newTimelockState(0n);
  token_id = "";
  token_decimals = 0;
  token_metadata_confirmed = false;
  stable_id = "";
  token_inventory = 0n;
  ft_held = 0n;
  storage_deposits = 0n;
  near_held = 0n;
  tokens_reserved = 0n;
  in_flight: bigint[] = [0n, 0n, 0n];
  moved_at_height: bigint[] = [0n, 0n, 0n];
  round_count = 0;
  approved_providers: string[] = [];
  storage_account_bytes = 0;
  storage_record_bytes = 0;
  source_link = "";

  // ---- init & admin -----------------------------------------------------

  /**
   * Caller: anyone, once (the deployer). Deposit: none.
   * `token_inventory`: the project tokens pre-minted to this contract (U128);
   * `stable_id`: the NEP-141 stablecoin accepted as payment, or null;
   * `timelock_delay_ns`: the delay of every timelocked operation (U64, ≤ 30 days).
   * Also asks the token for its ft_metadata (see `confirm_token_metadata`).
   * Panics: on any invalid argument. Emits: `token_metadata_confirmed` or
   * `token_metadata_mismatch` from the callback.
   */
  @initialize({})
  init({
    owner_id,
    token_id,
    token_decimals,
    stable_id,
    token_inventory,
    timelock_delay_ns,
    source_link,
  }: {
    owner_id: string;
    token_id: string;
    token_decimals: number;
    stable_id?: string | null;
    token_inventory: string;
    timelock_delay_ns: string;
    source_link?: string | null;
  }): void {
    this.admin = newAdminState(assertAccountId(owner_id, "owner_id"));
    this.token_id = assertAccountId(token_id, "token_id");
    ensure(
      typeof token_decimals === "number" &&
        Number.isInteger(token_decimals) &&
        token_decimals >= 0 &&
        token_decimals <= MAX_TOKEN_DECIMALS,
      `token_decimals must be an integer in 0..${MAX_TOKEN_DECIMALS}`,
    );
    this.token_decimals = token_decimals;
    if (stable_id !== undefined && stable_id !== null) {
      this.stable_id = assertAccountId(stable_id, "stable_id");
      ensure(this.stable_id !== this.token_id, "stable_id must differ from token_id");
      ensure(this.stable_id !== NEAR_ASSET, `stable_id must not be "${NEAR_ASSET}"`);
    }
    this.token_inventory = parseU128(token_inventory, "token_inventory");
    this.timelock = newTimelockState(parseTimelockDelay(timelock_delay_ns, "timelock_delay_ns"));
    this.source_link = optionalString(source_link, "source_link", 256) ?? "";
    const measured = measureRecordBytes();
    this.storage_account_bytes = measured.account_bytes;
    this.storage_record_bytes = measured.record_bytes;
    this.tokenMetadataQuery().build();
  }

  private tokenMetadataQuery(): NearPromise {
    return NearPromise.new(this.token_id)
      .functionCall("ft_metadata", "{}", 0n, GAS_FOR_FT_VIEW)
      .then(
        NearPromise.new(near.currentAccountId()).functionCall("on_token_metadata", "{}", 0n, GAS_FOR_PAYOUT_CALLBACK),
      );
  }

  /**
   * Caller: anyone (a retry when the token was not ready at init). Deposit: none.
   * Reads the token's ft_metadata; the callback confirms `token_decimals`.
   * Panics: when already confirmed. Emits (callback): `token_metadata_confirmed`
   * or `token_metadata_mismatch`.
   */
  @call({})
  confirm_token_metadata(): NearPromise {
    ensure(!this.token_metadata_confirmed, "The token's metadata is already confirmed");
    return this.tokenMetadataQuery();
  }

  /** Caller: self (callback of the ft_metadata query). Returns whether the decimals are confirmed. */
  @call({ privateFunction: true })
  on_token_metadata(): boolean {
    const outcome = singlePromiseOutcome();
    if (!outcome.ok) return false;
    let decimals: unknown = null;
    try {
      decimals = (JSON.parse(outcome.value) as { decimals?: unknown }).decimals;
    } catch (_error) {
      decimals = null;
    }
    if (decimals !== this.token_decimals) {
      emitTokenMetadataMismatch(this.token_id, this.token_decimals, decimals ?? null);
      return false;
    }
    this.token_metadata_confirmed = true;
    emitTokenMetadataConfirmed(this.token_id, this.token_decimals);
    return true;
  }

  /** Caller: owner. Deposit: 1 yoctoNEAR. `null` cancels a proposal. Emits: `owner_proposed` / `owner_proposal_cancelled`. */
  @call({ payableFunction: true })
  propose_owner({ new_owner_id }: { new_owner_id?: string | null }): void {
    proposeOwner(this.admin, new_owner_id);
  }

  /** Caller: the proposed owner. Deposit: 1 yoctoNEAR. Emits: `owner_changed`. */
  @call({ payableFunction: true })
  accept_owner(): void {
    acceptOwner(this.admin);
  }

  /** Caller: owner. Deposit: 1 yoctoNEAR. Roles: pauser, config, guardian. Emits: `role_granted`. */
  @call({ payableFunction: true })
  grant_role({ role, account_id }: { role: string; account_id: string }): void {
    grantRole(this.admin, role, account_id);
  }

  /** Caller: owner. Deposit: 1 yoctoNEAR. Emits: `role_revoked`. */
  @call({ payableFunction: true })
  revoke_role({ role, account_id }: { role: string; account_id: string }): void {
    revokeRole(this.admin, role, account_id);
  }

  /**
   * Caller: pauser (or owner). Deposit: 1 yoctoNEAR. Scopes: "purchases",
   * "settlement" (claims, refunds), "releases"; none = all. Immediate.
   * Panics: unknown scope, already paused. Emits: `paused`.
   */
  @call({ payableFunction: true })
  pause({ scope }: { scope?: string | null }): string[] {
    return pauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  /** Caller: owner. Deposit: 1 yoctoNEAR. Immediate. Panics: not paused. Emits: `unpaused`. */
  @call({ payableFunction: true })
  unpause({ scope }: { scope?: string | null }): string[] {
    return unpauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  /**
   * Caller: owner. Deposit: 1 yoctoNEAR. Queues `action` (upgrade,
   * set_timelock_delay, approve_provider, remove_provider,
   * set_release_schedule, sweep) with its args, validated now.
   * Panics: unknown action, bad args, full queue. Emits: `timelock_scheduled`.
   */
  @call({ payableFunction: true })
  timelock_schedule({ action, args }: { action: string; args: Record<string, unknown> }): TimelockOperation {
    // The guard first, so a call without the deposit or by a stranger learns nothing about the validation.
    assertOwnerCall(this.admin);
    const parsed = validateCommonAction(action, args) ?? validateSaleAction(this, action, args);
    return scheduleOperation(this.timelock, this.admin, action, parsed);
  }

  /**
   * Caller: owner. Deposit: 1 yoctoNEAR. Runs a ready operation (its delay
   * passed); a sweep returns its payout promise.
   * Panics: unknown id, not ready, `upgrade` (goes through the raw `upgrade`),
   * args no longer valid. Emits: `timelock_executed`, then the action's event.
   */
  @call({ payableFunction: true })
  timelock_execute({ id }: { id: number }): NearPromise | undefined {
    const op = takeReadyOperation(this.timelock, this.admin, id);
    if (applyCommonAction(this.timelock, op)) return undefined;
    return executeSaleAction(this, op);
  }

  /** Caller: owner or guardian. Deposit: 1 yoctoNEAR. Panics: unknown id. Emits: `timelock_cancelled`. */
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
      { standard: "nep145", version: "1.0.0" },
      { standard: SALE_STANDARD, version: SALE_STANDARD_VERSION },
    ]);
  }

  // ---- rounds -----------------------------------------------------------

  /** O(1): the running Σ of reservations (the other rounds' part) plus this round's allocation. */
  private assertInventoryCovers(reservedByOthers: bigint, allocation: bigint): void {
    ensure(
      reservedByOthers + allocation <= this.token_inventory,
      `Token inventory too small: other rounds reserve ${reservedByOthers}, this allocation is ${allocation}, the sale holds ${this.token_inventory}`,
    );
  }

  /**
   * Caller: owner. Deposit: 1 yoctoNEAR. Creates a round under a unique
   * `key` (1..64 printable ASCII); config shape: README. Returns the id.
   * Panics: key already used (a retried call creates nothing), token metadata
   * not confirmed, invalid config, inventory too small, 100 rounds.
   * Emits: `round_created`.
   */
  @call({ payableFunction: true })
  create_round({ key, config }: { key: string; config: unknown }): number {
    assertOwnerCall(this.admin);
    const roundKey = parseRoundKey(key);
    const existing = roundIdOfKey(roundKey);
    ensure(existing === null, `Round key ${JSON.stringify(roundKey)} is already used by round ${existing}`);
    ensure(
      this.token_metadata_confirmed,
      `The token's metadata is not confirmed: call confirm_token_metadata (token_decimals ${this.token_decimals} must match ${this.token_id}'s ft_metadata)`,
    );
    ensure(this.round_count < MAX_ROUNDS, `At most ${MAX_ROUNDS} rounds`);
    const now = near.blockTimestamp();
    const round = parseRoundConfig(this.round_count, roundKey, config, this.stable_id !== "", now);
    this.assertInventoryCovers(this.tokens_reserved, round.token_allocation);
    this.tokens_reserved += round.token_allocation;
    writeRound(round);
    writeRoundKey(roundKey, round.id);
    writeStats(round.id, emptyStats());
    this.round_count += 1;
    emitRoundCreated(round.id, roundKey, roundConfigJson(round));
    return round.id;
  }

  /**
   * Caller: owner. Deposit: 1 yoctoNEAR. Replaces the whole config of a round
   * that has not opened yet (the key stays).
   * Panics: cancelled or opened round, invalid config, inventory too small.
   * Emits: `round_updated`.
   */
  @call({ payableFunction: true })
  update_round({ round_id, config }: { round_id: number; config: unknown }): void {
    assertOwnerCall(this.admin);
    const old = loadRound(round_id);
    const now = near.blockTimestamp();
    ensure(old.cancelled_at_ns === 0n, `Round ${old.id} was cancelled`);
    ensure(now < old.start_ns, `Round ${old.id} opened at ${old.start_ns}: its config can no longer change`);
    const round = parseRoundConfig(old.id, old.key, config, this.stable_id !== "", now);
    round.created_at_ns = old.created_at_ns;
    // Before its start a round's books are open: it reserves exactly its allocation.
    const others = this.tokens_reserved - old.token_allocation;
    this.assertInventoryCovers(others, round.token_allocation);
    this.tokens_reserved = others + round.token_allocation;
    writeRound(round);
    emitRoundUpdated(round.id, roundConfigJson(round));
  }

  /**
   * Caller: owner. Deposit: 1 yoctoNEAR. Before the round's end; buyers then
   * withdraw refunds and its allocation returns to the inventory.
   * Panics: already cancelled, ended. Emits: `round_cancelled`.
   */
  @call({ payableFunction: true })
  cancel_round({ round_id, reason }: { round_id: number; reason?: string | null }): void {
    assertOwnerCall(this.admin);
    const round = loadRound(round_id);
    const now = near.blockTimestamp();
    const why = optionalString(reason, "reason", MAX_REASON_LENGTH);
    ensure(round.cancelled_at_ns === 0n, `Round ${round.id} is already cancelled`);
    ensure(now < round.end_ns, `Round ${round.id} ended at ${round.end_ns}: it can no longer be cancelled`);
    round.cancelled_at_ns = now;
    writeRound(round);
    const stats = readStats(round.id);
    closeRoundBooks(this, round, stats, now);
    writeStats(round.id, stats);
    emitRoundCancelled(round.id, near.predecessorAccountId(), why);
  }

  /**
   * Caller: anyone. Deposit: none. After a round's end, lowers its reservation
   * of the inventory to its final share (claims, refunds and releases do this
   * on their own; this frees the inventory of a round nobody settled yet).
   * Returns whether it closed the books now. Panics: round open or upcoming.
   */
  @call({})
  close_round_books({ round_id }: { round_id: number }): boolean {
    const round = loadRound(round_id);
    const now = near.blockTimestamp();
    const stats = readStats(round.id);
    const status = roundStatus(round, stats, now);
    ensure(status !== "upcoming" && status !== "open", `Round ${round.id} is ${status}: its books close after its end`);
    const closed = closeRoundBooks(this, round, stats, now);
    if (closed) writeStats(round.id, stats);
    return closed;
  }

  // ---- purchases --------------------------------------------------------

  /**
   * Caller: the buyer. Deposit: the NEAR payment. Excess (over the hard cap or
   * the account maximum, or buying no whole unit) is refunded in this call;
   * the first purchase in a round tops the caller's storage deposit up from
   * the payment. Panics: see purchases.ts (paused, window, caps, allowlist…).
   * Emits: `purchase`.
   */
  @call({ payableFunction: true })
  purchase({ round_id, proof }: { round_id: number; proof?: string[] | null }): PurchaseResult {
    assertNotPaused(this.admin, SCOPE_PURCHASES);
    const buyer = near.predecessorAccountId();
    return this.nearPurchase(buyer, round_id, proof, false);
  }

  /**
   * Caller: the token contract only (reinvestment). Deposit: the holder's
   * claimed NEAR revenue. The purchase is `buyer`'s; any excess is refunded to
   * `buyer`. Panics: any purchase failure (the NEAR returns to the token,
   * whose callback re-credits the holder). Emits: `purchase` (reinvest true).
   */
  @call({ payableFunction: true })
  purchase_with_revenue({
    buyer,
    round_id,
    proof,
  }: {
    buyer: string;
    round_id: number;
    proof?: string[] | null;
  }): PurchaseResult {
    ensure(
      near.predecessorAccountId() === this.token_id,
      `Only the token contract ${this.token_id} may call purchase_with_revenue`,
    );
    assertNotPaused(this.admin, SCOPE_PURCHASES);
    return this.nearPurchase(assertAccountId(buyer, "buyer"), round_id, proof, true);
  }

  private nearPurchase(buyer: string, roundId: number, proof: unknown, reinvest: boolean): PurchaseResult {
    const payment = near.attachedDeposit();
    ensure(payment > 0n, "Attach the NEAR to pay with");
    const outcome = executePurchase(
      this,
      { round_id: roundId, buyer, slot: NEAR_SLOT, payment, proof, reinvest },
      near.blockTimestamp(),
    );
    transferNear(buyer, outcome.refund);
    return purchaseResult(outcome);
  }

  /**
   * NEP-141 receiver. Caller: the stablecoin (a purchase for `sender_id`, msg
   * `{"purchase":{"round_id":N,"proof":[...]}}`; returns the unused amount)
   * or the project token (msg "inventory", sent by the owner: adds to the
   * inventory). Panics on anything else (the sender gets it all back).
   * Emits: `purchase` or `inventory_added`.
   */
  @call({})
  ft_on_transfer({ sender_id, amount, msg }: { sender_id: string; amount: string; msg: string }): string {
    const tokenContract = near.predecessorAccountId();
    const sender = assertAccountId(sender_id, "sender_id");
    const value = parsePositiveU128(amount, "amount");
    ensure(
      typeof msg === "string" && msg.length <= MAX_MSG_LENGTH,
      `msg must be a string of at most ${MAX_MSG_LENGTH} characters`,
    );
    if (tokenContract === this.token_id) {
      ensure(msg === INVENTORY_MSG, `The sale accepts its own token only as inventory (msg "${INVENTORY_MSG}")`);
      ensure(sender === this.admin.owner_id, "Only the owner may add token inventory");
      this.token_inventory += value;
      noteIncoming(this, TOKEN_SLOT);
      emitInventoryAdded(sender, value, this.token_inventory);
      return "0";
    }
    ensure(
      this.stable_id !== "" && tokenContract === this.stable_id,
      `The sale does not accept tokens of ${tokenContract}`,
    );
    assertNotPaused(this.admin, SCOPE_PURCHASES);
    let parsed: unknown;
    try {
      parsed = JSON.parse(msg);
    } catch (_error) {
      parsed = null;
    }
    const body = (parsed as { purchase?: { round_id?: unknown; proof?: unknown } } | null)?.purchase;
    ensure(
      typeof body === "object" && body !== null,
      `msg must be JSON {"purchase":{"round_id":N,"proof":[...]}}, got ${JSON.stringify(msg.substring(0, 100))}`,
    );
    const outcome = executePurchase(
      this,
      {
        round_id: parseRoundId(body.round_id),
        buyer: sender,
        slot: FT_SLOT,
        payment: value,
        proof: body.proof,
        reinvest: false,
      },
      near.blockTimestamp(),
    );
    noteIncoming(this, FT_SLOT);
    return outcome.refund.toString();
  }

  // ---- settlement -------------------------------------------------------

  /**
   * Caller: a buyer (registered on the token). Deposit: none. Claims every
   * vested, unclaimed token of a successful round. Panics: paused, round not
   * successful, nothing to claim. Emits (callback): `claim` or `claim_failed`.
   */
  @call({})
  claim({ round_id }: { round_id: number }): NearPromise {
    assertNotPaused(this.admin, SCOPE_SETTLEMENT);
    return startClaim(this, round_id, near.predecessorAccountId(), near.blockTimestamp());
  }

  /** Caller: self (callback of a claim's ft_transfer). */
  @call({ privateFunction: true })
  on_claim_settled({ round_id, account_id, amount }: { round_id: number; account_id: string; amount: string }): string {
    return settleClaim(this, round_id, account_id, BigInt(amount));
  }

  /**
   * Caller: a buyer. Deposit: none. Withdraws the full refund (each asset
   * paid) of a failed or cancelled round. Panics: paused, round not
   * refunding, nothing to refund. Emits (callbacks): `refund` or `refund_failed`.
   */
  @call({})
  withdraw_refund({ round_id }: { round_id: number }): Record<string, string> {
    assertNotPaused(this.admin, SCOPE_SETTLEMENT);
    return startRefund(this, round_id, near.predecessorAccountId(), near.blockTimestamp());
  }

  /** Caller: self (callback of a refund payout). */
  @call({ privateFunction: true })
  on_refund_settled({
    round_id,
    account_id,
    slot,
    amount,
  }: {
    round_id: number;
    account_id: string;
    slot: number;
    amount: string;
  }): string {
    return settleRefund(this, round_id, account_id, slot, BigInt(amount));
  }

  // ---- compute escrow ---------------------------------------------------

  /**
   * Caller: owner. Deposit: 1 yoctoNEAR. Releases `amount` of `asset` ("near"
   * or the stablecoin id) of a successful round's proceeds to an approved
   * provider (approved through the timelock; never the owner, the sale, the
   * token or the stablecoin), within the round's schedule. Returns the amount
   * released ("0" if the payout failed and was restored).
   * Panics: paused, round not successful, provider not approved or refused,
   * over the schedule, memo over 256 bytes. Emits (callback):
   * `tranche_released` or `tranche_failed`.
   */
  @call({ payableFunction: true })
  release_tranche({
    round_id,
    asset,
    amount,
    provider_id,
    purpose,
  }: {
    round_id: number;
    asset: string;
    amount: string;
    provider_id: string;
    purpose: string;
  }): NearPromise {
    assertOwnerCall(this.admin);
    assertNotPaused(this.admin, SCOPE_RELEASES);
    return startRelease(
      this,
      {
        round_id,
        slot: slotOfAsset(asset, this.stable_id),
        amount: parsePositiveU128(amount, "amount"),
        provider_id: assertAccountId(provider_id, "provider_id"),
        purpose,
      },
      near.blockTimestamp(),
    );
  }

  /** Caller: self (callback of a tranche payout). */
  @call({ privateFunction: true })
  on_release_settled({
    round_id,
    slot,
    amount,
    provider_id,
    purpose,
  }: {
    round_id: number;
    slot: number;
    amount: string;
    provider_id: string;
    purpose: string;
  }): string {
    return settleRelease(this, round_id, slot, BigInt(amount), provider_id, purpose);
  }

  // ---- sweep (run through timelock_execute) -----------------------------

  /** Caller: self (callback of the sweep's ft_balance_of). */
  @call({ privateFunction: true })
  on_sweep_balance({
    op,
    slot,
    started_at_height,
  }: {
    op: TimelockOperation;
    slot: number;
    started_at_height: string;
  }): NearPromise | string {
    return sweepBalanceArrived(this, op, slot, BigInt(started_at_height));
  }

  /** Caller: self (callback of the sweep's transfer). */
  @call({ privateFunction: true })
  on_sweep_settled({ op, slot }: { op: TimelockOperation; slot: number }): string {
    return sweepSettled(this, op, slot);
  }

  // ---- NEP-145 storage --------------------------------------------------

  /**
   * Caller: anyone. Deposit: ≥ the minimum when registering (the rest is
   * kept, or refunded with registration_only). Panics: deposit below the
   * minimum for a new account.
   */
  @call({ payableFunction: true })
  storage_deposit({
    account_id,
    registration_only,
  }: {
    account_id?: string | null;
    registration_only?: boolean | null;
  }): StorageBalance {
    const deposit = near.attachedDeposit();
    const caller = near.predecessorAccountId();
    const accountId = account_id == null ? caller : assertAccountId(account_id, "account_id");
    const onlyRegister = optionalBool(registration_only, "registration_only", false);
    const existing = readStorageAccount(accountId);
    const min = minStorageBalance(this);
    if (existing !== null && onlyRegister) {
      transferNear(caller, deposit);
      return storageBalanceJson(this, existing);
    }
    if (existing === null) {
      ensure(deposit >= min, `The minimum storage deposit is ${min} yoctoNEAR (attached ${deposit})`);
    }
    const kept = existing === null && onlyRegister ? min : deposit;
    transferNear(caller, deposit - kept);
    const account = existing ?? { deposit: 0n, records: 0 };
    account.deposit += kept;
    this.storage_deposits += kept;
    writeStorageAccount(accountId, account);
    return storageBalanceJson(this, account);
  }

  /** Caller: a registered account. Deposit: 1 yoctoNEAR. Withdraws `amount` (default: all) of the available balance. */
  @call({ payableFunction: true })
  storage_withdraw({ amount }: { amount?: string | null }): StorageBalance {
    ensure(near.attachedDeposit() === 1n, "Requires attached deposit of exactly 1 yoctoNEAR");
    const caller = near.predecessorAccountId();
    const account = readStorageAccount(caller);
    ensure(account !== null, `Account ${caller} is not registered on the sale`);
    const available = storageAvailable(this, account);
    const value = amount == null ? available : parseU128(amount, "amount");
    ensure(
      value <= available,
      `Cannot withdraw ${value}: only ${available} yoctoNEAR of the storage deposit is available`,
    );
    account.deposit -= value;
    this.storage_deposits -= value;
    writeStorageAccount(caller, account);
    transferNear(caller, value);
    return storageBalanceJson(this, account);
  }

  /**
   * Caller: a registered account. Deposit: 1 yoctoNEAR. Possible only for an
   * account that owns no purchase record (records hold its tokens and
   * refunds); `force` is not supported.
   */
  @call({ payableFunction: true })
  storage_unregister({ force }: { force?: boolean | null }): boolean {
    ensure(near.attachedDeposit() === 1n, "Requires attached deposit of exactly 1 yoctoNEAR");
    const caller = near.predecessorAccountId();
    ensure(!optionalBool(force, "force", false), "force is not supported: purchase records hold tokens and refunds");
    const account = readStorageAccount(caller);
    if (account === null) {
      return false;
    }
    ensure(
      account.records === 0,
      `Account ${caller} has purchase records in ${account.records} round(s) and cannot unregister`,
    );
    removeStorageAccount(caller);
    this.storage_deposits -= account.deposit;
    transferNear(caller, account.deposit);
    return true;
  }

  @view({})
  storage_balance_of({ account_id }: { account_id: string }): StorageBalance | null {
    const account = readStorageAccount(account_id);
    return account === null ? null : storageBalanceJson(this, account);
  }

  @view({})
  storage_balance_bounds(): StorageBalanceBounds {
    return { min: minStorageBalance(this).toString(), max: null };
  }

  // ---- views ------------------------------------------------------------

  @view({})
  contract_config(): ContractConfigView {
    return {
      token_id: this.token_id,
      token_decimals: this.token_decimals,
      token_metadata_confirmed: this.token_metadata_confirmed,
      stable_id: this.stable_id === "" ? null : this.stable_id,
      token_inventory: this.token_inventory.toString(),
      tokens_reserved: this.tokens_reserved.toString(),
      round_count: this.round_count,
      storage_account_bytes: this.storage_account_bytes,
      storage_record_bytes: this.storage_record_bytes,
      event_standard: SALE_STANDARD,
      event_version: SALE_STANDARD_VERSION,
      state_version: this.state_version,
      now_ns: near.blockTimestamp().toString(),
    };
  }

  @view({})
  round({ round_id }: { round_id: number }): RoundView {
    const round = loadRound(round_id);
    return roundView(round, readStats(round.id), this.stable_id, near.blockTimestamp());
  }

  /** The round created with `key`, or null (one lookup, whatever the number of rounds). */
  @view({})
  round_by_key({ key }: { key: string }): RoundView | null {
    const id = roundIdOfKey(parseRoundKey(key));
    return id === null ? null : this.round({ round_id: id });
  }

  @view({})
  rounds({ from_index, limit }: { from_index?: number | null; limit?: number | null }): RoundView[] {
    const from = typeof from_index === "number" && from_index > 0 ? Math.floor(from_index) : 0;
    // Each round costs two storage reads and a JSON build: keep a page well inside view gas.
    const count = typeof limit === "number" && limit > 0 ? Math.min(Math.floor(limit), 25) : 10;
    const now = near.blockTimestamp();
    const out: RoundView[] = [];
    for (let id = from; id < this.round_count && out.length < count; id++) {
      const round = readRound(id);
      if (round !== null) out.push(roundView(round, readStats(id), this.stable_id, now));
    }
    return out;
  }

  private purchaseView(round: Round, accountId: string, now: bigint): PurchaseView | null {
    const record = readPurchase(round.id, accountId);
    if (record === null) return null;
    const stats = readStats(round.id);
    const status = roundStatus(round, stats, now);
    const terms = vestingTerms(round);
    const successful = status === "successful";
    const refunding = isRefunding(status);
    const paid: Record<string, string> = {};
    const refundDue: Record<string, string> = {};
    const refunded: Record<string, boolean> = {};
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      if (slot === FT_SLOT && this.stable_id === "") continue;
      const asset = assetOfSlot(slot, this.stable_id);
      paid[asset] = record.paid[slot].toString();
      refunded[asset] = record.refunded[slot];
      refundDue[asset] = refunding && !record.refunded[slot] ? record.paid[slot].toString() : "0";
    }
    return {
      round_id: round.id,
      account_id: accountId,
      status,
      tokens: record.tokens.toString(),
      claimed: record.claimed.toString(),
      vested: successful ? vestedAmount(record.tokens, terms, now).toString() : "0",
      claimable: successful ? claimableAmount(record.tokens, record.claimed, terms, now).toString() : "0",
      fully_vested_at_ns: fullyVestedAt(terms).toString(),
      paid,
      refund_due: refundDue,
      refunded,
    };
  }

  /** One account's purchase in one round (null if none), with vested, claimable and refund due. */
  @view({})
  purchase_of({ round_id, account_id }: { round_id: number; account_id: string }): PurchaseView | null {
    return this.purchaseView(loadRound(round_id), account_id, near.blockTimestamp());
  }

  /** Every round the account bought in, plus its storage balance. */
  @view({})
  account({ account_id }: { account_id: string }): AccountView {
    const now = near.blockTimestamp();
    const purchases: PurchaseView[] = [];
    for (let id = 0; id < this.round_count; id++) {
      const round = readRound(id);
      if (round === null) continue;
      const view = this.purchaseView(round, account_id, now);
      if (view !== null) purchases.push(view);
    }
    const storage = readStorageAccount(account_id);
    return {
      account_id,
      storage: storage === null ? null : storageBalanceJson(this, storage),
      purchases,
    };
  }

  /**
   * What paying `amount` of `asset` into the round would buy now (ignoring
   * the window, allowlist and minimum): {tokens, cost, refund, storage_fee}.
   */
  @view({})
  quote({
    round_id,
    asset,
    amount,
    account_id,
  }: {
    round_id: number;
    asset: string;
    amount: string;
    account_id?: string | null;
  }): PurchaseResult {
    const round = loadRound(round_id);
    const slot = slotOfAsset(asset, this.stable_id);
    ensure(round.prices[slot] !== null, `Round ${round.id} does not accept ${asset}`);
    let budget = parseU128(amount, "amount");
    const stats = readStats(round.id);
    let held = 0n;
    let storageFee = 0n;
    if (account_id != null) {
      const record = readPurchase(round.id, account_id);
      if (record !== null) {
        held = record.tokens;
      } else if (slot === NEAR_SLOT) {
        storageFee = storageShortfallForNewRecord(this, account_id);
      }
    }
    budget = budget > storageFee ? budget - storageFee : 0n;
    const capLeft = round.hard_cap - stats.tokens_sold;
    const accountLeft = round.max_per_account > held ? round.max_per_account - held : 0n;
    const limit = capLeft < accountLeft ? capLeft : accountLeft;
    const fill = fillPurchase(priceSegments(round, slot), stats.tokens_sold, budget, limit, tokenScale(this));
    return purchaseResult({
      tokens: fill.tokens,
      cost: fill.cost,
      refund: budget - fill.cost,
      storage_fee: storageFee,
    });
  }

  /** The round's escrow: cap now, next schedule step, releasable and held per asset. */
  @view({})
  escrow({ round_id }: { round_id: number }): EscrowView {
    return escrowView(this, round_id, near.blockTimestamp());
  }

  /** The approved compute providers. */
  @view({})
  providers(): string[] {
    return this.approved_providers;
  }

  /**
   * The books behind invariant 3: per asset, what the sale owes (refunds due
   * plus unreleased proceeds), and for NEAR the storage deposits too; the
   * contract's balances must cover these.
   */
  @view({})
  holdings(): HoldingsView {
    const balance = near.accountBalance();
    const storageLocked = near.storageUsage() * near.storageByteCost();
    const out: HoldingsView = {
      near_owed: this.near_held.toString(),
      near_storage_deposits: this.storage_deposits.toString(),
      near_balance: balance.toString(),
      near_storage_locked: storageLocked.toString(),
      // A lower bound of the owner's margin: balance − owed − storage deposits − storage staking
      // (deposits that fund staked storage are counted twice, so this errs on the safe side).
      // While it is ≥ 0, invariant 3 holds for NEAR.
      near_free: (balance - this.near_held - this.storage_deposits - storageLocked).toString(),
      token_inventory: this.token_inventory.toString(),
      token_in_flight: this.in_flight[TOKEN_SLOT].toString(),
    };
    if (this.stable_id !== "") {
      out.ft_owed = this.ft_held.toString();
      out.ft_in_flight = this.in_flight[FT_SLOT].toString();
    }
    return out;
  }

  /** Per asset what the books owe and, for NEAR, the excess a `sweep` may move (see sweep.ts). */
  @view({})
  sweepable(): SweepableAsset[] {
    return sweepableView(this);
  }
}
