/**
 * What must hold before a plan can be applied, read from the chain: the
 * master account exists, the scripts hold a key for every signer of the plan
 * and that key is one of the signer's full-access keys on chain, and each
 * signer can pay what the plan makes it spend (deposits plus its prepaid gas
 * at the current gas price, an upper bound). The chain id was checked before
 * the plan was made (network.ts). A failing check makes `deploy --plan` exit
 * 1 and a deploy refuse before its first transaction: better than stopping
 * half-way with "not enough balance" or "access key does not exist".
 */
import { formatNear } from "../config/units.ts";
import type { Suite } from "../config/validate.ts";
import { plannedDeposit, plannedGas, type ChainClient, type PlannedTx } from "./chain.ts";

export interface PreflightCheck {
  name: string;
  ok: boolean;
  detail: string;
}

async function fullAccessKeys(chain: ChainClient, accountId: string): Promise<string[]> {
  const list = await chain.provider.viewAccessKeyList({ accountId });
  return list.keys.filter((k) => k.access_key.permission === "FullAccess").map((k) => k.public_key);
}

export async function gasPrice(chain: ChainClient): Promise<bigint> {
  const block = await chain.provider.viewBlock({ finality: "final" });
  return BigInt(block.header.gas_price);
}

export async function preflight(
  suite: Suite,
  chain: ChainClient,
  txs: PlannedTx[],
  chainId: string,
): Promise<PreflightCheck[]> {
  const master = suite.config.master_account_id;
  const checks: PreflightCheck[] = [
    { name: "chain id", ok: true, detail: `${chain.rpcUrl} serves "${chainId}" (${suite.config.network})` },
  ];
  const masterView = await chain.accountView(master);
  checks.push({
    name: "master account",
    ok: masterView !== undefined,
    detail: masterView
      ? `${master} exists, balance ${formatNear(masterView.amount)}`
      : `${master} does not exist on ${chainId}: create and fund it first`,
  });
  const price = await gasPrice(chain);
  const signers = [...new Set([master, ...txs.map((tx) => tx.signerId)])];
  for (const signer of signers) {
    const mine = txs.filter((tx) => tx.signerId === signer);
    // A suite account created earlier in this same plan cannot be read yet: its key is the one the plan adds.
    const createdByPlan = txs.some(
      (tx) => tx.receiverId === signer && tx.actions.some((a) => a.type === "CreateAccount"),
    );
    if (createdByPlan) continue;
    const view = signer === master ? masterView : await chain.accountView(signer);
    if (!view) {
      if (signer !== master)
        checks.push({
          name: `signer ${signer}`,
          ok: false,
          detail: `${signer} does not exist and the plan does not create it`,
        });
      continue;
    }
    if (!chain.keys.canSign(signer)) {
      checks.push({ name: `credentials of ${signer}`, ok: false, detail: describeMissingKey(chain, signer) });
    } else {
      const key = (await (await chain.keys.signerFor(signer)).getPublicKey()).toString();
      const onChain = await fullAccessKeys(chain, signer);
      checks.push({
        name: `credentials of ${signer}`,
        ok: onChain.includes(key),
        detail: onChain.includes(key)
          ? `${key} is a full-access key of ${signer}`
          : `the key the scripts hold for ${signer} (${key}) is not a full-access key of ${signer} on chain (its keys: ${onChain.join(", ") || "none"})`,
      });
    }
    const needed = mine.reduce((sum, tx) => sum + plannedDeposit(tx) + plannedGas(tx) * price, 0n);
    if (mine.length === 0) continue;
    checks.push({
      name: `balance of ${signer}`,
      ok: view.amount >= needed,
      detail: `${formatNear(view.amount)} available, the plan spends up to ${formatNear(needed)} (deposits + prepaid gas)${view.amount >= needed ? "" : `: add ${formatNear(needed - view.amount)}`}`,
    });
  }
  return checks;
}

function describeMissingKey(chain: ChainClient, signer: string): string {
  return `no key for ${signer} (${chain.keys.describe()})`;
}
