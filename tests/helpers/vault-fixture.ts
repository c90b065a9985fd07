/**
 * Fixture of the vault's chain tests: one local chain per test file with the
 * project token, a stablecoin (a second deployment of the token wasm) and the
 * vault, three attestors, a guardian, contributors on demand, plus helpers
 * for stages, epochs (trees built by the off-chain builder,
 * scripts/lib/merkle-points.ts), claims, time (fastForward) and events.
 */
import type {
  ClaimArgs,
  ContributorView,
  EpochView,
  StageConfigJson,
  StageView,
  TotalsView,
} from "../../contracts/vault/interface.ts";
import { buildEpochTree, type EpochTree, type PointsRow, sha256 } from "../../scripts/lib/merkle-points.ts";
import { bytesToHex } from "../../contracts/vault/leaf.ts";
import { contractWasm } from "./contracts.ts";
import {
  eventsIn,
  NEAR,
  silenceWorkspaceLogs,
  startWorker,
  TGAS,
  type NearAccount,
  type WorkerType,
} from "./workspace.ts";

export { NEAR, TGAS, eventsIn };

silenceWorkspaceLogs();

export const TOK = 10n ** 18n;
export const USD = 10n ** 6n;
export const SEC = 1_000_000_000n;
export const GAS_MAX = 300n * TGAS;
export const TOKEN_SUPPLY = 10n ** 9n * TOK;
export const STABLE_SUPPLY = 10n ** 12n * USD;
/** Pre-minted to the vault and credited to stage 0's pool at init. */
export const INITIAL_POOL = 1_000_000n * TOK;
export const VAULT_STANDARD = "modelfund_vault";
export const REPORT = "ab".repeat(32);

export interface VaultEnv {
  worker: WorkerType;
  root: NearAccount;
  owner: NearAccount;
  token: NearAccount;
  stable: NearAccount;
  vault: NearAccount;
  attestors: NearAccount[];
  guardian: NearAccount;
  manager: NearAccount;
  seq: { n: number };
}

export async function setupVault(options: { attestors?: number } = {}): Promise<VaultEnv> {
  const [tokenWasm, vaultWasm] = await Promise.all([contractWasm("token"), contractWasm("vault")]);
  const worker = await startWorker();
  const root = worker.rootAccount;
  const make = (name: string, balance = 50n * NEAR) => root.createSubAccount(name, { initialBalance: balance });
  const [owner, token, stable, vault, guardian, manager] = await Promise.all([
    make("owner", 1000n * NEAR),
    make("token"),
    make("usdc"),
    make("vault", 100n * NEAR),
    make("guardian"),
    make("manager"),
  ]);
  const attestors = await Promise.all([...Array(options.attestors ?? 3).keys()].map((i) => make(`att${i}`)));
  await Promise.all([token.deploy(tokenWasm), stable.deploy(tokenWasm), vault.deploy(vaultWasm)]);
  await Promise.all([
    owner.call(
      token,
      "init",
      {
        owner_id: owner.accountId,
        metadata: { spec: "ft-1.0.0", name: "Model Token", symbol: "MDL", decimals: 18 },
        max_supply: TOKEN_SUPPLY.toString(),
        allocations: [
          { account_id: vault.accountId, amount: INITIAL_POOL.toString() },
          { account_id: owner.accountId, amount: (TOKEN_SUPPLY - INITIAL_POOL).toString() },
        ],
        timelock_delay_ns: "0",
      },
      { gas: GAS_MAX },
    ),
    owner.call(
      stable,
      "init",
      {
        owner_id: owner.accountId,
        metadata: { spec: "ft-1.0.0", name: "Test USD", symbol: "TUSD", decimals: 6 },
        max_supply: STABLE_SUPPLY.toString(),
        allocations: [{ account_id: owner.accountId, amount: STABLE_SUPPLY.toString() }],
        timelock_delay_ns: "0",
      },
      { gas: GAS_MAX },
    ),
    owner.call(
      vault,
      "init",
      {
        owner_id: owner.accountId,
        token_id: token.accountId,
        stable_id: stable.accountId,
        timelock_delay_ns: "0",
        initial_pools: [INITIAL_POOL.toString()],
      },
      { gas: GAS_MAX },
    ),
  ]);
  await owner.call(
    stable,
    "storage_deposit",
    { account_id: vault.accountId },
    { attachedDeposit: NEAR / 10n, gas: GAS_MAX },
  );
  const yocto = { attachedDeposit: 1n, gas: GAS_MAX };
  await owner.call(vault, "grant_role", { role: "attestor_manager", account_id: manager.accountId }, yocto);
  await owner.call(vault, "grant_role", { role: "guardian", account_id: guardian.accountId }, yocto);
  const now = await chainNow({ vault } as VaultEnv);
  for (const attestor of attestors) {
    await manager.call(
      vault,
      "set_attestor",
      { account_id: attestor.accountId, report_hash: REPORT, expires_at_ns: (now + 10n ** 6n * SEC).toString() },
      yocto,
    );
  }
  return { worker, root, owner, token, stable, vault, attestors, guardian, manager, seq: { n: 0 } };
}

