/**
 * Every event of the fee router, NEP-297 standard `modelfund_fees` 1.0.0,
 * built in one place (exact JSON in README.md). Admin and timelock events
 * come from common/ under the `modelfund` standard.
 *
 * Amounts are decimal strings, times nanosecond decimal strings, stages
 * numbers, assets "near" or the stablecoin's account id.
 */
import { emitEvent, type EventData } from "../common/events";
import { FEES_STANDARD, FEES_STANDARD_VERSION } from "./constants";

export type FeesEvent =
  | "provider_registered"
  | "provider_updated"
  | "provider_approved"
  | "provider_suspended"
  | "provider_reinstated"
  | "provider_retired"
  | "provider_storage_deposited"
  | "price_scheduled"
  | "split_changed"
  | "account_changed"
  | "fee_paid"
  | "forward_started"
  | "forward_done"
  | "forward_failed";

export function emitFees(event: FeesEvent, data: EventData): void {
  emitEvent(FEES_STANDARD, FEES_STANDARD_VERSION, event, [data]);
}
