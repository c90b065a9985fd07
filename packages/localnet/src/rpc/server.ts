/**
 * The JSON-RPC server, routed like neard's: POST / carries JSON-RPC
 * (any other method there is 405), GET|HEAD /status and /health answer
 * directly, every other path is 404. A request body is read within neard's
 * limits (src/rpc/body.ts) before it is parsed; every failure of one
 * request, in its handler or while its reply is written, becomes a
 * JSON-RPC error in neard's shape, never an exception that reaches the
 * process.
 */
import http from "node:http";
import type { Node } from "../node/node.ts";
import { jsonStringify } from "../chain/encoding.ts";
import { depthError, readBody } from "./body.ts";
import { RpcError, rpcErrors } from "./errors.ts";
import { blockHandlers } from "./handlers/blocks.ts";
import { nodeHandlers } from "./handlers/node.ts";
import { query } from "./handlers/query.ts";
import { sandboxHandlers } from "./handlers/sandbox.ts";
import { transactionHandlers } from "./handlers/transactions.ts";
import { shown } from "./params.ts";

type Handler = (node: Node, params: unknown) => unknown | Promise<unknown>;

export const METHODS: Record<string, Handler> = {
  ...nodeHandlers,
  ...blockHandlers,
  query,
  ...transactionHandlers,
  ...sandboxHandlers,
};

type Response = Record<string, unknown>;

function errorResponse(id: unknown, error: RpcError): Response {
  return { jsonrpc: "2.0", id, error: error.body };
}

/**
 * Methods that read what is stored and never run a contract or produce a
 * block: answered while the VM is still loading (src/node/node.ts); every
 * other method waits for it.
 */
const WITHOUT_VM = new Set([
  "status",
  "block",
  "chunk",
  "gas_price",
  "network_info",
  "validators",
  "EXPERIMENTAL_genesis_config",
  "EXPERIMENTAL_protocol_config",
]);

/**
 * Whether a request reads at `final` or `near-final`: it waits for the
 * blocks that finalise transactions already answered (src/chain/producer.ts).
 */
function readsFinality(params: unknown): boolean {
  if (!params || typeof params !== "object" || Array.isArray(params)) return false;
  const { finality } = params as Record<string, unknown>;
  return finality === "final" || finality === "near-final";
}

/** Handles one parsed JSON-RPC request object; always resolves to a response object. */
export async function handleRequest(node: Node, request: unknown): Promise<Response> {
  const id = request && typeof request === "object" && "id" in request ? (request as Record<string, unknown>).id : null;
  try {
    if (!request || typeof request !== "object" || Array.isArray(request)) throw rpcErrors.parse("Invalid request");
    const { method, params } = request as Record<string, unknown>;
    if (typeof method !== "string") throw rpcErrors.parse("Invalid request: missing method");
    const handler = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
    if (!handler) throw rpcErrors.methodNotFound(method);
    if (!node.vm.available && !WITHOUT_VM.has(method)) await node.loadVm();
    if (readsFinality(params)) await node.producer.whenFinalised();
    return { jsonrpc: "2.0", id, result: await handler(node, params) };
  } catch (error) {
    // Not an answer a handler chose: a fault of this node, shown so that it gets fixed, and answered.
    if (!(error instanceof RpcError)) console.error("near-sandbox: a request failed:", error);
    return errorResponse(id, error instanceof RpcError ? error : rpcErrors.internal(messageOf(error)));
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : shown(error);
}

/** One JSON-RPC body to its response text: depth-checked, parsed, handled and serialized, never rejecting. */
async function respond(node: Node, text: string): Promise<string> {
  const tooDeep = depthError(text);
  if (tooDeep) return jsonStringify(errorResponse(null, rpcErrors.parse(tooDeep)));
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch (error) {
    return jsonStringify(errorResponse(null, rpcErrors.parse(`Invalid JSON: ${messageOf(error)}`)));
  }
  const started = performance.now();
  const response = await handleRequest(node, request);
  if (process.env.LOCALNET_DEBUG) {
    const method = (request as Record<string, unknown> | null)?.method;
    console.error(
      `rpc ${shown(method)} ${(performance.now() - started).toFixed(1)} ms${response.error ? " error" : ""}`,
    );
  }
  try {
    return jsonStringify(response);
  } catch (error) {
    // A result that cannot be written (it should not happen) still gets an answer, without the echoed id.
    return jsonStringify(
      errorResponse(null, rpcErrors.internal(`Failed to serialize the response: ${messageOf(error)}`)),
    );
  }
}

/** neard's (tower-http's and axum's) plain-text answers to a body over the limit. */
const TOO_LARGE = {
  declared: "length limit exceeded",
  streamed: "Failed to buffer the request body: length limit exceeded",
};

/** Serves `node`; while it listens, its producer makes a block every `blockIntervalMs` when idle. */
export function createServer(node: Node, options: { blockIntervalMs?: number } = {}): http.Server {
  const server = http.createServer();
  serve(server, node, options);
  return server;
}

/**
 * Makes `server` (listening already, or not yet) serve `node`, and returns
 * its request listener, so that requests the caller accepted before the node
 * was open (`run` listens first, see src/node/run.ts) can be handed to it.
 */
export function serve(
  server: http.Server,
  node: Node,
  options: { blockIntervalMs?: number } = {},
): http.RequestListener {
  const listener: http.RequestListener = (req, res) => {
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      if (res.headersSent) return res.end();
      res.writeHead(status, { ...headers, "Content-Length": String(Buffer.byteLength(body)) });
      res.end(body);
    };
    const sendJson = (body: string) => send(200, body, { "Content-Type": "application/json" });
    const notAllowed = (allow: string) => send(405, "", { Allow: allow });
    let path: string;
    try {
      path = new URL(req.url ?? "/", "http://localhost").pathname;
    } catch {
      return send(404, "");
    }
    try {
      switch (path) {
        case "/":
          if (req.method !== "POST") return notAllowed("POST");
          readBody(req)
            .then(async (body) => {
              if (!body.ok) return send(413, TOO_LARGE[body.reason], { "Content-Type": "text/plain; charset=utf-8" });
              sendJson(await respond(node, body.text));
            })
            .catch(() => res.destroy());
          return;
        case "/status":
          if (req.method !== "GET" && req.method !== "HEAD") return notAllowed("GET,HEAD");
          return sendJson(jsonStringify(nodeHandlers.status(node)));
        case "/health":
          if (req.method !== "GET" && req.method !== "HEAD") return notAllowed("GET,HEAD");
          return sendJson("null");
        default:
          return send(404, "");
      }
    } catch (error) {
      sendJson(jsonStringify(errorResponse(null, rpcErrors.internal(messageOf(error)))));
    }
  };
  server.on("request", listener);
  // Idle keep-alive connections stay open, as neard's server keeps them: node's default 5 s timeout
  // races clients that reuse a pooled connection just as the server drops it ("fetch failed").
  server.keepAliveTimeout = 0;
  // Blocks are produced while the node serves (src/chain/producer.ts), and no longer once it closes.
  // Not before the VM is loaded: a resumed chain's receipts in flight may call contracts in the first block.
  let closed = false;
  const start = () => void node.vmLoaded.then(() => closed || node.producer.start(options.blockIntervalMs));
  if (server.listening) start();
  else server.on("listening", start);
  server.on("close", () => {
    closed = true;
    node.producer.stop();
  });
  return listener;
}
