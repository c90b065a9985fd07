/**
 * Constants of the fee router: version, stages, assets, destinations, limits,
 * roles, pause scopes and gas. Every limit bounds something the router pays
 * storage or gas for.
 */
import { BASE_ROLES } from "../common/admin";

/** Reported by NEP-330 `contract_source_metadata`. */
export const CONTRACT_VERSION = "0.1.0";
/** Shape version of the JSON state (see migration.ts). */
export const STATE_VERSION = 1;

/** The model series has seven stages, 0..6 (the vault's stages). */
export const STAGE_COUNT = 7;

/** Asset id of native NEAR in every API and event; the stablecoin's id is its account id. */
export const NEAR_ASSET = "near";
export const NEAR_SLOT = 0;
export const FT_SLOT = 1;
export const SLOT_COUNT = 2;

/** Manages the provider registry: approve, suspend, reinstate. */
export const ROLE_PROVIDER_MANAGER = "provider_manager";
/** The router's roles: the common ones (pauser, config sets prices, guardian) plus the provider manager. */
export const FEES_ROLES: readonly string[] = [...BASE_ROLES, ROLE_PROVIDER_MANAGER];

/** Pause scopes. */
export const SCOPE_PAYMENTS = "payments"; // pay_fees in NEAR and the stablecoin
export const SCOPE_FORWARDING = "forwarding"; // flush
export const SCOPE_PROVIDERS = "providers"; // register_provider, update_provider
export const PAUSE_SCOPES: readonly string[] = [SCOPE_PAYMENTS, SCOPE_FORWARDING, SCOPE_PROVIDERS];

/** The router's NEP-297 standard. */
export const FEES_STANDARD = "modelfund_fees";
export const FEES_STANDARD_VERSION = "1.0.0";

export const MAX_NAME_LENGTH = 64;
export const MAX_ENDPOINT_LENGTH = 256;
export const MAX_MEMO_LENGTH = 256;
export const MAX_REASON_LENGTH = 256;
export const MAX_PERIOD_ID_LENGTH = 64;
/** ft_on_transfer msg: the payment's JSON. */
export const MAX_MSG_LENGTH = 1024;
/** Longest notice a price change may be announced with: 90 days. */
export const MAX_PRICE_NOTICE_NS = 90n * 24n * 3600n * 1_000_000_000n;
/** Page size of the list views. */
export const MAX_PAGE = 50;

const TGAS = 1_000_000_000_000n;
/** A NEAR forward calling distribute_revenue / deposit_royalties (~20 TGas measured for both). */
export const GAS_FOR_NEAR_FORWARD = 40n * TGAS;
/** ft_transfer to the reserve or the protocol account. */
export const GAS_FOR_FT_TRANSFER = 30n * TGAS;
/** ft_transfer_call to the token or the vault: the token's own minimum is 85 TGas (transfer, receiver, resolve). */
export const GAS_FOR_FT_FORWARD = 130n * TGAS;
/**
 * on_forwarded: one bucket read and written, measured ~22 TGas with a near-empty state. A callback out of gas would
 * leave the amount in flight, and every call (de)serialises the whole state, which grows with the timelock queue and
 * the roles, so the allowance is more than twice the measurement.
 */
export const GAS_FOR_FORWARD_CALLBACK = 50n * TGAS;
/** What flush itself burns before the promise is made (measured ~24.3 TGas), with room for a larger state. */
export const GAS_FOR_FLUSH_CALL = 40n * TGAS;
