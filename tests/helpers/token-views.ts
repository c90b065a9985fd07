/**
 * Block-pinned reads for the token's revenue tests. Revenue streams with
 * the block clock, so views read in different blocks disagree by what was
 * released in between, and the local chain adds a block whenever its head
 * is over a second old. Exact checks therefore read every view at one
 * block, and a model replaying a transaction needs the time of the block in
 * which each of its receipts ran.
 */
import type { NearAccount, WorkerType } from "./workspace.ts";
import type { TxResult } from "./token-setup.ts";

export interface PinnedBlock {
  height: number;
  timestampNs: bigint;
  /** A view of `contract` as of this block. */
  view<T>(contract: NearAccount | string, method: string, args?: Record<string, unknown>): Promise<T>;
  /** `amount` and `storage_usage` of an account as of this block. */
  account(account: NearAccount | string): Promise<{ amount: string; storage_usage: number }>;
}

const idOf = (a: NearAccount | string) => (typeof a === "string" ? a : a.accountId);

/** The chain's current head, for reading several views at the same block. */
export async function pinBlock(worker: WorkerType): Promise<PinnedBlock> {
  const block = await worker.provider.block({ finality: "optimistic" });
  const height = block.header.height;
  return {
    height,
    timestampNs: BigInt(block.header.timestamp_nanosec),
    async view<T>(contract: NearAccount | string, method: string, args: Record<string, unknown> = {}) {
      const result = (await worker.provider.viewCall(idOf(contract), method, args, {
        block_id: height,
      })) as unknown as {
        result: number[];
      };
      return JSON.parse(Buffer.from(result.result).toString()) as T;
    },
    async account(account: NearAccount | string) {
      const view = await worker.provider.viewAccount(idOf(account), { block_id: height });
      return view as unknown as { amount: string; storage_usage: number };
    },
  };
}

const blockTimes = new Map<string, bigint>();

/** The timestamp of a block, by hash (cached: blocks never change). */
export async function blockTime(worker: WorkerType, hash: string): Promise<bigint> {
  let time = blockTimes.get(hash);
  if (time === undefined) {
    const block = await worker.provider.block({ blockId: hash });
    time = BigInt(block.header.timestamp_nanosec);
    blockTimes.set(hash, time);
  }
  return time;
}

export interface ReceiptRun {
  timeNs: bigint;
  logs: string[];
}

/** The receipts `executor` ran for a transaction, in execution order, with the time of their block. */
export async function receiptsOf(
  worker: WorkerType,
  result: TxResult,
  executor: NearAccount | string,
): Promise<ReceiptRun[]> {
  // near-workspaces' `receipts_outcomes` drops each outcome's block hash: read the raw RPC result
  const raw = (result as unknown as { result: { receipts_outcome: RawOutcome[] } }).result.receipts_outcome;
  const outcomes = raw.filter((o) => o.outcome.executor_id === idOf(executor));
  const runs = await Promise.all(
    outcomes.map(async (o) => ({ timeNs: await blockTime(worker, o.block_hash), logs: o.outcome.logs })),
  );
  return runs.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
}

interface RawOutcome {
  block_hash: string;
  outcome: { executor_id: string; logs: string[] };
}
