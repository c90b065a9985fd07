import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import test from "ava";
import { startLocalServer } from "../server/local-server.ts";
import { DEV_WALLET_KEY_PATH } from "../src/wallet/dev-wallet-path.ts";

/** A raw request, so Host and Origin can be set to anything a browser on another site could send. */
function get(
  port: number,
  pathname: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, path: pathname, headers }, (response) => {
      let body = "";
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

test("the development key is served to this machine's own origin only", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-app-server-"));
  const secret = "ed25519:a-stand-in-for-the-local-validator-key";
  fs.writeFileSync(
    path.join(dir, "validator_key.json"),
    JSON.stringify({ account_id: "test.near", secret_key: secret }),
  );
  fs.mkdirSync(path.join(dir, "bundle"));
  fs.writeFileSync(path.join(dir, "bundle", "index.html"), "<!doctype html><title>app</title>");
  const server = await startLocalServer({
    rpcUrl: "http://127.0.0.1:9",
    chainHome: dir,
    accounts: ["alice.test.near"],
    port: 0,
    staticDir: path.join(dir, "bundle"),
  });
  t.teardown(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const local = `127.0.0.1:${server.port}`;

  const own = await get(server.port, DEV_WALLET_KEY_PATH, { Host: local, Origin: `http://${local}` });
  t.is(own.status, 200);
  t.deepEqual(JSON.parse(own.body), { secretKey: secret, accounts: ["alice.test.near"] });
  t.is((await get(server.port, DEV_WALLET_KEY_PATH, { Host: `localhost:${server.port}` })).status, 200);

  // A page of another site (Origin), a DNS-rebinding name (Host), another port: refused, key not in the answer.
  const foreign: Record<string, string>[] = [
    { Host: local, Origin: "https://evil.example" },
    { Host: `evil.example:${server.port}` },
    { Host: "127.0.0.1:1" },
    { Host: local, Origin: `http://${local}.evil.example` },
  ];
  for (const headers of foreign) {
    const refused = await get(server.port, DEV_WALLET_KEY_PATH, headers);
    t.is(refused.status, 403, JSON.stringify(headers));
    t.false(refused.body.includes(secret));
  }
  t.is((await get(server.port, "/", { Host: "evil.example" })).status, 403);
  t.regex((await get(server.port, "/any/route", { Host: local })).body, /<title>app<\/title>/);
});
