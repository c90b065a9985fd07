#!/usr/bin/env node
// near-sandbox: the local NEAR node (see src/node/cli.ts). near-workspaces
// starts two of these processes per Worker.init (`init`, then `run`) and
// waits for both, so each start is kept short:
// - this launcher is CommonJS, and so are the bundles it loads: an ES module
//   entry costs Node its module loader's start-up, 15-30 ms per process;
// - the TypeScript sources are bundled once with esbuild (bin/bundle.js)
//   into a directory named by their stamp (bin/source-stamp.cjs), rebuilt
//   whenever a source changes;
// - each bundle is compiled with V8's code cache, written beside it by the
//   first start that has none (or whose cache V8 rejects, after a Node
//   upgrade), so that later starts skip compiling what start-up runs.
// Without esbuild installed, tsx runs the sources.
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const vm = require("node:vm");
const { createRequire, wrap } = require("node:module");

const root = path.resolve(__dirname, "..");

/** The launcher useLocalSandbox() writes passes the stamp it computed; run by hand, the sources are walked. */
function currentStamp() {
  const given = process.env.NEAR_SANDBOX_SOURCE_STAMP;
  delete process.env.NEAR_SANDBOX_SOURCE_STAMP;
  return given && /^[0-9a-f]{16}$/.test(given) ? given : require("./source-stamp.cjs").sourceStamp();
}

/** A writable directory for the bundles: beside the package, else one per user and installation in the temp dir. */
function cacheDir() {
  const candidates = [
    () => path.join(root, "node_modules/.cache/near-sandbox"),
    () => {
      const installation = require("node:crypto").createHash("sha256").update(root).digest("hex").slice(0, 16);
      return path.join(os.tmpdir(), `near-sandbox-${os.userInfo().uid}-${installation}`);
    },
  ];
  for (const candidate of candidates) {
    const dir = candidate();
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
      return dir;
    } catch {
      // not writable: the next one
    }
  }
  return undefined;
}

/** Runs the TypeScript sources through tsx: without esbuild, or where no bundle can be written. */
async function fromSources(argv) {
  const { register } = await import("tsx/esm/api");
  register();
  return (await import("../src/node/cli.ts")).main(argv);
}

/** Bundles loaded by this process whose code cache is missing or was rejected. */
const uncached = [];

/** Loads a CommonJS bundle as require() would, compiled with its code cache when there is one. */
function load(file) {
  const cacheFile = `${file}.v8-cache`;
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // none yet
  }
  const script = new vm.Script(wrap(fs.readFileSync(file, "utf8")), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) uncached.push({ script, cacheFile });
  const module = { exports: {}, filename: file };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

/**
 * Writes the code caches missing, once what they should hold has been
 * compiled; a failed write only costs speed.
 */
function writeCodeCaches() {
  for (const { script, cacheFile } of uncached.splice(0)) {
    try {
      const tmp = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      // a read-only or full cache directory: the next start compiles again
    }
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const base = cacheDir();
  if (base === undefined) return fromSources(argv);
  const dir = path.join(base, `cli-${currentStamp()}`);
  if (!fs.existsSync(path.join(dir, "run.cjs"))) {
    try {
      await (await import("./bundle.js")).buildBundles(dir);
    } catch (error) {
      const noEsbuild = error?.code === "ERR_MODULE_NOT_FOUND" && /esbuild/.test(error.message);
      if (!noEsbuild) console.error(`near-sandbox: running the sources, the bundle failed: ${error?.message}`);
      return fromSources(argv);
    }
  }
  const cli = load(path.join(dir, "init.cjs"));
  let running = false;
  const code = await cli.main(argv, async () => {
    running = true;
    return load(path.join(dir, "run.cjs"));
  });
  if (code !== 0) return code;
  // `init` has done all it does. A node that serves has compiled its start-up, but not yet the code that answers
  // requests, nor the VM it loads after its first answer: its cache is written a second later, or as it exits.
  if (running) {
    setTimeout(writeCodeCaches, 1_000).unref();
    process.once("exit", writeCodeCaches);
  } else writeCodeCaches();
  return code;
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
