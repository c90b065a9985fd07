/**
 * Reading and writing the vault's records.
 *
 * Stages and epochs are JSON in near-sdk-js's own encoding (bigints revive
 * on read), one key each, so a call reads only the stage and epochs it
 * touches. Per-contributor records are fixed-size binary (common/codec), so
 * the storage each costs is a constant measured once at init
 * (`measureRecordBytes`): that is what keeps NEP-145 charging exact.
 */
import { deserialize, near, serialize } from "near-sdk-js";
import { readUint, writeUint } from "../common/codec";
import { ensure, U128_MAX } from "../common/guards";
import { WORD_BYTES } from "./bitmap";
import { MAX_EPOCHS_PER_STAGE, SLOT_COUNT, STAGE_COUNT } from "./constants";
import { accountKey, contributorKey, epochKey, qualificationKey, stageKey, wordKey } from "./keys";
import { newPointBook, newRoyaltyPool } from "./royalty";
import type { ContributorStage, Epoch, Stage, StorageAccount } from "./types";

// ---- stages and epochs (JSON) -------------------------------------------------------

export function newStage(stage: number): Stage {
  return {
    stage,
    config: null,
    pool: 0n,
    reserved: 0n,
    claimed: 0n,
    funded: 0n,
    rolled_in: 0n,
    rolled_out: 0n,
    rolled_over: false,
    accepted_epochs: 0,
    points: newPointBook(SLOT_COUNT),
    royalties: [newRoyaltyPool(), newRoyaltyPool()],
    qualification_root: null,
    qualification_submissions: [],
  };
}

/** Parses a stage argument: an integer in 0..6. */
export function parseStage(value: unknown): number {
  ensure(
    typeof value === "number" && Number.isInteger(value) && value >= 0 && value < STAGE_COUNT,
    `stage must be an integer in 0..${STAGE_COUNT - 1}, got ${JSON.stringify(value)}`,
  );
  return value;
}

export function readStage(stage: number): Stage {
  const raw = near.storageReadRaw(stageKey(stage));
  ensure(raw !== null, `Stage ${stage} record is missing`);
  return deserialize(raw) as Stage;
}

export function writeStage(stage: Stage): void {
  near.storageWriteRaw(stageKey(stage.stage), serialize(stage));
}

export function parseEpochIndex(value: unknown): number {
  ensure(
    typeof value === "number" && Number.isInteger(value) && value >= 0 && value < MAX_EPOCHS_PER_STAGE,
    `epoch must be an integer in 0..${MAX_EPOCHS_PER_STAGE - 1}, got ${JSON.stringify(value)}`,
  );
  return value;
}

export function readEpoch(stage: number, epoch: number): Epoch | null {
  const raw = near.storageReadRaw(epochKey(stage, epoch));
  return raw === null ? null : (deserialize(raw) as Epoch);
}

export function writeEpoch(epoch: Epoch): void {
  near.storageWriteRaw(epochKey(epoch.stage, epoch.epoch), serialize(epoch));
}

export function newEpoch(stage: number, epoch: number): Epoch {
  return {
    stage,
    epoch,
    status: "pending",
    submissions: [],
    result: null,
    reward: 0n,
    accepted_at_ns: 0n,
    claimable_at_ns: 0n,
    snapshots: [0n, 0n],
    claimed_amount: 0n,
    claimed_points: 0n,
    claimed_leaves: 0,
    vetoes: 0,
    last_veto: null,
  };
}

// ---- claimed bitmap words ---------------------------------------------------------

export function readWord(stage: number, epoch: number, word: number): Uint8Array | null {
  return near.storageReadRaw(wordKey(stage, epoch, word));
}

export function writeWord(stage: number, epoch: number, word: number, bits: Uint8Array): void {
  near.storageWriteRaw(wordKey(stage, epoch, word), bits);
}

// ---- contributor stage records (binary) ---------------------------------------------
// | 0..16 reward u128 | 16..32 withdrawn u128 | 32..48 points u128 | 48..52 epochs_claimed u32 |
// | 52..116 snapshot[2] u256 | 116..180 owed[2] u256 |

export const CONTRIBUTOR_RECORD_SIZE = 180;

export function emptyContributorStage(): ContributorStage {
  return { reward: 0n, withdrawn: 0n, epochs_claimed: 0, points: 0n, snapshot: [0n, 0n], owed: [0n, 0n] };
}

export function encodeContributorStage(record: ContributorStage): Uint8Array {
  const out = new Uint8Array(CONTRIBUTOR_RECORD_SIZE);
  writeUint(out, 0, 16, record.reward, "reward");
  writeUint(out, 16, 16, record.withdrawn, "withdrawn");
  writeUint(out, 32, 16, record.points, "points");
  writeUint(out, 48, 4, BigInt(record.epochs_claimed), "epochs claimed");
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    writeUint(out, 52 + 32 * slot, 32, record.snapshot[slot], "royalty snapshot");
    writeUint(out, 116 + 32 * slot, 32, record.owed[slot], "royalty owed");
  }
  return out;
}

