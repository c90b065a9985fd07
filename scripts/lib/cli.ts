/** What the CLIs share: loading and validating the suite (printing every problem), exit codes. */
import { loadSuite } from "../config/load.ts";
import type { Suite } from "../config/validate.ts";
import type { ParsedArgs } from "./args.ts";

/** Exit code for an invalid suite description (nothing was sent). */
export const EXIT_INVALID_CONFIG = 2;

export async function suiteFromArgs(args: ParsedArgs): Promise<Suite> {
  const network = args.options.get("network") ?? "local";
  const validation = await loadSuite(network, args.options.get("config"));
  if (!validation.ok) {
    console.error(
      `The ${network} suite description is invalid (${validation.problems.length} problem(s)); nothing was sent:`,
    );
    for (const problem of validation.problems) console.error(`  - ${problem}`);
    process.exit(EXIT_INVALID_CONFIG);
  }
  return validation.suite;
}

export async function runMain(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    const message = error instanceof Error ? (process.env.DEBUG ? error.stack : error.message) : String(error);
    console.error(message);
    if (/cannot reach the RPC endpoint http:\/\/127\.0\.0\.1/.test(String(message))) {
      console.error("No local chain is running: start one with `npm start -- --keep-running` (or pass --rpc-url).");
    }
    process.exitCode = 1;
  }
}
