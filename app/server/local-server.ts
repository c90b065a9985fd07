/**
 * The local web server of the app: the page (Vite's dev middleware, or a
 * built bundle), the chain's JSON-RPC proxied at /rpc (the local node sends
 * no CORS headers and its port varies), and the development wallet's key at
 * /__dev-wallet/key.
 *
 * It serves the key of the local chain, so it is local only, by three
 * checks on every request: it listens on 127.0.0.1; the peer must be a
 * loopback address; Host must be 127.0.0.1 or localhost with the server's
 * port, and Origin, when sent, the same origin (a page of another site, or a
 * DNS-rebinding name pointing at 127.0.0.1, gets 403 and nothing else).
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { ViteDevServer } from "vite";
import { DEV_WALLET_KEY_PATH } from "../src/wallet/dev-wallet-path.ts";

const MAX_RPC_BODY = 8 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

export interface LocalServerOptions {
  /** The chain's JSON-RPC endpoint. */
  rpcUrl: string;
  /** The local chain's home: its validator_key.json signs for every demo account. */
  chainHome: string;
  /** Demo accounts the development wallet offers. */
  accounts: string[];
  /** 0: any free port. */
  port: number;
  /** A built bundle to serve; otherwise `vite` must be given. */
  staticDir?: string;
  vite?: ViteDevServer;
}

export interface LocalServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function isLoopback(address: string | undefined): boolean {
  return address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";
}

/** Whether a request may be answered: loopback peer, local Host, and a same-origin Origin if any. */
export function isLocalRequest(request: http.IncomingMessage, port: number): boolean {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!isLoopback(request.socket.remoteAddress)) return false;
  if (!hosts.includes(request.headers.host ?? "")) return false;
  const origin = request.headers.origin;
  return origin === undefined || hosts.some((host) => origin === `http://${host}`);
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_RPC_BODY) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function proxyRpc(rpcUrl: string, request: http.IncomingMessage, response: http.ServerResponse) {
  if (request.method !== "POST") {
    response.writeHead(405, { Allow: "POST" }).end();
    return;
  }
  try {
    const upstream = await fetch(rpcUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: new Uint8Array(await readBody(request)),
    });
    response.writeHead(upstream.status, { "Content-Type": "application/json" });
    response.end(Buffer.from(await upstream.arrayBuffer()));
  } catch (error) {
    response
      .writeHead(502, { "Content-Type": "text/plain" })
      .end(`local chain unreachable: ${(error as Error).message}`);
  }
}

function serveStatic(root: string, request: http.IncomingMessage, response: http.ServerResponse) {
  const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://local").pathname);
  const candidate = path.join(root, path.normalize(pathname));
  const inside = candidate.startsWith(root + path.sep) && fs.existsSync(candidate) && fs.statSync(candidate).isFile();
  // Unknown paths get the page itself: routes are hashes, but a reload of any path should still open the app.
  const file = inside ? candidate : path.join(root, "index.html");
  response.writeHead(200, {
    "Content-Type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
    "Cache-Control": file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
  });
  fs.createReadStream(file).pipe(response);
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const keyFile = path.join(options.chainHome, "validator_key.json");
  const staticRoot = options.staticDir ? path.resolve(options.staticDir) : undefined;
  let port = options.port;
  const server = http.createServer((request, response) => {
    if (!isLocalRequest(request, port)) {
      response
        .writeHead(403, { "Content-Type": "text/plain" })
        .end("refused: the local app answers 127.0.0.1 and localhost only\n");
      return;
    }
    const pathname = new URL(request.url ?? "/", "http://local").pathname;
    if (pathname === "/rpc") {
      void proxyRpc(options.rpcUrl, request, response);
      return;
    }
    if (pathname === DEV_WALLET_KEY_PATH) {
      const key = JSON.parse(fs.readFileSync(keyFile, "utf8")) as { secret_key?: string; private_key?: string };
      response.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
      response.end(JSON.stringify({ secretKey: key.secret_key ?? key.private_key, accounts: options.accounts }));
      return;
    }
    if (staticRoot) serveStatic(staticRoot, request, response);
    else if (options.vite) options.vite.middlewares(request, response);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
