/**
 * The contributor vaults' deploy steps, run after the generic ones (the
 * vault contract, its NEP-145 registrations on the token and the stablecoin,
 * its revenue exclusion and its roles are generic steps):
 *
 *   attestor:<vault>:<account>  set_attestor by the vault's attestor_manager
 *   stage:<vault>:<N>           configure_stage by its config role
 *   fund:<vault>:<N>            ft_transfer_call of the token, msg {"fund_stage": N}
 *
 * in that order, because the vault refuses a stage whose quorum exceeds the
 * active attestors. Like every step, each reads the chain first and sends
 * only what is missing, so a rerun with nothing changed sends nothing:
 * an attestor is done while it is active with the described report digest
 * (and expiry, when absolute); a stage while its on-chain config equals the
 * described one; funding while the stage's `funded` total reaches the
 * described amount (only the difference is sent).
 *
 * Relative times ({after_s}) count from the block the step is prepared in
 * and, once a stage is configured, from its on-chain values: rerunning the
 * deploy later neither moves a deadline nor counts as drift.
 *
 * (This module and deploy-steps.ts import each other; neither uses the
 * other's bindings at load time.)
 */
import type { AttestorView, StageConfigJson, StageView, TransferMessage } from "../../contracts/vault/interface.ts";
import type { Moment, VaultStageEntry } from "../config/schema.ts";
import { TGAS } from "../config/units.ts";
import { canonicalJson, type Suite } from "../config/validate.ts";
import { roleSignerRef } from "../config/validate-vault.ts";
import type { ChainClient } from "./chain.ts";
import { call, type DeployStep, done, send } from "./deploy-steps.ts";

const GAS = {
  setAttestor: 50n * TGAS,
  configureStage: 50n * TGAS,
  /** The token's transfer, the vault's ft_on_transfer and the token's resolve. */
  fundStage: 150n * TGAS,
};
const ONE_YOCTO = 1n;
const NS_PER_S = 1_000_000_000n;

/** A described moment in ns: absolute, or `after_s` past `fromNs`. */
export function momentNs(moment: Moment, fromNs: bigint): bigint {
  return "at" in moment ? BigInt(Date.parse(moment.at)) * 1_000_000n : fromNs + BigInt(moment.after_s) * NS_PER_S;
}

/** A relative moment keeps the value it got when first sent; an absolute one is always its own. */
const anchored = (moment: Moment, onChain: string | undefined, nowNs: bigint) =>
  "after_s" in moment && onChain !== undefined ? onChain : momentNs(moment, nowNs).toString();

/** The `configure_stage` config a stage entry describes, given the stage's current on-chain config (if any). */
export function stageConfigOf(entry: VaultStageEntry, onChain: StageConfigJson | null, nowNs: bigint): StageConfigJson {
  return {
    epochs: entry.epochs,
    epoch_reward: entry.epoch_reward.toString(),
    quorum: entry.quorum,
    challenge_window_ns: (BigInt(entry.challenge_window_s) * NS_PER_S).toString(),
    claim_deadline_ns: anchored(entry.claim_deadline, onChain?.claim_deadline_ns, nowNs),
    vesting: {
      start_ns: anchored(entry.vesting.start, onChain?.vesting.start_ns, nowNs),
      cliff_ns: (BigInt(entry.vesting.cliff_s) * NS_PER_S).toString(),
      duration_ns: (BigInt(entry.vesting.duration_s) * NS_PER_S).toString(),
    },
    requires_qualification: entry.requires_qualification ?? false,
  };
}

/** Chain time, or the wall clock when no block is readable (a dry run's plan only). */
const nowNs = (chain: ChainClient) =>
  chain
    .head()
    .then((head) => head.timestampNs)
    .catch(() => BigInt(Date.now()) * 1_000_000n);

const stageView = (chain: ChainClient, vaultId: string, stage: number) =>
  chain.viewOrUndefined<StageView>(vaultId, "stage", { stage });

