/**
 * The HTTP layer of the node, against the real `near-sandbox run` child
 * process: hostile request bodies (too deep, too large) and methods other
 * than POST get neard's answers, and the process keeps serving afterwards.
 */
import test from "ava";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { initSandboxHome, type SandboxProcess, startSandbox } from "../../src/process.ts";

let node: SandboxProcess;

test.before(async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-http-"));
  initSandboxHome(home);
  node = await startSandbox({ home });
});

test.after.always(async () => {
  await node?.stop();
});

/** The process is alive and still answers JSON-RPC. */
async function stillServing(t: { is: (a: unknown, b: unknown, m?: string) => void }) {
  t.is(node.child.exitCode, null, "the node process exited");
  t.is((await node.rpc("status", [])).result.chain_id, "localnet");
}

test.serial("a JSON-RPC id nested 3,000 deep gets a parse error and does not kill the node", async (t) => {
  const body = `{"jsonrpc":"2.0","id":${"[".repeat(3000)}${"]".repeat(3000)},"method":"status"}`;
  const response = await fetch(node.url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
  t.is(response.status, 200);
  const reply = (await response.json()) as { id: unknown; error: { name: string; cause: { name: string } } };
  t.is(reply.id, null);
  t.is(reply.error.name, "REQUEST_VALIDATION_ERROR");
  t.is(reply.error.cause.name, "PARSE_ERROR");
  t.regex(JSON.stringify(reply.error), /recursion limit exceeded/);
  await stillServing(t);
});

test.serial("nesting up to serde_json's limit (127 levels) is still served", async (t) => {
  const body = `{"jsonrpc":"2.0","id":${"[".repeat(126)}${"]".repeat(126)},"method":"status"}`;
  const reply = (await (await fetch(node.url, { method: "POST", body })).json()) as { result: { chain_id: string } };
  t.is(reply.result.chain_id, "localnet");
});

test.serial("a body over 10 MiB is refused with 413 like neard, and the node keeps serving", async (t) => {
  const padding = "x".repeat(10 * 1024 * 1024);
  const body = `{"jsonrpc":"2.0","id":1,"method":"status","params":{"pad":"${padding}"}}`;
  const response = await fetch(node.url, { method: "POST", headers: { "Content-Type": "application/json" }, body });
  t.is(response.status, 413);
  t.is(await response.text(), "length limit exceeded");
  await stillServing(t);
});

test.serial("a chunked body over 10 MiB (no Content-Length) is refused with 413 too", async (t) => {
  const status = await new Promise<number>((resolve, reject) => {
    const request = http.request(node.url, { method: "POST", headers: { "Content-Type": "application/json" } });
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    // The server may close the connection before the whole body is sent.
    request.on("error", (error) => (request.destroyed ? undefined : reject(error)));
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    request.write('{"jsonrpc":"2.0","id":1,"method":"status","params":');
    for (let i = 0; i < 11; i++) request.write(chunk);
    request.end("[]}");
  });
  t.is(status, 413);
  await stillServing(t);
});

test.serial("PUT, GET and other non-POST methods on / get 405 like neard, not a JSON-RPC answer", async (t) => {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "status", params: [] });
  for (const method of ["PUT", "PATCH", "DELETE"]) {
    const response = await fetch(node.url, { method, headers: { "Content-Type": "application/json" }, body });
    t.is(response.status, 405, method);
    t.is(response.headers.get("allow"), "POST", method);
    t.is(await response.text(), "", method);
  }
  const get = await fetch(node.url);
  t.is(get.status, 405);
  await stillServing(t);
});

test.serial("GET /status and /health still answer; unknown paths are 404 for any method", async (t) => {
  t.is(((await (await fetch(`${node.url}/status`)).json()) as { chain_id: string }).chain_id, "localnet");
  t.is((await fetch(`${node.url}/health`)).status, 200);
  t.is((await fetch(`${node.url}/nowhere`)).status, 404);
  const post = await fetch(`${node.url}/nowhere`, {
    method: "POST",
    body: '{"jsonrpc":"2.0","id":1,"method":"status"}',
  });
  t.is(post.status, 404);
});
