/**
 * The modelfund project token: NEP-141 fungible token (NEP-145 storage,
 * NEP-148 metadata, NEP-297 events, NEP-330 source metadata) that shares the
 * project's revenue with its holders.
 *
 * Supply model — fixed supply, pre-minted at `init`:
 *   `init` takes `max_supply` and a list of allocations (the sale contract,
 *   the contributor vault, the treasury…) that must add up to `max_supply`
 *   exactly; each is minted to its account there and then, with one
 *   `ft_mint` event. The contract has no mint method at all, so over-minting
 *   is impossible by construction rather than by a check that could be
 *   misconfigured; the supply can only go down (burns on forced
 *   unregistration, refunds to deleted senders). Everything later — vesting,
 *   sale rounds — is the business of the contracts holding the allocations,
 *   and anyone can audit the whole issuance from the `init` call alone.
 *
 * Revenue — see `revenue.ts` for the math and its exact invariant:
 *   NEAR arrives through `distribute_revenue` (payable), the stablecoin
 *   through `ft_transfer_call` on the stablecoin with `msg: "revenue"`.
 *   Each asset has an accumulator of revenue per eligible token (× 10^30),
 *   settled on every balance change, so holders earn exactly
 *   balance × time-held. Excluded accounts (allocation holders, pools, this
 *   contract) are outside the eligible supply and earn nothing while
 *   excluded. Holders `claim_revenue`, or send their NEAR revenue to a sale
 *   round with `reinvest_revenue`; a failed payout is re-credited by
 *   `on_revenue_payout`.
 *
 * Method groups below: initialisation; NEP-141; NEP-145;
 * NEP-148; revenue (calls, then views); configuration and administration;
 * NEP-330; callbacks. `upgrade` and `migrate` are the exported functions at
 * the end (they handle raw input and raw state, outside near-sdk-js's wrappers).
 */
import { call, initialize, near, NearBindgen, NearPromise, view } from "near-sdk-js";
import {
  acceptOwner,
  type AdminState,
  adminView,
  assertNotPaused,
  assertOwner,
  assertRole,
  grantRole,
  isPaused,
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
  ensure,
  optionalBool,
  optionalString,
  parsePositiveU128,
  parseU128,
} from "../common/guards";
import { remainingGas, singlePromiseOutcome, transferNear } from "../common/promises";
import { type ContractSourceMetadata, sourceMetadata } from "../common/source-metadata";
import { migrateSelf, upgradeSelf } from "../common/upgrade";
import {
  CONTRACT_VERSION,
  FT_SLOT,
  GAS_FOR_FT_PAYOUT,
  GAS_FOR_FT_TRANSFER_CALL,
  GAS_FOR_ON_TRANSFER_MIN,
  GAS_FOR_OWN_FINISH,
  GAS_FOR_PAYOUT_CALLBACK,
  GAS_FOR_PAYOUT_CALLER,
  GAS_FOR_PURCHASE_MIN,
  GAS_FOR_REINVEST,
  GAS_FOR_RESOLVE_TRANSFER,
  MAX_EXCLUDED_ACCOUNTS,
  MAX_MEMO_LENGTH,
  MAX_MSG_LENGTH,
  NEAR_ASSET,
  NEAR_SLOT,
  PAUSE_SCOPES,
  REVENUE_MSG,
  SCALE,
  SCOPE_CLAIMS,
  SCOPE_TRANSFERS,
  SLOT_COUNT,
} from "./constants";
import {
  emitConfigChanged,
  emitEarningChanged,
  emitFtMint,
  emitFtTransfer,
  emitRevenueDistributed,
  emitRevenuePaid,
  emitRevenuePayoutFailed,
  emitRevenuePayoutStarted,
  type MintOrBurn,
} from "./events";
import { accountKey } from "./keys";
import {
  burnFrom,
  encodeRecord,
  isRegistered,
  largestRecord,
  type LedgerState,
  mint,
  moveSettled,
  readAccount,
  readRegistered,
  registerAccount,
  removeAccount,
  settle,
  transfer,
  writeAccount,
} from "./ledger";
import { readMetadata, validateMetadata, writeMetadata } from "./metadata";
import { migrateState, STATE_VERSION } from "./migration";
import {
  claimableOf,
  owedScaledOf,
  confirmPayout,
  newPool,
  receiveRevenue,
  recreditAccount,
  recreditPool,
  takeForPayout,
} from "./revenue";
import type {
  AccountRecord,
  Allocation,
  AssetPool,
  FungibleTokenMetadata,
  PayoutPurpose,
  StorageBalance,
  StorageBalanceBounds,
} from "./types";

const MAX_ALLOCATIONS = 32;
const MAX_LINK_LENGTH = 512;

/** Parses the `unused` amount a receiver's `ft_on_transfer` returned; anything malformed counts as all unused. */
function parseUnusedAmount(text: string, amount: bigint): bigint {
  try {
    const value: unknown = JSON.parse(text);
    let unused: bigint | null = null;
    if (typeof value === "string" && /^[0-9]{1,39}$/.test(value)) {
      unused = BigInt(value);
    } else if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
      unused = BigInt(value);
    }
    if (unused !== null) {
      return unused < amount ? unused : amount;
    }
  } catch (_error) {
    // not JSON: treat as a refusal of the whole amount
  }
  return amount;
}

