/**
 * Money in and out: stage funding, roll-over, royalty deposits, withdrawals
 * of vested rewards and royalty claims (each payout a promise whose callback
 * restores the books when it fails).
 *
 * Invariants:
 * - Reward tokens: balance = Σ pools + Σ reserved + (credited − withdrawn);
 *   funding adds to a pool, roll-over moves pool + reserved of a closed stage
 *   to the next stage's pool, withdrawals count in `withdrawn` before the
 *   transfer and are subtracted back if it fails.
 * - Royalties, per stage and asset: deposited = paid + in flight + owed to
 *   positions + owed to unclaimed epochs + pending (royalty.ts), to the unit.
 * - A payout takes the amounts off the contributor's records before the
 *   promise is made, so a second call in the meantime cannot pay them twice.
 */
import { near, NearPromise } from "near-sdk-js";
import { ensure } from "../common/guards";
import { singlePromiseOutcome } from "../common/promises";
import { FT_SLOT, GAS_FOR_FT_TRANSFER, GAS_FOR_PAYOUT_CALLBACK, NEAR_SLOT, STAGE_COUNT, SLOT_COUNT } from "./constants";
import { emitVault } from "./events";
import type { ContributorStageView, ContributorView } from "./interface";
import {
  isQualificationRegistered,
  parseStage,
  readContributorStage,
  readStage,
  readStorageAccount,
  writeContributorStage,
  writeStage,
} from "./records";
import {
  claimableRoyalty,
  confirmRoyalty,
  depositRoyalty,
  expireUnclaimed,
  owedScaled,
  restoreRoyalty,
  takeRoyalty,
} from "./royalty";
import { assetOfSlot, configOf } from "./stages";
import type { VaultState } from "./state";
import { storageBalanceJson } from "./storage";
import { fullyVestedAt, vestedAmount, withdrawableAmount } from "./vesting";

/** Gas a payout call must be given: its own work, the transfer and the callback. */
export const GAS_FOR_PAYOUT_CALL = 25_000_000_000_000n + GAS_FOR_FT_TRANSFER + GAS_FOR_PAYOUT_CALLBACK;

/** [stage, amount] pairs a callback restores. */
export type Parts = Array<[number, string]>;

function stagesOf(mask: number): number[] {
  const out: number[] = [];
  for (let stage = 0; stage < STAGE_COUNT; stage++) {
    if ((mask & (1 << stage)) !== 0) out.push(stage);
  }
  return out;
}

function selfCallback(method: string, args: Record<string, unknown>): NearPromise {
  return NearPromise.new(near.currentAccountId()).functionCall(
    method,
    JSON.stringify(args),
    0n,
    GAS_FOR_PAYOUT_CALLBACK,
  );
}

function ftTransfer(tokenId: string, receiverId: string, amount: bigint, memo: string): NearPromise {
  return NearPromise.new(tokenId).functionCall(
    "ft_transfer",
    JSON.stringify({ receiver_id: receiverId, amount: amount.toString(), memo }),
    1n,
    GAS_FOR_FT_TRANSFER,
  );
}

function assertPayoutGas(): void {
  ensure(
    near.prepaidGas() >= GAS_FOR_PAYOUT_CALL,
    `Attach at least ${GAS_FOR_PAYOUT_CALL / 1_000_000_000_000n} TGas: the payout's callback must be able to roll it back`,
  );
}

// ---- funding and roll-over ----------------------------------------------------------------

export function fundStage(state: VaultState, stageArg: unknown, amount: bigint, sender: string): void {
  const stage = readStage(parseStage(stageArg));
  ensure(!stage.rolled_over, `Stage ${stage.stage} has rolled over and is closed: fund a later stage`);
  ensure(amount > 0n, "The funding amount must be greater than zero");
  stage.pool += amount;
  stage.funded += amount;
  state.books.pools += amount;
  state.books.funded += amount;
  writeStage(stage);
  emitVault("stage_funded", { stage: stage.stage, sender_id: sender, amount, pool: stage.pool });
}

/**
 * After the claim deadline: the stage's pool and everything its accepted
 * epochs did not pay out (unclaimed leaves and floor remainders) move to the
 * next stage's pool; its unclaimed points stop earning royalties. Once.
 */
