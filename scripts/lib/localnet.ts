/**
 * The embedded local chain (@modelfund/near-localnet), run as a child
 * process of its `near-sandbox` bin, as near-workspaces runs neard's sandbox:
 * the chain's CPU work (the contract VM) then stays off the scripts' event
 * loop, and `--keep-running` can leave it serving after the demo.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { initSandboxHome, startSandbox } from "@modelfund/near-localnet/process";
import type { ChildProcess } from "node:child_process";

// (import.meta.dirname needs Node 20.11; the repo supports 20.8.)
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Project-local chain state (ignored by git). */
export const DEFAULT_LOCAL_HOME = path.join(REPO_ROOT, ".localnet");
/** Written while a chain started by the scripts serves, so deploy/verify/status find it. */
export const RPC_URL_FILE = "rpc-url";

export interface LocalChain {
  home: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the chain (initialising its home if needed) and resolves once it answers JSON-RPC. */
export async function startLocalChain(options: { home: string; port?: number; fresh?: boolean }): Promise<LocalChain> {
  const { home } = options;
  if (options.fresh) fs.rmSync(home, { recursive: true, force: true });
  initSandboxHome(home);
  const sandbox = await startSandbox({ home, port: options.port });
  fs.writeFileSync(path.join(home, RPC_URL_FILE), `${sandbox.url}\n`);
  const stop = async () => {
    fs.rmSync(path.join(home, RPC_URL_FILE), { force: true });
    await sandbox.stop();
  };
  return { home, url: sandbox.url, child: sandbox.child, stop };
}

/** The URL of a chain started by `npm start -- --keep-running`, if one is recorded. */
export function recordedLocalRpcUrl(home = DEFAULT_LOCAL_HOME): string | undefined {
  const file = path.join(home, RPC_URL_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}
