/**
 * Points near-workspaces at this package's `near-sandbox` instead of neard.
 *
 * near-sandbox 0.1.x (used by near-workspaces 5) looks for an executable
 * named `near-sandbox` in $NEAR_SANDBOX_BINARY_PATH, but getBinary()
 * overwrites that variable with ~/.near/sandbox unless NEAR_SANDBOX_BIN_PATH
 * is also set (to anything). So both are set here, to a directory holding a
 * `near-sandbox` launcher for bin/near-sandbox.cjs. The launcher names node by
 * its absolute path: with NEAR_WORKSPACES_DEBUG set, near-workspaces spawns
 * the binary with an environment of only RUST_BACKTRACE (no PATH).
 *
 * Set LOCALNET_REAL_SANDBOX=1 to leave both alone and run the same tests
 * against the real neard sandbox that near-sandbox downloads.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceStamp } from "../bin/source-stamp.cjs";

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SANDBOX_BIN = path.join(packageRoot, "bin/near-sandbox.cjs");

export const usingRealSandbox = process.env.LOCALNET_REAL_SANDBOX === "1";

/**
 * The environment the node's process starts with. The node serves JSON-RPC
 * and opens no TLS connection, so an extra CA bundle (NODE_EXTRA_CA_CERTS,
 * common behind corporate proxies) would only make every start parse it:
 * about 60 ms of each of the two processes a Worker.init starts, measured on
 * a machine that sets it to Debian's 140-certificate bundle.
 */
export function sandboxEnv(): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env;
  return env;
}

/** Makes the next Worker.init() start our node (unless LOCALNET_REAL_SANDBOX=1). Idempotent. */
export function useLocalSandbox(): void {
  if (usingRealSandbox) return;
  const dir = path.join(packageRoot, "node_modules/.cache/near-sandbox/bin");
  const launcher = path.join(dir, "near-sandbox");
  // Without NODE_EXTRA_CA_CERTS, as sandboxEnv() and for the same reason; with the sources' stamp,
  // walked once here rather than at each of the node's starts (bin/source-stamp.cjs).
  const script = [
    "#!/bin/sh",
    "unset NODE_EXTRA_CA_CERTS",
    `NEAR_SANDBOX_SOURCE_STAMP=${sourceStamp()} exec "${process.execPath}" "${SANDBOX_BIN}" "$@"`,
    "",
  ].join("\n");
  fs.mkdirSync(dir, { recursive: true });
  let current = "";
  try {
    current = fs.readFileSync(launcher, "utf8");
  } catch {
    // not written yet
  }
  if (current !== script) {
    const tmp = `${launcher}.${process.pid}`;
    fs.writeFileSync(tmp, script, { mode: 0o755 });
    fs.renameSync(tmp, launcher);
  }
  process.env.NEAR_SANDBOX_BIN_PATH = dir;
  process.env.NEAR_SANDBOX_BINARY_PATH = dir;
}
