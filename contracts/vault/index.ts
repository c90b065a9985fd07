/**
 * modelfund vault: rewards the contributors who train the seven model stages,
 * in proportion to attested work, and shares each stage's inference
 * royalties with them. See README.md for the methods, events and design.
 *
 * This file is the ABI surface only: argument guards and role checks, then
 * one call into the module that owns the concern (stages.ts, attestors.ts,
 * epochs.ts, claims.ts, payouts.ts, storage.ts; pure math in leaf.ts,
 * bitmap.ts, vesting.ts, royalty.ts).
 *
 * Invariants (kept by the modules named):
 * 1. Reward tokens: the vault's token balance = Σ stage pools + Σ reserved
 *    (accepted, unclaimed epoch rewards) + vesting balances not withdrawn
 *    (epochs.ts, claims.ts, payouts.ts).
 * 2. No epoch pays more than its reward; no leaf pays twice (claims.ts).
 * 3. Per royalty asset: deposited = paid + in flight + claimable + carried,
 *    to the unit (royalty.ts); every payout that fails is rolled back.
 * 4. Every call costs O(1) in the number of contributors: claims touch one
 *    leaf's bitmap word and the caller's records; deposits touch one stage.
 * 5. Contributors pay for their own records (NEP-145, storage.ts); the vault
 *    pays only for bounded stage and epoch records.
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
  ROLE_GUARDIAN,
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
import { transferNear } from "../common/promises";
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
import { activeCount, attestorView } from "./attestors";
import { isClaimedIn, wordIndexOf } from "./bitmap";
import { claimLeaf, registerQualification } from "./claims";
import {
  CONTRACT_VERSION,
  FT_SLOT,
  MAX_ATTESTORS,
  MAX_BATCH_CLAIMS,
  MAX_EPOCHS_PER_STAGE,
  MAX_MSG_LENGTH,
  MAX_REASON_LENGTH,
  NEAR_ASSET,
  NEAR_SLOT,
  PAUSE_SCOPES,
  ROLE_ATTESTOR_MANAGER,
  SCOPE_ATTESTATION,
  SCOPE_CLAIMS,
  SCOPE_DEPOSITS,
  STAGE_COUNT,
  STATE_VERSION,
  VAULT_ROLES,
  VAULT_STANDARD,
  VAULT_STANDARD_VERSION,
} from "./constants";
import { epochView, submitEpoch, submitQualification, vetoEpoch } from "./epochs";
import { emitVault } from "./events";
import type {
  AttestorView,
  ClaimArgs,
  ContractConfigView,
  ContributorView,
  EpochView,
  PoolsView,
  StageConfigJson,
  StageView,
  TotalsView,
} from "./interface";
import { migrateState } from "./migration";
import {
  contributorView,
  depositRoyalties,
  fundStage,
  type Parts,
  parseAsset,
  rollOver,
  settleRoyaltyClaim,
  settleWithdraw,
  startRoyaltyClaim,
  startWithdraw,
} from "./payouts";
import {
  measureRecordBytes,
  newStage,
  parseEpochIndex,
  parseStage,
  readEpoch,
  readStage,
  readStorageAccount,
  readWord,
  removeStorageAccount,
  writeStage,
  writeStorageAccount,
} from "./records";
import { parseHash, parseNs, parseStageConfig, stageConfigJson, stageView } from "./stages";
import { newTotals, type RewardTotals, type VaultState } from "./state";
import { minStorageBalance, registerAccount, storageAvailable, storageBalanceJson } from "./storage";
import type { Attestor } from "./types";

/** Body of `upgrade`: raw wasm input, owner + 1 yoctoNEAR, a ready scheduled code hash (common/upgrade.ts). */
export function upgrade(): void {
  upgradeSelf();
}

/** Runs in the upgrade's own receipt (self only): brings the stored state to this code's version. */
export function migrate(): void {
  migrateSelf(migrateState);
}

/** The vault has no timelocked actions of its own yet: only the common ones (upgrade, set_timelock_delay). */
function validateVaultAction(action: unknown): never {
  throw new Error(`Unknown timelock action ${JSON.stringify(action)}; actions are: upgrade, set_timelock_delay`);
}