// biome-ignore lint/correctness/noUnusedVariables: @NearBindgen registers the class; near-sdk-js exports its methods
@NearBindgen({ requireInit: true })
class TokenContract implements LedgerState {
  /** Shape version of this JSON state (see `migration.ts`). */
  state_version = STATE_VERSION;
  admin: AdminState = newAdminState("");
  /** Fixed at `init`: Σ allocations. total_supply ≤ max_supply forever. */
  max_supply = 0n;
  /** Σ balances. */
  total_supply = 0n;
  /** Σ balances of accounts not excluded from revenue: the revenue denominator. */
  eligible_supply = 0n;
  /** Storage one registration can use at most, measured at `init`. */
  storage_bytes_per_account = 0n;
  /** NEP-141 contract accepted as stablecoin revenue; "" while none. */
  revenue_token_id = "";
  /** Contract receiving reinvested revenue (`purchase_with_revenue`); "" while none. */
  sale_contract_id = "";
  /** NEP-330 link. */
  source_link = "";
  /** Registered accounts excluded from revenue (for dashboards; the flag itself lives in the record). */
  excluded_accounts: string[] = [];
  /** Revenue pools by slot: NEAR, then the stablecoin. */
  pools: AssetPool[] = [newPool(NEAR_ASSET), newPool("")];

  // ───────────────────────── initialisation ─────────────────────────

  /**
   * Creates the token: owner, metadata, the storage bound, and the whole
   * supply minted to the allocations (which must add up to `max_supply`).
   * Allocation accounts are registered here, paid by the contract, and
   * excluded from revenue unless `earns_revenue: true`.
   */
  @initialize({})
  init({
    owner_id,
    metadata,
    max_supply,
    allocations,
    revenue_token_id,
    sale_contract_id,
    source_link,
  }: {
    /** Administrator (two-step transferable). */
    owner_id: string;
    /** NEP-148 metadata. */
    metadata: FungibleTokenMetadata;
    /** U128: the fixed maximum supply; the allocations must add up to it exactly. */
    max_supply: string;
    /** Pre-minted allocations (sale contract, contributor vault, treasury…). */
    allocations: Allocation[];
    /** NEP-141 contract accepted as stablecoin revenue (optional; settable later until it receives revenue). */
    revenue_token_id?: string | null;
    /** Sale contract receiving reinvested revenue (optional; settable later). */
    sale_contract_id?: string | null;
    /** NEP-330 link to the source. */
    source_link?: string | null;
  }): void {
    const ownerId = assertAccountId(owner_id, "owner_id");
    const cleanMetadata = validateMetadata(metadata);
    const maxSupply = parsePositiveU128(max_supply, "max_supply");
    ensure(
      Array.isArray(allocations) && allocations.length > 0 && allocations.length <= MAX_ALLOCATIONS,
      `allocations must list 1 to ${MAX_ALLOCATIONS} accounts`,
    );
    if (revenue_token_id !== undefined && revenue_token_id !== null) {
      this.revenue_token_id = assertAccountId(revenue_token_id, "revenue_token_id");
      ensure(this.revenue_token_id !== NEAR_ASSET, `revenue_token_id cannot be "${NEAR_ASSET}"`);
      this.pools[FT_SLOT].asset = this.revenue_token_id;
    }
    if (sale_contract_id !== undefined && sale_contract_id !== null) {
      this.sale_contract_id = assertAccountId(sale_contract_id, "sale_contract_id");
    }
    this.source_link = optionalString(source_link, "source_link", MAX_LINK_LENGTH) ?? "";
    this.admin = newAdminState(ownerId);
    this.storage_bytes_per_account = this.measureRegistrationBytes();
    writeMetadata(cleanMetadata);

    const minted: MintOrBurn[] = [];
    let total = 0n;
    allocations.forEach((allocation, index) => {
      const field = `allocations[${index}]`;
      ensure(typeof allocation === "object" && allocation !== null, `${field} must be an object`);
      const accountId = assertAccountId(allocation.account_id, `${field}.account_id`);
      const amount = parsePositiveU128(allocation.amount, `${field}.amount`);
      const earns = optionalBool(allocation.earns_revenue, `${field}.earns_revenue`, false);
      ensure(!isRegistered(accountId), `${field}: ${accountId} appears in allocations more than once`);
      const record = this.registerNew(accountId);
      if (!earns && !record.excluded) {
        record.excluded = true;
        writeAccount(accountId, record);
        this.addToExclusionList(accountId);
      }
      mint(this, accountId, amount);
      total += amount;
      minted.push({ owner_id: accountId, amount, memo: "initial allocation" });
    });
    ensure(total === maxSupply, `The allocations add up to ${total}, not to max_supply ${maxSupply}`);
    this.max_supply = maxSupply;
    emitFtMint(minted);
  }

  // ───────────────────────── NEP-141: calls ─────────────────────────

  /**
   * Moves `amount` from the caller to `receiver_id` (both registered).
   * Requires exactly 1 yoctoNEAR. Both accounts are settled first, so the
   * revenue each earned up to now stays with it.
   */
  @call({ payableFunction: true })
  ft_transfer({ receiver_id, amount, memo }: { receiver_id: string; amount: string; memo?: string | null }): void {
    assertOneYocto();
    assertNotPaused(this.admin, SCOPE_TRANSFERS);
    const receiverId = assertAccountId(receiver_id, "receiver_id");
    const value = parseU128(amount, "amount");
    const note = optionalString(memo, "memo", MAX_MEMO_LENGTH);
    transfer(this, near.predecessorAccountId(), receiverId, value, note);
  }

