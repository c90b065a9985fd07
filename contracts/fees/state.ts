/**
 * The contract's JSON state (the fields of the `@NearBindgen` class) as an
 * interface the modules work on. Everything here has a fixed size (no list
 * grows with providers or payments), so loading it costs the same gas
 * whatever the router has seen.
 *
 * Books, per asset, to the unit (kept by payments.ts and forwarding.ts):
 *   received = forwarded + pending + in_flight + carried
 * with pending and in_flight the sums over the buckets and carried the sum
 * of the stages' rounding carries. Tips are part of received (they are split
 * like fees); refused payments (duplicates, underpayments) never enter it.
 */
import type { AdminState } from "../common/admin";
import type { TimelockState } from "../common/timelock";
import { SLOT_COUNT, STAGE_COUNT } from "./constants";
import type { AssetBooks, Bucket } from "./types";

export interface FeesState {
  state_version: number;
  admin: AdminState;
  timelock: TimelockState;
  /** The project token: holders' shares go to its distribute_revenue / "revenue" transfer. */
  token_id: string;
  /** The contributor vault: contributors' shares go to its royalties of the stage. */
  vault_id: string;
  /** The NEP-141 stablecoin fees may be paid in; "" when NEAR only. */
  stable_id: string;
  /** The next-model reserve (the treasury or the sale). */
  reserve_id: string;
  /** Receives the protocol fee; "" when none (then every protocol_bps must be 0). */
  protocol_id: string;
  /** Minimum notice of a price change (U64 ns). */
  price_notice_ns: bigint;
  source_link: string;
  provider_count: number;
  books: AssetBooks[];
  buckets: Bucket[];
  /** Σ providers' bonds and storage deposits (NEAR that is theirs, not fees). */
  bonds: bigint;
  storage_deposits: bigint;
}

/** Forwarding targets: the three single receivers, then the vault once per stage. */
export const TARGET_HOLDERS = 0;
export const TARGET_RESERVE = 1;
export const TARGET_PROTOCOL = 2;
export const TARGET_FIRST_STAGE = 3;
export const TARGET_COUNT = TARGET_FIRST_STAGE + STAGE_COUNT;

export function bucketIndex(target: number, slot: number): number {
  return target * SLOT_COUNT + slot;
}

export function newBooks(): AssetBooks[] {
  const books: AssetBooks[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    books.push({ received: 0n, tips: 0n, forwarded: 0n, pending: 0n, in_flight: 0n, carried: 0n });
  }
  return books;
}

export function newBuckets(): Bucket[] {
  const buckets: Bucket[] = [];
  for (let index = 0; index < TARGET_COUNT * SLOT_COUNT; index++) {
    buckets.push({ pending: 0n, in_flight: 0n, forwarded: 0n, failures: 0 });
  }
  return buckets;
}
