/**
 * Fixture of the fee router's chain tests: the vault's world (project token,
 * stablecoin, vault with attestors; tests/helpers/vault-fixture.ts) plus the
 * router, the next-model reserve, a protocol account, a provider manager, a
 * price setter and an eligible tokenholder, on one local chain per test file.
 *
 * The token accepts the stablecoin as revenue (set through its timelock, delay
 * 0), and every receiver of the router's stablecoin forwards is registered on
 * the stablecoin, so forwards succeed unless a test makes them fail (the
 * vault's "deposits" pause is the injected failure: deposit_royalties and its
 * ft_on_transfer then panic).
 */
import type { ExecutionContext } from "ava";
import type {
  AssetTotalsView,
  ForwardView,
  InitArgs,
  PaymentView,
  ProviderMetadata,
  ProviderView,
  SplitJson,
  StageRevenueView,
  TotalsView,
  UsageJson,
  UsageView,
} from "../../contracts/fees/interface.ts";
import { contractWasm } from "./contracts.ts";
import { errorsOf, GAS_MAX, NEAR, setupVault, TOK, USD, type VaultEnv } from "./vault-fixture.ts";
import { eventsIn, type NearAccount } from "./workspace.ts";

export { errorsOf, GAS_MAX, NEAR, TOK, USD };

export const FEES_STANDARD = "modelfund_fees";
export const DIGEST = "cd".repeat(32);
/** The split every stage starts with in the fixture. */
export const SPLIT: SplitJson = { holders_bps: 5000, contributors_bps: 2500, reserve_bps: 2000, protocol_bps: 500 };
/** Stablecoin the holder owns (the owner keeps the rest of the supply). */
export const HOLDER_TOKENS = 1_000n * TOK;

export interface FeesEnv extends VaultEnv {
  fees: NearAccount;
  reserve: NearAccount;
  protocol: NearAccount;
  pricer: NearAccount;
  providerManager: NearAccount;
  holder: NearAccount;
}

type CallResult = Awaited<ReturnType<NearAccount["callRaw"]>>;
/** Exactly 1 yoctoNEAR and all the gas a call may take: what every privileged call here attaches. */
export const yocto = { attachedDeposit: 1n, gas: GAS_MAX };

export function ok(result: CallResult, what: string): CallResult {
  if (result.failed) throw new Error(`${what} failed: ${errorsOf(result)}`);
  return result;
}

export function initArgs(env: VaultEnv, accounts: { reserve: string; protocol: string | null }): InitArgs {
  return {
    owner_id: env.owner.accountId,
    token_id: env.token.accountId,
    vault_id: env.vault.accountId,
    stable_id: env.stable.accountId,
    reserve_id: accounts.reserve,
    protocol_id: accounts.protocol,
    split: SPLIT,
    price_notice_ns: "0",
    timelock_delay_ns: "0",
  };
}

/** A router on a new account of `env` (NEAR balance `balance`), registered on the stablecoin. */
export async function deployFees(env: FeesEnv | VaultEnv, name: string, args: InitArgs): Promise<NearAccount> {
  const fees = await env.root.createSubAccount(name, { initialBalance: 30n * NEAR });
  await fees.deploy(await contractWasm("fees"));
  ok(await env.owner.callRaw(fees, "init", args as unknown as Record<string, unknown>, { gas: GAS_MAX }), "init");
  await env.owner.call(env.stable, "storage_deposit", { account_id: fees.accountId }, { attachedDeposit: NEAR / 10n });
  return fees;
}

