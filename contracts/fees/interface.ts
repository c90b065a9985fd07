/**
 * The fee router's public JSON interface: every argument and every view, as
 * types. Type-only (no values), so the contract, the scripts and the tests
 * import it with `import type`. Amounts are U128 decimal strings, times U64
 * nanosecond decimal strings, stages (0..6) numbers, usage counts
 * non-negative integers (JSON numbers or decimal strings in arguments,
 * decimal strings in views), assets "near" or the stablecoin's account id.
 */
import type { AdminView } from "../common/admin";
import type { TimelockOperation, TimelockView } from "../common/timelock";

export type { AdminView, TimelockOperation, TimelockView };

export interface SplitJson {
  holders_bps: number;
  contributors_bps: number;
  reserve_bps: number;
  protocol_bps: number;
}

export interface InitArgs {
  owner_id: string;
  token_id: string;
  vault_id: string;
  /** The NEP-141 stablecoin fees may be paid in (null: NEAR only). */
  stable_id?: string | null;
  /** The next-model reserve: the treasury or the sale. */
  reserve_id: string;
  /** Receives protocol_bps (null: none). */
  protocol_id?: string | null;
  /** The split every stage starts with. */
  split: SplitJson;
  /** U64 ns: minimum notice of a price change (0 for local tests). */
  price_notice_ns: string;
  /** U64 ns; 0 allowed for local tests. */
  timelock_delay_ns: string;
  source_link?: string | null;
}

export interface ProviderMetadata {
  name: string;
  /** https:// or http:// URL of the inference service. */
  endpoint: string;
  stages: number[];
  /** sha256 of the TEE attestation report, 64 lowercase hex; null without private inference. */
  attestation_digest?: string | null;
}

export interface RegisterProviderArgs {
  metadata: ProviderMetadata;
  /** U128: part of the attached deposit held as bond (default "0"); the rest pays for storage. */
  bond?: string | null;
}

export interface UsageJson {
  requests: number | string;
  input_tokens: number | string;
  output_tokens: number | string;
}

/** `pay_fees` arguments, and the JSON of the stablecoin transfer's msg. */
export interface PayFeesArgs {
  stage: number;
  /** 1..64 characters of [A-Za-z0-9._-]: unique per (provider, stage). */
  period_id: string;
  usage: UsageJson;
  memo?: string | null;
}

export interface AssetPriceJson {
  per_million_input: string;
  per_million_output: string;
  per_request: string;
}

export interface SetPriceArgs {
  stage: number;
  near?: AssetPriceJson | null;
  stable?: AssetPriceJson | null;
  /** U64 ns, at least now + price_notice_ns (default exactly that). */
  effective_at_ns?: string | null;
}

/** Timelock actions of the router (beside upgrade and set_timelock_delay). */
export interface FeesActionArgs {
  set_split: { stage: number; split: SplitJson };
  set_reserve_account: { account_id: string };
  set_protocol_account: { account_id: string | null };
}

export type DestinationName = "holders" | "contributors" | "reserve" | "protocol";

export interface FlushArgs {
  destination: DestinationName;
  /** Required for "contributors", absent otherwise. */
  stage?: number | null;
  /** "near" or the stablecoin's account id. */
  asset: string;
}

// ---- views ------------------------------------------------------------------------------

export interface ContractConfigView {
  token_id: string;
  vault_id: string;
  stable_id: string | null;
  reserve_id: string;
  protocol_id: string | null;
  price_notice_ns: string;
  stage_count: number;
  roles: string[];
  pause_scopes: string[];
  event_standard: string;
  event_version: string;
  state_version: number;
  now_ns: string;
}

export interface ProviderView extends Required<ProviderMetadata> {
  account_id: string;
  status: "pending" | "active" | "suspended" | "retired";
  bond: string;
  storage_deposit: string;
  storage_used: string;
  registered_at_ns: string;
  updated_at_ns: string;
}

export interface PriceScheduleView {
  near: AssetPriceJson | null;
  stable: AssetPriceJson | null;
  effective_at_ns: string;
}

export interface PricesView {
  stage: number;
  /** The price in force now. */
  effective: PriceScheduleView | null;
  /** An announced change not yet in force. */
  scheduled: PriceScheduleView | null;
}

export interface QuoteView {
  stage: number;
  /** null: the stage has no price in that asset. */
  near: string | null;
  stable: string | null;
  effective_at_ns: string;
}

export interface UsageView {
  provider_id: string;
  stage: number;
  requests: string;
  input_tokens: string;
  output_tokens: string;
  payments: number;
  /** Per asset: every payment, and the part of it above the quote. */
  paid: Record<string, string>;
  tips: Record<string, string>;
  last_period_id: string;
  last_paid_at_ns: string;
}

export interface PaymentView {
  provider_id: string;
  stage: number;
  period_id: string;
  asset: string;
  amount: string;
  quote: string;
  tip: string;
  usage: { requests: string; input_tokens: string; output_tokens: string };
  paid_at_ns: string;
}

export interface StageRevenueView {
  stage: number;
  split: SplitJson;
  /** Per asset. */
  revenue: Record<
    string,
    {
      received: string;
      tips: string;
      payments: number;
      shares: Record<DestinationName, string>;
      /** Rounding rest waiting for the next payment (< 4 units). */
      carried: string;
    }
  >;
}

export interface ForwardView {
  destination: DestinationName;
  stage: number | null;
  asset: string;
  receiver: string;
  pending: string;
  in_flight: string;
  forwarded: string;
  failures: number;
}

export interface AssetTotalsView {
  received: string;
  tips: string;
  forwarded: string;
  pending: string;
  in_flight: string;
  carried: string;
}

export interface TotalsView {
  assets: Record<string, AssetTotalsView>;
  providers: number;
  bonds: string;
  storage_deposits: string;
  near_balance: string;
}
