/**
 * Every event the token logs, built in one place: NEP-141 (`nep141` 1.0.0:
 * ft_mint, ft_burn, ft_transfer) and the project's `modelfund` standard for
 * revenue and exclusion. Amounts are decimal strings; `memo` is omitted
 * when absent, as NEP-141 specifies.
 */
import { emitEvent, emitModelfundEvent, type EventData } from "../common/events";
import type { PayoutPurpose } from "./types";

const NEP141 = "nep141";
const NEP141_VERSION = "1.0.0";

function withMemo(data: EventData, memo: string | null | undefined): EventData {
  if (memo !== null && memo !== undefined) {
    data.memo = memo;
  }
  return data;
}

export interface MintOrBurn {
  owner_id: string;
  amount: bigint;
  memo?: string | null;
}

export function emitFtMint(entries: MintOrBurn[]): void {
  emitEvent(
    NEP141,
    NEP141_VERSION,
    "ft_mint",
    entries.map((e) => withMemo({ owner_id: e.owner_id, amount: e.amount.toString() }, e.memo)),
  );
}

export function emitFtBurn(entries: MintOrBurn[]): void {
  emitEvent(
    NEP141,
    NEP141_VERSION,
    "ft_burn",
    entries.map((e) => withMemo({ owner_id: e.owner_id, amount: e.amount.toString() }, e.memo)),
  );
}

export function emitFtTransfer(oldOwnerId: string, newOwnerId: string, amount: bigint, memo: string | null): void {
  emitEvent(NEP141, NEP141_VERSION, "ft_transfer", [
    withMemo({ old_owner_id: oldOwnerId, new_owner_id: newOwnerId, amount: amount.toString() }, memo),
  ]);
}

/** Revenue arrived (`distribute_revenue` or stablecoin `ft_on_transfer`). */
export function emitRevenueDistributed(
  asset: string,
  from: string,
  amount: bigint,
  eligibleSupply: bigint,
  memo: string | null,
): void {
  emitModelfundEvent("revenue_distributed", [
    withMemo({ asset, sender_id: from, amount: amount.toString(), eligible_supply: eligibleSupply.toString() }, memo),
  ]);
}

/** A payout left the contract (the callback reports how it ended). */
export function emitRevenuePayoutStarted(
  accountId: string,
  asset: string,
  amount: bigint,
  purpose: PayoutPurpose,
  receiverId: string,
): void {
  emitModelfundEvent("revenue_payout_started", [
    { account_id: accountId, asset, amount: amount.toString(), purpose, receiver_id: receiverId },
  ]);
}

/** A payout was confirmed: `revenue_claimed` (claim/unregister) or `revenue_reinvested`. */
export function emitRevenuePaid(
  accountId: string,
  asset: string,
  amount: bigint,
  purpose: PayoutPurpose,
  roundId: number | null,
): void {
  const data: EventData = { account_id: accountId, asset, amount: amount.toString(), purpose };
  if (roundId !== null) {
    data.round_id = roundId;
  }
  emitModelfundEvent(purpose === "reinvest" ? "revenue_reinvested" : "revenue_claimed", [data]);
}

/** A payout failed; `recredited_to` is the account, or "pool" when the account no longer exists. */
export function emitRevenuePayoutFailed(
  accountId: string,
  asset: string,
  amount: bigint,
  purpose: PayoutPurpose,
  recreditedTo: "account" | "pool",
): void {
  emitModelfundEvent("revenue_payout_failed", [
    { account_id: accountId, asset, amount: amount.toString(), purpose, recredited_to: recreditedTo },
  ]);
}

export function emitEarningChanged(
  accountId: string,
  excluded: boolean,
  balance: bigint,
  eligibleSupply: bigint,
): void {
  emitModelfundEvent(excluded ? "revenue_exclusion_added" : "revenue_exclusion_removed", [
    { account_id: accountId, balance: balance.toString(), eligible_supply: eligibleSupply.toString() },
  ]);
}

export function emitConfigChanged(key: string, value: string | null): void {
  emitModelfundEvent("config_changed", [{ key, value }]);
}

/** A sweep's transfer left the contract (`excess`: what was sweepable when it started). */
export function emitSweepStarted(asset: string, receiverId: string, amount: bigint, excess: bigint): void {
  emitModelfundEvent("sweep_started", [
    { asset, receiver_id: receiverId, amount: amount.toString(), excess: excess.toString() },
  ]);
}

/** A sweep ended: `swept` (confirmed) or `sweep_failed` (the transfer failed; the books were rolled back). */
export function emitSweepEnded(asset: string, receiverId: string, amount: bigint, ok: boolean): void {
  emitModelfundEvent(ok ? "swept" : "sweep_failed", [{ asset, receiver_id: receiverId, amount: amount.toString() }]);
}

/** A stablecoin sweep found less excess than asked for when the balance arrived: nothing was sent. */
export function emitSweepRefused(asset: string, receiverId: string, amount: bigint, excess: bigint | null): void {
  emitModelfundEvent("sweep_refused", [
    { asset, receiver_id: receiverId, amount: amount.toString(), excess: excess === null ? null : excess.toString() },
  ]);
}