/**
 * Another vault on the same chain (token, stablecoin, attestors and roles as
 * in `setupVault`), with empty pools: property runs take a fresh one each.
 */
export async function deployVault(env: VaultEnv, name: string): Promise<NearAccount> {
  const vault = await env.root.createSubAccount(name, { initialBalance: 50n * NEAR });
  await vault.deploy(await contractWasm("vault"));
  await env.owner.call(
    vault,
    "init",
    {
      owner_id: env.owner.accountId,
      token_id: env.token.accountId,
      stable_id: env.stable.accountId,
      timelock_delay_ns: "0",
    },
    { gas: GAS_MAX },
  );
  const yocto = { attachedDeposit: 1n, gas: GAS_MAX };
  // the owner signs each in turn (one key, one nonce sequence)
  for (const token of [env.stable, env.token]) {
    await env.owner.call(
      token,
      "storage_deposit",
      { account_id: vault.accountId },
      { attachedDeposit: NEAR / 10n, gas: GAS_MAX },
    );
  }
  await env.owner.call(vault, "grant_role", { role: "attestor_manager", account_id: env.manager.accountId }, yocto);
  await env.owner.call(vault, "grant_role", { role: "guardian", account_id: env.guardian.accountId }, yocto);
  const now = await chainNow({ vault });
  for (const attestor of env.attestors) {
    await env.manager.call(
      vault,
      "set_attestor",
      { account_id: attestor.accountId, report_hash: REPORT, expires_at_ns: (now + 10n ** 6n * SEC).toString() },
      yocto,
    );
  }
  return vault;
}

export async function chainNow(env: Pick<VaultEnv, "vault">): Promise<bigint> {
  const config = (await env.vault.view("contract_config", {})) as { now_ns: string };
  return BigInt(config.now_ns);
}

/** Advances the chain clock until `target` (ns) has passed (fastForward moves 1 s per block). */
export async function advanceTo(env: VaultEnv, target: bigint): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const now = await chainNow(env);
    if (now > target) return;
    await env.worker.provider.fastForward(Number((target - now) / SEC) + 2);
  }
  throw new Error(`clock did not reach ${target}`);
}

/**
 * A fresh contributor: registered on the token (to receive rewards), on the
 * stablecoin, and on the vault (NEP-145) unless told not.
 */
export async function newContributor(
  env: VaultEnv,
  options: { vaultStorage?: bigint | null; tokenRegistered?: boolean; prefix?: string } = {},
): Promise<NearAccount> {
  const account = await env.root.createSubAccount(`${options.prefix ?? "c"}${env.seq.n++}`, {
    initialBalance: 20n * NEAR,
  });
  // one call at a time: concurrent transactions of one account would race for its key's nonce
  await account.call(env.stable, "storage_deposit", {}, { attachedDeposit: NEAR / 100n, gas: GAS_MAX });
  if (options.tokenRegistered !== false) {
    await account.call(env.token, "storage_deposit", {}, { attachedDeposit: NEAR / 100n, gas: GAS_MAX });
  }
  if (options.vaultStorage !== null) {
    await account.call(
      env.vault,
      "storage_deposit",
      {},
      { attachedDeposit: options.vaultStorage ?? NEAR / 10n, gas: GAS_MAX },
    );
  }
  return account;
}

export function stageConfig(now: bigint, overrides: Partial<StageConfigJson> = {}): StageConfigJson {
  return {
    epochs: 10,
    epoch_reward: (1000n * TOK).toString(),
    quorum: 2,
    challenge_window_ns: (60n * SEC).toString(),
    claim_deadline_ns: (now + 100_000n * SEC).toString(),
    vesting: { start_ns: now.toString(), cliff_ns: "0", duration_ns: "0" },
    requires_qualification: false,
    ...overrides,
  };
}

export function configureStage(env: VaultEnv, stage: number, config: StageConfigJson) {
  return env.owner.callRaw(env.vault, "configure_stage", { stage, config }, { attachedDeposit: 1n, gas: GAS_MAX });
}

