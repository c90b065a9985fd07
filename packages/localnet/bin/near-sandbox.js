#!/usr/bin/env node
// near-sandbox: the local NEAR node (see src/node/cli.ts). To start fast, the
// TypeScript sources are bundled once with esbuild into a cached ES module,
// rebuilt whenever a source file changes; without esbuild, tsx runs them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sourceStamp } from "./source-stamp.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const entry = path.join(root, "src/node/cli.ts");

/** The launcher useLocalSandbox() writes passes the stamp it computed; run by hand, the sources are walked. */
function currentStamp() {
  const given = process.env.NEAR_SANDBOX_SOURCE_STAMP;
  delete process.env.NEAR_SANDBOX_SOURCE_STAMP;
  return given && /^[0-9a-f]{16}$/.test(given) ? given : sourceStamp();
}

async function bundled() {
  let cacheDir = path.join(root, "node_modules/.cache/near-sandbox");
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
  } catch {
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "near-sandbox-"));
  }
  const outdir = path.join(cacheDir, `cli-${currentStamp()}`);
  const out = path.join(outdir, "cli.js");
  if (!fs.existsSync(out)) {
    let esbuild;
    try {
      esbuild = await import("esbuild");
    } catch {
      return undefined;
    }
    // Split chunks: `init` loads only what it needs; `run` loads the chain on demand.
    const tmp = `${outdir}.${process.pid}.tmp`;
    await esbuild.build({
      entryPoints: { cli: entry },
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outdir: tmp,
      outExtension: { ".js": ".js" },
      logLevel: "silent",
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      // lmdb finds its native binding next to its own files: it is imported from where it is installed.
      plugins: [
        {
          name: "installed-lmdb",
          setup(build) {
            build.onResolve({ filter: /^lmdb$/ }, () => ({ path: import.meta.resolve("lmdb"), external: true }));
          },
        },
      ],
    });
    fs.writeFileSync(path.join(tmp, "package.json"), '{"type":"module"}\n');
    try {
      fs.renameSync(tmp, outdir);
    } catch (error) {
      if (!fs.existsSync(out)) throw error; // another process won the race
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    // Bundles of older sources, unused for an hour, go.
    for (const name of fs.readdirSync(cacheDir)) {
      const old = path.join(cacheDir, name);
      if (name.startsWith("cli-") && old !== outdir && Date.now() - fs.statSync(old).mtimeMs > 3_600_000) {
        fs.rmSync(old, { recursive: true, force: true });
      }
    }
  }
  return import(pathToFileURL(out).href);
}

let cli = await bundled().catch(() => undefined);
if (!cli) {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import("../src/node/cli.ts");
}
const code = await cli.main(process.argv.slice(2));
if (code !== 0) process.exit(code);