export function decodeContributorStage(data: Uint8Array): ContributorStage {
  ensure(data.length === CONTRIBUTOR_RECORD_SIZE, `Corrupt contributor record (${data.length} bytes)`);
  const snapshot: bigint[] = [];
  const owed: bigint[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    snapshot.push(readUint(data, 52 + 32 * slot, 32));
    owed.push(readUint(data, 116 + 32 * slot, 32));
  }
  return {
    reward: readUint(data, 0, 16),
    withdrawn: readUint(data, 16, 16),
    points: readUint(data, 32, 16),
    epochs_claimed: Number(readUint(data, 48, 4)),
    snapshot,
    owed,
  };
}

export function readContributorStage(stage: number, accountId: string): ContributorStage | null {
  const raw = near.storageReadRaw(contributorKey(stage, accountId));
  return raw === null ? null : decodeContributorStage(raw);
}

export function writeContributorStage(stage: number, accountId: string, record: ContributorStage): void {
  near.storageWriteRaw(contributorKey(stage, accountId), encodeContributorStage(record));
}

// ---- qualification registrations ------------------------------------------------------

export function isQualificationRegistered(stage: number, accountId: string): boolean {
  return near.storageHasKeyRaw(qualificationKey(stage, accountId));
}

export function writeQualification(stage: number, accountId: string): void {
  near.storageWriteRaw(qualificationKey(stage, accountId), new Uint8Array([1]));
}

// ---- NEP-145 accounts (binary) ---------------------------------------------------------
// | 0..16 deposit u128 | 16..20 used_bytes u32 | 20 stage_mask u8 |

export const STORAGE_ACCOUNT_SIZE = 21;

export function readStorageAccount(accountId: string): StorageAccount | null {
  const raw = near.storageReadRaw(accountKey(accountId));
  if (raw === null) {
    return null;
  }
  ensure(raw.length === STORAGE_ACCOUNT_SIZE, `Corrupt storage record (${raw.length} bytes)`);
  return { deposit: readUint(raw, 0, 16), used_bytes: Number(readUint(raw, 16, 4)), stage_mask: raw[20] };
}

export function writeStorageAccount(accountId: string, account: StorageAccount): void {
  const out = new Uint8Array(STORAGE_ACCOUNT_SIZE);
  writeUint(out, 0, 16, account.deposit, "storage deposit");
  writeUint(out, 16, 4, BigInt(account.used_bytes), "storage bytes");
  out[20] = account.stage_mask;
  near.storageWriteRaw(accountKey(accountId), out);
}

export function removeStorageAccount(accountId: string): void {
  near.storageRemoveRaw(accountKey(accountId));
}

export interface RecordBytes {
  account_bytes: number;
  stage_record_bytes: number;
  word_bytes: number;
  qualification_bytes: number;
}

/**
 * Measures, by writing and removing the largest records under the longest
 * keys, the bytes each kind of contributor-paid record occupies; charges use
 * these constants, so they bound what any real record uses.
 */
export function measureRecordBytes(): RecordBytes {
  const longest = "a".repeat(64);
  const lastStage = STAGE_COUNT - 1;
  const lastEpoch = MAX_EPOCHS_PER_STAGE - 1;
  const lastWord = 2 ** 32 / (WORD_BYTES * 8) - 1;
  const start = near.storageUsage();
  writeStorageAccount(longest, { deposit: U128_MAX, used_bytes: 0xffffffff, stage_mask: 0x7f });
  const afterAccount = near.storageUsage();
  const largest: ContributorStage = {
    reward: U128_MAX,
    withdrawn: U128_MAX,
    points: U128_MAX,
    epochs_claimed: 0xffffffff,
    snapshot: [0n, 0n],
    owed: [0n, 0n],
  };
  writeContributorStage(lastStage, longest, largest);
  const afterStage = near.storageUsage();
  writeWord(lastStage, lastEpoch, lastWord, new Uint8Array(WORD_BYTES).fill(0xff));
  const afterWord = near.storageUsage();
  writeQualification(lastStage, longest);
  const afterQualification = near.storageUsage();
  near.storageRemoveRaw(qualificationKey(lastStage, longest));
  near.storageRemoveRaw(wordKey(lastStage, lastEpoch, lastWord));
  near.storageRemoveRaw(contributorKey(lastStage, longest));
  removeStorageAccount(longest);
  return {
    account_bytes: Number(afterAccount - start),
    stage_record_bytes: Number(afterStage - afterAccount),
    word_bytes: Number(afterWord - afterStage),
    qualification_bytes: Number(afterQualification - afterWord),
  };
}
