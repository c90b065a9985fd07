/**
 * Token test helpers: the receiver fixture's wasm, token deployments with
 * allocations, event matching and the revenue invariant read from views.
 */
process.env.NEAR_WORKSPACES_NO_LOGS ??= "1";
import type {
  AmountsByAsset,
  ContractConfig,
  HolderInfo,
  InitArgs,
  RevenueStats,
  StorageBalanceBounds,
  Sweepable,
  TimelockAction,
  TimelockActionArgs,
} from "../../contracts/token/interface.ts";
import type { TimelockOperation, TimelockView } from "../../contracts/common/timelock.ts";
import { contractWasm } from "./contracts.ts";
import { eventsIn, NEAR, TGAS, type NearAccount } from "./workspace.ts";

export const MAX_GAS = 300n * TGAS;
export const SCALE = 10n ** 30n;

/** tests/fixtures/ft-receiver.ts as wasm (built once per change of its inputs: receiver-wasm.ts). */
export { receiverWasm } from "./receiver-wasm.ts";

export function tokenWasm(): Promise<Uint8Array> {
  return contractWasm("token");
}

export function metadata(symbol = "MFT", decimals = 18) {
  return {
    spec: "ft-1.0.0",
    name: `Modelfund ${symbol}`,
    symbol,
    icon: null,
    reference: null,
    reference_hash: null,
    decimals,
  };
}

export interface AllocationSpec {
  account: NearAccount | string;
  amount: bigint;
  earns_revenue?: boolean;
}

const idOf = (a: NearAccount | string) => (typeof a === "string" ? a : a.accountId);

/** Deploys the token wasm on a new sub-account of `root` and initialises it. */
export async function deployToken(
  root: NearAccount,
  name: string,
  opts: {
    owner: NearAccount;
    allocations: AllocationSpec[];
    symbol?: string;
    revenueToken?: string;
    sale?: string;
    initialBalance?: bigint;
    /** Default 0: timelocked operations can execute right after scheduling. */
    timelockDelayNs?: bigint;
    /** Revenue is refused while fewer tokens are eligible (contract default: 1). */
    minEligibleSupply?: bigint;
    /** Window over which each distribution is released (contract default: 0, at once). */
    revenueStreamNs?: bigint;
  },
): Promise<NearAccount> {
  const token = await subAccount(root, name, opts.initialBalance ?? 50n * NEAR);
  await token.deploy(await tokenWasm());
  const total = opts.allocations.reduce((s, a) => s + a.amount, 0n);
  const init: InitArgs = {
    owner_id: opts.owner.accountId,
    metadata: metadata(opts.symbol ?? "MFT"),
    max_supply: total.toString(),
    allocations: opts.allocations.map((a) => ({
      account_id: idOf(a.account),
      amount: a.amount.toString(),
      ...(a.earns_revenue === undefined ? {} : { earns_revenue: a.earns_revenue }),
    })),
    timelock_delay_ns: (opts.timelockDelayNs ?? 0n).toString(),
    revenue_token_id: opts.revenueToken ?? null,
    sale_contract_id: opts.sale ?? null,
    ...(opts.minEligibleSupply === undefined ? {} : { min_eligible_supply: opts.minEligibleSupply.toString() }),
    ...(opts.revenueStreamNs === undefined ? {} : { revenue_stream_ns: opts.revenueStreamNs.toString() }),
  };
  await token.call(token, "init", init, { gas: MAX_GAS });
  return token;
}

/** Schedules a timelocked operation (owner, 1 yocto); returns the raw result (its value: the operation). */
export function schedule<A extends TimelockAction>(
  token: NearAccount,
  owner: NearAccount,
  action: A,
  args: TimelockActionArgs[A],
) {
  return owner.callRaw(token, "timelock_schedule", { action, args }, { attachedDeposit: 1n, gas: MAX_GAS });
}

/** Executes a queued operation (owner, 1 yocto); returns the raw result. */
export function execute(token: NearAccount, owner: NearAccount, id: number) {
  return owner.callRaw(token, "timelock_execute", { id }, { attachedDeposit: 1n, gas: MAX_GAS });
}

/**
 * What the removed direct setters did, through the timelock of a token
 * deployed with delay 0: schedules and executes at once; throws with the
 * contract's message if either fails. Returns the execution's result.
 */
