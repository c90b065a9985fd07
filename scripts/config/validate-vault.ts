/**
 * The cross-field rules of the contributor vaults' part of a suite
 * description (vault contracts, `vault_attestors`, `vault_stages`, their
 * roles, registrations and exclusions), called from checkSuite.
 *
 * Each rule mirrors a refusal of the vault contract (quorum above the
 * attestors, cliff past the duration, deadline in the past…) or a mistake
 * the contract cannot see (a pool funded beyond the funder's allocation, a
 * vault earning the holders' revenue, a role nobody the scripts can sign as
 * holds), so a bad description is rejected before anything is sent.
 *
 * Runs also on a description that failed the shape check (best effort), so
 * it reads every field defensively.
 */
import type { Moment, SuiteConfig } from "./schema.ts";

const YEAR_S = 365 * 24 * 3600;
/** The contract's bounds (contracts/vault/constants.ts). */
const MAX_CHALLENGE_WINDOW_S = 30 * 24 * 3600;
const MAX_VESTING_S = 10 * YEAR_S;
const MAX_ATTESTORS = 16;
/** A guardian needs time to see and veto a wrong epoch before it pays: at least the timelock minimums. */
export const MIN_CHALLENGE_WINDOW_S: Record<SuiteConfig["network"], number> = {
  local: 0,
  testnet: 3600,
  mainnet: 24 * 3600,
};

/** An amount as parsing makes it; on an unparsed input, a decimal string is read and anything else (already reported) is 0. */
const asBig = (value: unknown): bigint =>
  typeof value === "bigint" ? value : typeof value === "string" && /^\d+$/.test(value) ? BigInt(value) : 0n;

/**
 * The account the deploy signs a vault's role-gated calls with: the first
 * holder of `role` on `contractRef` that the scripts hold a key for (the
 * master or a suite entry), or undefined.
 */
export function roleSignerRef(config: SuiteConfig, contractRef: string, role: string): string | undefined {
  return (config.roles ?? []).find(
    (grant) =>
      grant.contract === contractRef &&
      grant.role === role &&
      (grant.account.startsWith("@") || grant.account === config.master_account_id),
  )?.account;
}