export function fundStage(env: VaultEnv, stage: number, amount: bigint, msg?: string) {
  return env.owner.callRaw(
    env.token,
    "ft_transfer_call",
    { receiver_id: env.vault.accountId, amount: amount.toString(), msg: msg ?? JSON.stringify({ fund_stage: stage }) },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
}

export function rowsOf(entries: Array<[NearAccount | string, bigint]>): PointsRow[] {
  return entries.map(([account, points]) => ({
    account_id: typeof account === "string" ? account : account.accountId,
    points,
  }));
}

export function treeOf(entries: Array<[NearAccount | string, bigint]>): EpochTree {
  return buildEpochTree(rowsOf(entries));
}

export function submitArgs(tree: EpochTree, stage: number, epoch: number, report = REPORT) {
  return {
    stage,
    epoch,
    merkle_root: tree.merkle_root,
    total_points: tree.total_points.toString(),
    leaf_count: tree.leaf_count,
    report_hash: report,
  };
}

export function submit(env: VaultEnv, attestor: NearAccount, args: Record<string, unknown>) {
  return attestor.callRaw(env.vault, "submit_epoch", args, { gas: GAS_MAX });
}

/** Submits by `quorum` attestors and returns the last result (the accepting one). */
export async function acceptEpoch(env: VaultEnv, tree: EpochTree, stage: number, epoch: number, quorum = 2) {
  let last: Awaited<ReturnType<typeof submit>> | undefined;
  for (const attestor of env.attestors.slice(0, quorum)) {
    last = await submit(env, attestor, submitArgs(tree, stage, epoch));
    if (last.failed) throw new Error(`submit_epoch failed: ${errorsOf(last)}`);
  }
  return last!;
}

/** Accepts the epoch and waits out its challenge window. */
export async function claimableEpoch(env: VaultEnv, tree: EpochTree, stage: number, epoch: number) {
  await acceptEpoch(env, tree, stage, epoch);
  const view = await epochView(env, stage, epoch);
  await advanceTo(env, BigInt(view!.claimable_at_ns!));
}

export function claimArgs(tree: EpochTree, stage: number, epoch: number, index: number): ClaimArgs {
  return {
    stage,
    epoch,
    leaf_index: index,
    points: tree.rows[index].points.toString(),
    proof: tree.proof(index),
  };
}

export function claim(env: VaultEnv, who: NearAccount, args: ClaimArgs, gas = GAS_MAX) {
  return who.callRaw(env.vault, "claim", args as unknown as Record<string, unknown>, { gas });
}

export function withdrawVested(env: VaultEnv, who: NearAccount) {
  return who.callRaw(env.vault, "withdraw_vested", {}, { gas: GAS_MAX });
}

export function depositNearRoyalties(env: VaultEnv, from: NearAccount, stage: number, amount: bigint) {
  return from.callRaw(env.vault, "deposit_royalties", { stage }, { attachedDeposit: amount, gas: GAS_MAX });
}

export function depositStableRoyalties(env: VaultEnv, stage: number, amount: bigint, msg?: string) {
  return env.owner.callRaw(
    env.stable,
    "ft_transfer_call",
    { receiver_id: env.vault.accountId, amount: amount.toString(), msg: msg ?? JSON.stringify({ royalties: stage }) },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
}

export function claimRoyalties(env: VaultEnv, who: NearAccount, asset: string) {
  return who.callRaw(env.vault, "claim_royalties", { asset }, { gas: GAS_MAX });
}

// ---- views ----------------------------------------------------------------------

export const stageView = (env: VaultEnv, stage: number) => env.vault.view<StageView>("stage", { stage });
export const epochView = (env: VaultEnv, stage: number, epoch: number) =>
  env.vault.view<EpochView | null>("epoch", { stage, epoch });
export const contributorView = (env: VaultEnv, who: NearAccount | string) =>
  env.vault.view<ContributorView>("contributor", { account_id: typeof who === "string" ? who : who.accountId });
export const totalsView = (env: VaultEnv) => env.vault.view<TotalsView>("totals", {});

export async function ftBalance(token: NearAccount, account: NearAccount | string): Promise<bigint> {
  const id = typeof account === "string" ? account : account.accountId;
  return BigInt((await token.view("ft_balance_of", { account_id: id })) as string);
}

export async function nearBalance(env: VaultEnv, account: NearAccount | string): Promise<bigint> {
  const id = typeof account === "string" ? account : account.accountId;
  return BigInt((await env.worker.provider.viewAccount(id)).amount);
}

// ---- events and failures -------------------------------------------------------------

export function vaultEvents(logs: readonly string[]) {
  return eventsIn(logs).filter((e) => e.standard === VAULT_STANDARD);
}

/** The exact log line of a vault event. */
export function eventLine(event: string, data: Record<string, unknown>): string {
  return `EVENT_JSON:${JSON.stringify({ standard: VAULT_STANDARD, version: "1.0.0", event, data: [data] })}`;
}

/** Every failure message of a transaction's receipts, JSON-decoded. */
export function errorsOf(result: { receiptFailureMessages: string[] }): string {
  return result.receiptFailureMessages.map(decodeFailure).join("\n");
}

function decodeFailure(message: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return message;
  }
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") texts.push(value);
    else if (value && typeof value === "object") for (const v of Object.values(value)) walk(v);
  };
  walk(parsed);
  return texts.length > 0 ? texts.join(" ") : message;
}

/** A hash that is no tree's root. */
export const OTHER_ROOT = bytesToHex(sha256(new Uint8Array([9])));
