/**
 * Runs the deploy steps in order: check, send what is missing, check again,
 * record in the manifest. The CLI (scripts/deploy.ts), `npm start` and the
 * tests all call `deploySuite`.
 *
 * - dryRun (`deploy --plan`): every step is checked and the transactions a
 *   real run would send are returned and logged with their full arguments,
 *   with the drift, preflight checks, totals and hash of lib/plan.ts; nothing
 *   is sent and no file is written.
 * - otherwise: the network's lock is taken (lock.ts), the same plan is made
 *   inside it and must be clean (and confirmed, when `confirm` is given)
 *   before the first transaction.
 * - stopAfterTransactions: stop after sending that many transactions, as if
 *   interrupted (for resume tests).
 */
import type { Suite } from "../config/validate.ts";
import { formatGas } from "../config/units.ts";
import { readArtifacts } from "./artifacts.ts";
import type { ChainClient, PlannedTx, TxResult } from "./chain.ts";
import { buildDeploySteps, type DeployContext } from "./deploy-steps.ts";
import { chainIdProblem, WrongChainError } from "./network.ts";
import { unfixableDrift } from "./drift.ts";
import { describePlanSummary, describeTxInFull, summarizePlan, type PlanSummary } from "./plan.ts";
import { gasPrice, preflight } from "./preflight.ts";
import { acquireDeployLock, lockPathFor } from "./lock.ts";
import {
  type AppliedTx,
  type ApplyRecord,
  emptyManifest,
  type Manifest,
  readManifest,
  writeManifest,
} from "./manifest.ts";
import { downgrades, gitCommit } from "./versions.ts";

export interface DeployOptions {
  suite: Suite;
  chain: ChainClient;
  /** Where build/<wasm>.wasm files are. */
  buildDir: string;
  manifestPath: string;
  dryRun?: boolean;
  stopAfterTransactions?: number;
  /** Remove a stale lock left by a killed deploy (only if its pid is gone on this host; see lock.ts). */
  breakLock?: boolean;
  /**
   * Asked with the plan, inside the lock, before anything is sent (mainnet: the CLI's confirmation);
   * false refuses the deploy.
   */
  confirm?: (plan: PlanSummary) => Promise<boolean>;
  /** Replace code with an older version (refused otherwise; versions.ts). */
  allowDowngrade?: boolean;
  /** The hash of the plan being applied, recorded in the manifest's history. */
  planHash?: string;
  log?: (line: string) => void;
}

export type StepStatus = "done" | "sent" | "planned" | "failed" | "skipped";

export interface StepOutcome {
  id: string;
  title: string;
  status: StepStatus;
  detail: string;
  tx?: PlannedTx;
  result?: TxResult;
}

export interface DeployReport {
  steps: StepOutcome[];
  /** Transactions sent by this run. */
  sent: number;
  /** True when stopAfterTransactions cut the run short. */
  interrupted: boolean;
  manifest?: Manifest;
  /** The plan (a dry run's, or the one a deploy made before applying). */
  plan?: PlanSummary;
}

/** The plan has drift or failing preflight checks, or it was not confirmed: nothing was sent. */
export class PlanRefusedError extends Error {
  constructor(
    readonly plan: PlanSummary,
    reason: string,
  ) {
    super(`nothing was sent: ${reason}`);
    this.name = "PlanRefusedError";
  }
}

export class DeployStepError extends Error {
  constructor(
    readonly stepId: string,
    reason: string,
    readonly report: DeployReport,
  ) {
    super(`deploy step ${stepId} failed: ${reason}`);
    this.name = "DeployStepError";
  }
}

export async function deploySuite(options: DeployOptions): Promise<DeployReport> {
  // A plan writes nothing, so it needs no lock; a real run holds the network's lock from its first read.
  if (options.dryRun) return planSuite(options);
  const lock = acquireDeployLock(lockPathFor(options.manifestPath), { breakStale: options.breakLock });
  try {
    // The plan is made inside the lock, so nobody else changes what it describes before it is applied.
    const planned = await planSuite({ ...options, log: options.confirm ? options.log : undefined });
    const plan = planned.plan!;
    if (plan.drift.length)
      throw new PlanRefusedError(plan, `drift the deploy cannot apply:\n  ${plan.drift.join("\n  ")}`);
    const failed = plan.preflight.filter((check) => !check.ok);
    if (failed.length)
      throw new PlanRefusedError(
        plan,
        `preflight failed:\n  ${failed.map((c) => `${c.name}: ${c.detail}`).join("\n  ")}`,
      );
    if (options.confirm && !(await options.confirm(plan)))
      throw new PlanRefusedError(plan, "the plan was not confirmed");
    const report = await deployUnlocked({ ...options, planHash: plan.hash });
    report.plan = plan;
    return report;
  } finally {
    lock.release();
  }
}

