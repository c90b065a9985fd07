// A digest of the node's sources (names, sizes, modification times), naming
// the cached bundle that bin/near-sandbox.js runs: an edited source gets a
// new bundle. Shared with src/workspaces.ts, whose launcher passes the stamp
// computed once per test process, so that each of the node's starts does not
// walk the sources again.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function sourceStamp() {
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
  for (const file of ["package.json", "bin/near-sandbox.js", "bin/source-stamp.js"])
    hash.update(fs.readFileSync(path.join(root, file)));
  return hash.digest("hex").slice(0, 16);
}
