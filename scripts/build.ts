/**
 * npm run build [-- --rebuild] [--build-dir DIR] [--snapshot | --no-snapshot]
 * (options: lib/commands.ts; `--help` lists them)
 *
 * Builds every contract under contracts/ into build/<name>.wasm (and
 * <name>.abi.json) with the project toolchain, printing sizes and sha256
 * (and a pre-initialised contract's size before; `--snapshot` / `--no-snapshot`
 * ask for pre-initialised or plain contracts, else the toolchain's default);
 * skipped outright when no contract, toolchain or near-sdk-js source changed
 * since the last build (see lib/build.ts).
 */
import path from "node:path";
import { EXIT_USAGE } from "./lib/args.ts";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "./lib/build.ts";
import { runCommand } from "./lib/cli.ts";
import { buildCommand } from "./lib/commands.ts";

await runCommand(buildCommand, async (args) => {
  if (args.snapshot && args["no-snapshot"]) {
    console.error("error: --snapshot and --no-snapshot contradict each other");
    return EXIT_USAGE;
  }
  const buildDir = path.resolve(args["build-dir"] ?? DEFAULT_BUILD_DIR);
  const snapshot = args.snapshot ? true : args["no-snapshot"] ? false : undefined;
  await buildSuiteContracts(buildDir, (line) => console.log(line), args.rebuild, { snapshot });
  return 0;
});