export async function setupFees(): Promise<FeesEnv> {
  const env = await setupVault();
  const make = (name: string) => env.root.createSubAccount(name, { initialBalance: 50n * NEAR });
  const [reserve, protocol, pricer, providerManager, holder] = await Promise.all([
    make("reserve"),
    make("protocol"),
    make("pricer"),
    make("pmanager"),
    make("holder"),
  ]);
  const fees = await deployFees(
    env,
    "fees",
    initArgs(env, { reserve: reserve.accountId, protocol: protocol.accountId }),
  );
  // the owner signs one transaction at a time (one key, one nonce sequence)
  for (const account of [reserve, protocol, env.token]) {
    await env.owner.call(
      env.stable,
      "storage_deposit",
      { account_id: account.accountId },
      { attachedDeposit: NEAR / 10n },
    );
  }
  await holder.call(env.token, "storage_deposit", {}, { attachedDeposit: NEAR / 10n });
  await holder.call(env.stable, "storage_deposit", {}, { attachedDeposit: NEAR / 10n });
  await ownerTransfer(env, env.token, holder, HOLDER_TOKENS, "holder tokens");
  const scheduled = ok(
    await env.owner.callRaw(
      env.token,
      "timelock_schedule",
      { action: "set_revenue_token", args: { token_id: env.stable.accountId } },
      yocto,
    ),
    "schedule set_revenue_token",
  );
  const { id } = scheduled.parseResult<{ id: number }>();
  ok(await env.owner.callRaw(env.token, "timelock_execute", { id }, yocto), "execute set_revenue_token");
  await env.owner.call(fees, "grant_role", { role: "config", account_id: pricer.accountId }, yocto);
  await env.owner.call(fees, "grant_role", { role: "provider_manager", account_id: providerManager.accountId }, yocto);
  return { ...env, fees, reserve, protocol, pricer, providerManager, holder };
}

/** `ft_transfer` of `amount` of `ft` from the suite's owner to `receiver`; `label` names a failure. */
async function ownerTransfer(
  env: VaultEnv,
  ft: NearAccount,
  receiver: NearAccount,
  amount: bigint,
  label: string,
): Promise<void> {
  ok(
    await env.owner.callRaw(ft, "ft_transfer", { receiver_id: receiver.accountId, amount: amount.toString() }, yocto),
    label,
  );
}

export function metadataFor(name: string, stages: number[] = [0, 1]): ProviderMetadata {
  return { name, endpoint: `https://${name}.example/v1`, stages, attestation_digest: DIGEST };
}

/** A new account of 50 NEAR (`name` under root) registered on the stablecoin and holding `amount` of it. */
export async function newStableHolder(env: FeesEnv, name: string, amount = 1_000n * USD): Promise<NearAccount> {
  const account = await env.root.createSubAccount(name, { initialBalance: 50n * NEAR });
  await account.call(env.stable, "storage_deposit", {}, { attachedDeposit: NEAR / 100n });
  await ownerTransfer(env, env.stable, account, amount, `${name}'s stablecoin`);
  return account;
}

/**
 * A new account registered (storage 0.5 NEAR, bond `bond`) and, unless told not, approved; unless told not, it
 * holds 1,000,000 USD of the stablecoin.
 */
export async function newProvider(
  env: FeesEnv,
  options: { stages?: number[]; bond?: bigint; approve?: boolean; prefix?: string; stable?: boolean } = {},
): Promise<NearAccount> {
  const name = `${options.prefix ?? "prov"}${env.seq.n++}`;
  const account =
    options.stable === false
      ? await env.root.createSubAccount(name, { initialBalance: 50n * NEAR })
      : await newStableHolder(env, name, 1_000_000n * USD);
  const bond = options.bond ?? 0n;
  ok(
    await account.callRaw(
      env.fees,
      "register_provider",
      { metadata: metadataFor(account.accountId.split(".")[0], options.stages), bond: bond.toString() },
      { attachedDeposit: bond + NEAR / 2n, gas: GAS_MAX },
    ),
    "register_provider",
  );
  if (options.approve !== false) {
    ok(
      await env.providerManager.callRaw(env.fees, "approve_provider", { account_id: account.accountId }, yocto),
      "approve",
    );
  }
  return account;
}

export interface AssetPrice {
  per_million_input: string;
  per_million_output: string;
  per_request: string;
}

export const NEAR_PRICE: AssetPrice = {
  per_million_input: (NEAR / 10n).toString(),
  per_million_output: (NEAR / 5n).toString(),
  per_request: (NEAR / 1000n).toString(),
};
export const STABLE_PRICE: AssetPrice = {
  per_million_input: (USD / 2n).toString(),
  per_million_output: USD.toString(),
  per_request: "1000",
};

export function setPrice(
  env: FeesEnv,
  stage: number,
  prices: { near?: AssetPrice | null; stable?: AssetPrice | null; effective_at_ns?: string | null },
  by: NearAccount = env.pricer,
) {
  return by.callRaw(env.fees, "set_price", { stage, ...prices }, yocto);
}

