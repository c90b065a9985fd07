/**
 * The router's stored records (bigint amounts, near-sdk-js JSON encoding).
 * Views convert them to the JSON types of interface.ts.
 */
import type { PriceList, Usage } from "./pricing";
import type { Segment, Split } from "./split";

export type ProviderStatus = "pending" | "active" | "suspended" | "retired";

export interface Provider {
  account_id: string;
  name: string;
  endpoint: string;
  /** Stages (0..6) the provider serves, ascending, no duplicates. */
  stages: number[];
  /** sha256 of its TEE attestation report (64 hex), null without private inference. */
  attestation_digest: string | null;
  status: ProviderStatus;
  /**
   * While suspended: the status the suspension interrupted, which reinstating restores (an applicant the
   * manager suspended was never approved, so it goes back to pending). Absent otherwise; a record suspended
   * before this field existed is reinstated as pending, the side that cannot let an unapproved provider pay.
   */
  suspended_from?: "pending" | "active";
  /** NEAR held as the provider's bond (returned when it retires). */
  bond: bigint;
  /** NEAR the provider deposited to pay for its records' storage. */
  storage_deposit: bigint;
  /** Part of `storage_deposit` its records occupy. */
  storage_used: bigint;
  registered_at_ns: bigint;
  updated_at_ns: bigint;
}

/** Per stage and asset: what the stage received and where it went. */
export interface StageRevenue {
  received: bigint;
  tips: bigint;
  payments: number;
  /** Per destination (split.ts order): every share credited, all segments together. */
  shares: bigint[];
}

export interface StageRecord {
  stage: number;
  prices: PriceList;
  split: Split;
  /** Per asset slot: the rounding segment since the split last changed (split.ts). */
  segments: Segment[];
  revenue: StageRevenue[];
}

/** Per provider and stage. */
export interface UsageRecord {
  requests: bigint;
  input_tokens: bigint;
  output_tokens: bigint;
  payments: number;
  /** Per asset slot. */
  paid: bigint[];
  tips: bigint[];
  last_period_id: string;
  last_paid_at_ns: bigint;
}

export interface PaymentRecord {
  period_id: string;
  slot: number;
  amount: bigint;
  quote: bigint;
  usage: Usage;
  paid_at_ns: bigint;
}

/** One destination's forwarding account in one asset. */
export interface Bucket {
  /** Accrued and not yet sent. */
  pending: bigint;
  /** Sent by a flush whose callback has not run yet. */
  in_flight: bigint;
  /** Confirmed by the receiver. */
  forwarded: bigint;
  failures: number;
}

/** Per asset: the router's books (asset.ts keeps them). */
export interface AssetBooks {
  /** Every fee and tip accepted. */
  received: bigint;
  /** Part of `received` paid above the quote. */
  tips: bigint;
  forwarded: bigint;
  pending: bigint;
  in_flight: bigint;
  /** Rounding carries held in the stages' segments. */
  carried: bigint;
}
