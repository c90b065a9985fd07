/**
 * The deployment as a list of named steps. Each step looks at the chain and
 * answers "done" or "send this transaction"; that one check is what makes a
 * deploy idempotent (nothing changed → nothing sent) and resumable (an
 * interrupted run → the next run sends only the missing steps). The runner
 * checks again after sending, so a transaction that "succeeded" without the
 * intended effect stops the deploy.
 *
 * Contracts are created, deployed and initialised in ONE transaction from the
 * master account: either the account exists with code and state or not at
 * all, and nobody can call `init` in between. A contract whose code differs
 * from the build goes through its own `upgrade` (deploy + migrate in one
 * receipt), never a redeploy over its state.
 *
 * Timelocked changes (upgrades, compute providers, fee splits) take two steps: one
 * schedules the operation (done once it is queued), the next executes it
 * once its delay has passed. With the local delay of 0 both run in one
 * deploy; on testnet/mainnet the first run schedules and reports when the
 * operation becomes executable ("pending until …: rerun the deploy then"),
 * and the rerun after that time executes it.
 */
import type { RoundConfigJson, RoundView as SaleRoundView, TimelockView } from "../../contracts/sale/interface.ts";
import type { ContractConfig as TokenConfig, TokenActionArgs } from "../../contracts/token/interface.ts";
import type { RoundEntry } from "../config/schema.ts";
import type { Suite } from "../config/validate.ts";
import { TGAS } from "../config/units.ts";
import { EMPTY_CODE_HASH, type WasmArtifact } from "./artifacts.ts";
import type { ChainClient, PlannedAction, PlannedTx } from "./chain.ts";
import { kindOf } from "./contract-kinds.ts";
import { describedRoundConfig, roundDifferences } from "./drift.ts";
import { feesDeploySteps } from "./deploy-steps-fees.ts";
import { vaultDeploySteps } from "./deploy-steps-vault.ts";

export interface DeployContext {
  suite: Suite;
  chain: ChainClient;
  artifacts: Map<string, WasmArtifact>;
  /** A dry run must not even create key files. */
  dryRun: boolean;
}

/** The key a new suite account gets; in a dry run, a placeholder instead of generating (and saving) one. */
async function newAccountKey(ctx: DeployContext, accountId: string): Promise<string> {
  if (ctx.dryRun && !ctx.chain.keys.canSign(accountId)) return "<new ed25519 key, saved at deploy>";
  return (await ctx.chain.keys.publicKeyForNewAccount(accountId)).toString();
}

export type StepCheck = { done: true; detail: string } | { done: false; tx: PlannedTx; detail: string };

export interface DeployStep {
  /** Stable id, e.g. `contract:token`; the manifest records steps by it. */
  id: string;
  title: string;
  check(ctx: DeployContext): Promise<StepCheck>;
}

export const GAS = {
  init: 100n * TGAS,
  upgrade: 300n * TGAS,
  adminCall: 30n * TGAS,
  storageDeposit: 30n * TGAS,
  createRound: 50n * TGAS,
  timelockSchedule: 50n * TGAS,
  timelockExecute: 100n * TGAS,
  confirmMetadata: 100n * TGAS,
};

/** Every privileged call of the suite's contracts attaches exactly 1 yoctoNEAR (a full-access key signed it). */
const ONE_YOCTO = 1n;

const isoOfNs = (ns: string) => new Date(Number(BigInt(ns) / 1_000_000n)).toISOString();

/** The queued operation of `contractId` with this action whose args match, if any. */
export async function findQueued(
  chain: ChainClient,
  contractId: string,
  action: string,
  matches: (args: Record<string, unknown>) => boolean,
): Promise<TimelockView["operations"][number] | undefined> {
  const info = await chain.viewOrUndefined<TimelockView>(contractId, "timelock_info");
  return info?.operations.find((op) => op.action === action && matches(op.args));
}

/**
 * The two steps of a timelocked change: `schedule:<id>` queues it unless it
 * is applied or queued already; `<id>` executes it once ready (a queued but
 * not yet ready operation counts as done for this run, with the time to
 * rerun in its detail).
 */