  /**
   * Transfers like `ft_transfer`, then calls `receiver_id.ft_on_transfer`
   * (which gets all gas left beyond the resolver's) and resolves with
   * `ft_resolve_transfer`, which returns unused tokens. Returns the amount
   * the receiver finally kept (U128).
   */
  @call({ payableFunction: true })
  ft_transfer_call({
    receiver_id,
    amount,
    memo,
    msg,
  }: {
    receiver_id: string;
    amount: string;
    memo?: string | null;
    msg: string;
  }): NearPromise {
    assertOneYocto();
    assertNotPaused(this.admin, SCOPE_TRANSFERS);
    ensure(near.prepaidGas() > GAS_FOR_FT_TRANSFER_CALL, "More gas is required");
    const receiverId = assertAccountId(receiver_id, "receiver_id");
    const value = parseU128(amount, "amount");
    const note = optionalString(memo, "memo", MAX_MEMO_LENGTH);
    ensure(typeof msg === "string", "msg must be a string");
    ensure(msg.length <= MAX_MSG_LENGTH, `msg is longer than ${MAX_MSG_LENGTH} characters`);
    const senderId = near.predecessorAccountId();
    transfer(this, senderId, receiverId, value, note);
    // The receiver gets all the gas left beyond the resolver's and our own
    // remaining work (not `functionCallWeight`: see `remainingGas`).
    const receiverGas = remainingGas(GAS_FOR_RESOLVE_TRANSFER + GAS_FOR_OWN_FINISH);
    ensure(receiverGas >= GAS_FOR_ON_TRANSFER_MIN, "More gas is required");
    return NearPromise.new(receiverId)
      .functionCall(
        "ft_on_transfer",
        JSON.stringify({ sender_id: senderId, amount: value.toString(), msg }),
        0n,
        receiverGas,
      )
      .then(
        NearPromise.new(near.currentAccountId()).functionCall(
          "ft_resolve_transfer",
          JSON.stringify({ sender_id: senderId, receiver_id: receiverId, amount: value.toString() }),
          0n,
          GAS_FOR_RESOLVE_TRANSFER,
        ),
      )
      .asReturn();
  }

  // ───────────────────────── NEP-141: views ─────────────────────────

  @view({})
  ft_total_supply(): string {
    return this.total_supply.toString();
  }

  /** "0" for unregistered accounts. */
  @view({})
  ft_balance_of({ account_id }: { account_id: string }): string {
    const record = readAccount(assertAccountId(account_id, "account_id"));
    return record === null ? "0" : record.balance.toString();
  }

  // ───────────────────────── NEP-145: calls ─────────────────────────

  /**
   * Registers `account_id` (default: the caller) for exactly the measured
   * storage cost; refunds the rest to the caller. Already registered: the
   * whole deposit is refunded. Min = max, so `registration_only` changes
   * nothing (excess is always refunded).
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
    const predecessor = near.predecessorAccountId();
    const accountId =
      account_id === undefined || account_id === null ? predecessor : assertAccountId(account_id, "account_id");
    optionalBool(registration_only, "registration_only", false);
    if (isRegistered(accountId)) {
      near.log("The account is already registered, refunding the deposit");
      transferNear(predecessor, deposit);
    } else {
      const cost = this.storageCost();
      ensure(deposit >= cost, `The attached deposit is less than the minimum storage balance (${cost} yoctoNEAR)`);
      this.registerNew(accountId);
      transferNear(predecessor, deposit - cost);
    }
    return this.storageBalance(accountId) as StorageBalance;
  }

  /**
   * Nothing is ever available above the fixed registration cost, so only a
   * withdrawal of 0 (or of nothing) succeeds. Requires 1 yoctoNEAR.
   */
  @call({ payableFunction: true })
  storage_withdraw({ amount }: { amount?: string | null }): StorageBalance {
    assertOneYocto();
    const accountId = near.predecessorAccountId();
    const balance = this.storageBalance(accountId);
    ensure(balance !== null, `The account ${accountId} is not registered`);
    if (amount !== undefined && amount !== null) {
      ensure(parseU128(amount, "amount") === 0n, "The amount is greater than the available storage balance");
    }
    return balance;
  }