export function rollOver(state: VaultState, stageArg: unknown, caller: string, now: bigint): bigint {
  const stage = readStage(parseStage(stageArg));
  ensure(stage.stage < STAGE_COUNT - 1, `Stage ${stage.stage} is the last stage: there is no next stage to roll into`);
  const config = configOf(stage);
  ensure(!stage.rolled_over, `Stage ${stage.stage} has already rolled over`);
  ensure(
    now >= config.claim_deadline_ns,
    `Stage ${stage.stage} can roll over only after its claim deadline ${config.claim_deadline_ns} (now ${now})`,
  );
  const next = readStage(stage.stage + 1);
  ensure(
    !next.rolled_over,
    `Stage ${next.stage} has already rolled over: it cannot receive stage ${stage.stage}'s rewards`,
  );
  const amount = stage.pool + stage.reserved;
  const unclaimedPoints = stage.points.unclaimed;
  state.books.pools += stage.reserved;
  state.books.reserved -= stage.reserved;
  next.pool += amount;
  next.rolled_in += amount;
  stage.rolled_out += amount;
  stage.pool = 0n;
  stage.reserved = 0n;
  stage.rolled_over = true;
  expireUnclaimed(stage.points, stage.royalties);
  writeStage(stage);
  writeStage(next);
  emitVault("stage_rolled_over", {
    stage: stage.stage,
    to_stage: next.stage,
    amount,
    unclaimed_points: unclaimedPoints,
    by: caller,
  });
  return amount;
}

// ---- royalties in -------------------------------------------------------------------------

export function depositRoyalties(
  state: VaultState,
  stageArg: unknown,
  slot: number,
  amount: bigint,
  sender: string,
): void {
  const stage = readStage(parseStage(stageArg));
  ensure(amount > 0n, "Royalties must be greater than zero");
  // a rolled-over stage accepts no more epochs: with no earning points left, its royalties would wait forever
  ensure(
    !stage.rolled_over || stage.points.earning > 0n,
    `Stage ${stage.stage} has rolled over and no points earn in it: its royalties could never be claimed`,
  );
  depositRoyalty(stage.royalties[slot], amount, stage.points.earning);
  writeStage(stage);
  emitVault("royalties_deposited", {
    stage: stage.stage,
    asset: assetOfSlot(slot, state.stable_id),
    amount,
    sender_id: sender,
    earning_points: stage.points.earning,
  });
}

// ---- withdrawals of vested rewards --------------------------------------------------------

export function startWithdraw(state: VaultState, caller: string, now: bigint): NearPromise {
  assertPayoutGas();
  const account = readStorageAccount(caller);
  ensure(account !== null && account.stage_mask !== 0, `${caller} has no claimed rewards in the vault`);
  const parts: Parts = [];
  let total = 0n;
  for (const stageIndex of stagesOf(account.stage_mask)) {
    const record = readContributorStage(stageIndex, caller);
    if (record === null) continue;
    const config = configOf(readStage(stageIndex));
    const amount = withdrawableAmount(record.reward, record.withdrawn, config.vesting, now);
    if (amount === 0n) continue;
    record.withdrawn += amount;
    writeContributorStage(stageIndex, caller, record);
    parts.push([stageIndex, amount.toString()]);
    total += amount;
  }
  ensure(total > 0n, `Nothing has vested for ${caller} beyond what was already withdrawn`);
  state.books.withdrawn += total;
  return ftTransfer(state.token_id, caller, total, "modelfund vault: vested rewards").then(
    selfCallback("on_withdraw_settled", { account_id: caller, amount: total.toString(), parts }),
  );
}

export function settleWithdraw(state: VaultState, accountId: string, amount: bigint, parts: Parts): string {
  if (singlePromiseOutcome().ok) {
    emitVault("vested_withdrawn", {
      account_id: accountId,
      amount,
      stages: parts.map(([stage, part]) => ({ stage, amount: part })),
    });
    return amount.toString();
  }
  for (const [stage, part] of parts) {
    const record = readContributorStage(stage, accountId);
    ensure(record !== null, "withdraw rollback: record missing");
    record.withdrawn -= BigInt(part);
    writeContributorStage(stage, accountId, record);
  }
  state.books.withdrawn -= amount;
  emitVault("withdraw_failed", { account_id: accountId, amount });
  return "0";
}

// ---- royalty claims -------------------------------------------------------------------------

export function parseAsset(state: VaultState, asset: unknown): number {
  if (asset === "near") return NEAR_SLOT;
  ensure(
    state.stable_id !== "" && asset === state.stable_id,
    `asset must be "near"${state.stable_id === "" ? "" : ` or "${state.stable_id}"`}, got ${JSON.stringify(asset)}`,
  );
  return FT_SLOT;
}

