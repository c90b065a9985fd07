/**
 * A real HTTP hop in front of the real local chain that fails chosen requests
 * the way networks and gateways do: a reset connection (before or after the
 * node handled the request), a 503 page, or no answer at all. Every other request is forwarded unchanged, so the scripts
 * talk to the genuine node through a genuinely unreliable path.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * reset: the connection is dropped before the node sees the request; lostAnswer: the node handles the request,
 * then the connection is dropped before its answer; http503: a gateway's error page; hang: no answer at all.
 */
export type Fault = "reset" | "lostAnswer" | "http503" | "hang";

export interface FlakyEndpoint {
  url: string;
  /** Requests seen so far (forwarded or failed). */
  requests: number;
  /** Requests failed so far. */
  failed: number;
  /** The Authorization header of the last request, if it had one. */
  authorization?: string;
  close(): Promise<void>;
}

/** A JSON-RPC request as the endpoint saw it. */
export interface SeenRequest {
  /** 1 for the first request. */
  number: number;
  method: string;
  params: Record<string, unknown>;
}

/** `faultFor` is asked about every request: a fault to inject, or undefined to forward it. */
export async function flakyEndpoint(
  target: string,
  faultFor: (request: SeenRequest) => Fault | undefined,
): Promise<FlakyEndpoint> {
  const hanging = new Set<http.ServerResponse>();
  const endpoint: FlakyEndpoint = { url: "", requests: 0, failed: 0, close: async () => {} };
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    endpoint.authorization = request.headers.authorization;
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as SeenRequest;
    const fault = faultFor({ number: ++endpoint.requests, method: body.method, params: body.params ?? {} });
    if (fault) endpoint.failed++;
    if (fault === "reset") return request.socket.destroy();
    if (fault === "http503") return response.writeHead(503, { "Content-Type": "text/html" }).end("<h1>503</h1>");
    if (fault === "hang") return void hanging.add(response);
    try {
      const answer = await fetch(target, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: Buffer.concat(chunks),
      });
      const text = await answer.text();
      if (fault === "lostAnswer") return request.socket.destroy();
      response.writeHead(answer.status, { "Content-Type": "application/json" }).end(text);
    } catch {
      request.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  endpoint.close = () =>
    new Promise<void>((resolve) => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return endpoint;
}
