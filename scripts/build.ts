/**
 * npm run build [-- --rebuild] [--build-dir DIR]
 *
 * Builds every contract under contracts/ into build/<name>.wasm (and
 * <name>.abi.json) with the project toolchain, printing sizes and sha256;
 * skipped outright when no contract, toolchain or near-sdk-js source changed
 * since the last build (see lib/build.ts).
 */
import path from "node:path";
import { parseArgs } from "./lib/args.ts";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "./lib/build.ts";
import { runMain } from "./lib/cli.ts";

await runMain(async () => {
  const args = parseArgs(process.argv.slice(2), ["rebuild"]);
  const buildDir = path.resolve(args.options.get("build-dir") ?? DEFAULT_BUILD_DIR);
  await buildSuiteContracts(buildDir, (line) => console.log(line), args.flags.has("rebuild"));
  return 0;
});
