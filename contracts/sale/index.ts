/**
 * modelfund sale: token rounds that fund the training of the model series.
 *
 * One round per model stage, configured by the owner before it opens. Buyers
 * pay NEAR (`purchase`), the stablecoin (`ft_transfer_call` → `ft_on_transfer`)
 * or reinvested revenue (the token calls `purchase_with_revenue`). After the
 * end a round is successful (tokens_sold >= soft_cap: tokens vest and are
 * claimed, proceeds are released in tranches to approved compute providers)
 * or failed / cancelled (buyers withdraw full refunds in the asset they paid).
 * See README.md for the method list, events and the design.
 *
 * Invariants (kept by the modules named):
 * 1. tokens_sold <= hard_cap <= token_allocation for every round (rounds.ts,
 *    purchases.ts); Σ reserved tokens <= token_inventory (create/update_round).
 * 2. Σ claims <= tokens_sold: per record claimed <= vested <= tokens (settlement.ts).
 * 3. For every asset, holdings >= refunds owed + unreleased proceeds:
 *    released <= raised × schedule cap, refunds pay back exactly `paid`, and a
 *    payout that fails is rolled back by its callback (escrow.ts, settlement.ts).
 * 4. No payment yields both tokens and a refund: claims need a successful
 *    round, refunds a failed or cancelled one, and the outcome is final.
 * 5. No floating point in money paths: all amounts are bigint; percentages
 *    are integer basis points; every division floors (or ceils the payment
 *    charged), always in the contract's favour.
 */
import { call, encode, initialize, near, NearBindgen, type NearPromise, serialize, view } from "near-sdk-js";
import {
  acceptOwner,
  type AdminState,
  adminView,
  assertNotPaused,
  assertOwner,
  assertRole,
  grantRole,
  newAdminState,
  pauseScopes,
  proposeOwner,
  revokeRole,
  ROLE_CONFIG,
  unpauseScopes,
} from "../common/admin";
import {
  assertAccountId,
  assertOneYocto,
  assertSelf,
  ensure,
  optionalBool,
  optionalString,
  parsePositiveU128,
  parseU128,
} from "../common/guards";
import { transferNear } from "../common/promises";
import { type ContractSourceMetadata, sourceMetadata } from "../common/source-metadata";
import { readRawState, upgradeSelf } from "../common/upgrade";
import {
  CONTRACT_VERSION,
  FT_SLOT,
  INVENTORY_MSG,
  MAX_MSG_LENGTH,
  MAX_PROVIDERS,
  MAX_PURPOSE_LENGTH,
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
} from "./constants";
import { escrowView, requiredHoldings, settleRelease, startRelease } from "./escrow";
import {
  emitInventoryAdded,
  emitProviderApproved,
  emitProviderRemoved,
  emitRoundCancelled,
  emitRoundCreated,
  emitRoundUpdated,
} from "./events";
import { STATE_KEY } from "./keys";
import { migrateState } from "./migration";
import { fillPurchase } from "./pricing";
import { executePurchase } from "./purchases";
import {
  loadRound,
  measureRecordBytes,
  readPurchase,
  readRound,
  readStats,
  readStorageAccount,
  removeStorageAccount,
  writeRound,
  writeStats,
  emptyStats,
  writeStorageAccount,
} from "./records";
import {
  assetOfSlot,
  isRefunding,
  parseRoundConfig,
  priceSegments,
  roundConfigJson,
  roundStatus,
  roundView,
  slotOfAsset,
  tokensReserved,
  vestingTerms,
} from "./rounds";
import { settleClaim, settleRefund, startClaim, startRefund } from "./settlement";
import { type SaleState, tokenScale } from "./state";
import { minStorageBalance, storageAvailable, storageBalanceJson, storageShortfallForNewRecord } from "./storage";
import type { Round } from "./types";
import { claimableAmount, fullyVestedAt, vestedAmount } from "./vesting";

/** Body of `upgrade`: raw wasm input, owner only (see common/upgrade.ts). */
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

// Not exported: near-sdk-js's exporter generates one exported function per
// method; exporting the class too would add a meaningless wasm export.
// biome-ignore lint/correctness/noUnusedVariables: @NearBindgen registers the class; near-sdk-js exports its methods
@NearBindgen({ requireInit: true })
class SaleContract implements SaleState {
  state_version = STATE_VERSION;
  admin: AdminState = newAdminState("");
  token_id = "";
  token_decimals = 0;
  stable_id = "";
  token_inventory = 0n;
  ft_held = 0n;
  storage_deposits = 0n;
  round_count = 0;
  providers: string[] = [];
  storage_account_bytes = 0;
  storage_record_bytes = 0;
  source_link = "";

  // ---- init & admin -----------------------------------------------------

