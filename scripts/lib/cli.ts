/**
 * What the CLIs share: the strict command line (usage errors exit 2 before
 * anything runs), loading and validating the suite (printing every problem),
 * exit codes, and one place that turns an uncaught error into a message.
 */
import { loadSuite } from "../config/load.ts";
import type { Suite } from "../config/validate.ts";
import { EXIT_USAGE, parseCommandLine, UsageError, type CommandSpec, type CommandValues } from "./args.ts";
import { RpcUnavailableError } from "./rpc-provider.ts";

/** Exit code for an invalid suite description (nothing was sent). */
export const EXIT_INVALID_CONFIG = 2;

export async function suiteFromArgs(args: { network: string; config?: string }): Promise<Suite> {
  const validation = await loadSuite(args.network, args.config);
  if (!validation.ok) {
    console.error(
      `The ${args.network} suite description is invalid (${validation.problems.length} problem(s)); nothing was sent:`,
    );
    for (const problem of validation.problems) console.error(`  - ${problem}`);
    process.exit(EXIT_INVALID_CONFIG);
  }
  if (validation.suite.config.network !== args.network) {
    console.error(
      `${args.config} describes the ${validation.suite.config.network} network, but --network is ${args.network}; nothing was sent`,
    );
    process.exit(EXIT_INVALID_CONFIG);
  }
  return validation.suite;
}

/**
 * Parses the command line against `spec`, then runs `main` with the values.
 * `--help` prints the help and exits 0; a command line that does not parse
 * prints the problem and the usage to stderr and exits 2, and `main` never runs.
 */
export async function runCommand<Spec extends CommandSpec>(
  spec: Spec,
  main: (args: CommandValues<Spec>) => Promise<number>,
): Promise<void> {
  let parsed: ReturnType<typeof parseCommandLine<Spec>>;
  try {
    parsed = parseCommandLine(spec, process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n\n${error.usage}`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  if (parsed.help) {
    console.log(parsed.text);
    process.exitCode = 0;
    return;
  }
  const { values } = parsed;
  await runMain(() => main(values), (values as { network?: string }).network);
}

/** `network`, when the command has one, decides whether "start a local chain" is the right hint for a dead endpoint. */
export async function runMain(main: () => Promise<number>, network?: string): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    const message = error instanceof Error ? (process.env.DEBUG ? error.stack : error.message) : String(error);
    console.error(message);
    const local = network === undefined || network === "local";
    if (local && error instanceof RpcUnavailableError && /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(error.url)) {
      console.error("No local chain is running: start one with `npm start -- --keep-running` (or pass --rpc-url).");
    }
    process.exitCode = 1;
  }
}
