/**
 * The JSON-RPC server: one POST endpoint (any path), requests dispatched by
 * method to the handler families; every failure becomes a JSON-RPC error in
 * neard's shape, never a crash. Also answers GET /status like neard.
 */
import http from "node:http";
import type { Node } from "../node/node.ts";
import { jsonStringify } from "../chain/encoding.ts";
import { RpcError, rpcErrors } from "./errors.ts";
import { blockHandlers } from "./handlers/blocks.ts";
import { nodeHandlers } from "./handlers/node.ts";
import { query } from "./handlers/query.ts";
import { sandboxHandlers } from "./handlers/sandbox.ts";
import { transactionHandlers } from "./handlers/transactions.ts";

type Handler = (node: Node, params: unknown) => unknown;

export const METHODS: Record<string, Handler> = {
  ...nodeHandlers,
  ...blockHandlers,
  query,
  ...transactionHandlers,
  ...sandboxHandlers,
};

/** Handles one parsed JSON-RPC request object; always returns a response object. */
export function handleRequest(node: Node, request: unknown): Record<string, unknown> {
  const id = request && typeof request === "object" && "id" in request ? (request as Record<string, unknown>).id : null;
  try {
    if (!request || typeof request !== "object" || Array.isArray(request)) throw rpcErrors.parse("Invalid request");
    const { method, params } = request as Record<string, unknown>;
    if (typeof method !== "string") throw rpcErrors.parse("Invalid request: missing method");
    const handler = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
    if (!handler) throw rpcErrors.methodNotFound(method);
    if (node.chain.catchUp()) node.commit();
    return { jsonrpc: "2.0", id, result: handler(node, params) };
  } catch (error) {
    const rpcError =
      error instanceof RpcError ? error : rpcErrors.internal(error instanceof Error ? error.message : String(error));
    if (!(error instanceof RpcError) && process.env.LOCALNET_DEBUG) console.error(error);
    return { jsonrpc: "2.0", id, error: rpcError.body };
  }
}

export function createServer(node: Node): http.Server {
  return http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      const text = jsonStringify(body);
      res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method === "GET") {
      if (req.url === "/status") return reply(200, nodeHandlers.status(node));
      if (req.url === "/health") return reply(200, null);
      return reply(404, { error: "not found" });
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let request: unknown;
      try {
        request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch (error) {
        return reply(200, {
          jsonrpc: "2.0",
          id: null,
          error: rpcErrors.parse(`Invalid JSON: ${(error as Error).message}`).body,
        });
      }
      const started = performance.now();
      const response = handleRequest(node, request);
      if (process.env.LOCALNET_DEBUG) {
        const method = (request as Record<string, unknown>)?.method;
        console.error(
          `rpc ${String(method)} ${(performance.now() - started).toFixed(1)} ms${response.error ? " error" : ""}`,
        );
      }
      reply(200, response);
    });
  });
}
