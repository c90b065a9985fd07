// ava configuration of the suite's tests (contracts, property tests, deploy scripts and lifecycle on the local chain);
// `npm run test:suite` builds the contracts first, then runs:
//   npx ava --config tests/ava.config.mjs
export default {
  files: ["tests/**/*.test.ts"],
  extensions: { ts: "module" },
  nodeArguments: ["--import=tsx"],
  workerThreads: false,
  timeout: "10m",
};
