/**
 * Constants of the vault: version, stages, limits, roles, pause scopes, gas.
 * Every limit bounds something the vault itself pays storage or gas for.
 */
import { BASE_ROLES } from "../common/admin";

/** Reported by NEP-330 `contract_source_metadata`. */
export const CONTRACT_VERSION = "0.1.0";
/** Shape version of the JSON state (see migration.ts). */
export const STATE_VERSION = 1;

/** The model series has seven stages, 0..6. */
export const STAGE_COUNT = 7;

/** Asset id of native NEAR in every API and event; the stablecoin's id is its account id. */
export const NEAR_ASSET = "near";
/** Slots of the per-asset royalty arrays. */
export const NEAR_SLOT = 0;
export const FT_SLOT = 1;
export const SLOT_COUNT = 2;

/** Epochs per stage (epoch records are paid by the vault: this bounds them). */
export const MAX_EPOCHS_PER_STAGE = 1000;
/** Attestors in the registry (each may hold one submission per epoch, so this bounds an epoch record). */
export const MAX_ATTESTORS = 16;
/** Claims in one `claim_batch`. */
export const MAX_BATCH_CLAIMS = 8;
export const MAX_CHALLENGE_WINDOW_NS = 30n * 24n * 3600n * 1_000_000_000n;
export const MAX_VESTING_DURATION_NS = 3650n * 24n * 3600n * 1_000_000_000n;
export const MAX_REASON_LENGTH = 256;
export const MAX_MSG_LENGTH = 1024;

/** Manages the attestor registry. */
export const ROLE_ATTESTOR_MANAGER = "attestor_manager";
/** The vault's roles: the common ones (pauser, config, guardian) plus the attestor manager. */
export const VAULT_ROLES: readonly string[] = [...BASE_ROLES, ROLE_ATTESTOR_MANAGER];

/** Pause scopes. */
export const SCOPE_ATTESTATION = "attestation"; // submit_epoch, submit_qualification
export const SCOPE_CLAIMS = "claims"; // claim, claim_batch, register_qualification, withdraw_vested, claim_royalties
export const SCOPE_DEPOSITS = "deposits"; // fund_stage, royalties in NEAR and in the stablecoin
export const PAUSE_SCOPES: readonly string[] = [SCOPE_ATTESTATION, SCOPE_CLAIMS, SCOPE_DEPOSITS];

/** The vault's NEP-297 standard. */
export const VAULT_STANDARD = "modelfund_vault";
export const VAULT_STANDARD_VERSION = "1.0.0";

const TGAS = 1_000_000_000_000n;
/** Gas for `ft_transfer` on the token or the stablecoin (near-sdk-js contracts burn ~20-25 TGas). */
export const GAS_FOR_FT_TRANSFER = 30n * TGAS;
/** Gas for our payout callbacks (~20 TGas measured for their peers in the sale), doubled: a callback out of gas would leave a rollback undone. */
export const GAS_FOR_PAYOUT_CALLBACK = 40n * TGAS;
