/**
 * Validation of a suite description: field shapes (zod) and then every rule
 * that spans fields. Returns all problems at once, each prefixed by its path,
 * so a bad config is fixed in one pass; callers send nothing unless `ok`.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { suiteSchema, type ContractEntry, type SuiteConfig } from "./schema.ts";
import { checkFees } from "./validate-fees.ts";
import { checkVaults } from "./validate-vault.ts";

export type Validation = { ok: true; suite: Suite } | { ok: false; problems: string[] };

/** A validated suite plus the account ids its references resolve to. */
export interface Suite {
  config: SuiteConfig;
  /** sha256 of the canonical JSON of the input description (recorded in the manifest). */
  configHash: string;
  /** "@name" or a literal id → account id. Only call on references that passed validation. */
  resolve(ref: string): string;
  /** Name → account id, for every suite account and contract. */
  accountIds: Map<string, string>;
}

export function validateSuite(input: unknown): Validation {
  const parsed = suiteSchema.safeParse(input);
  if (!parsed.success) {
    // Also report the cross-field problems of the parts that are well-formed, so one pass lists everything.
    const shapeProblems = formatIssues(parsed.error.issues);
    return { ok: false, problems: [...shapeProblems, ...bestEffortCrossChecks(input, shapeProblems)] };
  }
  const config = parsed.data;
  const problems = checkSuite(config);
  if (problems.length > 0) return { ok: false, problems };
  const accountIds = suiteAccountIds(config);
  return {
    ok: true,
    suite: {
      config,
      configHash: sha256Hex(canonicalJson(input)),
      accountIds,
      resolve: (ref) => (ref.startsWith("@") ? accountIds.get(ref.slice(1))! : ref),
    },
  };
}

/** Throws one error listing every problem (for CLIs and tests that want an exception). */
export function assertValidSuite(input: unknown): Suite {
  const result = validateSuite(input);
  if (!result.ok) throw new InvalidSuiteError(result.problems);
  return result.suite;
}

export class InvalidSuiteError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `invalid suite description (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.name = "InvalidSuiteError";
  }
}

function formatIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`);
}

function suiteAccountIds(config: SuiteConfig): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [name, entry] of [...Object.entries(config.accounts), ...Object.entries(config.contracts)]) {
    ids.set(name, `${entry.sub}.${config.master_account_id}`);
  }
  return ids;
}

/** Fields holding base-unit amounts (decimal strings in the input, bigint after parsing). */
const AMOUNT_KEYS = new Set([
  "initial_balance",
  "max_supply",
  "amount",
  "token_allocation",
  "hard_cap",
  "soft_cap",
  "min_per_account",
  "max_per_account",
  "price_near",
  "price_ft",
  "timelock_delay_ns",
  "min_eligible_supply",
  "revenue_stream_ns",
  "per_million_input",
  "per_million_output",
  "per_request",
  "bond",
]);

const NS_PER_S = 1_000_000_000n;
const YEAR_S = 365 * 24 * 3600;
const TWO_YEARS_S = 2 * YEAR_S;
const FIVE_YEARS_S = 5 * YEAR_S;
/** The contracts' own ceiling (common/timelock.ts MAX_TIMELOCK_DELAY_NS). */
export const MAX_TIMELOCK_DELAY_NS = 30n * 24n * 3600n * NS_PER_S;
/** Shortest delay a public network accepts: holders and guardians need time to see a queued upgrade or sweep. */
export const MIN_TIMELOCK_DELAY_NS: Record<SuiteConfig["network"], bigint> = {
  local: 0n,
  testnet: 3600n * NS_PER_S,
  mainnet: 24n * 3600n * NS_PER_S,
};

/**
 * checkSuite on an input that failed the shape check: amounts are converted
 * as parsing would (malformed ones, already reported, become 0), and any
 * problem under a path the shape check already reported is dropped. If the
 * input is too broken to walk, only the shape problems are reported.
 */
