// A digest of the node's sources (names, sizes, modification times) and of
// what the bundles take from the installation (lmdb's path, npm's record of
// the installed packages), naming the cached bundles that
// bin/near-sandbox.cjs runs: an edited source or an `npm install` that
// changes a dependency gets new bundles. Shared with src/workspaces.ts, whose launcher passes the stamp
// computed once per test process, so that each of the node's starts does not
// walk the sources again. CommonJS, as the launcher: see there.
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

function sourceStamp() {
  const hash = createHash("sha256");
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const stat = fs.statSync(file);
      if (stat.isDirectory()) walk(file);
      else hash.update(`${file}:${stat.size}:${stat.mtimeMs}\n`);
    }
  };
  walk(path.join(root, "src"));
  for (const file of ["package.json", "bin/near-sandbox.cjs", "bin/bundle.js", "bin/source-stamp.cjs"])
    hash.update(fs.readFileSync(path.join(root, file)));
  hash.update(`lmdb:${require.resolve("lmdb")}\n`);
  const installed = installedPackagesRecord();
  if (installed) hash.update(`${installed}:${fs.statSync(installed).size}:${fs.statSync(installed).mtimeMs}\n`);
  return hash.digest("hex").slice(0, 16);
}

/** npm's node_modules/.package-lock.json nearest above the package (rewritten by every install that changes it). */
function installedPackagesRecord() {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", ".package-lock.json");
    if (fs.existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

module.exports = { sourceStamp };
