// Builds the node's cached bundles for bin/near-sandbox.cjs, with esbuild:
// init.cjs (the command line and `init`) and run.cjs (`run`: the RPC server,
// the chain, the store and the VM). Loaded only when a stamp's bundles are
// missing, so that a start never pays for esbuild or for this ES module.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// lmdb finds its native binding next to its own files: it is required from where it is installed.
const lmdbPath = createRequire(import.meta.url).resolve("lmdb");

/** Writes init.cjs and run.cjs into `outdir` (through a temporary directory; a concurrent build may win). */
export async function buildBundles(outdir) {
  const esbuild = await import("esbuild");
  const tmp = `${outdir}.${process.pid}.tmp`;
  const common = {
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    // import() becomes require(): the launcher runs the bundles as scripts, which have no dynamic import.
    supported: { "dynamic-import": false },
    logLevel: "silent",
  };
  const lmdbInstalled = {
    name: "installed-lmdb",
    setup(build) {
      build.onResolve({ filter: /^lmdb$/ }, () => ({ path: lmdbPath, external: true }));
    },
  };
  // init.cjs leaves `run` out: the launcher hands main() its loader of run.cjs.
  const runApart = {
    name: "run-apart",
    setup(build) {
      build.onResolve({ filter: /^\.\/run\.ts$/ }, () => ({ path: "./run.cjs", external: true }));
    },
  };
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, "src/node/cli.ts")],
      outfile: path.join(tmp, "init.cjs"),
      plugins: [runApart],
    }),
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, "src/node/run.ts")],
      outfile: path.join(tmp, "run.cjs"),
      plugins: [lmdbInstalled],
    }),
  ]);
  publish(tmp, outdir);
  removeOldBundles(outdir);
}

/** Renames the built directory into place; another process's complete build wins, a partial one is replaced. */
function publish(tmp, outdir) {
  for (let attempt = 0; ; attempt++) {
    try {
      fs.renameSync(tmp, outdir);
      return;
    } catch (error) {
      if (fs.existsSync(path.join(outdir, "run.cjs"))) {
        fs.rmSync(tmp, { recursive: true, force: true });
        return;
      }
      if (attempt > 0) throw error;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
}

/** Bundles of other stamps, not modified for a day, go; best effort: a start never fails over it. */
function removeOldBundles(outdir) {
  const cacheDir = path.dirname(outdir);
  try {
    for (const name of fs.readdirSync(cacheDir)) {
      const old = path.join(cacheDir, name);
      if (!/^cli-[0-9a-f]{16}$/.test(name) || old === outdir) continue;
      try {
        if (Date.now() - fs.statSync(old).mtimeMs > 86_400_000) fs.rmSync(old, { recursive: true, force: true });
      } catch {
        // removed meanwhile by another process
      }
    }
  } catch {
    // an unreadable cache directory keeps its old bundles
  }
}
