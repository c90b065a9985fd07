/**
 * Constants of the token contract: version, revenue scale, assets, gas.
 *
 * Gas figures are for near-sdk-js contracts (QuickJS in wasm), which burn
 * several times what a Rust contract does for the same work; they were sized
 * from the VM's measurements of this contract, with margin.
 */

/** Reported by NEP-330 `contract_source_metadata`. */
export const CONTRACT_VERSION = "0.1.0";

/**
 * Fixed-point scale of the revenue-per-token accumulators: 10^30.
 *
 * Larger than 10^24 so that even with a supply of 10^33 units (10^9 tokens
 * with 24 decimals) a single 0.001 NEAR distribution still moves the
 * accumulator by 10^18 steps; whatever the division leaves over is carried,
 * never dropped, so the scale only sets granularity, not correctness.
 * Bound: every per-account scaled quantity is at most
 * total revenue × SCALE < 2^128 × 2^100 = 2^228, inside the 256-bit fields
 * of the account record.
 */
export const SCALE = 10n ** 30n;

/** Asset id of native NEAR in every revenue API. */
export const NEAR_ASSET = "near";
/** Slot of NEAR in the revenue pools and account records. */
export const NEAR_SLOT = 0;
/** Slot of the configured NEP-141 stablecoin. */
export const FT_SLOT = 1;
export const SLOT_COUNT = 2;

/** `msg` of `ft_transfer_call` (on the stablecoin) that marks a transfer as revenue. */
export const REVENUE_MSG = "revenue";

/** Pause scopes. */
export const SCOPE_TRANSFERS = "transfers";
export const SCOPE_CLAIMS = "claims";
export const PAUSE_SCOPES: readonly string[] = [SCOPE_TRANSFERS, SCOPE_CLAIMS];

/** Memo and message limits (bytes of JSON we are willing to log and forward). */
export const MAX_MEMO_LENGTH = 256;
export const MAX_MSG_LENGTH = 4096;
/** Upper bound of the explicit exclusion list kept in the state. */
export const MAX_EXCLUDED_ACCOUNTS = 64;
/** Distributions the revenue history keeps (`history.ts`): the last 128, e.g. four months of daily flushes. */
export const HISTORY_CAPACITY = 128;

const TGAS = 1_000_000_000_000n;
// Measured on the VM (burnt gas of this contract's calls): every call costs
// ~19 TGas before doing anything (QuickJS start-up and bytecode loading);
// ft_resolve_transfer ~24, on_revenue_payout ~22.5, ft_transfer_call ~25,
// claims ~23-24, migrate ~20.5, upgrade ~45.5 (with 560 kB of code as input).
// Callbacks get ~1.7× their measured cost: a callback that runs out of gas
// would leave a refund or a re-credit undone.
/** Static gas for `ft_resolve_transfer`. */
export const GAS_FOR_RESOLVE_TRANSFER = 40n * TGAS;
/** Minimum gas of the receiver's `ft_on_transfer` (it also gets all unused gas). */
export const GAS_FOR_ON_TRANSFER_MIN = 10n * TGAS;
/** `ft_transfer_call` needs more than this prepaid: its own work (~25 TGas), the receiver's minimum, the resolver. */
export const GAS_FOR_FT_TRANSFER_CALL = 35n * TGAS + GAS_FOR_ON_TRANSFER_MIN + GAS_FOR_RESOLVE_TRANSFER;
/**
 * Gas kept back for what a call still does after scheduling its last
 * promise (building the receipts, writing the state): the rest of the
 * prepaid gas goes to the receiver of `ft_transfer_call` / the sale.
 */
export const GAS_FOR_OWN_FINISH = 10n * TGAS;
/** Static gas for `on_revenue_payout`. */
export const GAS_FOR_PAYOUT_CALLBACK = 40n * TGAS;
/** Gas for the stablecoin's `ft_transfer` paying a claim (a near-sdk-js stablecoin needs ~25). */
export const GAS_FOR_FT_PAYOUT = 35n * TGAS;
/** Own work of a call that schedules payouts (~24 TGas measured). */
export const GAS_FOR_PAYOUT_CALLER = 35n * TGAS;
/** Minimum gas for the sale's `purchase_with_revenue` (it also gets all unused gas). */
export const GAS_FOR_PURCHASE_MIN = 60n * TGAS;
/** `reinvest_revenue` needs at least this prepaid: its own work (~24 TGas), the purchase's minimum, the callback. */
export const GAS_FOR_REINVEST = 35n * TGAS + GAS_FOR_PURCHASE_MIN + GAS_FOR_PAYOUT_CALLBACK;

/** Longest allowlist proof `reinvest_revenue` forwards to the sale (the sale's own bound: 2^32 leaves). */
export const MAX_PROOF_LENGTH = 32;

/**
 * NEAR a sweep always leaves on the account beyond its books: room for the
 * JSON state to grow (timelock queue, exclusion list, roles) without the
 * contract running out of balance for its storage staking.
 */
export const SWEEP_NEAR_RESERVE = 1_000_000_000_000_000_000_000_000n; // 1 NEAR
/** Gas of the stablecoin's `ft_balance_of` read by a stablecoin sweep (a near-sdk-js view call burns ~20). */
export const GAS_FOR_FT_BALANCE = 30n * TGAS;
/** Static gas of `on_sweep_balance` (it then schedules the transfer and its callback). */
export const GAS_FOR_SWEEP_BALANCE_CALLBACK = 40n * TGAS + GAS_FOR_FT_PAYOUT + GAS_FOR_PAYOUT_CALLBACK;
/** Static gas of `on_sweep` (books only). */
export const GAS_FOR_SWEEP_CALLBACK = 30n * TGAS;