export function startRoyaltyClaim(state: VaultState, caller: string, slot: number): NearPromise {
  assertPayoutGas();
  const account = readStorageAccount(caller);
  ensure(account !== null && account.stage_mask !== 0, `${caller} has no points in the vault`);
  const parts: Parts = [];
  let total = 0n;
  for (const stageIndex of stagesOf(account.stage_mask)) {
    const record = readContributorStage(stageIndex, caller);
    if (record === null) continue;
    const stage = readStage(stageIndex);
    const units = takeRoyalty(record, stage.royalties, slot);
    writeContributorStage(stageIndex, caller, record);
    if (units === 0n) continue;
    writeStage(stage);
    parts.push([stageIndex, units.toString()]);
    total += units;
  }
  const asset = assetOfSlot(slot, state.stable_id);
  ensure(total > 0n, `${caller} has no ${asset} royalties to claim`);
  const callback = selfCallback("on_royalties_settled", { account_id: caller, slot, amount: total.toString(), parts });
  if (slot === NEAR_SLOT) {
    return NearPromise.new(caller).transfer(total).then(callback);
  }
  return ftTransfer(state.stable_id, caller, total, "modelfund vault: royalties").then(callback);
}

export function settleRoyaltyClaim(
  state: VaultState,
  accountId: string,
  slot: number,
  amount: bigint,
  parts: Parts,
): string {
  const asset = assetOfSlot(slot, state.stable_id);
  const ok = singlePromiseOutcome().ok;
  for (const [stageIndex, part] of parts) {
    const stage = readStage(stageIndex);
    if (ok) {
      confirmRoyalty(stage.royalties[slot], BigInt(part));
    } else {
      const record = readContributorStage(stageIndex, accountId);
      ensure(record !== null, "royalty rollback: record missing");
      restoreRoyalty(record, stage.royalties[slot], slot, BigInt(part));
      writeContributorStage(stageIndex, accountId, record);
    }
    writeStage(stage);
  }
  if (ok) {
    emitVault("royalties_claimed", { account_id: accountId, asset, amount });
    return amount.toString();
  }
  emitVault("royalties_claim_failed", { account_id: accountId, asset, amount });
  return "0";
}

// ---- the contributor's position --------------------------------------------------------------

export function contributorView(state: VaultState, accountId: string, now: bigint): ContributorView {
  const account = readStorageAccount(accountId);
  const slots = state.stable_id === "" ? 1 : SLOT_COUNT;
  const totals: bigint[] = [0n, 0n];
  let withdrawable = 0n;
  const stages: ContributorStageView[] = [];
  for (const stageIndex of stagesOf(account?.stage_mask ?? 0)) {
    const record = readContributorStage(stageIndex, accountId);
    if (record === null) continue;
    const stage = readStage(stageIndex);
    const schedule = configOf(stage).vesting;
    const royalties: Record<string, string> = {};
    const scaled: Record<string, string> = {};
    for (let slot = 0; slot < slots; slot++) {
      const units = claimableRoyalty(record, stage.royalties[slot], slot);
      totals[slot] += units;
      royalties[assetOfSlot(slot, state.stable_id)] = units.toString();
      scaled[assetOfSlot(slot, state.stable_id)] = owedScaled(record, stage.royalties[slot], slot).toString();
    }
    const free = withdrawableAmount(record.reward, record.withdrawn, schedule, now);
    withdrawable += free;
    stages.push({
      stage: stageIndex,
      reward: record.reward.toString(),
      withdrawn: record.withdrawn.toString(),
      vested: vestedAmount(record.reward, schedule, now).toString(),
      withdrawable: free.toString(),
      fully_vested_at_ns: fullyVestedAt(schedule).toString(),
      epochs_claimed: record.epochs_claimed,
      points: record.points.toString(),
      royalties,
      royalties_scaled: scaled,
      qualified: isQualificationRegistered(stageIndex, accountId),
    });
  }
  const royalties: Record<string, string> = {};
  for (let slot = 0; slot < slots; slot++) royalties[assetOfSlot(slot, state.stable_id)] = totals[slot].toString();
  return {
    account_id: accountId,
    storage: account === null ? null : storageBalanceJson(account),
    stages,
    withdrawable: withdrawable.toString(),
    royalties,
  };
}
