/**
 * Every event of the sale, NEP-297 standard `modelfund_sale` 1.0.0, built in
 * one place (exact JSON in README.md). Admin events (owner, roles, pause,
 * upgrade) come from common/ under the `modelfund` standard.
 *
 * Amounts are decimal strings, times nanosecond decimal strings, round ids
 * numbers, assets "near" or the stablecoin's account id.
 */
import { emitEvent, type EventData } from "../common/events";
import { SALE_STANDARD, SALE_STANDARD_VERSION } from "./constants";

function emit(event: string, data: EventData): void {
  emitEvent(SALE_STANDARD, SALE_STANDARD_VERSION, event, [data]);
}

export function emitRoundCreated(roundId: number, key: string, config: object): void {
  emit("round_created", { round_id: roundId, key, config });
}

export function emitRoundUpdated(roundId: number, config: object): void {
  emit("round_updated", { round_id: roundId, config });
}

export function emitReleaseScheduleChanged(roundId: number, schedule: object[]): void {
  emit("release_schedule_changed", { round_id: roundId, release_schedule: schedule });
}

export function emitRoundCancelled(roundId: number, by: string, reason: string | null): void {
  const data: EventData = { round_id: roundId, by };
  if (reason !== null) data.reason = reason;
  emit("round_cancelled", data);
}

export function emitPurchase(data: {
  round_id: number;
  account_id: string;
  asset: string;
  amount: bigint;
  tokens: bigint;
  refund: bigint;
  storage_fee: bigint;
  tokens_sold: bigint;
  reinvest: boolean;
}): void {
  emit("purchase", data);
}

export function emitClaim(roundId: number, accountId: string, amount: bigint): void {
  emit("claim", { round_id: roundId, account_id: accountId, amount });
}

export function emitClaimFailed(roundId: number, accountId: string, amount: bigint): void {
  emit("claim_failed", { round_id: roundId, account_id: accountId, amount });
}

export function emitRefund(roundId: number, accountId: string, asset: string, amount: bigint): void {
  emit("refund", { round_id: roundId, account_id: accountId, asset, amount });
}

export function emitRefundFailed(roundId: number, accountId: string, asset: string, amount: bigint): void {
  emit("refund_failed", { round_id: roundId, account_id: accountId, asset, amount });
}

export function emitTrancheReleased(data: {
  round_id: number;
  asset: string;
  amount: bigint;
  provider_id: string;
  purpose: string;
  released_total: bigint;
}): void {
  emit("tranche_released", data);
}

export function emitTrancheFailed(data: {
  round_id: number;
  asset: string;
  amount: bigint;
  provider_id: string;
  purpose: string;
}): void {
  emit("tranche_failed", data);
}

export function emitProviderApproved(accountId: string, by: string): void {
  emit("provider_approved", { account_id: accountId, by });
}

export function emitProviderRemoved(accountId: string, by: string): void {
  emit("provider_removed", { account_id: accountId, by });
}

export function emitInventoryAdded(senderId: string, amount: bigint, inventory: bigint): void {
  emit("inventory_added", { sender_id: senderId, amount, token_inventory: inventory });
}

export function emitSweep(asset: string, receiverId: string, amount: bigint): void {
  emit("sweep", { asset, receiver_id: receiverId, amount });
}

export function emitSweepFailed(asset: string, receiverId: string, amount: bigint, reason: string): void {
  emit("sweep_failed", { asset, receiver_id: receiverId, amount, reason });
}

export function emitTokenMetadataConfirmed(tokenId: string, decimals: number): void {
  emit("token_metadata_confirmed", { token_id: tokenId, decimals });
}

export function emitTokenMetadataMismatch(tokenId: string, expected: number, actual: unknown): void {
  emit("token_metadata_mismatch", { token_id: tokenId, expected_decimals: expected, actual_decimals: actual });
}
