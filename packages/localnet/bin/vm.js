#!/usr/bin/env node
const { register } = await import("tsx/esm/api");
register();
const { main } = await import("../src/vm/cli.ts");
process.exitCode = main(process.argv.slice(2));
