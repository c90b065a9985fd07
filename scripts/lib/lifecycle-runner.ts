/**
 * Runs a lifecycle: a list of steps, each either a transaction (planned
 * here, or sent by a library such as the provider client) or a clock jump,
 * each with an expectation checked against the chain afterwards. A
 * transaction that "succeeds" is not enough: cross-contract failures (a
 * claim rolled back, a payout re-credited) leave the transaction successful,
 * so every step states the effect it expects and the runner checks it.
 * Stops at the first step that does not behave as expected.
 */
import type { Suite } from "../config/validate.ts";
import { formatGas } from "../config/units.ts";
import type { ChainClient, PlannedTx, TxResult } from "./chain.ts";
import type { AssetFormatter } from "./status.ts";

export interface LifecycleContext {
  suite: Suite;
  chain: ChainClient;
  /** "@name" → account id. */
  id(ref: string): string;
  assets: AssetFormatter;
}

export interface StepEffect {
  /** The readable outcome, e.g. "bought 5,000 MOD for 50 NEAR". */
  outcome: string;
  /** Null when the step behaved as expected, else why not. */
  problem: string | null;
}

export interface LifecycleStep<Snapshot = unknown> {
  title: string;
  /** Who acts ("@alice"), or "chain" for clock jumps. */
  actor: string;
  /** Reads what the expectation compares against, before the step runs. */
  before?(ctx: LifecycleContext): Promise<Snapshot>;
  /** The transaction to send; absent for steps that only move the clock. */
  tx?(ctx: LifecycleContext, before: Snapshot): Promise<PlannedTx> | PlannedTx;
  /** Steps without a transaction do their work here (e.g. fast-forward). */
  act?(ctx: LifecycleContext): Promise<void>;
  /**
   * Transactions a library sends for the step (e.g. the provider client's
   * payments), instead of one planned `tx`; the gas they burnt is returned
   * so the report counts it.
   */
  send?(ctx: LifecycleContext, before: Snapshot): Promise<{ gasBurnt: bigint }>;
  expect(ctx: LifecycleContext, result: TxResult | undefined, before: Snapshot): Promise<StepEffect>;
}

export interface StepRecord {
  index: number;
  title: string;
  account: string;
  gasBurnt: bigint;
  outcome: string;
  ok: boolean;
  txHash?: string;
  ms: number;
}

export async function runLifecycle(
  steps: LifecycleStep<any>[],
  ctx: LifecycleContext,
  onStep: (record: StepRecord) => void = () => {},
): Promise<{ records: StepRecord[]; failed?: StepRecord; notRun: string[] }> {
  const records: StepRecord[] = [];
  for (const [i, step] of steps.entries()) {
    const started = performance.now();
    const account = step.actor === "chain" ? "(chain)" : ctx.id(step.actor);
    let record: StepRecord;
    try {
      const before = step.before ? await step.before(ctx) : undefined;
      let result: TxResult | undefined;
      if (step.tx) result = await ctx.chain.send(await step.tx(ctx, before));
      const sent = step.send ? await step.send(ctx, before) : undefined;
      if (step.act) await step.act(ctx);
      const effect =
        result && !result.ok
          ? { outcome: `transaction failed: ${result.failure}`, problem: result.failure ?? "failed" }
          : await step.expect(ctx, result, before);
      record = {
        index: i + 1,
        title: step.title,
        account,
        gasBurnt: result?.gasBurnt ?? sent?.gasBurnt ?? 0n,
        outcome: effect.problem
          ? `${effect.outcome} — EXPECTED: ${effect.problem}${result?.receiptFailures.length ? ` (failed receipts: ${result.receiptFailures.join("; ")})` : ""}`
          : effect.outcome,
        ok: effect.problem === null,
        txHash: result?.hash,
        ms: performance.now() - started,
      };
    } catch (error) {
      record = {
        index: i + 1,
        title: step.title,
        account,
        gasBurnt: 0n,
        outcome: `error: ${(error as Error).message}`,
        ok: false,
        ms: performance.now() - started,
      };
    }
    records.push(record);
    onStep(record);
    if (!record.ok) return { records, failed: record, notRun: steps.slice(i + 1).map((s) => s.title) };
  }
  return { records, notRun: [] };
}

export function stepLine(record: StepRecord): string {
  const gas = record.gasBurnt > 0n ? formatGas(record.gasBurnt) : "—";
  return `${record.ok ? "✓" : "✗"} ${String(record.index).padStart(2)}. ${record.title} [${record.account}, ${gas}, ${(record.ms / 1000).toFixed(1)} s] ${record.outcome}`;
}