export function timelockedSteps(spec: {
  id: string;
  title: string;
  contractId: string;
  signer: string;
  action: string;
  /** The operation's args (from the context: an upgrade's code hash comes from the build). */
  args(ctx: DeployContext): Record<string, unknown>;
  applied(ctx: DeployContext): Promise<boolean>;
  /** The transaction that applies a ready operation (default: timelock_execute). */
  execute?(ctx: DeployContext): PlannedTx;
  appliedDetail: string;
}): DeployStep[] {
  const queued = (ctx: DeployContext) => {
    const wanted = JSON.stringify(spec.args(ctx));
    return findQueued(ctx.chain, spec.contractId, spec.action, (args) => JSON.stringify(args) === wanted);
  };
  return [
    {
      id: `schedule:${spec.id}`,
      title: `schedule ${spec.action} on ${spec.contractId} (timelock)`,
      async check(ctx) {
        if (await spec.applied(ctx)) return done(spec.appliedDetail);
        const op = await queued(ctx);
        if (op) return done(`queued as operation ${op.id}, executable at ${isoOfNs(op.ready_at_ns)}`);
        return send(
          {
            signerId: spec.signer,
            receiverId: spec.contractId,
            actions: [
              call("timelock_schedule", { action: spec.action, args: spec.args(ctx) }, GAS.timelockSchedule, ONE_YOCTO),
            ],
          },
          "not scheduled",
        );
      },
    },
    {
      id: spec.id,
      title: spec.title,
      async check(ctx) {
        if (await spec.applied(ctx)) return done(spec.appliedDetail);
        const op = await queued(ctx);
        if (!op) return done(`waits for schedule:${spec.id}`);
        const head = await ctx.chain.head();
        if (head.timestampNs < BigInt(op.ready_at_ns)) {
          return done(
            `PENDING: operation ${op.id} becomes executable at ${isoOfNs(op.ready_at_ns)}; rerun the deploy after that time`,
          );
        }
        const tx = spec.execute
          ? spec.execute(ctx)
          : {
              signerId: spec.signer,
              receiverId: spec.contractId,
              actions: [call("timelock_execute", { id: op.id }, GAS.timelockExecute, ONE_YOCTO)],
            };
        return send(tx, `operation ${op.id} is ready`);
      },
    },
  ];
}

/** Used by a dry run when the contract to ask for its NEP-145 bound is not deployed yet; the contracts refund any excess. */
const STORAGE_DEPOSIT_FALLBACK = 12_500_000_000_000_000_000_000n; // 0.0125 NEAR

export const done = (detail: string): StepCheck => ({ done: true, detail });
export const send = (tx: PlannedTx, detail: string): StepCheck => ({ done: false, tx, detail });
export const call = (
  method: string,
  args: Record<string, unknown> | Uint8Array,
  gas: bigint,
  deposit = 0n,
): PlannedAction => ({ type: "FunctionCall", method, args, gas, deposit });