export function vaultDeploySteps(suite: Suite): DeployStep[] {
  const { config } = suite;
  const steps: DeployStep[] = [];
  const signerFor = (vaultRef: string, role: string) => {
    const ref = roleSignerRef(config, vaultRef, role);
    // Validation guarantees one; a description built around it is a programming error.
    if (ref === undefined) throw new Error(`no ${role} of ${vaultRef} the scripts can sign as`);
    return suite.resolve(ref);
  };

  for (const attestor of config.vault_attestors) {
    const vaultId = suite.resolve(attestor.vault);
    const accountId = suite.resolve(attestor.account);
    const manager = signerFor(attestor.vault, "attestor_manager");
    steps.push({
      id: `attestor:${vaultId}:${accountId}`,
      title: `${accountId} is an active attestor of ${vaultId}`,
      async check({ chain }) {
        const registry = await chain.viewOrUndefined<AttestorView[]>(vaultId, "attestors");
        const current = registry?.find((entry) => entry.account_id === accountId);
        const wantExpiry = "at" in attestor.expires ? momentNs(attestor.expires, 0n).toString() : undefined;
        if (
          current?.active &&
          current.report_hash === attestor.report_hash &&
          (wantExpiry === undefined || current.expires_at_ns === wantExpiry)
        )
          return done(`active until ${isoOfNs(current.expires_at_ns)}`);
        const expiresAt = momentNs(attestor.expires, await nowNs(chain));
        return send(
          {
            signerId: manager,
            receiverId: vaultId,
            actions: [
              call(
                "set_attestor",
                { account_id: accountId, report_hash: attestor.report_hash, expires_at_ns: expiresAt.toString() },
                GAS.setAttestor,
                ONE_YOCTO,
              ),
            ],
          },
          current === undefined
            ? "not registered"
            : current.active
              ? "registered with another report digest or expiry"
              : "expired",
        );
      },
    });
  }

  for (const entry of config.vault_stages) {
    const vaultId = suite.resolve(entry.vault);
    const configurer = signerFor(entry.vault, "config");
    steps.push({
      id: `stage:${vaultId}:${entry.stage}`,
      title: `stage ${entry.stage} of ${vaultId} is configured as described`,
      async check({ chain }) {
        const view = await stageView(chain, vaultId, entry.stage);
        const onChain = view?.config ?? null;
        const wanted = stageConfigOf(entry, onChain, await nowNs(chain));
        if (onChain !== null && canonicalJson(onChain) === canonicalJson(wanted))
          return done(
            `${wanted.epochs} epochs of ${wanted.epoch_reward} base units, quorum ${wanted.quorum}, claims until ${isoOfNs(wanted.claim_deadline_ns)}`,
          );
        return send(
          {
            signerId: configurer,
            receiverId: vaultId,
            actions: [call("configure_stage", { stage: entry.stage, config: wanted }, GAS.configureStage, ONE_YOCTO)],
          },
          onChain === null ? "not configured" : "configured differently",
        );
      },
    });
  }

  for (const entry of config.vault_stages) {
    const funding = entry.funding;
    if (!funding) continue;
    const vaultId = suite.resolve(entry.vault);
    const vaultInit = config.contracts[entry.vault.slice(1)].init;
    if (vaultInit.kind !== "vault") throw new Error(`${entry.vault} is not a vault`);
    const tokenId = suite.resolve(vaultInit.token);
    const fromId = suite.resolve(funding.from);
    steps.push({
      id: `fund:${vaultId}:${entry.stage}`,
      title: `stage ${entry.stage} of ${vaultId} is funded with ${funding.amount} base units of ${tokenId}`,
      async check({ chain }) {
        const funded = BigInt((await stageView(chain, vaultId, entry.stage))?.funded ?? "0");
        if (funded >= funding.amount) return done(`funded ${funded}`);
        const missing = funding.amount - funded;
        const msg = JSON.stringify({ fund_stage: entry.stage } satisfies TransferMessage);
        return send(
          {
            signerId: fromId,
            receiverId: tokenId,
            actions: [
              call(
                "ft_transfer_call",
                { receiver_id: vaultId, amount: missing.toString(), msg },
                GAS.fundStage,
                ONE_YOCTO,
              ),
            ],
          },
          `funded ${funded}, ${missing} missing`,
        );
      },
    });
  }
  return steps;
}

const isoOfNs = (ns: string) => new Date(Number(BigInt(ns) / 1_000_000n)).toISOString();
