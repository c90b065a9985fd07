/**
 * The contract's JSON state (the fields of the `@NearBindgen` class) as an
 * interface the modules work on.
 *
 * Reward-token books (bigint; kept by every state change, see index.ts):
 *   token balance of the vault = Σ stage pools + Σ stage reserved
 *                                + (credited − withdrawn)
 * where `credited` is every reward a claim gave a contributor and
 * `withdrawn` what `withdraw_vested` sent (a failed transfer is subtracted
 * back by its callback). `pools` and `reserved` mirror the stages' sums so
 * the global view reads one record.
 */
import type { AdminState } from "../common/admin";
import type { TimelockState } from "../common/timelock";
import type { Attestor } from "./types";

export interface RewardTotals {
  funded: bigint;
  pools: bigint;
  reserved: bigint;
  credited: bigint;
  withdrawn: bigint;
}

export interface VaultState {
  state_version: number;
  admin: AdminState;
  timelock: TimelockState;
  token_id: string;
  /** NEP-141 stablecoin accepted as royalties; "" when none. */
  stable_id: string;
  source_link: string;
  attestor_registry: Attestor[];
  books: RewardTotals;
  /** Σ of NEP-145 deposits (NEAR that belongs to contributors, not to royalties). */
  storage_deposits: bigint;
  /** Bytes charged per NEP-145 account / stage record / bitmap word / qualification record (measured at init). */
  storage_account_bytes: number;
  storage_stage_bytes: number;
  storage_word_bytes: number;
  storage_qualification_bytes: number;
}

export function newTotals(): RewardTotals {
  return { funded: 0n, pools: 0n, reserved: 0n, credited: 0n, withdrawn: 0n };
}
