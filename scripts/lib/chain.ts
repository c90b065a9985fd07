/**
 * The scripts' one door to the chain: views, account/code/state checks and
 * sending a transaction as a list of planned actions, returning what the
 * reports need (hash, block height, gas burnt over every receipt, outcome).
 *
 * Planned actions are plain data, so a dry run can print exactly what a real
 * run would send (receiver, each action, gas, deposit).
 *
 * "Is it done yet?" checks answer "absent" only when the node said so: the
 * account, its code or the method does not exist (near-api-js's typed
 * errors for UNKNOWN_ACCOUNT, NO_CONTRACT_CODE and MethodNotFound). Any other
 * failure propagates: transport failures after rpc-provider.ts's retries as
 * RpcUnavailableError, a panicking view as the contract's error. Reading a
 * failure as absence would make a deploy send a done step again.
 */
import { Account, actions as nearActions, PublicKey, type Action } from "near-api-js";
import {
  AccountDoesNotExistError,
  ContractCodeDoesNotExistError,
  ContractMethodNotFoundError,
  TooLargeContractStateError,
} from "near-api-js/rpc-errors";
import { formatNear } from "../config/units.ts";
import type { KeyStore } from "./keys.ts";
import { DEFAULT_RETRY_POLICY, RetryingRpcProvider, type RetryPolicy } from "./rpc-provider.ts";

export type PlannedAction =
  | { type: "CreateAccount" }
  | { type: "Transfer"; deposit: bigint }
  | { type: "AddFullAccessKey"; publicKey: string }
  | { type: "DeleteKey"; publicKey: string }
  | { type: "DeployContract"; code: Uint8Array; sha256: string }
  | { type: "FunctionCall"; method: string; args: Record<string, unknown> | Uint8Array; gas: bigint; deposit: bigint };

export interface PlannedTx {
  signerId: string;
  receiverId: string;
  actions: PlannedAction[];
}

export interface TxResult {
  hash: string;
  blockHash: string;
  blockHeight: number;
  /** Gas burnt by the transaction and every receipt it spawned. */
  gasBurnt: bigint;
  ok: boolean;
  /** Why the transaction failed, when it did. */
  failure?: string;
  /** Failures of receipts further down (a callback's panic does not fail the transaction). */
  receiptFailures: string[];
  /** The decoded SuccessValue (JSON if it parses, else the raw string). */
  value?: unknown;
  logs: string[];
}

export function plannedGas(tx: PlannedTx): bigint {
  return tx.actions.reduce((sum, a) => sum + (a.type === "FunctionCall" ? a.gas : 0n), 0n);
}

export function plannedDeposit(tx: PlannedTx): bigint {
  return tx.actions.reduce((sum, a) => sum + (a.type === "Transfer" || a.type === "FunctionCall" ? a.deposit : 0n), 0n);
}

function toNearAction(action: PlannedAction): Action {
  switch (action.type) {
    case "CreateAccount":
      return nearActions.createAccount();
    case "Transfer":
      return nearActions.transfer(action.deposit);
    case "AddFullAccessKey":
      return nearActions.addFullAccessKey(PublicKey.from(action.publicKey));
    case "DeleteKey":
      return nearActions.deleteKey(PublicKey.from(action.publicKey));
    case "DeployContract":
      return nearActions.deployContract(action.code);
    case "FunctionCall":
      return nearActions.functionCall(action.method, action.args as never, action.gas, action.deposit);
  }
}

function decodeValue(base64: string): unknown {
  const text = Buffer.from(base64, "base64").toString("utf8");
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A short, readable reason from a neard failure object (ActionError / InvalidTxError). */
export function failureText(failure: unknown): string {
  const json = JSON.stringify(failure);
  const execution = /"ExecutionError":"((?:[^"\\]|\\.)*)"/.exec(json);
  if (execution) {
    // QuickJS panics carry a stack ("\n    at parse (native)\n    at _getArgs (sale.js:2759)…"): keep it on one line.
    const [message, ...frames] = (JSON.parse(`"${execution[1]}"`) as string)
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    return frames.length ? `${message} [${frames.map((f) => f.replace(/^at /, "")).join(" < ")}]` : message;
  }
  const balance = balanceFailure(json);
  if (balance) return balance;
  return json.length > 300 ? `${json.slice(0, 300)}…` : json;
}

