/**
 * Every event of the vault, NEP-297 standard `modelfund_vault` 1.0.0, built
 * in one place (exact JSON in README.md). Admin and timelock events come from
 * common/ under the `modelfund` standard.
 *
 * Amounts and points are decimal strings, times nanosecond decimal strings,
 * stages, epochs and leaf indexes numbers, assets "near" or the stablecoin's
 * account id.
 */
import { emitEvent, type EventData } from "../common/events";
import { VAULT_STANDARD, VAULT_STANDARD_VERSION } from "./constants";

export type VaultEvent =
  | "stage_configured"
  | "stage_funded"
  | "stage_rolled_over"
  | "attestor_set"
  | "attestor_removed"
  | "epoch_submitted"
  | "epoch_conflict"
  | "epoch_accepted"
  | "epoch_vetoed"
  | "qualification_submitted"
  | "qualification_conflict"
  | "qualification_accepted"
  | "qualification_registered"
  | "reward_claimed"
  | "vested_withdrawn"
  | "withdraw_failed"
  | "royalties_deposited"
  | "royalties_claimed"
  | "royalties_claim_failed";

export function emitVault(event: VaultEvent, data: EventData): void {
  emitEvent(VAULT_STANDARD, VAULT_STANDARD_VERSION, event, [data]);
}
