/**
 * A plan: the transactions a deploy would send (from a dry run over the
 * steps), the drift it cannot apply, the preflight checks, what it costs,
 * and one hash over the transactions. `deploy --plan` prints it and exits 1
 * unless it can be applied; `deploy` makes the same plan inside the lock and
 * applies it only if it is clean and, on mainnet, confirmed — interactively,
 * or with `--yes --plan-hash H` where H must be the hash of the plan made
 * then (so what was reviewed is what runs).
 *
 * The hash covers signer, receiver and every action with its full arguments
 * (code and raw inputs by their sha256). Keys of accounts not created yet
 * appear as a placeholder, since they are generated only when applying.
 * Rounds timed relative to their creation get a new start each block, so
 * their plan's hash changes with time; mainnet requires absolute starts.
 */
import { createHash } from "node:crypto";
import { formatGas, formatNear } from "../config/units.ts";
import { canonicalJson } from "../config/validate.ts";
import { plannedDeposit, plannedGas, type PlannedAction, type PlannedTx } from "./chain.ts";
import type { PreflightCheck } from "./preflight.ts";

/** NEAR's storage staking price: 10^19 yoctoNEAR per byte (1 NEAR per 100 kB). */
export const STORAGE_PRICE_PER_BYTE = 10_000_000_000_000_000_000n;

export interface PlanSummary {
  hash: string;
  transactions: number;
  /** Attached deposits and transfers, yoctoNEAR. */
  deposit: bigint;
  /** Prepaid gas of every function call. */
  gas: bigint;
  /** Prepaid gas at the current gas price: the most the gas can cost. */
  gasCost: bigint;
  codeBytes: number;
  /** Storage staked for the deployed code (covered by the accounts' initial balances). */
  storageCost: bigint;
  drift: string[];
  preflight: PreflightCheck[];
  /** No drift and every preflight check passed. */
  ok: boolean;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

function hashableAction(action: PlannedAction): Record<string, unknown> {
  switch (action.type) {
    case "DeployContract":
      return { type: action.type, code_sha256: action.sha256 };
    case "FunctionCall":
      return {
        ...action,
        args: action.args instanceof Uint8Array ? { raw_sha256: sha256(action.args) } : action.args,
      };
    default:
      return { ...action };
  }
}

export function planHash(txs: PlannedTx[]): string {
  const body = txs.map((tx) => ({
    signer: tx.signerId,
    receiver: tx.receiverId,
    actions: tx.actions.map(hashableAction),
  }));
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}

/** An action with its full arguments (code and raw inputs by size and sha256). */
export function describeActionInFull(action: PlannedAction): string {
  switch (action.type) {
    case "CreateAccount":
      return "CreateAccount";
    case "Transfer":
      return `Transfer ${formatNear(action.deposit)}`;
    case "AddFullAccessKey":
      return `AddKey ${action.publicKey} (full access)`;
    case "DeleteKey":
      return `DeleteKey ${action.publicKey}`;
    case "DeployContract":
      return `DeployContract ${action.code.length} bytes, sha256 ${action.sha256}`;
    case "FunctionCall": {
      const args =
        action.args instanceof Uint8Array
          ? `<${action.args.length} bytes, sha256 ${sha256(action.args)}>`
          : JSON.stringify(action.args);
      const deposit = action.deposit === 1n ? "1 yoctoNEAR" : formatNear(action.deposit);
      return `FunctionCall ${action.method}(${args}) gas ${formatGas(action.gas)}, deposit ${deposit}`;
    }
  }
}

export function describeTxInFull(tx: PlannedTx): string[] {
  return [
    `${tx.signerId} → ${tx.receiverId} (gas ${formatGas(plannedGas(tx))}, deposit ${formatNear(plannedDeposit(tx))})`,
    ...tx.actions.map((a) => `    ${describeActionInFull(a)}`),
  ];
}

export function summarizePlan(
  txs: PlannedTx[],
  drift: string[],
  preflight: PreflightCheck[],
  gasPrice: bigint,
): PlanSummary {
  const gas = txs.reduce((sum, tx) => sum + plannedGas(tx), 0n);
  const codeBytes = txs
    .flatMap((tx) => tx.actions)
    .reduce((sum, a) => sum + (a.type === "DeployContract" ? a.code.length : 0), 0);
  return {
    hash: planHash(txs),
    transactions: txs.length,
    deposit: txs.reduce((sum, tx) => sum + plannedDeposit(tx), 0n),
    gas,
    gasCost: gas * gasPrice,
    codeBytes,
    storageCost: BigInt(codeBytes) * STORAGE_PRICE_PER_BYTE,
    drift,
    preflight,
    ok: drift.length === 0 && preflight.every((check) => check.ok),
  };
}

export function describePlanSummary(plan: PlanSummary): string[] {
  const lines: string[] = [];
  if (plan.drift.length) {
    lines.push(`Drift the deploy cannot apply (${plan.drift.length}):`);
    for (const problem of plan.drift) lines.push(`  ✗ ${problem}`);
  }
  lines.push("Preflight:");
  for (const check of plan.preflight) lines.push(`  ${check.ok ? "✓" : "✗"} ${check.name}: ${check.detail}`);
  lines.push(
    `Total: ${plan.transactions} transaction(s), deposits ${formatNear(plan.deposit)}, prepaid gas ${formatGas(plan.gas)} (at most ${formatNear(plan.gasCost)}), code storage ${plan.codeBytes} bytes (${formatNear(plan.storageCost)} staked from the accounts' balances)`,
  );
  lines.push(`Plan hash: ${plan.hash}`);
  return lines;
}