/** Amounts in the node's failures (yoctoNEAR strings) as NEAR, naming the account. */
function balanceFailure(json: string): string | undefined {
  const parsed = JSON.parse(json) as Record<string, any>;
  const notEnough = parsed?.InvalidTxError?.NotEnoughBalance ?? parsed?.NotEnoughBalance;
  if (notEnough)
    return `${notEnough.signer_id} has ${formatNear(BigInt(notEnough.balance))}, but the transaction costs ${formatNear(BigInt(notEnough.cost))}: add ${formatNear(BigInt(notEnough.cost) - BigInt(notEnough.balance))}`;
  const lack = parsed?.ActionError?.kind?.LackBalanceForState ?? parsed?.LackBalanceForState;
  if (lack)
    return `${lack.account_id} lacks ${formatNear(BigInt(lack.amount))} for the storage it would use (raise its initial_balance)`;
  return undefined;
}

/**
 * A send that failed before an outcome, said with the signer: near-api-js's
 * "access key … does not exist" names neither the account nor where the key came from.
 */
export function explainSendError(error: unknown, signerId: string, keys: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/access key/i.test(message) && !message.includes(signerId))
    return new Error(
      `${signerId}: ${message}: the key the scripts hold for ${signerId} (from ${keys}) is not one of its access keys on chain`,
    );
  return error instanceof Error ? error : new Error(message);
}

/** The node's answer that the account, its contract code or the called method does not exist. */
export function isAbsence(error: unknown): boolean {
  return (
    error instanceof AccountDoesNotExistError ||
    error instanceof ContractCodeDoesNotExistError ||
    error instanceof ContractMethodNotFoundError
  );
}

export class ChainClient {
  readonly provider: RetryingRpcProvider;
  /** The endpoint with any credentials redacted: what reports print and manifests record. */
  readonly rpcUrl: string;
  private readonly accounts = new Map<string, Account>();

  constructor(
    endpoint: string,
    readonly keys: KeyStore,
    retry: Partial<RetryPolicy> = {},
  ) {
    this.provider = new RetryingRpcProvider(endpoint, { ...DEFAULT_RETRY_POLICY, ...retry });
    this.rpcUrl = this.provider.displayUrl;
  }

  /** A view call; the contract's JSON result. */
  async view<T>(contractId: string, method: string, args: Record<string, unknown> = {}): Promise<T> {
    return (await this.provider.callFunction({ contractId, method, args })) as T;
  }

  /**
   * A view call that yields undefined where the account, the code or the
   * method is missing (for "is it done yet?" checks); every other failure throws.
   */
  async viewOrUndefined<T>(
    contractId: string,
    method: string,
    args: Record<string, unknown> = {},
  ): Promise<T | undefined> {
    try {
      return await this.view<T>(contractId, method, args);
    } catch (error) {
      if (isAbsence(error)) return undefined;
      throw error;
    }
  }

  async accountExists(accountId: string): Promise<boolean> {
    return (await this.accountView(accountId)) !== undefined;
  }

  async accountView(
    accountId: string,
  ): Promise<{ amount: bigint; locked: bigint; code_hash: string; storage_usage: number } | undefined> {
    try {
      return await this.provider.viewAccount({ accountId, blockQuery: { finality: "final" } });
    } catch (error) {
      if (error instanceof AccountDoesNotExistError) return undefined;
      throw error;
    }
  }

  /** The base58 code hash, or undefined for a missing account; "1111…" (32 zero bytes) means no code. */
  async codeHash(accountId: string): Promise<string | undefined> {
    return (await this.accountView(accountId))?.code_hash;
  }

