/**
 * One deploy at a time per network: a lock file next to the network's
 * manifest (deployments/<network>.lock) holding who took it (user, host,
 * pid, time, command). It is created with O_EXCL, so of two deploys started
 * together exactly one gets it; the other is refused before it reads the
 * chain, generates a key or writes a file. Without it, two runs both
 * generated a key for the same new account and the last file write won
 * while the first transaction won on chain: the account was left with no
 * key anyone holds.
 *
 * The lock is released when the run ends, including on an exception or
 * Ctrl-C. A run killed with SIGKILL (or a crashed machine) leaves a stale
 * lock: `--break-lock` removes it only when its holder ran on this host and
 * that pid is gone; a lock from another host, or whose pid still runs, is
 * never broken by the scripts (the message says which file to remove by
 * hand once you know that deploy is dead).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface LockHolder {
  user: string;
  host: string;
  pid: number;
  started_at: string;
  command: string;
}

export class LockHeldError extends Error {
  constructor(
    readonly file: string,
    readonly holder: LockHolder | undefined,
    reason: string,
  ) {
    super(`another deploy holds the lock ${file}${holder ? ` (${describeHolder(holder)})` : ""}: ${reason}`);
    this.name = "LockHeldError";
  }
}

export interface DeployLock {
  file: string;
  release(): void;
}

/** deployments/<network>.json → deployments/<network>.lock */
export function lockPathFor(manifestPath: string): string {
  const parsed = path.parse(manifestPath);
  return path.join(parsed.dir, `${parsed.name}.lock`);
}

function describeHolder(holder: LockHolder): string {
  return `${holder.user}@${holder.host}, pid ${holder.pid}, since ${holder.started_at}: ${holder.command}`;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

/** Whether a pid runs on this machine (EPERM: it runs under another user). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Why a held lock may not be broken, or undefined when its holder is provably dead. */
function whyNotBreakable(holder: LockHolder | undefined): string | undefined {
  if (!holder) return "its content is unreadable, so its holder cannot be checked";
  if (holder.host !== os.hostname()) return `it was taken on ${holder.host}, whose processes this host cannot see`;
  if (pidAlive(holder.pid)) return `pid ${holder.pid} is still running`;
  return undefined;
}

export function acquireDeployLock(file: string, options: { breakStale?: boolean } = {}): DeployLock {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const holder: LockHolder = {
    user: os.userInfo().username,
    host: os.hostname(),
    pid: process.pid,
    started_at: new Date().toISOString(),
    command: process.argv.slice(1).join(" "),
  };
  let fd: number;
  try {
    fd = fs.openSync(file, "wx", 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const current = readHolder(file);
    const refusal = whyNotBreakable(current);
    if (!options.breakStale) {
      const hint = refusal
        ? "wait for it to finish"
        : `its pid is gone (a killed deploy): rerun with --break-lock to remove it`;
      throw new LockHeldError(file, current, hint);
    }
    if (refusal)
      throw new LockHeldError(
        file,
        current,
        `--break-lock refused: ${refusal}; remove the file by hand only once you know that deploy is dead`,
      );
    fs.rmSync(file, { force: true });
    return acquireDeployLock(file, { breakStale: false });
  }
  fs.writeSync(fd, `${JSON.stringify(holder, null, 2)}\n`);
  fs.closeSync(fd);

  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    // Only our own lock: a lock broken and retaken by another run is not ours to remove.
    if (readHolder(file)?.pid === process.pid && readHolder(file)?.started_at === holder.started_at)
      fs.rmSync(file, { force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    process.kill(process.pid, signal);
  };
  process.on("exit", release);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return { file, release };
}
