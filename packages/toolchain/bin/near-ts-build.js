#!/usr/bin/env node
// node:wasi, which runs near_qjsc, announces itself as experimental on first use.
process.removeAllListeners("warning");
process.on("warning", (warning) => {
  if (!(warning.name === "ExperimentalWarning" && /WASI/.test(warning.message))) console.warn(warning);
});
const { register } = await import("tsx/esm/api");
register();
const { main } = await import("../src/cli.ts");
process.exitCode = await main(process.argv.slice(2));