export function buildDeploySteps(suite: Suite): DeployStep[] {
  const { config } = suite;
  const master = config.master_account_id;
  const steps: DeployStep[] = [];
  const ownerOf = (contractRef: string): string => {
    const entry = config.contracts[contractRef.slice(1)];
    return entry ? suite.resolve(entry.init.owner) : master;
  };

  // 1. Plain accounts (treasury, providers, demo buyers…).
  for (const [name, entry] of Object.entries(config.accounts)) {
    const accountId = suite.resolve(`@${name}`);
    steps.push({
      id: `account:${name}`,
      title: `create account ${accountId}`,
      async check(ctx) {
        if (await ctx.chain.accountExists(accountId)) return done("exists");
        const publicKey = await newAccountKey(ctx, accountId);
        return send(
          {
            signerId: master,
            receiverId: accountId,
            actions: [
              { type: "CreateAccount" },
              { type: "Transfer", deposit: entry.initial_balance },
              { type: "AddFullAccessKey", publicKey },
            ],
          },
          "missing",
        );
      },
    });
  }

  // 2. Contracts: create + deploy + init atomically, in config order.
  for (const [name, entry] of Object.entries(config.contracts)) {
    const accountId = suite.resolve(`@${name}`);
    const kind = kindOf(entry);
    steps.push({
      id: `contract:${name}`,
      title: `deploy and initialise ${entry.wasm} on ${accountId}`,
      async check(ctx) {
        const { chain, artifacts } = ctx;
        if (await chain.hasSdkState(accountId)) return done("initialised");
        const artifact = artifacts.get(entry.wasm)!;
        const deployAndInit: PlannedAction[] = [
          { type: "DeployContract", code: artifact.code, sha256: artifact.sha256 },
          call(kind.initMethod, kind.initArgs(entry, suite, name), GAS.init),
        ];
        if (await chain.accountExists(accountId)) {
          // Created earlier without code (or by hand): the account deploys to itself.
          return send(
            { signerId: accountId, receiverId: accountId, actions: deployAndInit },
            "account exists without state",
          );
        }
        const publicKey = await newAccountKey(ctx, accountId);
        return send(
          {
            signerId: master,
            receiverId: accountId,
            actions: [
              { type: "CreateAccount" },
              { type: "Transfer", deposit: entry.initial_balance },
              { type: "AddFullAccessKey", publicKey },
              ...deployAndInit,
            ],
          },
          "missing",
        );
      },
    });
  }

  // 3. Code drift: a changed build is scheduled as an `upgrade` (its sha256) and, once the delay passed,
  //    sent to the contract's upgrade + migrate (the contract checks the scheduled hash).
  for (const [name, entry] of Object.entries(config.contracts)) {
    const accountId = suite.resolve(`@${name}`);
    const owner = suite.resolve(entry.init.owner);
    const artifactOf = (ctx: DeployContext) => ctx.artifacts.get(entry.wasm)!;
    const [schedule, execute] = timelockedSteps({
      id: `code:${name}`,
      title: `code of ${accountId} matches build/${entry.wasm}.wasm`,
      contractId: accountId,
      signer: owner,
      action: "upgrade",
      args: (ctx) => ({ code_hash: artifactOf(ctx).sha256 }),
      async applied(ctx) {
        const onChain = await ctx.chain.codeHash(accountId);
        // Not deployed and initialised yet: contract:<name> deploys the current build, no upgrade needed.
        if (onChain === undefined || onChain === EMPTY_CODE_HASH || !(await ctx.chain.hasSdkState(accountId)))
          return true;
        return onChain === artifactOf(ctx).codeHash;
      },
      execute: (ctx) => ({
        signerId: owner,
        receiverId: accountId,
        actions: [call("upgrade", artifactOf(ctx).code, GAS.upgrade, ONE_YOCTO)],
      }),
      appliedDetail: `code matches the build (or deployed by contract:${name})`,
    });
    steps.push(schedule, execute);
  }

  // 4. NEP-145 registrations (e.g. the sale and the token on the stablecoin).
  for (const registration of config.storage_registrations) {
    const contractId = suite.resolve(registration.contract);
    const accountId = suite.resolve(registration.account);
    steps.push({
      id: `storage:${contractId}:${accountId}`,
      title: `register ${accountId} on ${contractId} (NEP-145)`,
      async check({ chain }) {
        const balance = await chain.viewOrUndefined<unknown>(contractId, "storage_balance_of", {
          account_id: accountId,
        });
        if (balance) return done("registered");
        const bounds = await chain.viewOrUndefined<{ min: string }>(contractId, "storage_balance_bounds");
        const deposit = bounds ? BigInt(bounds.min) : STORAGE_DEPOSIT_FALLBACK;
        return send(
          {
            signerId: master,
            receiverId: contractId,
            actions: [
              call("storage_deposit", { account_id: accountId, registration_only: true }, GAS.storageDeposit, deposit),
            ],
          },
          "not registered",
        );
      },
    });
  }

  // 5. Wiring of the token: linked sale and revenue stablecoin (init sets both; a drift goes through its timelock).
  for (const [name, entry] of Object.entries(config.contracts)) {
    if (entry.init.kind !== "token") continue;
    const init = entry.init;
    const tokenId = suite.resolve(`@${name}`);
    const wantSale = init.sale ? suite.resolve(init.sale) : null;
    const wantRevenue = init.revenue_token ? suite.resolve(init.revenue_token) : null;
    // Before the contract exists, init sets both.
    const tokenConfig = (chain: ChainClient) => chain.viewOrUndefined<TokenConfig>(tokenId, "contract_config");
    steps.push(
      ...timelockedSteps({
        id: `links:${name}:sale`,
        title: `${tokenId} reinvests into ${wantSale}`,
        contractId: tokenId,
        signer: ownerOf(`@${name}`),
        action: "set_sale_contract",
        args: () => ({ account_id: wantSale }) satisfies TokenActionArgs["set_sale_contract"],
        applied: async ({ chain }) => {
          const current = await tokenConfig(chain);
          return current === undefined || current.sale_contract_id === wantSale;
        },
        appliedDetail: `sale ${wantSale}`,
      }),
    );
    if (wantRevenue === null) continue;
    steps.push(
      ...timelockedSteps({
        id: `links:${name}:revenue-token`,
        title: `${tokenId} takes revenue in ${wantRevenue}`,
        contractId: tokenId,
        signer: ownerOf(`@${name}`),
        action: "set_revenue_token",
        args: () => ({ token_id: wantRevenue }) satisfies TokenActionArgs["set_revenue_token"],
        applied: async ({ chain }) => {
          const current = await tokenConfig(chain);
          return current === undefined || current.revenue_token_id === wantRevenue;
        },
        appliedDetail: `stablecoin ${wantRevenue}`,
      }),
    );
  }

  // 6. Revenue exclusions, through the token's timelock (allocations are excluded by init already).
  for (const exclusion of config.revenue_exclusions) {
    const tokenId = suite.resolve(exclusion.token);
    const accountId = suite.resolve(exclusion.account);
    // The token's init excludes its allocations (unless earns_revenue): a plan made before the token exists
    // must not count a transaction the deploy will never send.
    const tokenInit = config.contracts[exclusion.token.slice(1)]?.init;
    const excludedByInit =
      tokenInit?.kind === "token" &&
      tokenInit.allocations.some((a) => a.account === exclusion.account && !a.earns_revenue);
    steps.push(
      ...timelockedSteps({
        id: `exclusion:${tokenId}:${accountId}`,
        title: `${accountId} earns no revenue on ${tokenId}`,
        contractId: tokenId,
        signer: ownerOf(exclusion.token),
        action: "set_revenue_exclusion",
        args: () => ({ account_id: accountId, excluded: true }) satisfies TokenActionArgs["set_revenue_exclusion"],
        applied: async ({ chain }) => {
          const excluded = await chain.viewOrUndefined<boolean>(tokenId, "is_excluded", { account_id: accountId });
          return excluded === true || (excluded === undefined && excludedByInit);
        },
        appliedDetail: "excluded",
      }),
    );
  }

  // 7. Roles.
  for (const grant of config.roles) {
    const contractId = suite.resolve(grant.contract);
    const accountId = suite.resolve(grant.account);
    const entry = config.contracts[grant.contract.slice(1)];
    const adminView = kindOf(entry).adminView;
    steps.push({
      id: `role:${contractId}:${grant.role}:${accountId}`,
      title: `${accountId} holds role ${grant.role} on ${contractId}`,
      async check({ chain }) {
        const admin = adminView
          ? await chain.viewOrUndefined<{ roles: Record<string, string[]> }>(contractId, adminView)
          : undefined;
        if (admin?.roles?.[grant.role]?.includes(accountId)) return done("granted");
        return send(
          {
            signerId: ownerOf(grant.contract),
            receiverId: contractId,
            actions: [call("grant_role", { role: grant.role, account_id: accountId }, GAS.adminCall, ONE_YOCTO)],
          },
          "not granted",
        );
      },
    });
  }

  // 8. Compute providers: approvals go through the sale's timelock.
  for (const provider of config.compute_providers) {
    const saleId = suite.resolve(provider.sale);
    const accountId = suite.resolve(provider.account);
    steps.push(
      ...timelockedSteps({
        id: `provider:${saleId}:${accountId}`,
        title: `${accountId} is an approved compute provider of ${saleId}`,
        contractId: saleId,
        signer: ownerOf(provider.sale),
        action: "approve_provider",
        args: () => ({ account_id: accountId }),
        applied: async ({ chain }) =>
          (await chain.viewOrUndefined<string[]>(saleId, "providers"))?.includes(accountId) ?? false,
        appliedDetail: "approved",
      }),
    );
  }

  // 9. Each sale's token_decimals confirmed against the token's ft_metadata (init asks; this retries).
  for (const [name, entry] of Object.entries(config.contracts)) {
    if (entry.init.kind !== "sale") continue;
    const saleId = suite.resolve(`@${name}`);
    steps.push({
      id: `token-metadata:${name}`,
      title: `${saleId} confirmed its token's decimals`,
      async check({ chain }) {
        const current = await chain.viewOrUndefined<{ token_metadata_confirmed: boolean }>(saleId, "contract_config");
        if (current === undefined) return done("confirmed by init");
        if (current.token_metadata_confirmed) return done("confirmed");
        return send(
          {
            signerId: master,
            receiverId: saleId,
            actions: [call("confirm_token_metadata", {}, GAS.confirmMetadata)],
          },
          "not confirmed (token_decimals must equal the token's ft_metadata.decimals)",
        );
      },
    });
  }

  // 10. Rounds, found by their unique key (the sale refuses a second create_round with the same key).
  for (const round of config.rounds) {
    const saleId = suite.resolve(round.sale);
    const key = roundKeyOf(round);
    steps.push({
      id: `round:${saleId}:${key}`,
      title: `round "${key}" exists on ${saleId}`,
      async check({ chain }) {
        const existing = await findRound(chain, saleId, key);
        if (existing) {
          // A changed description: update_round while the round has not opened (drift.ts refuses it after).
          const differences = existing.status === "upcoming" ? roundDifferences(round, existing) : [];
          if (differences.length === 0) return done(`round ${existing.round_id} (${existing.status})`);
          const config = describedRoundConfig(round, existing);
          return send(
            {
              signerId: ownerOf(round.sale),
              receiverId: saleId,
              actions: [call("update_round", { round_id: existing.round_id, config }, GAS.createRound, ONE_YOCTO)],
            },
            `round ${existing.round_id} differs: ${differences.join("; ")}`,
          );
        }
        const head = await chain.head().catch(() => ({ timestampNs: BigInt(Date.now()) * 1_000_000n }));
        return send(
          {
            signerId: ownerOf(round.sale),
            receiverId: saleId,
            actions: [
              call(
                "create_round",
                { key, config: roundConfigJson(round, head.timestampNs) },
                GAS.createRound,
                ONE_YOCTO,
              ),
            ],
          },
          "missing",
        );
      },
    });
  }

  // 11. Contributor vaults: attestors, stage configurations, stage funding (deploy-steps-vault.ts).
  steps.push(...vaultDeploySteps(suite));
  // 12. Fee routers: reserve and protocol accounts, splits, prices, provider approvals (deploy-steps-fees.ts).
  steps.push(...feesDeploySteps(suite));
  return steps;
}

