/**
 * Key hand-off, the last step of a deploy: once each contract's ownership
 * has moved to its long-term owner (a DAO, a multisig: `propose_owner` then
 * `accept_owner`), the full-access keys of the contract accounts are
 * deleted. The contracts then run only the code they hold, changed only
 * through their own `upgrade` behind the timelock, by their owner; whoever
 * holds the key files can no longer deploy other code over them.
 *
 * Refused (unless --force) while that would hand nothing over or lock
 * something up:
 * - a contract whose owner is an account the scripts hold a key for (the
 *   master or a suite account): ownership has not moved yet, so deleting
 *   keys only removes a second door the same holder already has;
 * - an ownership transfer still pending (proposed, not accepted);
 * - a contract account that owns another suite contract (deleting its keys
 *   would leave that contract with an owner nobody can sign for).
 * Plain accounts (treasury, contributors…) keep their keys: those keys are
 * the only way to move their funds. Every key file is listed with where to
 * back it up.
 */
import fs from "node:fs";
import path from "node:path";
import type { Suite } from "../config/validate.ts";
import type { ChainClient, PlannedTx } from "./chain.ts";
import { kindOf } from "./contract-kinds.ts";
import { defaultCredentialsDir } from "./keys.ts";

export interface HandoffPlan {
  /** One transaction per contract account, deleting every full-access key it has. */
  txs: PlannedTx[];
  /** Why it must not run (empty when it may). */
  refusals: string[];
  /** Contracts already without full-access keys. */
  locked: string[];
}

export async function fullAccessKeys(chain: ChainClient, accountId: string): Promise<string[] | undefined> {
  if (!(await chain.accountExists(accountId))) return undefined;
  const list = await chain.provider.viewAccessKeyList({ accountId });
  return list.keys.filter((k) => k.access_key.permission === "FullAccess").map((k) => k.public_key);
}

export async function planHandoff(suite: Suite, chain: ChainClient): Promise<HandoffPlan> {
  const { config } = suite;
  const contractIds = new Map(Object.keys(config.contracts).map((name) => [suite.resolve(`@${name}`), name]));
  const plan: HandoffPlan = { txs: [], refusals: [], locked: [] };
  const owners = new Map<string, string>();
  for (const [name, entry] of Object.entries(config.contracts)) {
    const accountId = suite.resolve(`@${name}`);
    const adminView = kindOf(entry).adminView;
    const admin = adminView
      ? await chain.viewOrUndefined<{ owner_id: string; proposed_owner_id: string | null }>(accountId, adminView)
      : undefined;
    if (!admin) {
      plan.refusals.push(`${name} (${accountId}): not deployed, or its owner cannot be read: deploy first`);
      continue;
    }
    owners.set(accountId, admin.owner_id);
    if (chain.keys.canSign(admin.owner_id) || admin.owner_id === config.master_account_id)
      plan.refusals.push(
        `${name} (${accountId}): its owner ${admin.owner_id} is an account whose key the scripts hold: transfer ownership first (propose_owner, then accept_owner from the new owner)`,
      );
    if (admin.proposed_owner_id)
      plan.refusals.push(
        `${name} (${accountId}): ownership proposed to ${admin.proposed_owner_id} but not accepted yet (accept_owner)`,
      );
  }
  for (const [contractId, owner] of owners) {
    if (contractIds.has(owner))
      plan.refusals.push(
        `${contractIds.get(contractId)} is owned by the contract account ${owner}, whose keys the hand-off would delete`,
      );
  }
  for (const [accountId, name] of contractIds) {
    const keys = await fullAccessKeys(chain, accountId);
    if (keys === undefined) continue;
    if (keys.length === 0) {
      plan.locked.push(name);
      continue;
    }
    plan.txs.push({
      signerId: accountId,
      receiverId: accountId,
      actions: keys.map((publicKey) => ({ type: "DeleteKey", publicKey })),
    });
  }
  return plan;
}

/** Every key file of the suite's accounts and master in the credentials directory, for the backup list. */
export function keyFiles(suite: Suite, chainId: string, credentialsDir = defaultCredentialsDir()): string[] {
  const dir = path.join(credentialsDir, chainId);
  const ids = [suite.config.master_account_id, ...suite.accountIds.values()];
  return ids.map((id) => path.join(dir, `${id}.json`)).filter((file) => fs.existsSync(file));
}

/** Status rows: which suite accounts (and the master) still hold full-access keys. */
export async function accessKeyRows(suite: Suite, chain: ChainClient): Promise<string[][]> {
  const contracts = new Set(Object.keys(suite.config.contracts));
  const rows: string[][] = [];
  const entries: [string, string][] = [
    ["(master)", suite.config.master_account_id],
    ...[...suite.accountIds.entries()].map(([name, id]) => [name, id] as [string, string]),
  ];
  for (const [name, accountId] of entries) {
    const keys = await fullAccessKeys(chain, accountId);
    if (keys === undefined) continue;
    const state =
      keys.length === 0
        ? "none: locked (code changes only through its upgrade)"
        : contracts.has(name)
          ? `${keys.length}: whoever holds it can deploy other code (npm run handoff)`
          : String(keys.length);
    rows.push([name, accountId, state]);
  }
  return rows;
}
