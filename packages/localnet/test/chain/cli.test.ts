/**
 * The near-sandbox command line: init writes the home directory, run serves
 * JSON-RPC quickly, and a request that reaches the port while the node still
 * loads is answered once it is open.
 */
import test from "ava";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KeyPair, type KeyPairString } from "near-api-js";
import { sourceStamp } from "../../bin/source-stamp.cjs";
import { freePort, initSandboxHome, startSandbox } from "../../src/process.ts";
import { sandboxEnv, useLocalSandbox } from "../../src/workspaces.ts";

const repoRoot = path.resolve(import.meta.dirname, "../../../..");

test("init writes validator_key.json (near-workspaces' shape), genesis and config", (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-cli-"));
  initSandboxHome(home);
  for (const file of ["validator_key.json", "node_key.json", "genesis.json", "config.json"])
    t.true(fs.existsSync(path.join(home, file)), file);
  const key = JSON.parse(fs.readFileSync(path.join(home, "validator_key.json"), "utf8"));
  t.is(key.account_id, "test.near");
  t.is(
    KeyPair.fromString(key.secret_key as KeyPairString)
      .getPublicKey()
      .toString(),
    key.public_key,
  );
  const genesis = JSON.parse(fs.readFileSync(path.join(home, "genesis.json"), "utf8"));
  t.is(genesis.validators[0].account_id, "test.near");
  t.true(
    genesis.records.some((r: { AccessKey?: { public_key: string } }) => r.AccessKey?.public_key === key.public_key),
  );
});

test("`npm run -s localnet -- --home DIR init` works from the repository root", (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-npm-"));
  execFileSync("npm", ["run", "-s", "localnet", "--", "--home", home, "init"], { cwd: repoRoot, stdio: "pipe" });
  t.true(fs.existsSync(path.join(home, "validator_key.json")));
});

test("run serves JSON-RPC shortly after start", async (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-run-"));
  initSandboxHome(home);
  const started = Date.now();
  const node = await startSandbox({ home });
  const elapsed = Date.now() - started;
  try {
    t.log(`answered after ${elapsed} ms`);
    const status = await node.rpc("status", []);
    t.is(status.result.validator_account_id, "test.near");
    t.true(elapsed < 5_000);
  } finally {
    node.child.kill("SIGKILL");
  }
});