/** The round's unique key on its sale: `key`, or its name when none is configured. */
export function roundKeyOf(round: RoundEntry): string {
  return round.key ?? round.name;
}

export type RoundView = SaleRoundView;

/** Pages through the sale's `rounds` view (at most 25 per page). */
export async function listRounds(chain: ChainClient, saleId: string): Promise<RoundView[]> {
  const rounds: RoundView[] = [];
  for (let from = 0; ; from += 25) {
    const page = await chain.viewOrUndefined<RoundView[]>(saleId, "rounds", { from_index: from, limit: 25 });
    if (!page || page.length === 0) return rounds;
    rounds.push(...page);
    if (page.length < 25) return rounds;
  }
}

/** The round created with `key` (one view: the sale keeps a key → id map). */
export async function findRound(chain: ChainClient, saleId: string, key: string): Promise<RoundView | undefined> {
  return (await chain.viewOrUndefined<RoundView | null>(saleId, "round_by_key", { key })) ?? undefined;
}

const NS_PER_S = 1_000_000_000n;

/** The sale's `create_round` config: seconds → absolute nanoseconds, bigint → decimal strings. */
export function roundConfigJson(round: RoundEntry, nowNs: bigint): RoundConfigJson {
  const start =
    "at" in round.starts
      ? BigInt(Date.parse(round.starts.at)) * 1_000_000n
      : nowNs + BigInt(round.starts.after_creation_s) * NS_PER_S;
  const end = start + BigInt(round.duration_s) * NS_PER_S;
  const optional = (v: bigint | undefined) => (v === undefined ? null : v.toString());
  return {
    name: round.name,
    start_ns: start.toString(),
    end_ns: end.toString(),
    token_allocation: round.token_allocation.toString(),
    hard_cap: round.hard_cap.toString(),
    soft_cap: round.soft_cap.toString(),
    min_per_account: optional(round.min_per_account),
    max_per_account: optional(round.max_per_account),
    price_near: optional(round.price_near ?? undefined),
    price_ft: optional(round.price_ft ?? undefined),
    tiers: null,
    allowlist_root: null,
    vesting: {
      tge_bps: round.vesting.tge_bps,
      cliff_ns: (BigInt(round.vesting.cliff_s) * NS_PER_S).toString(),
      duration_ns: (BigInt(round.vesting.duration_s) * NS_PER_S).toString(),
    },
    release_schedule: round.release_schedule.map((step) => ({
      after_end_ns: (BigInt(step.after_end_s) * NS_PER_S).toString(),
      max_bps: step.max_bps,
    })),
  };
}
