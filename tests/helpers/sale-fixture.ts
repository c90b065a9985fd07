/**
 * Fixture of the sale's chain tests: one local chain per test file with the
 * project token, a stablecoin (a second deployment of the token wasm) and the
 * sale, plus helpers for rounds, buyers, time (fastForward) and events.
 */
import { createHash } from "node:crypto";
import type {
  ContractConfigView,
  PurchaseView,
  RoundConfigJson,
  RoundView,
  SaleAction,
  TimelockOperation,
} from "../../contracts/sale/interface.ts";
import { buildMerkleTree, bytesToHex } from "../../contracts/sale/merkle.ts";
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
export const TOK = 10n ** 18n; // project token: 18 decimals
export const USD = 10n ** 6n; // stablecoin: 6 decimals
export const SEC = 1_000_000_000n;
export const GAS_MAX = 300n * TGAS;
/** 0.01 NEAR per whole token; 0.01 USD (10^4 units) per whole token. */
export const PRICE_NEAR = 10n ** 22n;
export const PRICE_FT = 10_000n;
export const INVENTORY = 10n ** 9n * TOK;
export const TOKEN_SUPPLY = 2n * INVENTORY;
export const STABLE_SUPPLY = 10n ** 12n * USD;
export const HOLDER_TOKENS = 10n ** 6n * TOK;
export const SALE_STANDARD = "modelfund_sale";

export interface SaleEnv {
  worker: WorkerType;
  root: NearAccount;
  owner: NearAccount;
  token: NearAccount;
  stable: NearAccount;
  sale: NearAccount;
  /** Holds HOLDER_TOKENS of the project token and earns revenue (reinvestment). */
  holder: NearAccount;
  /** Shared by every test of the file (ava copies t.context per test, so a plain number would repeat). */
  seq: { n: number };
}

const sha256 = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());

