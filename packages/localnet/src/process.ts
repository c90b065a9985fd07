/**
 * The node as a child process of its `near-sandbox` bin, the way
 * near-workspaces runs neard's sandbox: the chain's CPU work (the contract
 * VM) stays off the caller's event loop, and the caller can kill it like
 * any node (SIGINT, SIGKILL).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { SANDBOX_BIN, sandboxEnv } from "./workspaces.ts";

export interface SandboxProcess {
  home: string;
  url: string;
  child: ChildProcess;
  /** One JSON-RPC call; the response's `result` or `error`. */
  rpc(method: string, params: unknown): Promise<{ result?: any; error?: any }>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** `near-sandbox --home HOME init`, unless HOME already holds a genesis. */
export function initSandboxHome(home: string): void {
  if (fs.existsSync(path.join(home, "genesis.json"))) return;
  fs.mkdirSync(home, { recursive: true });
  execFileSync(process.execPath, [SANDBOX_BIN, "--home", home, "init"], { stdio: "pipe", env: sandboxEnv() });
}

/** Starts `near-sandbox --home HOME run` on 127.0.0.1 and resolves once it answers JSON-RPC `status`. */
export async function startSandbox(options: {
  home: string;
  port?: number;
  timeoutMs?: number;
}): Promise<SandboxProcess> {
  const { home } = options;
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [SANDBOX_BIN, "--home", home, "run", "--rpc-addr", `127.0.0.1:${port}`, "--network-addr", "127.0.0.1:0"],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: sandboxEnv(),
    },
  );
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr = (stderr + chunk).slice(-8000)));
  const url = `http://127.0.0.1:${port}`;
  let id = 0;
  const rpc = async (method: string, params: unknown) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
    });
    return (await response.json()) as { result?: any; error?: any };
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`near-sandbox exited (${child.signalCode ?? `code ${child.exitCode}`}):\n${stderr}`);
    try {
      await rpc("status", []);
      return { home, url, child, rpc, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`near-sandbox did not answer within ${options.timeoutMs ?? 60_000} ms:\n${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
