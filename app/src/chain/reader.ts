/**
 * The app's read path to the chain: contract views and node status through
 * near-api-js's JsonRpcProvider, each counted against the page that asked,
 * so the RPC calls a page makes on load can be measured (the browser test
 * reads `window.__rpcCalls`). Every read is one JSON-RPC request: a page's
 * count is exactly what it costs the node.
 */
import { JsonRpcProvider } from "near-api-js";
import { AccountDoesNotExistError } from "near-api-js/rpc-errors";

export type RpcCounts = Record<string, number>;

export class ChainReader {
  readonly provider: JsonRpcProvider;
  readonly counts: RpcCounts = {};

  constructor(readonly url: string) {
    this.provider = new JsonRpcProvider({ url });
  }

  private count(page: string): void {
    this.counts[page] = (this.counts[page] ?? 0) + 1;
  }

  /** A view's decoded JSON result; a panicking view rejects with the contract's message. */
  async view<T>(page: string, contractId: string, method: string, args: object = {}): Promise<T> {
    this.count(page);
    return (await this.provider.callFunction({ contractId, method, args: args as Record<string, unknown> })) as T;
  }

  async chainId(page: string): Promise<string> {
    this.count(page);
    return (await this.provider.viewNodeStatus()).chain_id;
  }

  /** The account's liquid NEAR (yoctoNEAR), or null when the account does not exist. */
  async nearBalance(page: string, accountId: string): Promise<bigint | null> {
    this.count(page);
    try {
      return (await this.provider.viewAccount({ accountId })).amount;
    } catch (error) {
      if (error instanceof AccountDoesNotExistError) return null;
      throw error;
    }
  }
}
