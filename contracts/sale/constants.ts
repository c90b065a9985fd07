/**
 * Constants of the sale contract: version, limits, pause scopes, gas.
 */

/** Reported by NEP-330 `contract_source_metadata`. */
export const CONTRACT_VERSION = "0.2.0";

/** Shape version of the JSON state (see migration.ts). */
export const STATE_VERSION = 2;

/** Asset id of native NEAR in every API and event; the stablecoin's id is its account id. */
export const NEAR_ASSET = "near";
/** Slots of the per-asset arrays (prices, raised, refunded, released, paid). */
export const NEAR_SLOT = 0;
export const FT_SLOT = 1;
export const SLOT_COUNT = 2;
/** Index of the project token in the per-asset arrays that also track it (in flight, movements). */
export const TOKEN_SLOT = 2;

/** Rounds are few (one per model stage, plus re-runs); ids are 0..MAX_ROUNDS-1. */
export const MAX_ROUNDS = 100;
export const MAX_TIERS = 16;
export const MAX_SCHEDULE_STEPS = 24;
export const MAX_PROVIDERS = 32;
export const MAX_NAME_LENGTH = 64;
export const MAX_ROUND_KEY_LENGTH = 64;
/** NEP-141 memo limit; the release memo `modelfund round <id>: <purpose>` must fit it (UTF-8 bytes). */
export const MAX_MEMO_BYTES = 256;
export const MAX_REASON_LENGTH = 256;
export const MAX_MSG_LENGTH = 4096;
/** Token decimals accepted at init (10^decimals is the price scale). */
export const MAX_TOKEN_DECIMALS = 32;

const DAY_NS = 24n * 3600n * 1_000_000_000n;
/** Upper bounds of a round's vesting and release schedule (so proceeds and tokens cannot be parked for ever). */
export const MAX_CLIFF_NS = 2n * 365n * DAY_NS;
export const MAX_VESTING_DURATION_NS = 5n * 365n * DAY_NS;
/** The last release step is at most 5 years after the round's end. */
export const MAX_RELEASE_OFFSET_NS = 5n * 365n * DAY_NS;

/** NEAR the sale keeps beyond its books and storage staking when sweeping (future round configs, 1-yocto deposits). */
export const SWEEP_NEAR_RESERVE = 500_000_000_000_000_000_000_000n; // 0.5 NEAR
/**
 * Blocks that must pass after the last movement of an asset a balance read
 * could straddle (an incoming ft_transfer_call whose unused part is still
 * being returned, a payout's rollback) before that asset can be swept.
 */
export const SWEEP_QUIET_BLOCKS = 100n;

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
/** ft_metadata / ft_balance_of of a near-sdk-js token: the call loads the token's whole JSON state (15–25 TGas); unused gas is refunded. */
export const GAS_FOR_FT_VIEW = 40n * TGAS;
/** The sweep's balance callback (~25 TGas) also attaches the ft_transfer (30) and its callback (40). */
export const GAS_FOR_SWEEP_BALANCE_CALLBACK = 120n * TGAS;