export async function timelocked<A extends TimelockAction>(
  token: NearAccount,
  owner: NearAccount,
  action: A,
  args: TimelockActionArgs[A],
): Promise<TxResult> {
  const scheduled = await schedule(token, owner, action, args);
  if (scheduled.failed) throw new Error(`timelock_schedule ${action} failed: ${failureOf(scheduled)}`);
  return execute(token, owner, scheduled.parseResult<TimelockOperation>().id);
}

export function timelockInfo(token: NearAccount): Promise<TimelockView> {
  return token.view<TimelockView>("timelock_info", {});
}

export function contractConfig(token: NearAccount): Promise<ContractConfig> {
  return token.view<ContractConfig>("contract_config", {});
}

export function sweepable(token: NearAccount, stablecoinBalance?: bigint): Promise<Sweepable> {
  return token.view<Sweepable>(
    "sweepable",
    stablecoinBalance === undefined ? {} : { stablecoin_balance: stablecoinBalance.toString() },
  );
}

export async function storageCost(token: NearAccount): Promise<bigint> {
  const bounds = await token.view<StorageBalanceBounds>("storage_balance_bounds", {});
  return BigInt(bounds.min);
}

/** Registers each account with the token (paid by the account itself). */
export async function register(token: NearAccount, ...accounts: NearAccount[]): Promise<void> {
  const cost = await storageCost(token);
  await Promise.all(
    accounts.map((a) => a.call(token, "storage_deposit", { account_id: a.accountId }, { attachedDeposit: cost })),
  );
}

export async function balanceOf(token: NearAccount, account: NearAccount | string): Promise<bigint> {
  return BigInt(await token.view<string>("ft_balance_of", { account_id: idOf(account) }));
}

export async function transfer(
  token: NearAccount,
  from: NearAccount,
  to: NearAccount | string,
  amount: bigint,
  memo?: string,
) {
  return from.call(
    token,
    "ft_transfer",
    { receiver_id: idOf(to), amount: amount.toString(), ...(memo ? { memo } : {}) },
    { attachedDeposit: 1n },
  );
}

export type TxResult = Awaited<ReturnType<NearAccount["callRaw"]>>;

/** Every event of a transaction (all receipts), in order. */
export function events(result: TxResult) {
  return eventsIn(result.logs);
}

/** Events with a given name. */
export function eventsNamed(result: TxResult, name: string) {
  return events(result).filter((e) => e.event === name);
}

/** The exact log line the contract writes for an event. */
export function eventLine(standard: string, event: string, data: unknown[]): string {
  return `EVENT_JSON:${JSON.stringify({ standard, version: "1.0.0", event, data })}`;
}
export const nep141 = (event: string, data: unknown[]) => eventLine("nep141", event, data);
export const modelfund = (event: string, data: unknown[]) => eventLine("modelfund", event, data);

/** The first failure message of a transaction ("" if none). */
export function failureOf(result: TxResult): string {
  return result.receiptFailureMessages.join("\n");
}

export type { AssetStats, HolderInfo, RevenueStats } from "../../contracts/token/interface.ts";

export async function revenueStats(token: NearAccount): Promise<RevenueStats> {
  return token.view<RevenueStats>("revenue_stats", {});
}

export async function holderInfo(token: NearAccount, account: NearAccount | string): Promise<HolderInfo> {
  return token.view<HolderInfo>("holder_info", { account_id: idOf(account) });
}

export async function claimable(token: NearAccount, account: NearAccount | string, asset = "near"): Promise<bigint> {
  const r = await token.view<AmountsByAsset>("revenue_of", { account_id: idOf(account) });
  return BigInt(r[asset] ?? "0");
}

export async function nearBalance(account: NearAccount): Promise<bigint> {
  const b = await account.balance();
  return BigInt(b.total.toString());
}

let rootQueue: Promise<unknown> = Promise.resolve();
/**
 * Runs `fn` after every earlier serialized call has finished: transactions
 * signed by one key (the root account creating sub-accounts) must not race
 * for nonces.
 */
export function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const next = rootQueue.then(fn, fn);
  rootQueue = next.catch(() => undefined);
  return next;
}

/** A new sub-account of `root` (creations are serialized: they share root's key). */
export function subAccount(root: NearAccount, name: string, initialBalance: bigint = 20n * NEAR): Promise<NearAccount> {
  return serialized(() => root.createSubAccount(name, { initialBalance: initialBalance }));
}