test("run listens before it loads the chain, and answers a request that came meanwhile once it is open", async (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-early-"));
  initSandboxHome(home);
  const port = await freePort();
  const bin = path.join(repoRoot, "packages/localnet/bin/near-sandbox.cjs");
  const child = spawn(process.execPath, [bin, "--home", home, "run", "--rpc-addr", `127.0.0.1:${port}`], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, LOCALNET_STARTUP_TRACE: "1" },
  });
  try {
    let stderr = "";
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (stderr.includes(text) ? resolve() : undefined);
        child.stderr!.on("data", (chunk) => {
          stderr += chunk;
          check();
        });
        child.once("exit", () => reject(new Error(`the node exited before "${text}":\n${stderr}`)));
        check();
      });
    // At this line the server, the database and the VM are not loaded yet (src/node/run.ts).
    await seen("startup: listening");
    const response = await fetch(`http://127.0.0.1:${port}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "block", params: { finality: "final" } }),
    });
    const { result } = (await response.json()) as { result: { header: { height: number } } };
    t.true(stderr.includes("startup: node open"), "answered once the node was open");
    t.is(typeof result.header.height, "number");
  } finally {
    child.kill("SIGKILL");
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test("the node starts without the caller's NODE_EXTRA_CA_CERTS, and near-workspaces' launcher passes the source stamp", (t) => {
  // The node opens no TLS connection; node parses an extra CA bundle at every start (and warns when it cannot).
  const extra = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(os.tmpdir(), "no-such-extra-ca.pem") };
  t.regex(spawnSync(process.execPath, ["-e", "0"], { env: extra, encoding: "utf8" }).stderr, /extra certs/);
  useLocalSandbox();
  const launcher = path.join(process.env.NEAR_SANDBOX_BIN_PATH!, "near-sandbox");
  t.true(fs.readFileSync(launcher, "utf8").includes(`NEAR_SANDBOX_SOURCE_STAMP=${sourceStamp()} exec`));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-launcher-"));
  try {
    const run = spawnSync(launcher, ["--home", home, "init"], { env: extra, encoding: "utf8" });
    t.is(run.status, 0, run.stderr);
    t.notRegex(run.stderr, /extra certs/);
    t.true(fs.existsSync(path.join(home, "genesis.json")));
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
  const own = process.env.NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = extra.NODE_EXTRA_CA_CERTS;
  try {
    t.false("NODE_EXTRA_CA_CERTS" in sandboxEnv(), "startSandbox and initSandboxHome drop it too");
  } finally {
    if (own === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = own;
  }
});

/** The launcher's bundle directory for the current sources (bin/near-sandbox.cjs). */
function bundleDir(): string {
  return path.join(repoRoot, "packages/localnet/node_modules/.cache/near-sandbox", `cli-${sourceStamp()}`);
}

test("each bundle's V8 code cache is written beside it, and one that V8 rejects is replaced", async (t) => {
  const bin = path.join(repoRoot, "packages/localnet/bin/near-sandbox.cjs");
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "localnet-code-cache-"));
  try {
    // The first start builds the bundles if these sources have none yet.
    execFileSync(process.execPath, [bin, "--home", home, "init"], { stdio: "pipe", env: sandboxEnv() });
    const initCache = path.join(bundleDir(), "init.cjs.v8-cache");
    const runCache = path.join(bundleDir(), "run.cjs.v8-cache");
    const garbage = Buffer.from("not a V8 code cache");
    fs.writeFileSync(initCache, garbage);
    fs.rmSync(runCache, { force: true });
    fs.rmSync(home, { recursive: true, force: true });
    execFileSync(process.execPath, [bin, "--home", home, "init"], { stdio: "pipe", env: sandboxEnv() });
    t.true(fs.existsSync(path.join(home, "genesis.json")), "init ran from the bundle despite the rejected cache");
    t.false(fs.readFileSync(initCache).equals(garbage), "the rejected cache was rewritten");
    // A node that serves writes its cache once it has answered, or as it exits.
    const node = await startSandbox({ home });
    await node.rpc("block", { finality: "final" });
    await node.stop();
    t.true(fs.statSync(runCache).size > 0, "run.cjs's cache was written");
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test("unknown commands print usage and fail", (t) => {
  const error = t.throws(() =>
    execFileSync(process.execPath, [path.join(repoRoot, "packages/localnet/bin/near-sandbox.cjs"), "bogus"], {
      stdio: "pipe",
    }),
  );
  t.regex(String((error as { stderr?: unknown }).stderr), /usage: near-sandbox/);
});

/** Runs the bin expecting it to fail; returns its exit code and stderr. */
function sandboxFails(args: string[]): { status: number | null; stderr: string } {
  try {
    execFileSync(process.execPath, [path.join(repoRoot, "packages/localnet/bin/near-sandbox.cjs"), ...args], {
      stdio: "pipe",
    });
  } catch (error) {
    const failure = error as { status?: number; stderr?: unknown };
    return { status: failure.status ?? null, stderr: String(failure.stderr) };
  }
  throw new Error(`near-sandbox ${args.join(" ")} succeeded`);
}

test("an unknown or misplaced flag is refused with exit code 2 and nothing is written", (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-flags-"));
  const typo = sandboxFails(["--home", home, "init", "--chainid", "x"]);
  t.is(typo.status, 2);
  t.regex(typo.stderr, /Unknown option '--chainid'/);
  const misplaced = sandboxFails(["--home", home, "init", "--rpc-addr", "127.0.0.1:1"]);
  t.is(misplaced.status, 2);
  t.regex(misplaced.stderr, /--rpc-addr belongs to `run`, not to `init`/);
  t.deepEqual(fs.readdirSync(home), [], "nothing was initialised");
});

test("neard's --home=DIR form and --chain-id are accepted", (t) => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-flags-"));
  execFileSync(process.execPath, [
    path.join(repoRoot, "packages/localnet/bin/near-sandbox.cjs"),
    `--home=${home}`,
    "init",
    "--chain-id",
    "testnet",
  ]);
  const genesis = JSON.parse(fs.readFileSync(path.join(home, "genesis.json"), "utf8"));
  t.is(genesis.chain_id, "testnet");
});