function parseReason(value: unknown): string | null {
  return optionalString(value, "reason", MAX_REASON_LENGTH);
}

// Not exported: near-sdk-js's exporter generates one exported function per method.
// biome-ignore lint/correctness/noUnusedVariables: @NearBindgen registers the class; near-sdk-js exports its methods
@NearBindgen({ requireInit: true })
class VaultContract implements VaultState {
  state_version = STATE_VERSION;
  admin: AdminState = newAdminState("");
  timelock: TimelockState = newTimelockState(0n);
  token_id = "";
  stable_id = "";
  source_link = "";
  attestor_registry: Attestor[] = [];
  books: RewardTotals = newTotals();
  storage_deposits = 0n;
  storage_account_bytes = 0;
  storage_stage_bytes = 0;
  storage_word_bytes = 0;
  storage_qualification_bytes = 0;

  // ---- init ---------------------------------------------------------------------------

  /**
   * Caller: the deployer (once). Deposit: none.
   * Panics: invalid accounts, stable_id equal to token_id, bad delay, more than 7 initial pools.
   * Emits: stage_funded for each non-zero initial pool (sender: the owner).
   */
  @initialize({})
  init({
    owner_id,
    token_id,
    stable_id,
    timelock_delay_ns,
    source_link,
    initial_pools,
  }: {
    owner_id: string;
    token_id: string;
    stable_id?: string | null;
    timelock_delay_ns: string;
    source_link?: string | null;
    initial_pools?: string[] | null;
  }): void {
    this.admin = newAdminState(assertAccountId(owner_id, "owner_id"));
    this.timelock = newTimelockState(parseTimelockDelay(timelock_delay_ns, "timelock_delay_ns"));
    this.token_id = assertAccountId(token_id, "token_id");
    if (stable_id !== undefined && stable_id !== null) {
      this.stable_id = assertAccountId(stable_id, "stable_id");
      ensure(this.stable_id !== this.token_id, "stable_id must differ from token_id");
    }
    this.source_link = optionalString(source_link, "source_link", 256) ?? "";
    const measured = measureRecordBytes();
    this.storage_account_bytes = measured.account_bytes;
    this.storage_stage_bytes = measured.stage_record_bytes;
    this.storage_word_bytes = measured.word_bytes;
    this.storage_qualification_bytes = measured.qualification_bytes;
    for (let stage = 0; stage < STAGE_COUNT; stage++) {
      writeStage(newStage(stage));
    }
    const pools = initial_pools ?? [];
    ensure(
      Array.isArray(pools) && pools.length <= STAGE_COUNT,
      `initial_pools must list at most ${STAGE_COUNT} amounts`,
    );
    pools.forEach((raw, stage) => {
      const amount = parseU128(raw, `initial_pools[${stage}]`);
      if (amount > 0n) fundStage(this, stage, amount, this.admin.owner_id);
    });
  }

  // ---- common admin surface (common/README.md) ---------------------------------------------

  /** Caller: owner. Deposit: 1 yocto. Panics: not owner, invalid account. Emits: modelfund owner_proposed / owner_proposal_cancelled. */
  @call({ payableFunction: true })
  propose_owner({ new_owner_id }: { new_owner_id?: string | null }): void {
    proposeOwner(this.admin, new_owner_id);
  }

  /** Caller: the proposed owner. Deposit: 1 yocto. Panics: no proposal, other caller. Emits: modelfund owner_changed. */
  @call({ payableFunction: true })
  accept_owner(): void {
    acceptOwner(this.admin);
  }

  /**
   * Caller: owner. Deposit: 1 yocto. Roles: pauser, config, guardian, attestor_manager.
   * Panics: not owner, unknown role, invalid account. Emits: modelfund role_granted.
   */
  @call({ payableFunction: true })
  grant_role({ role, account_id }: { role: string; account_id: string }): void {
    grantRole(this.admin, role, account_id, VAULT_ROLES);
  }

  /** Caller: owner. Deposit: 1 yocto. Panics: role not held. Emits: modelfund role_revoked. */
  @call({ payableFunction: true })
  revoke_role({ role, account_id }: { role: string; account_id: string }): void {
    revokeRole(this.admin, role, account_id, VAULT_ROLES);
  }

