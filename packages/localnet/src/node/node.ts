/**
 * A local node: genesis, state, chain and the contract VM wired together,
 * on a database (src/store/): fresh from a genesis, or resumed from the
 * database by persistence.ts.
 */
import { Chain } from "../chain/chain.ts";
import { BlockProducer } from "../chain/producer.ts";
import { accessKeyStorage } from "../chain/economics.ts";
import type { Genesis } from "../chain/genesis.ts";
import { State } from "../chain/state.ts";
import { VMBridge } from "../chain/vm-bridge.ts";
import { STORAGE_PARAMETERS } from "../vm/runtime-parameters.ts";
import type { ChainStore } from "../store/store.ts";

export interface Node {
  genesis: Genesis;
  state: State;
  chain: Chain;
  vm: VMBridge;
  startedAt: number;
  rpcAddr: string;
  /**
   * Called after each state-changing request, before its result is
   * returned. Every block is already durable when produced (each is one
   * database transaction), so there is nothing left to do here.
   */
  commit: () => void;
  /** Produces blocks by time while the RPC server runs, and answers clients waiting for finality. */
  producer: BlockProducer;
  /** Settles once the contract VM is loaded (or failed to load); until then nothing may run a contract. */
  vmLoaded: Promise<unknown>;
  /** Starts loading the VM if that has not started yet; returns `vmLoaded`. */
  loadVm: () => Promise<unknown>;
}

/**
 * The genesis records as state staged on `store` (committed with the
 * genesis block by Chain.start): each account with its full-access key and
 * nearcore's storage usage.
 */
export function genesisState(genesis: Genesis, store: ChainStore): State {
  const state = new State(store);
  for (const account of genesis.accounts) {
    const permission = { type: "FullAccess" } as const;
    state.setAccount(account.accountId, {
      amount: account.amount,
      locked: account.locked,
      codeHash: new Uint8Array(32),
      storageUsage: STORAGE_PARAMETERS.storage_num_bytes_account + accessKeyStorage(account.publicKey, permission),
    });
    state.setAccessKey(account.accountId, account.publicKey, { nonce: 0n, permission });
  }
  return state;
}

export function genesisTotalSupply(genesis: Genesis): bigint {
  return genesis.accounts.reduce((sum, a) => sum + a.amount + a.locked, 0n);
}

/**
 * A node on `state`. With `vmInBackground` the contract VM (the largest part
 * of the code to load) is not loaded before this returns: it loads when
 * `loadVm` is first called, so that the node answers its first requests
 * sooner. Whoever serves it calls `loadVm` before handling what may run a
 * contract and waits for `vmLoaded` before producing blocks
 * (src/rpc/server.ts does), and starts the load itself once the node is idle
 * (src/node/run.ts does).
 */
export async function createNode(
  genesis: Genesis,
  state: State,
  rpcAddr: string,
  options: { vmInBackground?: boolean } = {},
): Promise<Node> {
  const vm = new VMBridge(new Map([[genesis.validator.accountId, genesis.validator.stake]]));
  let requestLoad = () => {};
  const vmLoaded = new Promise<void>((resolve) => (requestLoad = resolve)).then(() => vm.load());
  const loadVm = () => {
    requestLoad();
    return vmLoaded;
  };
  if (!options.vmInBackground) await loadVm();
  const chain = new Chain(genesis, state, vm);
  const producer = new BlockProducer(chain);
  return { genesis, state, chain, vm, startedAt: Date.now(), rpcAddr, commit: () => {}, producer, vmLoaded, loadVm };
}
