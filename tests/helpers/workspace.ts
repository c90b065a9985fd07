import { createRequire } from "node:module";
import nearWorkspaces from "near-workspaces";
import { useLocalSandbox } from "@modelfund/near-localnet/workspaces";

/** near-workspaces 5 is CommonJS; its named exports come through the default import. */
export const { Worker } = nearWorkspaces as unknown as { Worker: typeof import("near-workspaces").Worker };
export type { NearAccount, Worker as WorkerType } from "near-workspaces";

export const ONE_YOCTO = 1n;
export const NEAR = 10n ** 24n;
export const TGAS = 10n ** 12n;

/**
 * A fresh local chain for one test file, through the real near-workspaces:
 * our @modelfund/near-localnet node by default, neard's sandbox with
 * LOCALNET_REAL_SANDBOX=1.
 */
export async function startWorker() {
  useLocalSandbox();
  return Worker.init();
}

/** The NEP-297 events in a list of logs, parsed. */
export function eventsIn(
  logs: readonly string[],
): Array<{ standard: string; version: string; event: string; data: unknown[] }> {
  return logs
    .filter((line) => line.startsWith("EVENT_JSON:"))
    .map((line) => JSON.parse(line.slice("EVENT_JSON:".length)));
}

/**
 * Expected panics are part of the suite's tests: keeps near-workspaces from
 * printing every receipt's logs (set NEAR_WORKSPACES_NO_LOGS to an empty
 * string to see them). near-api-js prints them through its own Logger, so
 * the copy near-workspaces loads is silenced.
 */
export function silenceWorkspaceLogs(): void {
  process.env.NEAR_WORKSPACES_NO_LOGS ??= "1";
  if (!process.env.NEAR_WORKSPACES_NO_LOGS) return;
  try {
    const fromWorkspaces = createRequire(createRequire(import.meta.url).resolve("near-workspaces"));
    (fromWorkspaces("@near-js/utils") as { Logger: { overrideLogger(logger: unknown): void } }).Logger.overrideLogger(
      undefined,
    );
  } catch {
    // near-workspaces' layout changed: logs stay on, nothing else is affected
  }
}