export function checkVaults(config: SuiteConfig): string[] {
  const problems: string[] = [];
  const problem = (path: string, message: string) => problems.push(`${path}: ${message}`);
  const contracts = config.contracts ?? {};
  const names = new Set([...Object.keys(config.accounts ?? {}), ...Object.keys(contracts)]);
  const kindOf = (ref: string) => (ref.startsWith("@") ? contracts[ref.slice(1)]?.init?.kind : undefined);
  const resolves = (ref: string) => !ref.startsWith("@") || names.has(ref.slice(1));
  const signable = (ref: string) =>
    (ref.startsWith("@") && names.has(ref.slice(1))) || ref === config.master_account_id;
  const attestors = config.vault_attestors ?? [];
  const stages = config.vault_stages ?? [];
  const roles = config.roles ?? [];
  const isLocal = config.network === "local";

  const checkVaultRef = (path: string, ref: string) => {
    if (!resolves(ref)) problem(path, `${ref} names no entry of accounts or contracts`);
    else if (kindOf(ref) !== "vault") problem(path, `${ref} must be a contract of kind "vault"`);
  };
  const checkMoment = (path: string, moment: Moment | undefined, mustBeFuture: boolean) => {
    if (!moment) return;
    if ("at" in moment) {
      if (!isLocal && Date.parse(moment.at) <= Date.now()) problem(`${path}.at`, "is in the past");
    } else {
      if (config.network === "mainnet") problem(path, "mainnet needs an absolute time ({at: ISO date})");
      if (mustBeFuture && moment.after_s < 1)
        problem(`${path}.after_s`, "must be at least 1 (the vault needs it in the future)");
    }
  };

  // The vault contracts: their token and stablecoin, what they must be registered and excluded on.
  const fundedVaults = new Set(stages.filter((s) => s.funding).map((s) => s.vault));
  for (const [name, entry] of Object.entries(contracts)) {
    const init = entry.init;
    if (init?.kind === "token") {
      init.allocations?.forEach((allocation, i) => {
        if (kindOf(allocation.account) === "vault")
          problem(
            `contracts.${name}.init.allocations.${i}.account`,
            `${allocation.account} is a vault: tokens allocated to it belong to no stage; fund its stages with vault_stages[].funding`,
          );
      });
    }
    if (init?.kind !== "vault") continue;
    const path = `contracts.${name}.init`;
    const self = `@${name}`;
    if (!resolves(init.token)) problem(`${path}.token`, `${init.token} names no entry of accounts or contracts`);
    else if (init.token.startsWith("@") && kindOf(init.token) !== "token")
      problem(`${path}.token`, `${init.token} must be a contract of kind "token"`);
    if (init.stablecoin !== null && !resolves(init.stablecoin))
      problem(`${path}.stablecoin`, `${init.stablecoin} names no entry of accounts or contracts`);
    if (init.stablecoin !== null && init.stablecoin === init.token)
      problem(`${path}.stablecoin`, "must differ from the token");
    const registered = (token: string) =>
      (config.storage_registrations ?? []).some((r) => r.contract === token && r.account === self);
    if (fundedVaults.has(self) && !registered(init.token))
      problem(
        `${path}.token`,
        `${self} must be registered on ${init.token} (storage_registrations) to receive its stage funding`,
      );
    if (init.stablecoin !== null && !registered(init.stablecoin))
      problem(
        `${path}.stablecoin`,
        `${self} must be registered on ${init.stablecoin} (storage_registrations) to receive royalties in it`,
      );
    const excluded = (config.revenue_exclusions ?? []).some((e) => e.token === init.token && e.account === self);
    if (kindOf(init.token) === "token" && !excluded)
      problem(
        `${path}.token`,
        `${self} must be in revenue_exclusions of ${init.token}: the pools it holds would earn the holders' revenue, which the vault cannot claim`,
      );
  }

  // Roles: attestor_manager exists only on vaults; each vault's role-gated steps need a holder the scripts can sign as.
  roles.forEach((grant, i) => {
    if (grant.role === "attestor_manager" && resolves(grant.contract) && kindOf(grant.contract) !== "vault")
      problem(`roles.${i}.role`, `attestor_manager is a role of vault contracts only, not of ${grant.contract}`);
  });
  const needsSigner = (vault: string, role: string, path: string, what: string) => {
    if (kindOf(vault) === "vault" && roleSignerRef(config, vault, role) === undefined)
      problem(
        path,
        `${what} needs ${role === "attestor_manager" ? "an" : "a"} ${role} role on ${vault} held by the master or a suite account (the scripts sign as it)`,
      );
  };

  // Attestors.
  const attestorCount = new Map<string, number>();
  const seenAttestors = new Set<string>();
  attestors.forEach((attestor, i) => {
    const path = `vault_attestors.${i}`;
    checkVaultRef(`${path}.vault`, attestor.vault);
    if (!resolves(attestor.account))
      problem(`${path}.account`, `${attestor.account} names no entry of accounts or contracts`);
    const key = `${attestor.vault}/${attestor.account}`;
    if (seenAttestors.has(key)) problem(`${path}.account`, `${attestor.account} is listed twice for ${attestor.vault}`);
    seenAttestors.add(key);
    attestorCount.set(attestor.vault, (attestorCount.get(attestor.vault) ?? 0) + 1);
    checkMoment(`${path}.expires`, attestor.expires, true);
    if (i === attestors.findIndex((a) => a.vault === attestor.vault))
      needsSigner(attestor.vault, "attestor_manager", `${path}.vault`, "admitting attestors");
  });
  for (const [vault, count] of attestorCount) {
    if (count > MAX_ATTESTORS)
      problem("vault_attestors", `${vault} lists ${count} attestors, more than ${MAX_ATTESTORS}`);
  }

  // Stages and their funding.
  const seenStages = new Set<string>();
  const fundedBy = new Map<string, { total: bigint; token: string; path: string }>();
  stages.forEach((stage, i) => {
    const path = `vault_stages.${i}`;
    checkVaultRef(`${path}.vault`, stage.vault);
    const key = `${stage.vault}/${stage.stage}`;
    if (seenStages.has(key)) problem(`${path}.stage`, `stage ${stage.stage} of ${stage.vault} is configured twice`);
    seenStages.add(key);
    if (asBig(stage.epoch_reward) === 0n) problem(`${path}.epoch_reward`, "must be positive");
    const available = attestorCount.get(stage.vault) ?? 0;
    if (stage.quorum > available)
      problem(
        `${path}.quorum`,
        `${stage.quorum} exceeds the ${available} attestor(s) vault_attestors lists for ${stage.vault}`,
      );
    if (stage.challenge_window_s > MAX_CHALLENGE_WINDOW_S)
      problem(`${path}.challenge_window_s`, "must be at most 30 days");
    const minWindow = MIN_CHALLENGE_WINDOW_S[config.network] ?? 0;
    if (stage.challenge_window_s < minWindow)
      problem(
        `${path}.challenge_window_s`,
        `must be at least ${minWindow} s on ${config.network} (time for a guardian's veto)`,
      );
    checkMoment(`${path}.claim_deadline`, stage.claim_deadline, true);
    const vesting = stage.vesting;
    if (vesting) {
      checkMoment(`${path}.vesting.start`, vesting.start, false);
      if (vesting.duration_s > MAX_VESTING_S) problem(`${path}.vesting.duration_s`, "must be at most 10 years");
      if (vesting.cliff_s > MAX_VESTING_S) problem(`${path}.vesting.cliff_s`, "must be at most 10 years");
      if (vesting.duration_s > 0 && vesting.cliff_s > vesting.duration_s)
        problem(`${path}.vesting.cliff_s`, "must not exceed vesting.duration_s");
    }
    if (stage.requires_qualification && stage.stage === 0)
      problem(`${path}.requires_qualification`, "stage 0 has no previous stage to qualify in");
    if (i === stages.findIndex((s) => s.vault === stage.vault)) {
      needsSigner(stage.vault, "config", `${path}.vault`, "configuring stages");
      if (kindOf(stage.vault) === "vault" && !roles.some((g) => g.contract === stage.vault && g.role === "guardian"))
        problem(`${path}.vault`, `${stage.vault} has stages but no guardian role to veto a wrong epoch`);
    }
    const funding = stage.funding;
    if (!funding) return;
    if (!resolves(funding.from))
      problem(`${path}.funding.from`, `${funding.from} names no entry of accounts or contracts`);
    else if (!signable(funding.from))
      problem(`${path}.funding.from`, "must be the master or a suite account (the scripts sign the transfer)");
    if (asBig(funding.amount) === 0n) problem(`${path}.funding.amount`, "must be positive");
    const vaultInit = stage.vault.startsWith("@") ? contracts[stage.vault.slice(1)]?.init : undefined;
    if (vaultInit?.kind !== "vault") return;
    const funder = `${vaultInit.token}/${funding.from}`;
    const sum = fundedBy.get(funder) ?? { total: 0n, token: vaultInit.token, path: `${path}.funding.amount` };
    sum.total += asBig(funding.amount);
    fundedBy.set(funder, sum);
  });

  // A funder cannot send more than its allocation of a suite token (what else it holds at deploy time is unknown).
  for (const [funder, sum] of fundedBy) {
    const from = funder.slice(funder.indexOf("/") + 1);
    const token = sum.token.startsWith("@") ? contracts[sum.token.slice(1)]?.init : undefined;
    if (token?.kind !== "token") continue;
    const allocation = (token.allocations ?? [])
      .filter((a) => a.account === from)
      .reduce((total, a) => total + asBig(a.amount), 0n);
    if (sum.total > allocation)
      problem(
        sum.path,
        `stages funded by ${from} add up to ${sum.total}, more than its allocation ${allocation} of ${sum.token}`,
      );
  }
  return problems;
}
