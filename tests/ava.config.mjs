// ava configuration of the suite's integration tests (deploy scripts against the local chain):
//   npx ava --config tests/ava.config.mjs
export default {
  files: ["tests/**/*.test.ts"],
  extensions: { ts: "module" },
  nodeArguments: ["--import=tsx"],
  workerThreads: false,
  timeout: "3m",
};
