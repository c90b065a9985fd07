// A digest of the node's sources (names, sizes, modification times), naming
// the cached bundles that bin/near-sandbox.cjs runs: an edited source gets
// new bundles. Shared with src/workspaces.ts, whose launcher passes the stamp
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
  return hash.digest("hex").slice(0, 16);
}

module.exports = { sourceStamp };