  /** Whether near-sdk-js's state object exists (the contract was initialised). */
  async hasSdkState(accountId: string): Promise<boolean> {
    try {
      const state = await this.provider.viewContractState({
        contractId: accountId,
        prefix: "STATE",
        blockQuery: { finality: "final" },
      });
      return state.values.some((v) => Buffer.from(v.key, "base64").toString("utf8") === "STATE");
    } catch (error) {
      if (error instanceof AccountDoesNotExistError) return false;
      // Public RPC nodes refuse view_state past ~50 kB of data (code excluded). A near-sdk-js contract writes
      // STATE in its init, before any other data, so that much data means it was initialised.
      if (error instanceof TooLargeContractStateError) return true;
      throw error;
    }
  }

  async head(): Promise<{ height: number; hash: string; timestampNs: bigint }> {
    const block = await this.provider.viewBlock({ finality: "final" });
    return {
      height: block.header.height,
      hash: block.header.hash,
      timestampNs: BigInt(block.header.timestamp_nanosec),
    };
  }

  /**
   * Which chain this is: its chain id, plus the genesis block hash when the
   * node still has block 0 (a local chain always does; testnet/mainnet RPC
   * nodes usually do not, and their chain id is identity enough). Tells a
   * fresh local chain from the one a manifest was written for.
   */
  async identity(): Promise<{ chainId: string; genesisHash: string | null }> {
    const status = await this.provider.viewNodeStatus();
    const sync = status.sync_info as { earliest_block_height?: number | null };
    let genesisHash: string | null = null;
    if (sync.earliest_block_height === 0) genesisHash = (await this.provider.viewBlock({ blockId: 0 })).header.hash;
    return { chainId: status.chain_id, genesisHash };
  }

  private async account(signerId: string): Promise<Account> {
    let account = this.accounts.get(signerId);
    if (!account) {
      account = new Account(signerId, this.provider, await this.keys.signerFor(signerId));
      this.accounts.set(signerId, account);
    }
    return account;
  }

  async send(tx: PlannedTx): Promise<TxResult> {
    const account = await this.account(tx.signerId);
    const response = await account
      .signAndSendTransaction({
        receiverId: tx.receiverId,
        actions: tx.actions.map(toNearAction),
        waitUntil: "FINAL",
        throwOnFailure: false,
      })
      .catch((error: unknown) => {
        throw explainSendError(error, tx.signerId, this.keys.describe());
      });
    const outcomes = [response.transaction_outcome, ...response.receipts_outcome];
    const gasBurnt = outcomes.reduce((sum, o) => sum + BigInt(o.outcome.gas_burnt), 0n);
    const logs = outcomes.flatMap((o) => o.outcome.logs);
    const receiptFailures = response.receipts_outcome
      .map((o) => o.outcome.status as unknown)
      .filter((s): s is { Failure: unknown } => typeof s === "object" && s !== null && "Failure" in s)
      .map((s) => failureText(s.Failure));
    const status = response.status as Record<string, unknown>;
    const blockHash = response.transaction_outcome.block_hash;
    const block = await this.provider.viewBlock({ blockId: blockHash });
    const result: TxResult = {
      hash: response.transaction_outcome.id,
      blockHash,
      blockHeight: block.header.height,
      gasBurnt,
      ok: typeof status === "object" && status !== null && "SuccessValue" in status,
      receiptFailures,
      logs,
    };
    if (result.ok) result.value = decodeValue(String(status.SuccessValue ?? ""));
    else result.failure = failureText(status?.Failure ?? status);
    return result;
  }

  /** Advances the local chain's clock (sandbox only): `blocks` blocks of one second each. */
  async fastForward(blocks: number): Promise<void> {
    const response = await fetch(this.provider.connection.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: "ff",
        method: "sandbox_fast_forward",
        params: { delta_height: blocks },
      }),
    });
    const body = (await response.json()) as { error?: unknown };
    if (body.error) throw new Error(`sandbox_fast_forward failed: ${JSON.stringify(body.error)}`);
  }
}