export async function setupSale(): Promise<SaleEnv> {
  const [tokenWasm, saleWasm] = await Promise.all([contractWasm("token"), contractWasm("sale")]);
  const worker = await startWorker();
  const root = worker.rootAccount;
  const owner = await root.createSubAccount("owner", { initialBalance: 1000n * NEAR });
  const token = await root.createSubAccount("token", { initialBalance: 50n * NEAR });
  const stable = await root.createSubAccount("usdc", { initialBalance: 50n * NEAR });
  const sale = await root.createSubAccount("sale", { initialBalance: 100n * NEAR });
  const holder = await root.createSubAccount("holder", { initialBalance: 50n * NEAR });
  await Promise.all([token.deploy(tokenWasm), stable.deploy(tokenWasm), sale.deploy(saleWasm)]);
  // The token first: the sale's init reads its ft_metadata to confirm token_decimals.
  await Promise.all([
    owner.call(
      token,
      "init",
      {
        owner_id: owner.accountId,
        metadata: { spec: "ft-1.0.0", name: "Model Token", symbol: "MDL", decimals: 18 },
        max_supply: TOKEN_SUPPLY.toString(),
        allocations: [
          { account_id: sale.accountId, amount: INVENTORY.toString() },
          { account_id: owner.accountId, amount: (TOKEN_SUPPLY - INVENTORY - HOLDER_TOKENS).toString() },
          { account_id: holder.accountId, amount: HOLDER_TOKENS.toString(), earns_revenue: true },
        ],
        sale_contract_id: sale.accountId,
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
  ]);
  await owner.call(sale, "init", saleInitArgs({ owner, token, stable }), { gas: GAS_MAX });
  // The sale receives the stablecoin: it must be registered there.
  await owner.call(
    stable,
    "storage_deposit",
    { account_id: sale.accountId },
    { attachedDeposit: NEAR / 10n, gas: GAS_MAX },
  );
  return { worker, root, owner, token, stable, sale, holder, seq: { n: 0 } };
}

/** The sale's init args of the fixture (timelock delay 0: tests fast-forward where a delay matters). */
export function saleInitArgs(
  accounts: { owner: NearAccount; token: NearAccount; stable: NearAccount },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    owner_id: accounts.owner.accountId,
    token_id: accounts.token.accountId,
    token_decimals: 18,
    stable_id: accounts.stable.accountId,
    token_inventory: INVENTORY.toString(),
    timelock_delay_ns: "0",
    ...overrides,
  };
}

/**
 * A fresh buyer: `near` NEAR of balance, `usd` stablecoin units (registered
 * on the stablecoin if > 0), registered on the project token unless told not.
 */
export async function newBuyer(
  env: SaleEnv,
  options: { near?: bigint; usd?: bigint; tokenRegistered?: boolean; prefix?: string } = {},
): Promise<NearAccount> {
  const name = `${options.prefix ?? "b"}${env.seq.n++}`;
  const buyer = await env.root.createSubAccount(name, { initialBalance: options.near ?? 100n * NEAR });
  const tasks: Promise<unknown>[] = [];
  if (options.tokenRegistered !== false) {
    tasks.push(buyer.call(env.token, "storage_deposit", {}, { attachedDeposit: NEAR / 100n, gas: GAS_MAX }));
  }
  if ((options.usd ?? 0n) > 0n) {
    tasks.push(
      (async () => {
        await buyer.call(env.stable, "storage_deposit", {}, { attachedDeposit: NEAR / 100n, gas: GAS_MAX });
        await env.owner.call(
          env.stable,
          "ft_transfer",
          { receiver_id: buyer.accountId, amount: options.usd!.toString() },
          { attachedDeposit: 1n, gas: GAS_MAX },
        );
      })(),
    );
  }
  await Promise.all(tasks);
  return buyer;
}

export async function chainNow(env: SaleEnv): Promise<bigint> {
  const config = (await env.sale.view("contract_config", {})) as ContractConfigView;
  return BigInt(config.now_ns);
}

/** An owner call with the 1 yoctoNEAR every privileged method requires (raw result: callers check failures). */
export function ownerCall(env: SaleEnv, method: string, args: Record<string, unknown>, deposit = 1n) {
  return env.owner.callRaw(env.sale, method, args, { attachedDeposit: deposit, gas: GAS_MAX });
}

/** Schedules a timelocked action as the owner; returns the queued operation. */
export async function schedule(env: SaleEnv, op: SaleAction): Promise<TimelockOperation> {
  const result = await ownerCall(env, "timelock_schedule", { action: op.action, args: op.args });
  if (result.failed) throw new Error(`timelock_schedule failed: ${errorsOf(result)}`);
  return result.parseResult<TimelockOperation>();
}

/** Schedules and (the fixture's delay being 0) executes a timelocked action; returns the execute result. */
export async function timelocked(env: SaleEnv, op: SaleAction) {
  const queued = await schedule(env, op);
  return ownerCall(env, "timelock_execute", { id: queued.id });
}

/** Approves a compute provider through the timelock (throws if it fails). */
export async function approveProvider(env: SaleEnv, accountId: string): Promise<void> {
  const result = await timelocked(env, { action: "approve_provider", args: { account_id: accountId } });
  if (result.failed) throw new Error(`approve_provider failed: ${errorsOf(result)}`);
}

/** Advances the chain clock until `target` (ns) has passed (fastForward moves 1 s per block). */
export async function advanceTo(env: SaleEnv, target: bigint): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const now = await chainNow(env);
    if (now > target) return;
    const blocks = Number((target - now) / SEC) + 2;
    await env.worker.provider.fastForward(blocks);
  }
  throw new Error(`clock did not reach ${target}`);
}

export interface RoundOptions {
  name?: string;
  /** Seconds from now until the start (≥ 2). */
  startIn?: number;
  /** Window length in seconds. */
  length?: number;
  allocation?: bigint;
  hard_cap?: bigint;
  soft_cap?: bigint;
  min_per_account?: bigint;
  max_per_account?: bigint;
  price_near?: bigint | null;
  price_ft?: bigint | null;
  tiers?: Array<{ until_sold: bigint; price_near: bigint | null; price_ft: bigint | null }>;
  allowlist_root?: string | null;
  tge_bps?: number;
  cliff_s?: number;
  duration_s?: number;
  /** [seconds after the end, max_bps] */
  schedule?: Array<[number, number]>;
  /** The round's unique key (default: a fresh one per call). */
  key?: string;
}

export interface RoundHandle {
  id: number;
  start: bigint;
  end: bigint;
  key: string;
  config: RoundConfigJson;
  logs: string[];
}

