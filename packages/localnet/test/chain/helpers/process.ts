/** Running `near-sandbox` as a child process, as near-workspaces does. */
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import net from "node:net";
import { SANDBOX_BIN } from "../../../src/workspaces.ts";

export function sandboxInit(home: string): void {
  execFileSync(process.execPath, [SANDBOX_BIN, "--home", home, "init"], { stdio: "pipe" });
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

export interface SandboxProcess {
  child: ChildProcess;
  url: string;
  rpc(method: string, params: unknown): Promise<{ result?: any; error?: any }>;
}

/** Starts `near-sandbox --home HOME run` and resolves once it answers JSON-RPC. */
export async function sandboxRun(home: string): Promise<SandboxProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [SANDBOX_BIN, "--home", home, "run", "--rpc-addr", `127.0.0.1:${port}`, "--network-addr", "127.0.0.1:0"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  let id = 0;
  const rpc = async (method: string, params: unknown) => {
    const response = await fetch(url, { method: "POST", body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }) });
    return (await response.json()) as { result?: any; error?: any };
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`near-sandbox exited: ${stderr}`);
    try {
      await rpc("status", []);
      return { child, url, rpc };
    } catch {
      if (Date.now() > deadline) throw new Error(`near-sandbox did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
