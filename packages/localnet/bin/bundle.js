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
  try {
    fs.renameSync(tmp, outdir);
  } catch (error) {
    if (!fs.existsSync(path.join(outdir, "run.cjs"))) throw error; // not another process's win
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // Bundles of older sources, unused for an hour, go.
  const cacheDir = path.dirname(outdir);
  for (const name of fs.readdirSync(cacheDir)) {
    const old = path.join(cacheDir, name);
    if (name.startsWith("cli-") && old !== outdir && Date.now() - fs.statSync(old).mtimeMs > 3_600_000) {
      fs.rmSync(old, { recursive: true, force: true });
    }
  }
}