  /**
   * Removes the caller's registration and refunds its storage deposit
   * (+ the attached yocto). Without `force`: the token balance and the
   * claimable revenue must be zero. With `force`: the tokens are burned
   * (`ft_burn`, settled first) and claimable revenue is paid out (so this
   * fails while claims are paused, if there is any to pay). Sub-unit
   * revenue fractions go back to the pools. Returns false (and logs) if the
   * caller was not registered. Requires 1 yoctoNEAR.
   */
  @call({ payableFunction: true })
  storage_unregister({ force }: { force?: boolean | null }): boolean {
    assertOneYocto();
    const accountId = near.predecessorAccountId();
    const forced = optionalBool(force, "force", false);
    const record = readAccount(accountId);
    if (record === null) {
      near.log(`The account ${accountId} is not registered`);
      return false;
    }
    ensure(record.balance === 0n || forced, "Can't unregister the account with the positive balance without force");
    settle(this, record);
    const claimable = record.assets.map((entry) => entry.owed / SCALE);
    if (!forced) {
      ensure(
        claimable.every((units) => units === 0n),
        `The account ${accountId} has unclaimed revenue: claim it first (claim_all_revenue) or unregister with force`,
      );
    }
    const payoutSlots = [...Array(SLOT_COUNT).keys()].filter((slot) => claimable[slot] > 0n);
    if (payoutSlots.length > 0) {
      assertNotPaused(this.admin, SCOPE_CLAIMS);
      this.assertPayoutGas(payoutSlots);
    }
    if (record.balance > 0n) {
      burnFrom(this, accountId, record, record.balance, "Account unregistered");
    }
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const entry = record.assets[slot];
      const pool = this.pools[slot];
      if (claimable[slot] > 0n) {
        takeForPayout(entry, pool, claimable[slot]);
        this.payout(accountId, slot, claimable[slot], "unregister", null).build();
      }
      // the sub-unit fraction left goes back to everyone
      pool.pending += entry.owed;
      entry.owed = 0n;
    }
    removeAccount(accountId);
    if (record.excluded) {
      this.excluded_accounts = this.excluded_accounts.filter((id) => id !== accountId);
    }
    transferNear(accountId, this.storageCost() + 1n);
    return true;
  }

  // ───────────────────────── NEP-145: views ─────────────────────────

  @view({})
  storage_balance_bounds(): StorageBalanceBounds {
    const cost = this.storageCost().toString();
    return { min: cost, max: cost };
  }

  @view({})
  storage_balance_of({ account_id }: { account_id: string }): StorageBalance | null {
    return this.storageBalance(assertAccountId(account_id, "account_id"));
  }

  // ───────────────────────── NEP-148 ─────────────────────────

  @view({})
  ft_metadata(): FungibleTokenMetadata {
    return readMetadata();
  }

  // ───────────────────────── revenue: calls ─────────────────────────

  /**
   * Distributes the attached NEAR over the eligible supply (plus anything
   * carried). Anyone may pay revenue. With no eligible supply the NEAR is
   * held and distributed with the next revenue.
   */
  @call({ payableFunction: true })
  distribute_revenue({ memo }: { memo?: string | null }): void {
    const amount = near.attachedDeposit();
    ensure(amount > 0n, "Attach the NEAR revenue to distribute");
    const note = optionalString(memo, "memo", MAX_MEMO_LENGTH);
    receiveRevenue(this.pools[NEAR_SLOT], amount, this.eligible_supply);
    emitRevenueDistributed(NEAR_ASSET, near.predecessorAccountId(), amount, this.eligible_supply, note);
  }

  /**
   * NEP-141 receiver: stablecoin revenue. Only the configured revenue
   * token may call; `msg` must be "revenue" (otherwise the whole amount is
   * returned as unused and the stablecoin refunds it). Returns the unused
   * amount (U128).
   */
  @call({})
  ft_on_transfer({ sender_id, amount, msg }: { sender_id: string; amount: string; msg: string }): string {
    const tokenId = near.predecessorAccountId();
    ensure(
      this.revenue_token_id !== "" && tokenId === this.revenue_token_id,
      `Only ${this.revenue_token_id === "" ? "a configured revenue token" : this.revenue_token_id} is accepted as revenue, not ${tokenId}`,
    );
    const senderId = assertAccountId(sender_id, "sender_id");
    const value = parseU128(amount, "amount");
    if (msg !== REVENUE_MSG || value === 0n) {
      near.log(`Not revenue (msg must be "${REVENUE_MSG}"): returning ${value} to ${senderId}`);
      return value.toString();
    }
    receiveRevenue(this.pools[FT_SLOT], value, this.eligible_supply);
    emitRevenueDistributed(this.revenue_token_id, senderId, value, this.eligible_supply, null);
    return "0";
  }

  /**
   * Pays the caller's whole claimable revenue in `asset` ("near", the
   * default, or the stablecoin's account id): NEAR by transfer, the
   * stablecoin by `ft_transfer` (the caller must be registered there). If
   * the payout fails the amount is re-credited. Returns the amount paid
   * (U128; "0" if it failed).
   */
  @call({})
  claim_revenue({ asset }: { asset?: string | null }): NearPromise {
    assertNotPaused(this.admin, SCOPE_CLAIMS);
    const slot = this.slotOf(asset === undefined || asset === null ? NEAR_ASSET : asset);
    const accountId = near.predecessorAccountId();
    const record = readRegistered(accountId);
    settle(this, record);
    const amount = record.assets[slot].owed / SCALE;
    ensure(amount > 0n, `${accountId} has no ${this.pools[slot].asset} revenue to claim`);
    this.assertPayoutGas([slot]);
    takeForPayout(record.assets[slot], this.pools[slot], amount);
    writeAccount(accountId, record);
    return this.payout(accountId, slot, amount, "claim", null).asReturn();
  }

  /**
   * Claims every asset with claimable revenue at once (one payout and
   * callback each). Returns the amounts sent per asset.
   */
  @call({})
  claim_all_revenue(): Record<string, string> {
    assertNotPaused(this.admin, SCOPE_CLAIMS);
    const accountId = near.predecessorAccountId();
    const record = readRegistered(accountId);
    settle(this, record);
    const sent: Record<string, string> = {};
    for (const slot of this.activeSlots()) {
      const amount = record.assets[slot].owed / SCALE;
      if (amount > 0n) {
        takeForPayout(record.assets[slot], this.pools[slot], amount);
        this.payout(accountId, slot, amount, "claim", null).build();
        sent[this.pools[slot].asset] = amount.toString();
      }
    }
    ensure(Object.keys(sent).length > 0, `${accountId} has no revenue to claim`);
    this.assertPayoutGas(this.activeSlots().filter((slot) => this.pools[slot].asset in sent));
    writeAccount(accountId, record);
    return sent;
  }

  /**
   * Sends the caller's claimable NEAR revenue (all of it, or `amount`) to
   * the configured sale contract as
   * `purchase_with_revenue({ buyer, round_id })` with the NEAR attached.
   * `sale_contract_id`, if given, must be the configured one. If the
   * purchase fails, the NEAR comes back and is re-credited. Requires
   * 1 yoctoNEAR. Returns the amount reinvested (U128; "0" if it failed).
   */
  @call({ payableFunction: true })
  reinvest_revenue({
    round_id,
    sale_contract_id,
    amount,
  }: {
    round_id: number;
    sale_contract_id?: string | null;
    amount?: string | null;
  }): NearPromise {
    assertOneYocto();
    assertNotPaused(this.admin, SCOPE_CLAIMS);
    ensure(this.sale_contract_id !== "", "No sale contract is configured for reinvestment");
    if (sale_contract_id !== undefined && sale_contract_id !== null) {
      ensure(
        sale_contract_id === this.sale_contract_id,
        `Revenue can only be reinvested in ${this.sale_contract_id}, not ${sale_contract_id}`,
      );
    }
    ensure(
      typeof round_id === "number" && Number.isSafeInteger(round_id) && round_id >= 0,
      "round_id must be a non-negative integer",
    );
    ensure(near.prepaidGas() >= GAS_FOR_REINVEST, "More gas is required");
    const accountId = near.predecessorAccountId();
    const record = readRegistered(accountId);
    settle(this, record);
    const claimable = record.assets[NEAR_SLOT].owed / SCALE;
    const value = amount === undefined || amount === null ? claimable : parsePositiveU128(amount, "amount");
    ensure(value > 0n, `${accountId} has no NEAR revenue to reinvest`);
    ensure(value <= claimable, `amount ${value} exceeds the claimable NEAR revenue ${claimable}`);
    takeForPayout(record.assets[NEAR_SLOT], this.pools[NEAR_SLOT], value);
    writeAccount(accountId, record);
    return this.payout(accountId, NEAR_SLOT, value, "reinvest", round_id).asReturn();
  }

  // ───────────────────────── revenue: views ─────────────────────────

  /** Claimable revenue of `account_id` per asset (U128 strings); zeros if unregistered. */
  @view({})
  revenue_of({ account_id }: { account_id: string }): Record<string, string> {
    const record = readAccount(assertAccountId(account_id, "account_id"));
    return this.claimableByAsset(record);
  }

  /** Balance, exclusion, claimable revenue and storage of one holder, in one call. */
  @view({})
  holder_info({ account_id }: { account_id: string }): {
    account_id: string;
    registered: boolean;
    balance: string;
    excluded: boolean;
    claimable: Record<string, string>;
    owed_scaled: Record<string, string>;
    storage_balance: StorageBalance | null;
  } {
    const accountId = assertAccountId(account_id, "account_id");
    const record = readAccount(accountId);
    return {
      account_id: accountId,
      registered: record !== null,
      balance: record === null ? "0" : record.balance.toString(),
      excluded: record?.excluded === true,
      claimable: this.claimableByAsset(record),
      owed_scaled: this.owedScaledByAsset(record),
      storage_balance: this.storageBalance(accountId),
    };
  }

  /**
   * Dashboard totals per asset. For each: distributed = claimed + in_flight
   * + outstanding, where outstanding (owed to holders, claimable or still
   * carried) includes `held` (revenue not yet spread: no eligible supply at
   * the time, or a division remainder).
   */
  @view({})
  revenue_stats(): {
    total_supply: string;
    eligible_supply: string;
    scale: string;
    assets: {
      asset: string;
      total_distributed: string;
      total_claimed: string;
      total_reinvested: string;
      in_flight: string;
      outstanding: string;
      held: string;
      pending_scaled: string;
      revenue_per_token_scaled: string;
    }[];
  } {
    return {
      total_supply: this.total_supply.toString(),
      eligible_supply: this.eligible_supply.toString(),
      scale: SCALE.toString(),
      assets: this.activeSlots().map((slot) => {
        const pool = this.pools[slot];
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
        };
      }),
    };
  }

  @view({})
  get_eligible_supply(): string {
    return this.eligible_supply.toString();
  }

  @view({})
  is_excluded({ account_id }: { account_id: string }): boolean {
    const record = readAccount(assertAccountId(account_id, "account_id"));
    return record?.excluded === true;
  }

  @view({})
  get_excluded_accounts(): string[] {
    return this.excluded_accounts;
  }

  // ───────────────────────── configuration and administration: calls ─────────────────────────

  /**
   * Excludes a registered account from revenue (`excluded: true`) or lets it
   * earn again. The account is settled first, so it keeps what it earned
   * before the change and earns nothing while excluded; its balance leaves
   * (or rejoins) the eligible supply. Role `config`; 1 yoctoNEAR.
   */
  @call({ payableFunction: true })
  set_revenue_exclusion({ account_id, excluded }: { account_id: string; excluded: boolean }): void {
    assertOneYocto();
    assertRole(this.admin, ROLE_CONFIG);
    const accountId = assertAccountId(account_id, "account_id");
    ensure(typeof excluded === "boolean", "excluded must be true or false");
    ensure(excluded || accountId !== near.currentAccountId(), "The token contract itself is always excluded");
    const record = readRegistered(accountId);
    ensure(record.excluded !== excluded, `${accountId} is already ${excluded ? "excluded from" : "earning"} revenue`);
    settle(this, record);
    if (excluded) {
      this.eligible_supply -= record.balance;
      this.addToExclusionList(accountId);
    } else {
      this.eligible_supply += record.balance;
      this.excluded_accounts = this.excluded_accounts.filter((id) => id !== accountId);
    }
    record.excluded = excluded;
    writeAccount(accountId, record);
    emitEarningChanged(accountId, excluded, record.balance, this.eligible_supply);
  }

  /**
   * Sets the NEP-141 stablecoin accepted as revenue. Only possible while no
   * revenue in a stablecoin was ever received (account records keep one
   * stablecoin slot). Role `config`; 1 yoctoNEAR.
   */
  @call({ payableFunction: true })
  set_revenue_token({ token_id }: { token_id: string }): void {
    assertOneYocto();
    assertRole(this.admin, ROLE_CONFIG);
    const tokenId = assertAccountId(token_id, "token_id");
    ensure(tokenId !== NEAR_ASSET, `token_id cannot be "${NEAR_ASSET}"`);
    const pool = this.pools[FT_SLOT];
    ensure(pool.distributed === 0n, `The revenue token ${pool.asset} already received revenue and cannot be replaced`);
    this.revenue_token_id = tokenId;
    pool.asset = tokenId;
    emitConfigChanged("revenue_token_id", tokenId);
  }

  /** Sets (or clears, with null) the sale contract for `reinvest_revenue`. Role `config`; 1 yoctoNEAR. */
  @call({ payableFunction: true })
  set_sale_contract({ account_id }: { account_id: string | null }): void {
    assertOneYocto();
    assertRole(this.admin, ROLE_CONFIG);
    this.sale_contract_id =
      account_id === null || account_id === undefined ? "" : assertAccountId(account_id, "account_id");
    emitConfigChanged("sale_contract_id", this.sale_contract_id === "" ? null : this.sale_contract_id);
  }

  /** Sets the NEP-330 source link. Owner; 1 yoctoNEAR. */
  @call({ payableFunction: true })
  set_source_link({ link }: { link: string }): void {
    assertOneYocto();
    assertOwner(this.admin);
    ensure(typeof link === "string", "link must be a string");
    this.source_link = optionalString(link, "link", MAX_LINK_LENGTH) ?? "";
    emitConfigChanged("source_link", link);
  }

  /** Proposes a new owner (null cancels); the new owner must `accept_owner`. Owner; 1 yoctoNEAR. */
  @call({ payableFunction: true })
  propose_owner({ new_owner_id }: { new_owner_id: string | null }): void {
    assertOneYocto();
    proposeOwner(this.admin, new_owner_id);
  }

  /** The proposed owner takes ownership. 1 yoctoNEAR. */
  @call({ payableFunction: true })
  accept_owner(): void {
    assertOneYocto();
    acceptOwner(this.admin);
  }

  /** Owner; 1 yoctoNEAR. Roles: "pauser", "config". */
  @call({ payableFunction: true })
  grant_role({ role, account_id }: { role: string; account_id: string }): void {
    assertOneYocto();
    grantRole(this.admin, role, account_id);
  }

  /** Owner; 1 yoctoNEAR. */
  @call({ payableFunction: true })
  revoke_role({ role, account_id }: { role: string; account_id: string }): void {
    assertOneYocto();
    revokeRole(this.admin, role, account_id);
  }

  /**
   * Pauses "transfers" (ft_transfer, ft_transfer_call), "claims"
   * (claim_revenue, claim_all_revenue, reinvest_revenue) or both (no
   * scope). Refunds, callbacks, storage and revenue intake never pause.
   * Role `pauser`; 1 yoctoNEAR. Returns the scopes paused.
   */
  @call({ payableFunction: true })
  pause({ scope }: { scope?: string | null }): string[] {
    assertOneYocto();
    return pauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  /** Owner; 1 yoctoNEAR. Returns the scopes unpaused. */
  @call({ payableFunction: true })
  unpause({ scope }: { scope?: string | null }): string[] {
    assertOneYocto();
    return unpauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  // ───────────────────────── configuration and administration: views ─────────────────────────

  /** Owner, pending owner, roles, paused scopes. */
  @view({})
  admin_info(): ReturnType<typeof adminView> {
    return adminView(this.admin);
  }

  @view({})
  is_paused({ scope }: { scope: string }): boolean {
    ensure(PAUSE_SCOPES.includes(scope), `Unknown pause scope ${JSON.stringify(scope)}`);
    return isPaused(this.admin, scope);
  }

  /** Supply and linked contracts. */
  @view({})
  token_config(): {
    version: string;
    state_version: number;
    owner_id: string;
    max_supply: string;
    total_supply: string;
    eligible_supply: string;
    revenue_token_id: string | null;
    sale_contract_id: string | null;
    revenue_msg: string;
    storage_bytes_per_account: string;
  } {
    return {
      version: CONTRACT_VERSION,
      state_version: this.state_version,
      owner_id: this.admin.owner_id,
      max_supply: this.max_supply.toString(),
      total_supply: this.total_supply.toString(),
      eligible_supply: this.eligible_supply.toString(),
      revenue_token_id: this.revenue_token_id === "" ? null : this.revenue_token_id,
      sale_contract_id: this.sale_contract_id === "" ? null : this.sale_contract_id,
      revenue_msg: REVENUE_MSG,
      storage_bytes_per_account: this.storage_bytes_per_account.toString(),
    };
  }

  // ───────────────────────── NEP-330 ─────────────────────────

  @view({})
  contract_source_metadata(): ContractSourceMetadata {
    return sourceMetadata(CONTRACT_VERSION, this.source_link, [
      { standard: "nep141", version: "1.0.0" },
      { standard: "nep145", version: "1.0.0" },
      { standard: "nep148", version: "1.0.0" },
    ]);
  }

  // ───────────────────────── callbacks (private) ─────────────────────────

  /**
   * NEP-141 resolver. Takes back min(unused, receiver's balance) from the
   * receiver: to the sender if still registered (`ft_transfer` memo
   * "refund"), otherwise burned (`ft_burn`). A failed or malformed
   * `ft_on_transfer` counts as all unused. Both sides are settled before
   * balances move. Returns the amount the receiver kept (U128).
   */
  @call({ privateFunction: true })
  ft_resolve_transfer({
    sender_id,
    receiver_id,
    amount,
  }: {
    sender_id: string;
    receiver_id: string;
    amount: string;
  }): string {
    const value = parseU128(amount, "amount");
    const outcome = singlePromiseOutcome();
    const unused = outcome.ok ? parseUnusedAmount(outcome.value, value) : value;
    if (unused === 0n) {
      return value.toString();
    }
    const receiver = readAccount(receiver_id);
    if (receiver === null || receiver.balance === 0n) {
      return value.toString();
    }
    const refund = receiver.balance < unused ? receiver.balance : unused;
    settle(this, receiver);
    const sender = readAccount(sender_id);
    if (sender !== null) {
      settle(this, sender);
      moveSettled(this, receiver, sender, refund);
      writeAccount(receiver_id, receiver);
      writeAccount(sender_id, sender);
      emitFtTransfer(receiver_id, sender_id, refund, "refund");
      return (value - refund).toString();
    }
    near.log("The account of the sender was deleted");
    burnFrom(this, receiver_id, receiver, refund, "refund");
    writeAccount(receiver_id, receiver);
    return value.toString();
  }

  /**
   * Ends a revenue payout: on success the amount moves from in-flight to
   * claimed; on failure it is re-credited to the account, or to the pool
   * (for everyone) if the account has unregistered meanwhile. Returns the
   * amount paid (U128; "0" on failure).
   */
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
    amount: string;
    purpose: PayoutPurpose;
    round_id: number | null;
  }): string {
    const slot = this.slotOf(asset);
    const pool = this.pools[slot];
    const value = parseU128(amount, "amount");
    if (singlePromiseOutcome().ok) {
      confirmPayout(pool, value, purpose === "reinvest");
      emitRevenuePaid(account_id, asset, value, purpose, round_id ?? null);
      return value.toString();
    }
    const record = readAccount(account_id);
    if (record !== null) {
      recreditAccount(record.assets[slot], pool, value);
      writeAccount(account_id, record);
      emitRevenuePayoutFailed(account_id, asset, value, purpose, "account");
    } else {
      recreditPool(pool, value);
      emitRevenuePayoutFailed(account_id, asset, value, purpose, "pool");
    }
    return "0";
  }

  // ───────────────────────── internals ─────────────────────────

  /** Registration cost in yoctoNEAR: measured bytes × current byte cost. */
  storageCost(): bigint {
    return this.storage_bytes_per_account * near.storageByteCost();
  }

  storageBalance(accountId: string): StorageBalance | null {
    return isRegistered(accountId) ? { total: this.storageCost().toString(), available: "0" } : null;
  }

  /**
   * Storage a registration uses at most: write the largest possible record
   * under the longest possible account id, measure, remove.
   */
  measureRegistrationBytes(): bigint {
    const probe = "a".repeat(64);
    const before = near.storageUsage();
    near.storageWriteRaw(accountKey(probe), encodeRecord(largestRecord()));
    const used = near.storageUsage() - before;
    near.storageRemoveRaw(accountKey(probe));
    ensure(used > 0n, "Could not measure the storage of an account");
    return used;
  }

  /** Registers an account; the contract itself is registered as excluded. */
  registerNew(accountId: string): AccountRecord {
    const record = registerAccount(this, accountId);
    if (record.excluded) {
      this.addToExclusionList(accountId);
    }
    return record;
  }

  addToExclusionList(accountId: string): void {
    ensure(
      this.excluded_accounts.length < MAX_EXCLUDED_ACCOUNTS,
      `At most ${MAX_EXCLUDED_ACCOUNTS} accounts can be excluded from revenue`,
    );
    this.excluded_accounts.push(accountId);
  }

  /**
   * Panics with a clear message unless the prepaid gas covers this call's
   * own work plus the payouts of `slots` and their callbacks (otherwise the
   * runtime would abort the call anyway, less legibly).
   */
  assertPayoutGas(slots: number[]): void {
    let needed = GAS_FOR_PAYOUT_CALLER;
    for (const slot of slots) {
      needed += GAS_FOR_PAYOUT_CALLBACK + (slot === NEAR_SLOT ? 0n : GAS_FOR_FT_PAYOUT);
    }
    ensure(near.prepaidGas() >= needed, `More gas is required: attach at least ${needed / 1_000_000_000_000n} TGas`);
  }

  /** Slots whose asset is configured: NEAR always, the stablecoin once set. */
  activeSlots(): number[] {
    return this.revenue_token_id === "" ? [NEAR_SLOT] : [NEAR_SLOT, FT_SLOT];
  }

  slotOf(asset: string): number {
    if (asset === NEAR_ASSET) {
      return NEAR_SLOT;
    }
    ensure(
      this.revenue_token_id !== "" && asset === this.revenue_token_id,
      `Unknown revenue asset ${JSON.stringify(asset)}; assets are: ${this.activeSlots()
        .map((slot) => this.pools[slot].asset)
        .join(", ")}`,
    );
    return FT_SLOT;
  }

  /** Revenue × SCALE earned and not yet paid, per asset (claimable plus the sub-unit fraction; exact). */
  owedScaledByAsset(record: AccountRecord | null): Record<string, string> {
    const result: Record<string, string> = {};
    for (const slot of this.activeSlots()) {
      const pool = this.pools[slot];
      result[pool.asset] = record === null ? "0" : owedScaledOf(record.assets[slot], record, pool).toString();
    }
    return result;
  }

  claimableByAsset(record: AccountRecord | null): Record<string, string> {
    const result: Record<string, string> = {};
    for (const slot of this.activeSlots()) {
      const pool = this.pools[slot];
      result[pool.asset] = record === null ? "0" : claimableOf(record.assets[slot], record, pool).toString();
    }
    return result;
  }

  /**
   * Builds a payout of `amount` (already taken from the account and in
   * flight) chained to `on_revenue_payout`:
   * - claim/unregister of NEAR: a transfer to the account;
   * - claim/unregister of the stablecoin: `ft_transfer` with 1 yoctoNEAR;
   * - reinvest: `purchase_with_revenue({ buyer, round_id })` on the sale
   *   contract with the NEAR attached (it also gets all unused gas).
   */
  payout(accountId: string, slot: number, amount: bigint, purpose: PayoutPurpose, roundId: number | null): NearPromise {
    const pool = this.pools[slot];
    let first: NearPromise;
    let receiverId: string;
    if (purpose === "reinvest") {
      receiverId = this.sale_contract_id;
      // all the gas left beyond the callback's (not `functionCallWeight`: see `remainingGas`)
      const purchaseGas = remainingGas(GAS_FOR_PAYOUT_CALLBACK + GAS_FOR_OWN_FINISH);
      ensure(purchaseGas >= GAS_FOR_PURCHASE_MIN, "More gas is required");
      first = NearPromise.new(receiverId).functionCall(
        "purchase_with_revenue",
        JSON.stringify({ buyer: accountId, round_id: roundId }),
        amount,
        purchaseGas,
      );
    } else if (slot === NEAR_SLOT) {
      receiverId = accountId;
      first = NearPromise.new(accountId).transfer(amount);
    } else {
      receiverId = pool.asset;
      first = NearPromise.new(pool.asset).functionCall(
        "ft_transfer",
        JSON.stringify({
          receiver_id: accountId,
          amount: amount.toString(),
          memo: `${near.currentAccountId()} revenue ${purpose}`,
        }),
        1n,
        GAS_FOR_FT_PAYOUT,
      );
    }
    emitRevenuePayoutStarted(accountId, pool.asset, amount, purpose, receiverId);
    return first.then(
      NearPromise.new(near.currentAccountId()).functionCall(
        "on_revenue_payout",
        JSON.stringify({
          account_id: accountId,
          asset: pool.asset,
          amount: amount.toString(),
          purpose,
          round_id: roundId,
        }),
        0n,
        GAS_FOR_PAYOUT_CALLBACK,
      ),
    );
  }
}

/**
 * Self-upgrade: the call's input bytes are the new wasm. Owner only.
 * Deploys to this account and calls `migrate` in the same receipt (see
 * `common/upgrade.ts`).
 */
export function upgrade(): void {
  upgradeSelf();
}

/**
 * Runs after `upgrade` deployed new code, in the same receipt; only the
 * contract itself may call it. Rewrites the stored state through
 * `migrateState` (see `migration.ts`).
 */
export function migrate(): void {
  migrateSelf(migrateState);
}
