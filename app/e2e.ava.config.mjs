// The browser tests: one local chain, one bundle and one Chromium for the whole run (test/e2e/app.e2e.ts
// registers every flow, serially). `npm run test:app` from the root builds the contracts first.
export default {
  files: ["test/e2e/app.e2e.ts"],
  extensions: { ts: "module" },
  nodeArguments: ["--import=tsx"],
  workerThreads: false,
  // The before hook deploys the whole suite: about a minute on an idle machine, more under load.
  timeout: "5m",
};