export function payNear(
  env: FeesEnv,
  provider: NearAccount,
  args: { stage: number; period_id: string; usage: UsageJson; memo?: string | null },
  amount: bigint,
) {
  return provider.callRaw(env.fees, "pay_fees", args, { attachedDeposit: amount, gas: GAS_MAX });
}

export function payStable(
  env: FeesEnv,
  provider: NearAccount,
  args: { stage: number; period_id: string; usage: UsageJson; memo?: string | null } | string,
  amount: bigint,
  token: NearAccount = env.stable,
) {
  return provider.callRaw(
    token,
    "ft_transfer_call",
    {
      receiver_id: env.fees.accountId,
      amount: amount.toString(),
      msg: typeof args === "string" ? args : JSON.stringify(args),
    },
    yocto,
  );
}

export function flush(
  env: FeesEnv,
  destination: string,
  asset: string,
  stage?: number,
  by: NearAccount = env.holder,
  gas: bigint = GAS_MAX,
) {
  const args = stage === undefined ? { destination, asset } : { destination, asset, stage };
  return by.callRaw(env.fees, "flush", args, { gas });
}

export function schedule(env: FeesEnv, action: string, args: Record<string, unknown>) {
  return env.owner.callRaw(env.fees, "timelock_schedule", { action, args }, yocto);
}

/** Schedules and executes a timelocked action (delay 0); returns the execution's result. */
export async function timelocked(env: FeesEnv, action: string, args: Record<string, unknown>) {
  const scheduled = ok(await schedule(env, action, args), `schedule ${action}`);
  const { id } = scheduled.parseResult<{ id: number }>();
  return env.owner.callRaw(env.fees, "timelock_execute", { id }, yocto);
}

export function pauseVaultDeposits(env: FeesEnv, paused: boolean) {
  return env.owner.callRaw(env.vault, paused ? "pause" : "unpause", { scope: "deposits" }, yocto);
}

// ---- views ------------------------------------------------------------------------------

export const feesTotals = (env: FeesEnv) => env.fees.view<TotalsView>("totals", {});

/** One asset's books balance: all the router received is forwarded, pending, in flight or carried. */
export function assertBooksBalance(t: ExecutionContext, books: AssetTotalsView): void {
  t.is(
    BigInt(books.received),
    BigInt(books.forwarded) + BigInt(books.pending) + BigInt(books.in_flight) + BigInt(books.carried),
  );
}
export const forwards = (env: FeesEnv) => env.fees.view<ForwardView[]>("pending_forwards", {});
export const stageRevenue = (env: FeesEnv, stage: number) =>
  env.fees.view<StageRevenueView>("stage_revenue", { stage });
export const providerView = (env: FeesEnv, account: NearAccount | string) =>
  env.fees.view<ProviderView | null>("provider", { account_id: idOf(account) });
export const usageView = (env: FeesEnv, account: NearAccount | string, stage: number) =>
  env.fees.view<UsageView | null>("usage", { provider_id: idOf(account), stage });
export const paymentView = (env: FeesEnv, account: NearAccount | string, stage: number, periodId: string) =>
  env.fees.view<PaymentView | null>("payment", { provider_id: idOf(account), stage, period_id: periodId });

function idOf(account: NearAccount | string): string {
  return typeof account === "string" ? account : account.accountId;
}

/** One bucket of `pending_forwards`. */
export async function bucket(env: FeesEnv, destination: string, asset: string, stage: number | null = null) {
  const found = (await forwards(env)).find(
    (entry) => entry.destination === destination && entry.asset === asset && entry.stage === stage,
  );
  if (found === undefined) throw new Error(`no bucket ${destination}/${stage}/${asset}`);
  return found;
}

/** The router's events in a result's logs, as [event, data] pairs. */
export function feesEvents(result: { logs: string[] }): Array<[string, unknown]> {
  return eventsIn(result.logs)
    .filter((entry) => entry.standard === FEES_STANDARD)
    .map((entry) => [entry.event, entry.data[0]]);
}

/** The exact log line of a router event. */
export function feesEventLine(event: string, data: Record<string, unknown>): string {
  return `EVENT_JSON:${JSON.stringify({ standard: FEES_STANDARD, version: "1.0.0", event, data: [data] })}`;
}