export function roundConfig(now: bigint, o: RoundOptions = {}): RoundConfigJson {
  const start = now + BigInt(o.startIn ?? 4) * SEC;
  const end = start + BigInt(o.length ?? 600) * SEC;
  const hardCap = o.hard_cap ?? 10_000n * TOK;
  const config: RoundConfigJson = {
    name: o.name ?? "stage",
    start_ns: start.toString(),
    end_ns: end.toString(),
    token_allocation: (o.allocation ?? hardCap).toString(),
    hard_cap: hardCap.toString(),
    soft_cap: (o.soft_cap ?? 100n * TOK).toString(),
    price_near:
      o.price_near === undefined ? PRICE_NEAR.toString() : o.price_near === null ? null : o.price_near.toString(),
    price_ft: o.price_ft === undefined ? PRICE_FT.toString() : o.price_ft === null ? null : o.price_ft.toString(),
    vesting: {
      tge_bps: o.tge_bps ?? 2000,
      cliff_ns: (BigInt(o.cliff_s ?? 1000) * SEC).toString(),
      duration_ns: (BigInt(o.duration_s ?? 10_000) * SEC).toString(),
    },
    release_schedule: (
      o.schedule ?? [
        [0, 3000],
        [1000, 10000],
      ]
    ).map(([after, bps]) => ({
      after_end_ns: (BigInt(after) * SEC).toString(),
      max_bps: bps,
    })),
  };
  if (o.min_per_account !== undefined) config.min_per_account = o.min_per_account.toString();
  if (o.max_per_account !== undefined) config.max_per_account = o.max_per_account.toString();
  if (o.tiers !== undefined) {
    config.tiers = o.tiers.map((t) => ({
      until_sold: t.until_sold.toString(),
      price_near: t.price_near === null ? null : t.price_near.toString(),
      price_ft: t.price_ft === null ? null : t.price_ft.toString(),
    }));
  }
  if (o.allowlist_root !== undefined) config.allowlist_root = o.allowlist_root;
  return config;
}

/** The largest round config the sale accepts: 64-character name, 16 tiers, an allowlist, 24 release steps. */
export function maximalRoundConfig(now: bigint, index: number): RoundConfigJson {
  return roundConfig(now, {
    startIn: 1000,
    name: `${"m".repeat(60)}${String(index).padStart(4, "0")}`,
    allocation: 1000n * TOK,
    hard_cap: 1000n * TOK,
    soft_cap: TOK,
    min_per_account: 1n,
    max_per_account: 1000n * TOK,
    tiers: Array.from({ length: 16 }, (_, i) => ({
      until_sold: BigInt(i + 1) * 10n * TOK,
      price_near: 10n ** 21n + BigInt(i),
      price_ft: 1000n + BigInt(i),
    })),
    allowlist_root: "ab".repeat(32),
    schedule: Array.from({ length: 24 }, (_, i): [number, number] => [i * 1000, i === 23 ? 10_000 : 400 * (i + 1)]),
  });
}

export async function createRound(env: SaleEnv, o: RoundOptions = {}): Promise<RoundHandle> {
  const config = roundConfig(await chainNow(env), o);
  const key = o.key ?? `round-${env.seq.n++}`;
  const result = await ownerCall(env, "create_round", { key, config });
  if (result.failed) throw new Error(`create_round failed: ${result.receiptFailureMessages.join("; ")}`);
  return {
    id: result.parseResult<number>(),
    key,
    start: BigInt(config.start_ns),
    end: BigInt(config.end_ns),
    config,
    logs: result.logs,
  };
}

export async function openRound(env: SaleEnv, o: RoundOptions = {}): Promise<RoundHandle> {
  const round = await createRound(env, o);
  await advanceTo(env, round.start);
  return round;
}

export const endRound = (env: SaleEnv, round: RoundHandle, plusSeconds = 0) =>
  advanceTo(env, round.end + BigInt(plusSeconds) * SEC);

/** Allowlist: root and proofs (hex) in the contract's layout. */
export function allowlist(accounts: string[]): { root: string; proofs: Map<string, string[]> } {
  const tree = buildMerkleTree(accounts, sha256);
  const proofs = new Map<string, string[]>();
  for (const [account, proof] of tree.proofs) proofs.set(account, proof.map(bytesToHex));
  return { root: bytesToHex(tree.root), proofs };
}

// ---- calls --------------------------------------------------------------

export function buyNear(env: SaleEnv, buyer: NearAccount, roundId: number, amount: bigint, proof?: string[]) {
  return buyer.callRaw(env.sale, "purchase", proof ? { round_id: roundId, proof } : { round_id: roundId }, {
    attachedDeposit: amount,
    gas: 100n * TGAS,
  });
}