  /**
   * `token_inventory`: the project tokens pre-minted to this contract (U128);
   * `stable_id`: the NEP-141 stablecoin accepted as payment, or null.
   */
  @initialize({})
  init({
    owner_id,
    token_id,
    token_decimals,
    stable_id,
    token_inventory,
    source_link,
  }: {
    owner_id: string;
    token_id: string;
    token_decimals: number;
    stable_id?: string | null;
    token_inventory: string;
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
    this.source_link = optionalString(source_link, "source_link", 256) ?? "";
    const measured = measureRecordBytes();
    this.storage_account_bytes = measured.account_bytes;
    this.storage_record_bytes = measured.record_bytes;
  }

  @call({})
  propose_owner({ new_owner_id }: { new_owner_id?: string | null }): void {
    proposeOwner(this.admin, new_owner_id);
  }

  @call({})
  accept_owner(): void {
    acceptOwner(this.admin);
  }

  @call({})
  grant_role({ role, account_id }: { role: string; account_id: string }): void {
    grantRole(this.admin, role, account_id);
  }

  @call({})
  revoke_role({ role, account_id }: { role: string; account_id: string }): void {
    revokeRole(this.admin, role, account_id);
  }

  /** Scopes: "purchases", "settlement" (claims, refunds), "releases"; none = all. Pauser role. */
  @call({})
  pause({ scope }: { scope?: string | null }): string[] {
    return pauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  /** Owner only. */
  @call({})
  unpause({ scope }: { scope?: string | null }): string[] {
    return unpauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  @view({})
  get_admin(): ReturnType<typeof adminView> {
    return adminView(this.admin);
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

  /** Σ tokensReserved of every round but `exceptId`. */
  private reservedByOthers(exceptId: number, now: bigint): bigint {
    let total = 0n;
    for (let id = 0; id < this.round_count; id++) {
      if (id === exceptId) continue;
      const round = readRound(id);
      if (round !== null) total += tokensReserved(round, readStats(id), now);
    }
    return total;
  }

  private assertInventoryCovers(round: Round, now: bigint): void {
    const reserved = this.reservedByOthers(round.id, now);
    ensure(
      reserved + round.token_allocation <= this.token_inventory,
      `Token inventory too small: other rounds reserve ${reserved}, this allocation is ${round.token_allocation}, the sale holds ${this.token_inventory}`,
    );
  }

  /** Owner only. Returns the new round's id. Config shape: README. */
  @call({})
  create_round({ config }: { config: unknown }): number {
    assertOwner(this.admin);
    ensure(this.round_count < MAX_ROUNDS, `At most ${MAX_ROUNDS} rounds`);
    const now = near.blockTimestamp();
    const round = parseRoundConfig(this.round_count, config, this.stable_id !== "", now);
    this.assertInventoryCovers(round, now);
    writeRound(round);
    writeStats(round.id, emptyStats());
    this.round_count += 1;
    emitRoundCreated(round.id, roundConfigJson(round));
    return round.id;
  }

  /** Owner only; replaces the whole config of a round that has not opened yet. */
  @call({})
  update_round({ round_id, config }: { round_id: number; config: unknown }): void {
    assertOwner(this.admin);
    const old = loadRound(round_id);
    const now = near.blockTimestamp();
    ensure(old.cancelled_at_ns === 0n, `Round ${old.id} was cancelled`);
    ensure(now < old.start_ns, `Round ${old.id} opened at ${old.start_ns}: its config can no longer change`);
    const round = parseRoundConfig(old.id, config, this.stable_id !== "", now);
    round.created_at_ns = old.created_at_ns;
    this.assertInventoryCovers(round, now);
    writeRound(round);
    emitRoundUpdated(round.id, roundConfigJson(round));
  }

  /** Owner only, before the round's end; buyers then withdraw refunds. */
  @call({})
  cancel_round({ round_id, reason }: { round_id: number; reason?: string | null }): void {
    assertOwner(this.admin);
    const round = loadRound(round_id);
    const now = near.blockTimestamp();
    const why = optionalString(reason, "reason", MAX_REASON_LENGTH);
    ensure(round.cancelled_at_ns === 0n, `Round ${round.id} is already cancelled`);
    ensure(now < round.end_ns, `Round ${round.id} ended at ${round.end_ns}: it can no longer be cancelled`);
    round.cancelled_at_ns = now;
    writeRound(round);
    emitRoundCancelled(round.id, near.predecessorAccountId(), why);
  }

  // ---- purchases --------------------------------------------------------

  /**
   * Buys with the attached NEAR for the caller. Excess (over the hard cap or
   * the account maximum, or buying no whole unit) is refunded in this call;
   * the first purchase in a round tops the caller's storage deposit up from
   * the payment. Returns {tokens, cost, refund, storage_fee}.
   */
  @call({ payableFunction: true })
  purchase({ round_id, proof }: { round_id: number; proof?: string[] | null }): Record<string, string> {
    assertNotPaused(this.admin, SCOPE_PURCHASES);
    const buyer = near.predecessorAccountId();
    return this.nearPurchase(buyer, round_id, proof, false);
  }

  /**
   * Reinvestment, called by the token contract only, with the holder's
   * claimed NEAR revenue attached. The purchase is `buyer`'s; any excess is
   * refunded to `buyer` (not to the token). If the purchase fails this call
   * panics, so the attached NEAR returns to the token, whose callback
   * re-credits the holder's revenue. Success returns {tokens, cost, refund, storage_fee}.
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
  }): Record<string, string> {
    ensure(
      near.predecessorAccountId() === this.token_id,
      `Only the token contract ${this.token_id} may call purchase_with_revenue`,
    );
    assertNotPaused(this.admin, SCOPE_PURCHASES);
    return this.nearPurchase(assertAccountId(buyer, "buyer"), round_id, proof, true);
  }

  private nearPurchase(buyer: string, roundId: number, proof: unknown, reinvest: boolean): Record<string, string> {
    const payment = near.attachedDeposit();
    ensure(payment > 0n, "Attach the NEAR to pay with");
    const outcome = executePurchase(
      this,
      { round_id: roundId, buyer, slot: NEAR_SLOT, payment, proof, reinvest },
      near.blockTimestamp(),
    );
    transferNear(buyer, outcome.refund);
    return {
      tokens: outcome.tokens.toString(),
      cost: outcome.cost.toString(),
      refund: outcome.refund.toString(),
      storage_fee: outcome.storage_fee.toString(),
    };
  }

  /**
   * NEP-141 receiver. From the stablecoin: a purchase for `sender_id`, msg
   * `{"purchase":{"round_id":N,"proof":[...]}}`; returns the unused amount.
   * From the project token, sent by the owner with msg "inventory": adds to
   * the token inventory. Anything else panics (the sender gets it all back).
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
    return outcome.refund.toString();
  }

  // ---- settlement -------------------------------------------------------

  /** Claims every vested, unclaimed token of the caller in a successful round. Needs token registration. */
  @call({})
  claim({ round_id }: { round_id: number }): NearPromise {
    assertNotPaused(this.admin, SCOPE_SETTLEMENT);
    return startClaim(this, round_id, near.predecessorAccountId(), near.blockTimestamp());
  }

  @call({ privateFunction: true })
  on_claim_settled({ round_id, account_id, amount }: { round_id: number; account_id: string; amount: string }): string {
    return settleClaim(this, round_id, account_id, BigInt(amount));
  }

  /** Withdraws the caller's full refund (each asset it paid) from a failed or cancelled round. */
  @call({})
  withdraw_refund({ round_id }: { round_id: number }): Record<string, string> {
    assertNotPaused(this.admin, SCOPE_SETTLEMENT);
    return startRefund(this, round_id, near.predecessorAccountId(), near.blockTimestamp());
  }

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

  /** Owner or `config` role. */
  @call({})
  approve_provider({ account_id }: { account_id: string }): void {
    assertRole(this.admin, ROLE_CONFIG);
    const provider = assertAccountId(account_id, "account_id");
    ensure(!this.providers.includes(provider), `${provider} is already an approved provider`);
    ensure(this.providers.length < MAX_PROVIDERS, `At most ${MAX_PROVIDERS} approved providers`);
    ensure(provider !== near.currentAccountId(), "The sale itself cannot be a provider");
    this.providers.push(provider);
    emitProviderApproved(provider, near.predecessorAccountId());
  }

  /** Owner or `config` role. */
  @call({})
  remove_provider({ account_id }: { account_id: string }): void {
    assertRole(this.admin, ROLE_CONFIG);
    const provider = assertAccountId(account_id, "account_id");
    ensure(this.providers.includes(provider), `${provider} is not an approved provider`);
    this.providers = this.providers.filter((p) => p !== provider);
    emitProviderRemoved(provider, near.predecessorAccountId());
  }

  /**
   * Owner only, exactly 1 yoctoNEAR. Releases `amount` of `asset` ("near" or
   * the stablecoin id) of a successful round's proceeds to an approved
   * provider, within the round's schedule. Returns the amount released
   * (the callback's result; "0" if the payout failed and was restored).
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
    assertOwner(this.admin);
    assertOneYocto();
    assertNotPaused(this.admin, SCOPE_RELEASES);
    ensure(
      typeof purpose === "string" && purpose.length > 0 && purpose.length <= MAX_PURPOSE_LENGTH,
      `purpose must be a string of 1..${MAX_PURPOSE_LENGTH} characters`,
    );
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

  // ---- NEP-145 storage --------------------------------------------------

  @call({ payableFunction: true })
  storage_deposit({
    account_id,
    registration_only,
  }: {
    account_id?: string | null;
    registration_only?: boolean | null;
  }): { total: string; available: string } {
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

  /** Exactly 1 yoctoNEAR. Withdraws `amount` (default: all) of the available balance. */
  @call({ payableFunction: true })
  storage_withdraw({ amount }: { amount?: string | null }): { total: string; available: string } {
    assertOneYocto();
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
   * Exactly 1 yoctoNEAR. Possible only for an account that owns no purchase
   * record (records hold its tokens and refunds); `force` is not supported.
   */
  @call({ payableFunction: true })
  storage_unregister({ force }: { force?: boolean | null }): boolean {
    assertOneYocto();
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
  storage_balance_of({ account_id }: { account_id: string }): { total: string; available: string } | null {
    const account = readStorageAccount(account_id);
    return account === null ? null : storageBalanceJson(this, account);
  }

  @view({})
  storage_balance_bounds(): { min: string; max: string | null } {
    return { min: minStorageBalance(this).toString(), max: null };
  }

  // ---- views ------------------------------------------------------------

  @view({})
  get_config(): Record<string, unknown> {
    return {
      token_id: this.token_id,
      token_decimals: this.token_decimals,
      stable_id: this.stable_id === "" ? null : this.stable_id,
      token_inventory: this.token_inventory.toString(),
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
  get_round({ round_id }: { round_id: number }): Record<string, unknown> {
    const round = loadRound(round_id);
    return roundView(round, readStats(round.id), this.stable_id, near.blockTimestamp());
  }

  @view({})
  get_rounds({ from_index, limit }: { from_index?: number | null; limit?: number | null }): Record<string, unknown>[] {
    const from = typeof from_index === "number" && from_index > 0 ? Math.floor(from_index) : 0;
    // Each round costs two storage reads and a JSON build: keep a page well inside view gas.
    const count = typeof limit === "number" && limit > 0 ? Math.min(Math.floor(limit), 25) : 10;
    const now = near.blockTimestamp();
    const out: Record<string, unknown>[] = [];
    for (let id = from; id < this.round_count && out.length < count; id++) {
      const round = readRound(id);
      if (round !== null) out.push(roundView(round, readStats(id), this.stable_id, now));
    }
    return out;
  }

  private purchaseView(round: Round, accountId: string, now: bigint): Record<string, unknown> | null {
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
  get_purchase({ round_id, account_id }: { round_id: number; account_id: string }): Record<string, unknown> | null {
    return this.purchaseView(loadRound(round_id), account_id, near.blockTimestamp());
  }

  /** Every round the account bought in, plus its storage balance. */
  @view({})
  get_account({ account_id }: { account_id: string }): Record<string, unknown> {
    const now = near.blockTimestamp();
    const purchases: Record<string, unknown>[] = [];
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
  }): Record<string, string> {
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
    return {
      tokens: fill.tokens.toString(),
      cost: fill.cost.toString(),
      refund: (budget - fill.cost).toString(),
      storage_fee: storageFee.toString(),
    };
  }

  /** The round's escrow: cap now, next schedule step, releasable and held per asset. */
  @view({})
  get_escrow({ round_id }: { round_id: number }): Record<string, unknown> {
    return escrowView(this, round_id, near.blockTimestamp());
  }

  @view({})
  get_providers(): string[] {
    return this.providers;
  }

  /**
   * The books behind invariant 3: per asset, what the sale owes (refunds due
   * plus unreleased proceeds), and for NEAR the storage deposits too; the
   * contract's balances must cover these.
   */
  @view({})
  get_holdings(): Record<string, unknown> {
    const owed = requiredHoldings(this);
    const balance = near.accountBalance();
    const storageLocked = near.storageUsage() * near.storageByteCost();
    const out: Record<string, unknown> = {
      near_owed: owed[NEAR_SLOT].toString(),
      near_storage_deposits: this.storage_deposits.toString(),
      near_balance: balance.toString(),
      near_storage_locked: storageLocked.toString(),
      // A lower bound of the owner's margin: balance − owed − storage deposits − storage staking
      // (deposits that fund staked storage are counted twice, so this errs on the safe side).
      // While it is ≥ 0, invariant 3 holds for NEAR.
      near_free: (balance - owed[NEAR_SLOT] - this.storage_deposits - storageLocked).toString(),
      token_inventory: this.token_inventory.toString(),
    };
    if (this.stable_id !== "") {
      out.ft_owed = owed[FT_SLOT].toString();
      out.ft_held = this.ft_held.toString();
    }
    return out;
  }
}
