/**
 * The scripts' JSON-RPC transport: near-api-js's JsonRpcProvider with our
 * own retry policy around every request.
 *
 * Invariant: a request either returns what the node answered (a result, or
 * one of near-api-js's typed errors for an error the node sent, such as
 * AccountDoesNotExistError), or throws RpcUnavailableError. A transport
 * failure (refused or reset connection, no answer in time, HTTP 408/429/5xx,
 * a body that is not JSON, a node that says it is not ready) is retried with
 * bounded exponential backoff and never reaches a caller as anything that
 * could be read as "absent": the deploy's "is this step done?" checks would
 * otherwise send a step again because of a network blip.
 *
 * near-api-js's own retry is switched off (one attempt): it retries some
 * HTTP statuses but not a refused connection, and has no timeout.
 *
 * A transaction is retried too: the retry re-sends the identical signed
 * transaction, which NEAR executes at most once (its nonce can be used only
 * once), so a blip can never make it run twice. If every attempt fails, its
 * fate is unknown; the error says so, and re-running the deploy finds out
 * from the chain.
 *
 * Credentials in the URL (user:password@, query parameters such as an API
 * key) never appear in messages: `redactUrl` is applied to everything shown.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { JsonRpcProvider } from "near-api-js";
import {
  InternalHandlerError,
  InternalRpcError,
  NodeIsSyncingError,
  NoSyncedBlocksError,
  NotSyncedYetError,
  UnavailableShardError,
} from "near-api-js/rpc-errors";

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the first retry; doubled for each further one, up to maxDelayMs. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** How long one read may go unanswered. Transactions wait as long as the node takes (it has its own timeout). */
  requestTimeoutMs: number;
}

/** Six attempts over about 8 s of waiting: rides out a restart of a node or a proxy, then gives up clearly. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 6,
  firstDelayMs: 250,
  maxDelayMs: 4000,
  requestTimeoutMs: 30_000,
};

/** JSON-RPC methods that submit a transaction. */
const SENDING_METHODS = new Set(["send_tx", "broadcast_tx_commit", "broadcast_tx_async"]);

/** HTTP statuses near-api-js raises as ProviderError that a retry can cure. */
const RETRIABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Errors the node sends when it cannot answer right now (as opposed to an answer). */
const NODE_NOT_READY = [
  InternalRpcError,
  InternalHandlerError,
  NodeIsSyncingError,
  NoSyncedBlocksError,
  NotSyncedYetError,
  UnavailableShardError,
];

/** The RPC endpoint could not be used: every attempt failed in transport, or a transaction's fate is unknown. */
export class RpcUnavailableError extends Error {
  constructor(
    message: string,
    /** The endpoint, credentials redacted. */
    readonly url: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = "RpcUnavailableError";
  }
}

class RequestTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = "RequestTimeout";
  }
}

/** A path segment that looks like a key (`/v3/<32 hex>`, `/<api key>`): long, and mixing digits into it. */
const KEY_LIKE_SEGMENT = /^(?=.*\d)[A-Za-z0-9_-]{16,}$/;

/**
 * The URL with any user/password, every query-parameter value and every
 * key-like path segment replaced by "***" (providers put API keys in all
 * three places). What logs, errors and manifests show of an endpoint.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "(an invalid URL)";
  }
  const segments = parsed.pathname.split("/");
  const keyInPath = segments.some((segment) => KEY_LIKE_SEGMENT.test(segment));
  if (!parsed.username && !parsed.password && parsed.search === "" && !keyInPath) return url;
  if (parsed.username) parsed.username = "***";
  if (parsed.password) parsed.password = "***";
  if (keyInPath) parsed.pathname = segments.map((s) => (KEY_LIKE_SEGMENT.test(s) ? "***" : s)).join("/");
  for (const name of new Set(parsed.searchParams.keys())) parsed.searchParams.set(name, "***");
  return parsed.toString().replaceAll("%2A", "*");
}

/**
 * fetch refuses URLs with user:password@, so they travel as HTTP Basic
 * authentication, which is what such a URL means to a browser or curl.
 */
function connectionOf(url: string): { url: string; headers?: Record<string, string> } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`the RPC endpoint is not a valid URL: ${redactUrl(url)}`);
  }
  if (!parsed.username && !parsed.password) return { url };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = "";
  parsed.password = "";
  return {
    url: parsed.toString(),
    headers: { Authorization: `Basic ${Buffer.from(credentials).toString("base64")}` },
  };
}

/**
 * What went wrong in transport, as a short reason for the message; undefined when `error` is the node's answer
 * (or a bug) and must not be retried.
 */
export function transportFailure(error: unknown): string | undefined {
  if (error instanceof RequestTimeout) return error.message;
  if (!(error instanceof Error)) return undefined;
  // undici (Node's fetch): TypeError("fetch failed") whose cause is the socket error.
  if (error.name === "TypeError" && error.message === "fetch failed") {
    const cause = error.cause as { code?: string; message?: string; errors?: { code?: string }[] } | undefined;
    return cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? error.message;
  }
  // near-api-js's ProviderError carries the HTTP status as a number in `cause`.
  const status = (error as { cause?: unknown }).cause;
  if (typeof status === "number") return RETRIABLE_STATUSES.has(status) ? `HTTP ${status}` : undefined;
  // An HTML error page from a proxy or gateway, where a JSON-RPC answer was expected.
  if (error instanceof SyntaxError) return "the answer is not JSON";
  if (NODE_NOT_READY.some((kind) => error instanceof kind))
    return `the node is not ready (${error.name}: ${error.message})`;
  if ((error as { type?: unknown }).type === "RetriesExceeded") return error.message;
  return undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  // The abandoned request is left to finish on its own: near-api-js gives no way to abort it.
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeout(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class RetryingRpcProvider extends JsonRpcProvider {
  /** The endpoint as it may be shown or recorded: credentials redacted. */
  readonly displayUrl: string;

  constructor(
    url: string,
    readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    super(connectionOf(url), { retries: 1, wait: 0, backoff: 1 });
    this.displayUrl = redactUrl(url);
  }

  // near-api-js routes every request (views, blocks, transactions) through sendJsonRpc; its generic
  // signature is kept by the base class, this override only adds the retries around it.
  override async sendJsonRpc(method: string, params: unknown): Promise<never> {
    const send = () => super.sendJsonRpc(method as never, params as never) as Promise<never>;
    const sending = SENDING_METHODS.has(method);
    let delay = this.policy.firstDelayMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return sending ? await send() : await withTimeout(send(), this.policy.requestTimeoutMs);
      } catch (error) {
        const failure = transportFailure(error);
        if (!failure) throw error;
        if (attempt >= this.policy.attempts) {
          const fate = sending ? "; the transaction may or may not have been executed: re-run to check the chain" : "";
          throw new RpcUnavailableError(
            `cannot reach the RPC endpoint ${this.displayUrl}: ${method} failed ${attempt} time(s), last with ${this.scrub(failure)}${fate}`,
            this.displayUrl,
            attempt,
          );
        }
        await sleep(delay);
        delay = Math.min(delay * 2, this.policy.maxDelayMs);
      }
    }
  }

  /** Error texts can quote the URL (near-api-js's "<url> Bad Gateway"): never let its credentials through. */
  private scrub(text: string): string {
    return text.replaceAll(this.connection.url, this.displayUrl);
  }
}
