/**
 * Constants of the sale contract: version, limits, pause scopes, gas.
 */

/** Reported by NEP-330 `contract_source_metadata`. */
export const CONTRACT_VERSION = "0.1.0";

/** Shape version of the JSON state (see migration.ts). */
export const STATE_VERSION = 1;

/** Asset id of native NEAR in every API and event; the stablecoin's id is its account id. */
export const NEAR_ASSET = "near";
/** Slots of the per-asset arrays (prices, raised, refunded, released, paid). */
export const NEAR_SLOT = 0;
export const FT_SLOT = 1;
export const SLOT_COUNT = 2;

/** Rounds are few (one per model stage, plus re-runs); ids are 0..MAX_ROUNDS-1. */
export const MAX_ROUNDS = 100;
export const MAX_TIERS = 16;
export const MAX_SCHEDULE_STEPS = 24;
export const MAX_PROVIDERS = 32;
export const MAX_NAME_LENGTH = 64;
export const MAX_PURPOSE_LENGTH = 256;
export const MAX_REASON_LENGTH = 256;
export const MAX_MSG_LENGTH = 4096;
/** Token decimals accepted at init (10^decimals is the price scale). */
export const MAX_TOKEN_DECIMALS = 32;

/** Pause scopes. */
export const SCOPE_PURCHASES = "purchases";
export const SCOPE_SETTLEMENT = "settlement"; // claims and refunds
export const SCOPE_RELEASES = "releases";
export const PAUSE_SCOPES: readonly string[] = [SCOPE_PURCHASES, SCOPE_SETTLEMENT, SCOPE_RELEASES];

/** The sale's NEP-297 standard. */
export const SALE_STANDARD = "modelfund_sale";
export const SALE_STANDARD_VERSION = "1.0.0";

/** `msg` of a `ft_transfer_call` of the project token by the owner: adds to the sale's token inventory. */
export const INVENTORY_MSG = "inventory";

const TGAS = 1_000_000_000_000n;
/** Gas for an `ft_transfer` on the token or the stablecoin (our token is near-sdk-js too: ~20 TGas measured for its peers). */
export const GAS_FOR_FT_TRANSFER = 30n * TGAS;
/** Gas for our own payout callbacks: 19–21 TGas measured on the contract VM (QuickJS start-up, state, one record), doubled. */
export const GAS_FOR_PAYOUT_CALLBACK = 40n * TGAS;
