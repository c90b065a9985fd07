/**
 * The embedded local chain (@modelfund/near-localnet), run as a child
 * process of its `near-sandbox` bin, as near-workspaces runs neard's sandbox:
 * the chain's CPU work (the contract VM) then stays off the scripts' event
 * loop, and `--keep-running` can leave it serving after the demo.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

// (import.meta.dirname needs Node 20.11; the repo supports 20.8.)
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SANDBOX_BIN = path.join(REPO_ROOT, "packages/localnet/bin/near-sandbox.js");
/** Project-local chain state; ignored by git through the .gitignore written inside it. */
export const DEFAULT_LOCAL_HOME = path.join(REPO_ROOT, ".localnet");
/** Written while a chain started by the scripts serves, so deploy/verify/status find it. */
export const RPC_URL_FILE = "rpc-url";

export interface LocalChain {
  home: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** `near-sandbox --home HOME init` unless the home already holds a genesis. */
export function initLocalHome(home: string): void {
  fs.mkdirSync(home, { recursive: true });
  const ignore = path.join(home, ".gitignore");
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, "# local chain state (npm start)\n*\n");
  if (!fs.existsSync(path.join(home, "genesis.json"))) {
    execFileSync(process.execPath, [SANDBOX_BIN, "--home", home, "init"], { stdio: "pipe" });
  }
}

/** Starts the chain and resolves once it answers JSON-RPC `status`. */
export async function startLocalChain(options: { home: string; port?: number; fresh?: boolean }): Promise<LocalChain> {
  const { home } = options;
  if (options.fresh) fs.rmSync(home, { recursive: true, force: true });
  initLocalHome(home);
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [SANDBOX_BIN, "--home", home, "run", "--rpc-addr", `127.0.0.1:${port}`, "--network-addr", "127.0.0.1:0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-8000)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    fs.rmSync(path.join(home, RPC_URL_FILE), { force: true });
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the local chain exited (code ${child.exitCode}):\n${stderr}`);
    try {
      const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "status", params: [] }) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the local chain did not answer within 60 s:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  fs.writeFileSync(path.join(home, RPC_URL_FILE), url + "\n");
  return { home, url, child, stop };
}

/** The URL of a chain started by `npm start -- --keep-running`, if one is recorded. */
export function recordedLocalRpcUrl(home = DEFAULT_LOCAL_HOME): string | undefined {
  const file = path.join(home, RPC_URL_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}
