/**
 * The chain's door to the contract VM (vm/runner.ts). The runner is loaded
 * on first use, so the chain runs (accounts, keys, transfers, deploys) even
 * while the VM cannot be loaded; calls then fail with a clear error.
 */
import type { VMContext } from "../vm/context.ts";
import type { RunRequest, VMOutcome } from "../vm/runner.ts";
import type { ContractStorage, TrieNodesTouched } from "../vm/storage.ts";
import type { ValidatorStakes } from "../vm/host/validator.ts";
import type { StateReader } from "./state.ts";

export interface ContractRun {
  code: Uint8Array;
  method: string;
  context: VMContext;
  state: StateReader;
  accountId: string;
}

export interface ContractRunner {
  run(request: ContractRun): VMOutcome;
  /** Starts a new block: values read before count as cached no more. */
  beginBlock?(): void;
}

const NO_NODES: TrieNodesTouched = { db: 0n, cached: 0n };
const ONE_DB_NODE: TrieNodesTouched = { db: 1n, cached: 0n };
const ONE_CACHED_NODE: TrieNodesTouched = { db: 0n, cached: 1n };

/**
 * nearcore's INLINE_DISK_VALUE_THRESHOLD (core/store, flat storage): values
 * up to this many bytes are stored inline in flat storage. A protocol-level
 * storage constant, not a runtime parameter.
 */
export const INLINE_DISK_VALUE_THRESHOLD = 4000;

/**
 * An account's contract data as the VM reads it, with the trie nodes a read
 * touches as neard's sandbox (flat storage reads, no memtries) charges them:
 * a key is found through flat storage without touching trie nodes, and its
 * value comes with it when inlined (≤ INLINE_DISK_VALUE_THRESHOLD bytes);
 * a larger value is one trie-node read, from the database the first time in
 * a block and from the chunk's cache after. Writes are never made through it
 * (the runner returns them as changes).
 */
class AccountStorage implements ContractStorage {
  constructor(
    private readonly state: StateReader,
    private readonly accountId: string,
    private readonly touched: Set<string>,
  ) {}
  get(key: Uint8Array) {
    const value = this.state.getData(this.accountId, key);
    if (!value || value.length <= INLINE_DISK_VALUE_THRESHOLD) return { value, nodes: NO_NODES };
    const id = `${this.accountId}/${Buffer.from(key).toString("base64")}`;
    if (this.touched.has(id)) return { value, nodes: ONE_CACHED_NODE };
    this.touched.add(id);
    return { value, nodes: ONE_DB_NODE };
  }
  set(): void {
    throw new Error("contract storage is written through the VM outcome");
  }
  remove(): void {
    throw new Error("contract storage is written through the VM outcome");
  }
}

type RunContract = (request: RunRequest) => VMOutcome;

export class VMBridge implements ContractRunner {
  private runContract: RunContract | undefined;
  private loadError: unknown;
  /** Large values read in the current block (the chunk's trie cache). */
  private touched = new Set<string>();

  constructor(private readonly validatorStakes: ValidatorStakes) {}

  /** Loads vm/runner.ts; returns whether it loaded. */
  async load(): Promise<boolean> {
    try {
      const runner = (await import("../vm/runner.ts")) as { runContract: RunContract };
      this.runContract = runner.runContract;
      return true;
    } catch (error) {
      this.loadError = error;
      return false;
    }
  }

  get available(): boolean {
    return this.runContract !== undefined;
  }

  beginBlock(): void {
    this.touched = new Set();
  }

  run(request: ContractRun): VMOutcome {
    if (!this.runContract) throw new Error(`the contract VM could not be loaded: ${String(this.loadError)}`);
    return this.runContract({
      code: request.code,
      method: request.method,
      context: request.context,
      // A view call gets a cache of its own.
      storage: new AccountStorage(request.state, request.accountId, request.context.isView ? new Set() : this.touched),
      validatorStakes: this.validatorStakes,
    });
  }
}