function bestEffortCrossChecks(input: unknown, shapeProblems: string[]): string[] {
  const toAmounts = (value: unknown, key = ""): unknown => {
    if (typeof value === "string" && AMOUNT_KEYS.has(key)) return /^\d+$/.test(value) ? BigInt(value) : 0n;
    if (Array.isArray(value)) return value.map((v) => toAmounts(v));
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toAmounts(v, k)]));
    return value;
  };
  const reported = shapeProblems.map((p) => p.slice(0, p.indexOf(":")));
  try {
    return checkSuite(toAmounts(input) as SuiteConfig).filter((problem) => {
      const path = problem.slice(0, problem.indexOf(":"));
      return !reported.some(
        (r) => r === "(root)" || path === r || path.startsWith(`${r}.`) || r.startsWith(`${path}.`),
      );
    });
  } catch {
    return [];
  }
}

/** Every rule spanning several fields. */
function checkSuite(config: SuiteConfig): string[] {
  const problems: string[] = [];
  const problem = (path: string, message: string) => problems.push(`${path}: ${message}`);
  const contracts = config.contracts;
  const names = new Set([...Object.keys(config.accounts), ...Object.keys(contracts)]);

  // Names and sub-account labels are unique; full ids fit NEAR's 64 characters.
  const subs = new Map<string, string>();
  for (const [section, entries] of [
    ["accounts", config.accounts],
    ["contracts", contracts],
  ] as const) {
    for (const [name, entry] of Object.entries(entries)) {
      if (section === "contracts" && name in config.accounts)
        problem(`contracts.${name}`, `"${name}" is also an entry of accounts`);
      const previous = subs.get(entry.sub);
      if (previous) problem(`${section}.${name}.sub`, `"${entry.sub}" is already used by ${previous}`);
      subs.set(entry.sub, `${section}.${name}`);
      const id = `${entry.sub}.${config.master_account_id}`;
      if (id.length > 64) problem(`${section}.${name}.sub`, `${id} is longer than 64 characters`);
    }
  }

  const kindOf = (ref: string): ContractEntry["init"]["kind"] | undefined =>
    ref.startsWith("@") ? contracts[ref.slice(1)]?.init.kind : undefined;
  const checkRef = (path: string, ref: string | null | undefined) => {
    if (ref?.startsWith("@") && !names.has(ref.slice(1)))
      problem(path, `${ref} names no entry of accounts or contracts`);
  };
  const checkContractRef = (path: string, ref: string, kind: string) => {
    checkRef(path, ref);
    if (ref.startsWith("@") && names.has(ref.slice(1)) && kindOf(ref) !== kind)
      problem(path, `${ref} must be a contract of kind "${kind}"`);
  };
  // Scripts sign as owners, so an owner must be an account whose key they hold.
  const checkOwner = (path: string, ref: string) => {
    checkRef(path, ref);
    if (!ref.startsWith("@") && ref !== config.master_account_id) {
      problem(
        path,
        `owner must be the master account or a suite account (the scripts sign as the owner); hand over with propose_owner afterwards`,
      );
    }
  };

  // Network sanity: the master account belongs to the network.
  if (
    config.network === "mainnet" &&
    !config.master_account_id.endsWith(".near") &&
    !/^[0-9a-f]{64}$/.test(config.master_account_id)
  ) {
    problem("master_account_id", "a mainnet master account ends with .near (or is implicit)");
  }
  if (
    config.network === "testnet" &&
    !config.master_account_id.endsWith(".testnet") &&
    !/^[0-9a-f]{64}$/.test(config.master_account_id)
  ) {
    problem("master_account_id", "a testnet master account ends with .testnet (or is implicit)");
  }

  // Per-token inventory held by each sale: the token's allocations to it.
  const saleInventory = new Map<string, bigint>();
  for (const [name, entry] of Object.entries(contracts)) {
    const path = `contracts.${name}.init`;
    const init = entry.init;
    const minDelay = MIN_TIMELOCK_DELAY_NS[config.network] ?? 0n;
    if (entry.timelock_delay_ns < minDelay)
      problem(`contracts.${name}.timelock_delay_ns`, `must be at least ${minDelay} ns on ${config.network}`);
    if (entry.timelock_delay_ns > MAX_TIMELOCK_DELAY_NS)
      problem(`contracts.${name}.timelock_delay_ns`, `must be at most ${MAX_TIMELOCK_DELAY_NS} ns (30 days)`);
    checkOwner(`${path}.owner`, init.owner);
    if (init.kind === "token") {
      let total = 0n;
      const seen = new Set<string>();
      init.allocations.forEach((allocation, i) => {
        checkRef(`${path}.allocations.${i}.account`, allocation.account);
        if (seen.has(allocation.account))
          problem(`${path}.allocations.${i}.account`, `${allocation.account} is allocated twice`);
        seen.add(allocation.account);
        total += allocation.amount;
        if (allocation.amount === 0n) problem(`${path}.allocations.${i}.amount`, "must be positive");
        if (kindOf(allocation.account) === "sale") {
          saleInventory.set(allocation.account, (saleInventory.get(allocation.account) ?? 0n) + allocation.amount);
        }
      });
      if (total !== init.max_supply)
        problem(`${path}.allocations`, `add up to ${total}, but max_supply is ${init.max_supply}`);
      if (init.max_supply === 0n) problem(`${path}.max_supply`, "must be positive");
      checkRef(`${path}.revenue_token`, init.revenue_token);
      if (init.sale) checkContractRef(`${path}.sale`, init.sale, "sale");
    } else if (init.kind === "sale") {
      checkContractRef(`${path}.token`, init.token, "token");
      checkRef(`${path}.stablecoin`, init.stablecoin);
      if (init.stablecoin && init.stablecoin === init.token)
        problem(`${path}.stablecoin`, "must differ from the token");
      const token = init.token.startsWith("@") ? contracts[init.token.slice(1)] : undefined;
      if (token?.init.kind === "token" && !token.init.allocations.some((a) => a.account === `@${name}`)) {
        problem(`${path}.token`, `${init.token} allocates nothing to @${name}: the sale would have no inventory`);
      }
    } else if (init.kind === "generic") {
      walkStrings(init.args, (value, where) => {
        if (value.startsWith("@")) checkRef(`${path}.args${where}`, value);
      });
    }
  }

  config.revenue_exclusions.forEach((e, i) => {
    checkContractRef(`revenue_exclusions.${i}.token`, e.token, "token");
    checkRef(`revenue_exclusions.${i}.account`, e.account);
  });
  config.storage_registrations.forEach((r, i) => {
    checkRef(`storage_registrations.${i}.contract`, r.contract);
    checkRef(`storage_registrations.${i}.account`, r.account);
  });
  config.roles.forEach((r, i) => {
    checkRef(`roles.${i}.contract`, r.contract);
    if (!r.contract.startsWith("@") || !(r.contract.slice(1) in contracts))
      problem(`roles.${i}.contract`, "must be a suite contract");
    checkRef(`roles.${i}.account`, r.account);
  });
  config.compute_providers.forEach((p, i) => {
    checkContractRef(`compute_providers.${i}.sale`, p.sale, "sale");
    checkRef(`compute_providers.${i}.account`, p.account);
  });

  // Rounds: internal consistency, then the sum of allocations against each sale's inventory.
  const reserved = new Map<string, bigint>();
  const roundNames = new Set<string>();
  config.rounds.forEach((round, i) => {
    const path = `rounds.${i}`;
    checkContractRef(`${path}.sale`, round.sale, "sale");
    const roundKey = round.key ?? round.name;
    const key = `${round.sale}/${roundKey}`;
    if (roundNames.has(key))
      problem(`${path}.${round.key === undefined ? "name" : "key"}`, `"${roundKey}" is used twice for ${round.sale}`);
    roundNames.add(key);
    if (round.hard_cap > round.token_allocation) problem(`${path}.hard_cap`, "exceeds token_allocation");
    if (round.soft_cap > round.hard_cap) problem(`${path}.soft_cap`, "exceeds hard_cap");
    if (round.hard_cap === 0n) problem(`${path}.hard_cap`, "must be positive");
    const min = round.min_per_account ?? 0n;
    const max = round.max_per_account ?? round.hard_cap;
    if (min > max) problem(`${path}.min_per_account`, "exceeds max_per_account");
    if (max > round.hard_cap) problem(`${path}.max_per_account`, "exceeds hard_cap");
    if (round.price_near === null && round.price_ft === null)
      problem(path, "accepts no asset: set price_near and/or price_ft");
    if (round.price_near === 0n) problem(`${path}.price_near`, "must be positive or null");
    if (round.price_ft === 0n) problem(`${path}.price_ft`, "must be positive or null");
    const sale = round.sale.startsWith("@") ? contracts[round.sale.slice(1)] : undefined;
    if (round.price_ft !== null && sale?.init.kind === "sale" && sale.init.stablecoin === null) {
      problem(`${path}.price_ft`, `${round.sale} has no stablecoin`);
    }
    if ("at" in round.starts && Date.parse(round.starts.at) <= Date.now() && config.network !== "local") {
      problem(`${path}.starts.at`, "is in the past");
    }
    if ("after_creation_s" in round.starts && config.network === "mainnet") {
      problem(`${path}.starts`, "mainnet rounds need an absolute start ({at: ISO date})");
    }
    const schedule = round.release_schedule;
    schedule.forEach((step, j) => {
      if (j > 0 && step.after_end_s <= schedule[j - 1].after_end_s)
        problem(`${path}.release_schedule.${j}.after_end_s`, "must increase strictly");
      if (j > 0 && step.max_bps <= schedule[j - 1].max_bps)
        problem(`${path}.release_schedule.${j}.max_bps`, "must increase strictly");
    });
    if (schedule.length > 0 && schedule[schedule.length - 1].max_bps !== 10_000)
      problem(`${path}.release_schedule`, "the last step must reach 10000 bps");
    // The sale's bounds (contracts/sale/constants.ts): proceeds and tokens cannot be parked for ever.
    if (schedule.length > 0 && schedule[schedule.length - 1].after_end_s > FIVE_YEARS_S)
      problem(`${path}.release_schedule`, "the last step must be at most 5 years after the end");
    if (round.vesting.cliff_s > TWO_YEARS_S) problem(`${path}.vesting.cliff_s`, "must be at most 2 years");
    if (round.vesting.duration_s > FIVE_YEARS_S) problem(`${path}.vesting.duration_s`, "must be at most 5 years");
    reserved.set(round.sale, (reserved.get(round.sale) ?? 0n) + round.token_allocation);
  });
  for (const [sale, total] of reserved) {
    const inventory = saleInventory.get(sale);
    if (inventory !== undefined && total > inventory)
      problem("rounds", `rounds of ${sale} allocate ${total} tokens, more than its inventory ${inventory}`);
  }
  problems.push(...checkVaults(config));
  problems.push(...checkFees(config));
  return problems;
}

function walkStrings(value: unknown, visit: (value: string, where: string) => void, where = ""): void {
  if (typeof value === "string") visit(value, where);
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) walkStrings(v, visit, `${where}.${i}`);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) walkStrings(v, visit, `${where}.${k}`);
}

/** Replaces "@name" strings anywhere in a JSON value by account ids. */
export function resolveRefsDeep(value: unknown, resolve: (ref: string) => string): unknown {
  if (typeof value === "string") return value.startsWith("@") ? resolve(value) : value;
  if (Array.isArray(value)) return value.map((v) => resolveRefsDeep(v, resolve));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefsDeep(v, resolve)]));
  return value;
}

/** JSON with sorted keys, so the hash does not depend on property order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : typeof v === "bigint"
        ? v.toString()
        : v,
  );
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash("sha256").update(text).digest("hex");
}
