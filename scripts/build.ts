/**
 * npm run build [-- --rebuild] [--build-dir DIR]
 * (options: lib/commands.ts; `--help` lists them)
 *
 * Builds every contract under contracts/ into build/<name>.wasm (and
 * <name>.abi.json) with the project toolchain, printing sizes and sha256;
 * skipped outright when no contract, toolchain or near-sdk-js source changed
 * since the last build (see lib/build.ts).
 */
import path from "node:path";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "./lib/build.ts";
import { runCommand } from "./lib/cli.ts";
import { buildCommand } from "./lib/commands.ts";

await runCommand(buildCommand, async (args) => {
  const buildDir = path.resolve(args["build-dir"] ?? DEFAULT_BUILD_DIR);
  await buildSuiteContracts(buildDir, (line) => console.log(line), args.rebuild);
  return 0;
});
