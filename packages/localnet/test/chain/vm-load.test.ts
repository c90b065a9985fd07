/**
 * When the CLI's node loads its VM (src/node/vm-load.ts): after its first
 * answer is on the wire, or after an idle wait, never before a first answer
 * that came in time. A real HTTP server; the node is reduced to the one
 * method the rule calls.
 */
import test from "ava";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { loadVmWhenIdle } from "../../src/node/vm-load.ts";

function recorder() {
  const calls: string[] = [];
  return { calls, node: { loadVm: async () => void calls.push("loadVm") } };
}

async function listening(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test("the VM loads once the first answer is sent, not while it is being written", async (t) => {
  const { calls, node } = recorder();
  const server = http.createServer((_req, res) => {
    calls.push("answering");
    res.end("{}", () => calls.push("answered"));
  });
  const url = await listening(server);
  try {
    loadVmWhenIdle(server, node, undefined, 60_000);
    t.deepEqual(calls, []);
    await (await fetch(url, { method: "POST", body: "{}" })).text();
    await until(() => calls.includes("loadVm"));
    t.deepEqual(calls.slice(0, 1), ["answering"]);
    t.true(calls.indexOf("loadVm") > calls.indexOf("answering"));
    t.is(calls.filter((call) => call === "loadVm").length, 1);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("a request held while the node opened is the first answer", async (t) => {
  const { calls, node } = recorder();
  const held: http.ServerResponse[] = [];
  const server = http.createServer((_req, res) => held.push(res));
  const url = await listening(server);
  try {
    const response = fetch(url, { method: "POST", body: "{}" });
    await until(() => held.length === 1);
    loadVmWhenIdle(server, node, held[0], 60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    t.deepEqual(calls, [], "nothing loads while the held request waits");
    held[0].end("{}");
    await (await response).text();
    await until(() => calls.length === 1);
    t.deepEqual(calls, ["loadVm"]);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("without a request the VM loads after the idle wait", async (t) => {
  const { calls, node } = recorder();
  const server = http.createServer();
  await listening(server);
  try {
    const start = Date.now();
    loadVmWhenIdle(server, node, undefined, 100);
    t.deepEqual(calls, []);
    await until(() => calls.length === 1);
    t.true(Date.now() - start >= 95, `${Date.now() - start} ms`);
  } finally {
    server.close();
  }
});