export function buyFt(
  env: SaleEnv,
  buyer: NearAccount,
  roundId: number,
  amount: bigint,
  proof?: string[],
  msg?: string,
) {
  const body = msg ?? JSON.stringify({ purchase: proof ? { round_id: roundId, proof } : { round_id: roundId } });
  return buyer.callRaw(
    env.stable,
    "ft_transfer_call",
    { receiver_id: env.sale.accountId, amount: amount.toString(), msg: body },
    {
      attachedDeposit: 1n,
      gas: GAS_MAX,
    },
  );
}

export function claim(env: SaleEnv, buyer: NearAccount, roundId: number, gas = GAS_MAX) {
  return buyer.callRaw(env.sale, "claim", { round_id: roundId }, { gas });
}

export function refund(env: SaleEnv, buyer: NearAccount, roundId: number, gas = GAS_MAX) {
  return buyer.callRaw(env.sale, "withdraw_refund", { round_id: roundId }, { gas });
}

export async function ftBalance(token: NearAccount, account: NearAccount | string): Promise<bigint> {
  const id = typeof account === "string" ? account : account.accountId;
  return BigInt((await token.view("ft_balance_of", { account_id: id })) as string);
}

/** The account's purchase record view in the round, or null when it bought nothing there. */
export async function purchaseOrNull(
  env: SaleEnv,
  roundId: number,
  account: NearAccount,
): Promise<PurchaseView | null> {
  return (await env.sale.view("purchase_of", {
    round_id: roundId,
    account_id: account.accountId,
  })) as PurchaseView | null;
}

/** The account's purchase record view in the round; throws when there is none. */
export async function purchaseView(env: SaleEnv, roundId: number, account: NearAccount): Promise<PurchaseView> {
  const view = await purchaseOrNull(env, roundId, account);
  if (view === null) throw new Error(`${account.accountId} bought nothing in round ${roundId}`);
  return view;
}

export async function roundView(env: SaleEnv, roundId: number): Promise<RoundView> {
  return (await env.sale.view("round", { round_id: roundId })) as RoundView;
}

/** The events of the sale's standard in a result's logs. */
export function saleEvents(logs: readonly string[]) {
  return eventsIn(logs).filter((e) => e.standard === SALE_STANDARD);
}

/** The exact log line of a sale event. */
export function eventLine(event: string, data: Record<string, unknown>): string {
  return `EVENT_JSON:${JSON.stringify({ standard: SALE_STANDARD, version: "1.0.0", event, data: [data] })}`;
}

/** The block timestamp (ns) of the receipt that logged `line`. */
export async function timestampOfLog(env: SaleEnv, result: { result: any }, line: string): Promise<bigint> {
  const outcome = (result.result.receipts_outcome as any[]).find((r) => r.outcome.logs.includes(line));
  if (!outcome) throw new Error(`no receipt logged ${line}`);
  const block = await env.worker.provider.block({ blockId: outcome.block_hash });
  return BigInt(block.header.timestamp_nanosec);
}

export function failure(result: { failed: boolean; receiptFailureMessages: string[] }): string {
  return result.failed ? result.receiptFailureMessages.join("\n") : "";
}

/** Every failure message of a transaction's receipts (a failed ft_on_transfer leaves the transaction itself successful). */
export function errorsOf(result: { receiptFailureMessages: string[] }): string {
  return result.receiptFailureMessages.map(decodeFailure).join("\n");
}

/** The panic text inside a JSON-encoded receipt failure (quotes and newlines unescaped), or the message itself. */
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

export async function minStorage(env: SaleEnv): Promise<bigint> {
  const bounds = (await env.sale.view("storage_balance_bounds", {})) as { min: string };
  return BigInt(bounds.min);
}

export async function registerOnSale(env: SaleEnv, account: NearAccount, amount?: bigint): Promise<void> {
  await account.call(
    env.sale,
    "storage_deposit",
    {},
    { attachedDeposit: amount ?? (await minStorage(env)), gas: GAS_MAX },
  );
}

/** The account's liquid NEAR balance in yocto, exact (near-workspaces' balance() rounds through a float). */
export async function nearBalance(env: SaleEnv, account: NearAccount | string): Promise<bigint> {
  const id = typeof account === "string" ? account : account.accountId;
  return BigInt((await env.worker.provider.viewAccount(id)).amount);
}