/** A dry run over the steps, plus drift, preflight checks, totals and the plan's hash. */
async function planSuite(options: DeployOptions): Promise<DeployReport> {
  const log = options.log ?? (() => {});
  const report = await deployUnlocked({ ...options, dryRun: true });
  const txs = report.steps.filter((s) => s.status === "planned").map((s) => s.tx!);
  const { suite, chain } = options;
  const artifacts = readArtifacts(
    options.buildDir,
    Object.values(suite.config.contracts).map((c) => c.wasm),
  );
  const drift = [
    ...(await unfixableDrift(suite, chain)),
    ...(options.allowDowngrade ? [] : await downgrades(suite, chain, artifacts, options.buildDir)),
  ];
  const checks = await preflight(suite, chain, txs, (await chain.identity()).chainId);
  report.plan = summarizePlan(txs, drift, checks, await gasPrice(chain));
  for (const line of describePlanSummary(report.plan)) log(line);
  return report;
}

async function deployUnlocked(options: DeployOptions): Promise<DeployReport> {
  const { suite, chain, manifestPath } = options;
  const dryRun = options.dryRun ?? false;
  const log = options.log ?? (() => {});
  const { config } = suite;
  const artifacts = readArtifacts(
    options.buildDir,
    Object.values(config.contracts).map((c) => c.wasm),
  );
  const ctx: DeployContext = { suite, chain, artifacts, dryRun };
  const steps = buildDeploySteps(suite);
  const report: DeployReport = { steps: [], sent: 0, interrupted: false };

  const identity = await chain.identity();
  const wrongChain = chainIdProblem(config.network, identity.chainId, chain.rpcUrl);
  if (wrongChain) throw new WrongChainError(wrongChain);
  let manifest = readManifest(manifestPath);
  const otherChain =
    manifest &&
    (manifest.chain_id !== identity.chainId ||
      (manifest.genesis_hash !== null &&
        identity.genesisHash !== null &&
        manifest.genesis_hash !== identity.genesisHash));
  if (!manifest || otherChain || manifest.master_account_id !== config.master_account_id) {
    // Another chain (e.g. a fresh local chain) or another master: the old state describes nothing here,
    // but its history stays.
    const history = manifest?.history ?? [];
    manifest = emptyManifest(config.network, chain.rpcUrl, identity, config.master_account_id, suite.configHash);
    manifest.history = history;
  }
  manifest.config_hash = suite.configHash;
  manifest.rpc_url = chain.rpcUrl;
  for (const name of Object.keys(config.accounts)) manifest.accounts[name] = { account_id: suite.resolve(`@${name}`) };
  report.manifest = manifest;
  const save = () => {
    if (!dryRun) writeManifest(manifestPath, manifest);
  };
  const commit = dryRun ? null : gitCommit();
  const apply: ApplyRecord = {
    started_at: new Date().toISOString(),
    finished_at: null,
    outcome: "running",
    git_commit: commit,
    plan_hash: options.planHash ?? null,
    master_account_id: config.master_account_id,
    chain_id: identity.chainId,
    config_hash: suite.configHash,
    transactions: [],
  };
  if (!dryRun) {
    manifest.history.push(apply);
    save();
  }
  const finish = (outcome: ApplyRecord["outcome"]) => {
    apply.outcome = outcome;
    apply.finished_at = new Date().toISOString();
    save();
  };

  log(
    `${dryRun ? "Dry run: " : ""}${steps.length} steps for ${config.network} (master ${config.master_account_id}, config ${suite.configHash.slice(0, 12)}…)`,
  );
  for (const step of steps) {
    if (options.stopAfterTransactions !== undefined && report.sent >= options.stopAfterTransactions) {
      report.interrupted = true;
      report.steps.push({ id: step.id, title: step.title, status: "skipped", detail: "stopped before this step" });
      continue;
    }
    const check = await step.check(ctx);
    if (check.done) {
      report.steps.push({ id: step.id, title: step.title, status: "done", detail: check.detail });
      log(`  ✓ ${step.id}: ${check.detail}`);
      continue;
    }
    if (dryRun) {
      report.steps.push({ id: step.id, title: step.title, status: "planned", detail: check.detail, tx: check.tx });
      log(`  → ${step.id}: ${check.detail}; would send`);
      for (const line of describeTxInFull(check.tx)) log(`      ${line}`);
      continue;
    }
    log(`  … ${step.id}: ${check.detail}; sending`);
    // Recorded before sending: a run killed now leaves "sending", and the next run's check finds out.
    const applied: AppliedTx = { step: step.id, status: "sending", at: new Date().toISOString() };
    apply.transactions.push(applied);
    save();
    let result: TxResult;
    try {
      result = await chain.send(check.tx);
    } catch (error) {
      applied.status = "unknown";
      applied.failure = (error as Error).message;
      apply.outcome = "failed";
      apply.finished_at = new Date().toISOString();
      report.steps.push({
        id: step.id,
        title: step.title,
        status: "failed",
        detail: (error as Error).message,
        tx: check.tx,
      });
      save();
      throw new DeployStepError(step.id, (error as Error).message, report);
    }
    report.sent++;
    const record = {
      tx_hash: result.hash,
      block_height: result.blockHeight,
      gas_burnt: result.gasBurnt.toString(),
      at: new Date().toISOString(),
    };
    Object.assign(applied, {
      status: result.ok ? "ok" : "failed",
      tx_hash: result.hash,
      block_height: result.blockHeight,
      gas_burnt: record.gas_burnt,
      ...(result.ok ? {} : { failure: result.failure }),
    });
    manifest.steps[step.id] = { title: step.title, ...record };
    if (step.id.startsWith("code:") && result.ok) {
      const name = step.id.slice("code:".length);
      const entry = manifest.contracts[name];
      const artifact = artifacts.get(config.contracts[name].wasm)!;
      entry?.upgrades.push({
        ...record,
        from_code_hash: entry.code_hash,
        to_code_sha256: artifact.sha256,
        git_commit: commit,
      });
      if (entry) entry.git_commit = commit;
    }
    if (step.id.startsWith("contract:") && result.ok) {
      const name = step.id.slice("contract:".length);
      const artifact = artifacts.get(config.contracts[name].wasm)!;
      manifest.contracts[name] = {
        account_id: suite.resolve(`@${name}`),
        wasm: artifact.name,
        code_sha256: artifact.sha256,
        code_hash: artifact.codeHash,
        version: null,
        deployed: record,
        upgrades: manifest.contracts[name]?.upgrades ?? [],
        git_commit: commit,
      };
    }
    save();
    const failure = !result.ok ? result.failure : result.receiptFailures[0];
    const after = await step.check(ctx);
    if (!result.ok || !after.done) {
      const reason = failure ?? `the transaction ${result.hash} succeeded but the step still reads "${after.detail}"`;
      if (!dryRun) finish("failed");
      report.steps.push({ id: step.id, title: step.title, status: "failed", detail: reason, tx: check.tx, result });
      throw new DeployStepError(step.id, reason, report);
    }
    report.steps.push({
      id: step.id,
      title: step.title,
      status: "sent",
      detail: `${check.detail} → ${after.detail}`,
      tx: check.tx,
      result,
    });
    log(`  ✓ ${step.id}: sent ${result.hash} at #${result.blockHeight}, ${formatGas(result.gasBurnt)} burnt`);
  }

  if (!dryRun && !report.interrupted) await refreshContractRecords(ctx, manifest);
  if (!dryRun) finish(report.interrupted ? "interrupted" : "complete");
  return report;
}

/** Code hashes and NEP-330 versions as the chain reports them now. */
async function refreshContractRecords(ctx: DeployContext, manifest: Manifest): Promise<void> {
  const { suite, chain, artifacts } = ctx;
  for (const [name, entry] of Object.entries(suite.config.contracts)) {
    const accountId = suite.resolve(`@${name}`);
    const artifact = artifacts.get(entry.wasm)!;
    const codeHash = (await chain.codeHash(accountId)) ?? "";
    const metadata = await chain.viewOrUndefined<{ version: string | null }>(accountId, "contract_source_metadata");
    const previous = manifest.contracts[name];
    manifest.contracts[name] = {
      account_id: accountId,
      wasm: entry.wasm,
      code_sha256: codeHash === artifact.codeHash ? artifact.sha256 : (previous?.code_sha256 ?? "unknown"),
      code_hash: codeHash,
      version: metadata?.version ?? null,
      ...(previous?.deployed ? { deployed: previous.deployed } : {}),
      upgrades: previous?.upgrades ?? [],
      git_commit: previous?.git_commit ?? null,
    };
  }
}