  /**
   * Caller: pauser. Deposit: 1 yocto. Scopes: attestation, claims, deposits (none = all).
   * Panics: not a pauser, unknown scope. Emits: modelfund paused.
   */
  @call({ payableFunction: true })
  pause({ scope }: { scope?: string | null }): string[] {
    return pauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  /** Caller: owner. Deposit: 1 yocto. Panics: not owner, unknown scope. Emits: modelfund unpaused. */
  @call({ payableFunction: true })
  unpause({ scope }: { scope?: string | null }): string[] {
    return unpauseScopes(this.admin, scope, PAUSE_SCOPES);
  }

  /** Caller: owner. Deposit: 1 yocto. Actions: upgrade, set_timelock_delay. Panics: unknown action, bad args, full queue. Emits: modelfund timelock_scheduled. */
  @call({ payableFunction: true })
  timelock_schedule({ action, args }: { action: string; args: Record<string, unknown> }): TimelockOperation {
    const parsed = validateCommonAction(action, args) ?? validateVaultAction(action);
    return scheduleOperation(this.timelock, this.admin, action, parsed);
  }

  /** Caller: owner, after the delay. Deposit: 1 yocto. Panics: unknown or unready id, upgrade. Emits: modelfund timelock_executed (+ timelock_delay_changed). */
  @call({ payableFunction: true })
  timelock_execute({ id }: { id: number }): void {
    const operation = takeReadyOperation(this.timelock, this.admin, id);
    ensure(applyCommonAction(this.timelock, operation), `Timelock action ${operation.action} is not executable here`);
  }

  /** Caller: owner or guardian. Deposit: 1 yocto. Panics: unknown id. Emits: modelfund timelock_cancelled. */
  @call({ payableFunction: true })
  timelock_cancel({ id }: { id: number }): void {
    cancelOperation(this.timelock, this.admin, id);
  }

  /** Caller: anyone (view). */
  @view({})
  admin_info(): AdminView {
    return adminView(this.admin);
  }

  /** Caller: anyone (view). */
  @view({})
  is_paused({ scope }: { scope: string }): boolean {
    return isPaused(this.admin, scope);
  }

  /** Caller: anyone (view). */
  @view({})
  timelock_info(): TimelockView {
    return timelockView(this.timelock);
  }

  /** Caller: anyone (view). NEP-330. */
  @view({})
  contract_source_metadata(): ContractSourceMetadata {
    return sourceMetadata(CONTRACT_VERSION, this.source_link, [
      { standard: "nep145", version: "1.0.0" },
      { standard: VAULT_STANDARD, version: VAULT_STANDARD_VERSION },
    ]);
  }

  /** Caller: anyone (view). */
  @view({})
  contract_config(): ContractConfigView {
    return {
      token_id: this.token_id,
      stable_id: this.stable_id === "" ? null : this.stable_id,
      stage_count: STAGE_COUNT,
      max_epochs_per_stage: MAX_EPOCHS_PER_STAGE,
      max_attestors: MAX_ATTESTORS,
      max_batch_claims: MAX_BATCH_CLAIMS,
      roles: [...VAULT_ROLES],
      pause_scopes: [...PAUSE_SCOPES],
      storage_account_bytes: this.storage_account_bytes,
      storage_stage_bytes: this.storage_stage_bytes,
      storage_word_bytes: this.storage_word_bytes,
      storage_qualification_bytes: this.storage_qualification_bytes,
      event_standard: VAULT_STANDARD,
      event_version: VAULT_STANDARD_VERSION,
      state_version: this.state_version,
      now_ns: near.blockTimestamp().toString(),
    };
  }

  // ---- stages and attestors --------------------------------------------------------------

  /**
   * Caller: config role. Deposit: 1 yocto.
   * Panics: bad stage or config, quorum above the active attestors, frozen fields changed, stage rolled over.
   * Emits: stage_configured.
   */
  @call({ payableFunction: true })
  configure_stage({ stage, config }: { stage: number; config: StageConfigJson }): void {
    assertRoleCall(this.admin, ROLE_CONFIG);
    const now = near.blockTimestamp();
    const record = readStage(parseStage(stage));
    record.config = parseStageConfig(config, record, activeCount(this.attestor_registry, now), now);
    writeStage(record);
    emitVault("stage_configured", {
      stage: record.stage,
      config: stageConfigJson(record.config),
      by: near.predecessorAccountId(),
    });
  }

  /**
   * Caller: attestor_manager role. Deposit: 1 yocto. Adds or renews an attestor.
   * Panics: bad account or hash, expiry not in the future, registry full. Emits: attestor_set.
   */
  @call({ payableFunction: true })
  set_attestor({
    account_id,
    report_hash,
    expires_at_ns,
  }: {
    account_id: string;
    report_hash: string;
    expires_at_ns: string;
  }): void {
    assertRoleCall(this.admin, ROLE_ATTESTOR_MANAGER);
    const now = near.blockTimestamp();
    const attestor: Attestor = {
      account_id: assertAccountId(account_id, "account_id"),
      report_hash: parseHash(report_hash, "report_hash"),
      expires_at_ns: parseNs(expires_at_ns, "expires_at_ns"),
    };
    ensure(attestor.expires_at_ns > now, `expires_at_ns ${attestor.expires_at_ns} must be in the future (now ${now})`);
    const index = this.attestor_registry.findIndex((entry) => entry.account_id === attestor.account_id);
    if (index >= 0) {
      this.attestor_registry[index] = attestor;
    } else {
      ensure(this.attestor_registry.length < MAX_ATTESTORS, `The registry already holds ${MAX_ATTESTORS} attestors`);
      this.attestor_registry.push(attestor);
    }
    emitVault("attestor_set", { ...attestor, by: near.predecessorAccountId() });
  }

  /**
   * Caller: attestor_manager role. Deposit: 1 yocto.
   * Panics: not registered; an open stage's quorum would exceed the remaining active attestors. Emits: attestor_removed.
   */
  @call({ payableFunction: true })
  remove_attestor({ account_id }: { account_id: string }): void {
    assertRoleCall(this.admin, ROLE_ATTESTOR_MANAGER);
    const now = near.blockTimestamp();
    const index = this.attestor_registry.findIndex((entry) => entry.account_id === account_id);
    ensure(index >= 0, `${JSON.stringify(account_id)} is not a registered attestor`);
    const remaining = this.attestor_registry.filter((_entry, i) => i !== index);
    const active = activeCount(remaining, now);
    for (let stage = 0; stage < STAGE_COUNT; stage++) {
      const record = readStage(stage);
      if (record.config === null || record.rolled_over || now >= record.config.claim_deadline_ns) continue;
      ensure(
        record.config.quorum <= active,
        `Removing ${account_id} would leave ${active} active attestor(s), fewer than stage ${stage}'s quorum ${record.config.quorum}`,
      );
    }
    this.attestor_registry = remaining;
    emitVault("attestor_removed", { account_id, by: near.predecessorAccountId() });
  }

  // ---- attestation ---------------------------------------------------------------------------

  /**
   * Caller: an active attestor. Deposit: none.
   * Panics: not an attestor or expired, stage unconfigured or past its deadline, epoch out of range,
   * already accepted, duplicate submission, malformed result, pool too small when the quorum completes.
   * Emits: epoch_submitted, epoch_conflict (differs from an earlier submission), epoch_accepted (quorum reached).
   * Returns: the epoch's status ("pending" or "accepted").
   */
  @call({})
  submit_epoch({
    stage,
    epoch,
    merkle_root,
    total_points,
    leaf_count,
    report_hash,
  }: {
    stage: number;
    epoch: number;
    merkle_root: string;
    total_points: string;
    leaf_count: number;
    report_hash: string;
  }): string {
    assertNotPaused(this.admin, SCOPE_ATTESTATION);
    const args = { stage, epoch, merkle_root, total_points, leaf_count, report_hash };
    return submitEpoch(this, args, near.predecessorAccountId(), near.blockTimestamp());
  }

  /**
   * Caller: guardian role. Deposit: 1 yocto.
   * Panics: stage rolled over, epoch not accepted, challenge window over, reason over 256 characters.
   * Emits: epoch_vetoed.
   */
  @call({ payableFunction: true })
  veto_epoch({ stage, epoch, reason }: { stage: number; epoch: number; reason?: string | null }): void {
    assertRoleCall(this.admin, ROLE_GUARDIAN);
    vetoEpoch(this, stage, epoch, parseReason(reason), near.predecessorAccountId(), near.blockTimestamp());
  }

  /**
   * Caller: an active attestor. Deposit: none. `stage` is the closing stage k; the root qualifies for k + 1.
   * Panics: k = 6, k unconfigured, root already accepted, duplicate, malformed.
   * Emits: qualification_submitted, qualification_conflict, qualification_accepted. Returns: whether accepted now.
   */
  @call({})
  submit_qualification({
    stage,
    merkle_root,
    member_count,
    report_hash,
  }: {
    stage: number;
    merkle_root: string;
    member_count: number;
    report_hash: string;
  }): boolean {
    assertNotPaused(this.admin, SCOPE_ATTESTATION);
    const args = { stage, merkle_root, member_count, report_hash };
    return submitQualification(this, args, near.predecessorAccountId(), near.blockTimestamp());
  }

  /**
   * Caller: config role. Deposit: 1 yocto.
   * Panics: last stage, before the deadline, already rolled over, next stage rolled over.
   * Emits: stage_rolled_over. Returns: the amount moved (U128).
   */
  @call({ payableFunction: true })
  roll_over({ stage }: { stage: number }): string {
    assertRoleCall(this.admin, ROLE_CONFIG);
    return rollOver(this, stage, near.predecessorAccountId(), near.blockTimestamp()).toString();
  }

  // ---- claims ------------------------------------------------------------------------------

  /**
   * Caller: the account named in the leaf. Deposit: none (storage comes from its NEP-145 deposit).
   * Panics: epoch not accepted / vetoed / in its challenge window / past the deadline, wrong proof or points,
   * already claimed, missing qualification, not registered or storage too low.
   * Emits: reward_claimed. Returns: the reward credited (U128; it vests per the stage's schedule).
   */
  @call({})
  claim({
    stage,
    epoch,
    leaf_index,
    points,
    proof,
    qualification_proof,
  }: {
    stage: number;
    epoch: number;
    leaf_index: number;
    points: string;
    proof: string[];
    qualification_proof?: string[] | null;
  }): string {
    assertNotPaused(this.admin, SCOPE_CLAIMS);
    const args = { stage, epoch, leaf_index, points, proof, qualification_proof };
    return claimLeaf(this, args, near.predecessorAccountId(), near.blockTimestamp()).toString();
  }

  /**
   * Caller: the account named in every leaf. Deposit: none. Up to MAX_BATCH_CLAIMS claims, all or nothing.
   * Panics: as `claim`, for any of them. Emits: reward_claimed per claim. Returns: the rewards credited.
   */
  @call({})
  claim_batch({ claims }: { claims: ClaimArgs[] }): string[] {
    assertNotPaused(this.admin, SCOPE_CLAIMS);
    ensure(
      Array.isArray(claims) && claims.length >= 1 && claims.length <= MAX_BATCH_CLAIMS,
      `claims must be an array of 1..${MAX_BATCH_CLAIMS} claims`,
    );
    const caller = near.predecessorAccountId();
    const now = near.blockTimestamp();
    return claims.map((claim) => claimLeaf(this, claim, caller, now).toString());
  }

  /**
   * Caller: a contributor in the stage's qualification root. Deposit: none (charged to its storage deposit).
   * Panics: stage does not require qualification, root not accepted, already registered, wrong proof, storage.
   * Emits: qualification_registered.
   */
  @call({})
  register_qualification({ stage, proof }: { stage: number; proof: string[] }): void {
    assertNotPaused(this.admin, SCOPE_CLAIMS);
    registerQualification(this, stage, proof, near.predecessorAccountId());
  }

  /**
   * Caller: a contributor. Deposit: none; at least 95 TGas.
   * Sends everything vested and not withdrawn, over all its stages, in one ft_transfer.
   * Panics: claims paused, less gas, nothing vested. Emits: vested_withdrawn, or withdraw_failed (books restored). Returns: the amount sent.
   */
  @call({})
  withdraw_vested(): NearPromise {
    assertNotPaused(this.admin, SCOPE_CLAIMS);
    return startWithdraw(this, near.predecessorAccountId(), near.blockTimestamp());
  }

  /**
   * Caller: the vault itself (callback of withdraw_vested). Deposit: none.
   * Panics: other callers. Emits: vested_withdrawn, or withdraw_failed with the books restored.
   */
  @call({ privateFunction: true })
  on_withdraw_settled({ account_id, amount, parts }: { account_id: string; amount: string; parts: Parts }): string {
    return settleWithdraw(this, account_id, BigInt(amount), parts);
  }

  // ---- royalties ---------------------------------------------------------------------------

  /**
   * Caller: anyone (the fee router). Deposit: the NEAR royalties (> 0).
   * Panics: bad stage, no deposit, deposits paused. Emits: royalties_deposited.
   */
  @call({ payableFunction: true })
  deposit_royalties({ stage }: { stage: number }): void {
    assertNotPaused(this.admin, SCOPE_DEPOSITS);
    depositRoyalties(this, stage, NEAR_SLOT, near.attachedDeposit(), near.predecessorAccountId());
  }

  /**
   * NEP-141 receiver. Caller: the token (`{"fund_stage": N}`) or the stablecoin (`{"royalties": N}`).
   * Panics (the sender is refunded): other token, other msg, bad stage, closed stage, deposits paused.
   * Emits: stage_funded or royalties_deposited. Returns: "0" (everything kept).
   */
  @call({})
  ft_on_transfer({ sender_id, amount, msg }: { sender_id: string; amount: string; msg: string }): string {
    assertNotPaused(this.admin, SCOPE_DEPOSITS);
    const token = near.predecessorAccountId();
    const value = parsePositiveU128(amount, "amount");
    ensure(
      typeof msg === "string" && msg.length <= MAX_MSG_LENGTH,
      `msg must be a string of at most ${MAX_MSG_LENGTH} characters`,
    );
    let body: Record<string, unknown> | null = null;
    try {
      const parsed = JSON.parse(msg);
      body = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? parsed : null;
    } catch (_error) {
      body = null;
    }
    if (token === this.token_id) {
      ensure(
        body !== null && "fund_stage" in body,
        `msg must be {"fund_stage": N} for ${this.token_id}, got ${JSON.stringify(msg.substring(0, 100))}`,
      );
      fundStage(this, body.fund_stage, value, sender_id);
    } else {
      ensure(
        this.stable_id !== "" && token === this.stable_id,
        `The vault accepts only ${this.token_id}${this.stable_id === "" ? "" : ` and ${this.stable_id}`}, not ${token}`,
      );
      ensure(
        body !== null && "royalties" in body,
        `msg must be {"royalties": N} for ${this.stable_id}, got ${JSON.stringify(msg.substring(0, 100))}`,
      );
      depositRoyalties(this, body.royalties, FT_SLOT, value, sender_id);
    }
    return "0";
  }

  /**
   * Caller: a contributor. Deposit: none; at least 95 TGas. `asset`: "near" or the stablecoin.
   * Pays every whole unit it earned over all its stages in one transfer.
   * Panics: claims paused, less gas, unknown asset, nothing to claim. Emits: royalties_claimed, or royalties_claim_failed (restored).
   */
  @call({})
  claim_royalties({ asset }: { asset: string }): NearPromise {
    assertNotPaused(this.admin, SCOPE_CLAIMS);
    return startRoyaltyClaim(this, near.predecessorAccountId(), parseAsset(this, asset));
  }

  /**
   * Caller: the vault itself (callback of claim_royalties). Deposit: none.
   * Panics: other callers. Emits: royalties_claimed, or royalties_claim_failed with the books restored.
   */
  @call({ privateFunction: true })
  on_royalties_settled({
    account_id,
    slot,
    amount,
    parts,
  }: {
    account_id: string;
    slot: number;
    amount: string;
    parts: Parts;
  }): string {
    return settleRoyaltyClaim(this, account_id, slot, BigInt(amount), parts);
  }

  // ---- NEP-145 storage -------------------------------------------------------------------

  /**
   * Caller: anyone, for itself or `account_id`. Deposit: ≥ storage_balance_bounds.min when new; extra is kept
   * as room (with registration_only: the minimum is kept and the rest, or all when registered, refunded).
   * Panics: deposit below the minimum for a new account, invalid account_id. Emits: nothing.
   */
  @call({ payableFunction: true })
  storage_deposit({
    account_id,
    registration_only,
  }: {
    account_id?: string | null;
    registration_only?: boolean | null;
  }): {
    total: string;
    available: string;
  } {
    const deposit = near.attachedDeposit();
    const caller = near.predecessorAccountId();
    const accountId = account_id == null ? caller : assertAccountId(account_id, "account_id");
    const onlyRegister = optionalBool(registration_only, "registration_only", false);
    const existing = readStorageAccount(accountId);
    const min = minStorageBalance(this);
    if (existing !== null && onlyRegister) {
      transferNear(caller, deposit);
      return storageBalanceJson(existing);
    }
    if (existing === null) {
      ensure(deposit >= min, `The minimum storage deposit is ${min} yoctoNEAR (attached ${deposit})`);
      const kept = onlyRegister ? min : deposit;
      transferNear(caller, deposit - kept);
      return storageBalanceJson(registerAccount(this, accountId, kept));
    }
    existing.deposit += deposit;
    this.storage_deposits += deposit;
    writeStorageAccount(accountId, existing);
    return storageBalanceJson(existing);
  }

  /**
   * Caller: a registered account. Deposit: 1 yocto. Withdraws `amount` (default all) of its available balance.
   * Panics: not registered, amount above the available balance. Emits: nothing.
   */
  @call({ payableFunction: true })
  storage_withdraw({ amount }: { amount?: string | null }): { total: string; available: string } {
    assertOneYocto();
    const caller = near.predecessorAccountId();
    const account = readStorageAccount(caller);
    ensure(account !== null, `Account ${caller} is not registered on the vault`);
    const available = storageAvailable(account);
    const value = amount == null ? available : parseU128(amount, "amount");
    ensure(
      value <= available,
      `Cannot withdraw ${value}: only ${available} yoctoNEAR of the storage deposit is available`,
    );
    account.deposit -= value;
    this.storage_deposits -= value;
    writeStorageAccount(caller, account);
    transferNear(caller, value);
    return storageBalanceJson(account);
  }

  /**
   * Caller: a registered account without records. Deposit: 1 yocto. Returns false when not registered.
   * Panics: `force` (not supported), the account holds stage or qualification records. Emits: nothing.
   */
  @call({ payableFunction: true })
  storage_unregister({ force }: { force?: boolean | null }): boolean {
    assertOneYocto();
    ensure(!optionalBool(force, "force", false), "force is not supported: stage records hold rewards and royalties");
    const caller = near.predecessorAccountId();
    const account = readStorageAccount(caller);
    if (account === null) return false;
    ensure(
      account.stage_mask === 0 && account.used_bytes === this.storage_account_bytes,
      `Account ${caller} holds vault records (rewards, royalties or qualifications) and cannot unregister`,
    );
    removeStorageAccount(caller);
    this.storage_deposits -= account.deposit;
    transferNear(caller, account.deposit);
    return true;
  }

  /** Caller: anyone (view). */
  @view({})
  storage_balance_of({ account_id }: { account_id: string }): { total: string; available: string } | null {
    const account = readStorageAccount(account_id);
    return account === null ? null : storageBalanceJson(account);
  }

  /** Caller: anyone (view). */
  @view({})
  storage_balance_bounds(): { min: string; max: string | null } {
    return { min: minStorageBalance(this).toString(), max: null };
  }

  // ---- views ---------------------------------------------------------------------------------

  /** Caller: anyone (view). Panics: stage not in 0..6. */
  @view({})
  stage({ stage }: { stage: number }): StageView {
    return stageView(readStage(parseStage(stage)), this.stable_id, near.blockTimestamp());
  }

  /** Caller: anyone (view). */
  @view({})
  stages(): StageView[] {
    const now = near.blockTimestamp();
    const out: StageView[] = [];
    for (let stage = 0; stage < STAGE_COUNT; stage++) out.push(stageView(readStage(stage), this.stable_id, now));
    return out;
  }

  /** Caller: anyone (view). null when the epoch has no record. Panics: stage or epoch out of range. */
  @view({})
  epoch({ stage, epoch }: { stage: number; epoch: number }): EpochView | null {
    const record = readStage(parseStage(stage));
    const found = readEpoch(record.stage, parseEpochIndex(epoch));
    return found === null ? null : epochView(found, record, near.blockTimestamp());
  }

  /**
   * Caller: anyone (view). Epochs of a stage that have a record, from `from_index` (default 0), at most `limit`
   * (default 20, max 50) scanned. Panics: stage out of range.
   */
  @view({})
  epochs({
    stage,
    from_index,
    limit,
  }: {
    stage: number;
    from_index?: number | null;
    limit?: number | null;
  }): EpochView[] {
    const record = readStage(parseStage(stage));
    const from = typeof from_index === "number" && from_index > 0 ? Math.floor(from_index) : 0;
    const count = typeof limit === "number" && limit > 0 ? Math.min(Math.floor(limit), 50) : 20;
    const now = near.blockTimestamp();
    const out: EpochView[] = [];
    for (let index = from; index < from + count && index < MAX_EPOCHS_PER_STAGE; index++) {
      const found = readEpoch(record.stage, index);
      if (found !== null) out.push(epochView(found, record, now));
    }
    return out;
  }

  /** Caller: anyone (view). */
  @view({})
  attestors(): AttestorView[] {
    const now = near.blockTimestamp();
    return this.attestor_registry.map((attestor) => attestorView(attestor, now));
  }

  /** Caller: anyone (view). Whether leaf `leaf_index` of the epoch has been claimed. Panics: arguments out of range. */
  @view({})
  claimed({ stage, epoch, leaf_index }: { stage: number; epoch: number; leaf_index: number }): boolean {
    ensure(
      typeof leaf_index === "number" && Number.isInteger(leaf_index) && leaf_index >= 0,
      "leaf_index must be a non-negative integer",
    );
    const word = readWord(parseStage(stage), parseEpochIndex(epoch), wordIndexOf(leaf_index));
    return word !== null && isClaimedIn(word, leaf_index);
  }

  /**
   * Caller: anyone (view). A contributor's position: per stage reward, vesting, withdrawable, points and
   * royalties; storage.
   */
  @view({})
  contributor({ account_id }: { account_id: string }): ContributorView {
    return contributorView(this, account_id, near.blockTimestamp());
  }

  /** Caller: anyone (view). */
  @view({})
  pools(): PoolsView {
    const stages: PoolsView["stages"] = [];
    for (let stage = 0; stage < STAGE_COUNT; stage++) {
      const record = readStage(stage);
      stages.push({ stage, pool: record.pool.toString(), reserved: record.reserved.toString() });
    }
    return { stages, pools: this.books.pools.toString(), reserved: this.books.reserved.toString() };
  }

  /**
   * Caller: anyone (view). The books behind invariants 1 and 3 (the token and stablecoin balances are read from
   * those contracts).
   */
  @view({})
  totals(): TotalsView {
    const t = this.books;
    const vesting = t.credited - t.withdrawn;
    const royalties: TotalsView["royalties"] = {};
    const slots = this.stable_id === "" ? 1 : 2;
    for (let slot = 0; slot < slots; slot++) {
      let deposited = 0n;
      let paid = 0n;
      let inFlight = 0n;
      for (let stage = 0; stage < STAGE_COUNT; stage++) {
        const pool = readStage(stage).royalties[slot];
        deposited += pool.deposited;
        paid += pool.paid;
        inFlight += pool.in_flight;
      }
      royalties[slot === 0 ? NEAR_ASSET : this.stable_id] = {
        deposited: deposited.toString(),
        paid: paid.toString(),
        in_flight: inFlight.toString(),
        owed: (deposited - paid - inFlight).toString(),
      };
    }
    return {
      funded: t.funded.toString(),
      pools: t.pools.toString(),
      reserved: t.reserved.toString(),
      credited: t.credited.toString(),
      withdrawn: t.withdrawn.toString(),
      vesting: vesting.toString(),
      token_owed: (t.pools + t.reserved + vesting).toString(),
      royalties,
      storage_deposits: this.storage_deposits.toString(),
      near_balance: near.accountBalance().toString(),
      near_storage_locked: (near.storageUsage() * near.storageByteCost()).toString(),
    };
  }
}
