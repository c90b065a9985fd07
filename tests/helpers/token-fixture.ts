/**
 * Typed ava fixture of the token's chain tests (the style of
 * sale-fixture.ts): one local chain per test file, in `t.context`, with
 * fresh accounts and tokens per test, so no test file keeps module-level
 * mutable hooks.
 *
 *   const test = anyTest as TestFn<TokenWorld>;
 *   test.before(async (t) => { t.context = await setupTokenWorld(); });
 *   test.after.always((t) => t.context.worker.tearDown());
 */
import { deployToken, receiverWasm, subAccount, tokenWasm, type AllocationSpec } from "./token-setup.ts";
import { NEAR, startWorker, type NearAccount, type WorkerType } from "./workspace.ts";

export interface TokenWorld {
  worker: WorkerType;
  root: NearAccount;
  /** Shared by every test of the file (ava copies t.context per test, so a plain number would repeat). */
  seq: { n: number };
}

export async function setupTokenWorld(): Promise<TokenWorld> {
  // the receiver fixture is built on first use (`newReceiver`): files that never deploy it do not wait for it
  await tokenWasm();
  const worker = await startWorker();
  return { worker, root: worker.rootAccount, seq: { n: 0 } };
}

/** A name no other test of the file uses. */
export function fresh(world: TokenWorld, prefix: string): string {
  return `${prefix}${world.seq.n++}`;
}

/** New funded sub-accounts of root (20 NEAR each), one per name prefix. */
export function newAccounts(world: TokenWorld, ...prefixes: string[]): Promise<NearAccount[]> {
  return Promise.all(prefixes.map((prefix) => subAccount(world.root, fresh(world, prefix))));
}

/** A token with fresh `owner`, deployed with timelock delay `timelockDelayNs` (default 0). */
export async function newToken(
  world: TokenWorld,
  owner: NearAccount,
  allocations: AllocationSpec[],
  options: { revenueToken?: string; sale?: string; timelockDelayNs?: bigint; initialBalance?: bigint } = {},
): Promise<NearAccount> {
  return deployToken(world.root, fresh(world, "tok"), {
    owner,
    allocations,
    initialBalance: options.initialBalance ?? 50n * NEAR,
    ...options,
  });
}

/** The receiver fixture (tests/fixtures/ft-receiver.ts) on a fresh account. */
export async function newReceiver(world: TokenWorld): Promise<NearAccount> {
  const [receiver] = await newAccounts(world, "recv");
  await receiver.deploy(await receiverWasm());
  return receiver;
}

/** Advances the chain clock by at least `ns` (fastForward moves one second per block). */
export async function waitNs(world: TokenWorld, ns: bigint): Promise<void> {
  await world.worker.provider.fastForward(Number(ns / 1_000_000_000n) + 2);
}
