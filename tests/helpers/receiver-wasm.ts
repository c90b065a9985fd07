/**
 * The receiver fixture (tests/fixtures/ft-receiver.ts) as wasm, built at most
 * once per change of what it is built from, for every test process.
 *
 * Why not simply the toolchain's own content cache: reaching that cache
 * means importing the toolchain, and the import alone (TypeScript,
 * binaryen, WASI) cost 40 s of user and 15 s of system CPU at a load
 * average of 35, in each of the half-dozen test processes that deploy the
 * fixture. So the built wasm is kept under build/fixtures/, named by a
 * digest of everything the build depends on (the fixture's source, the
 * toolchain's sources, near-sdk-js's version), and a process that finds it
 * reads it without loading the toolchain. A change to any of those inputs
 * changes the name, so a stale build is never read. Processes that miss
 * at the same time each build, and each renames its own output into place
 * (atomic on one file system), so a reader never sees a partial file.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./contracts.ts";

const SOURCE = path.join(REPO_ROOT, "tests", "fixtures", "ft-receiver.ts");
const OUT_DIR = path.join(REPO_ROOT, "build", "fixtures");

function hashTree(hash: ReturnType<typeof createHash>, dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isDirectory()) hashTree(hash, file);
    else hash.update(`${path.relative(REPO_ROOT, file)}\0`).update(fs.readFileSync(file));
  }
}

function inputsDigest(): string {
  const hash = createHash("sha256");
  hash.update(fs.readFileSync(SOURCE));
  hashTree(hash, path.join(REPO_ROOT, "packages", "toolchain", "src"));
  hashTree(hash, path.join(REPO_ROOT, "packages", "toolchain", "c"));
  hash.update(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "near-sdk-js", "package.json")));
  return hash.digest("hex").slice(0, 16);
}

let fixture: Promise<Uint8Array> | undefined;

/** The fixture's wasm (a test fixture: no type check, no ABI). */
export function receiverWasm(): Promise<Uint8Array> {
  fixture ??= (async () => {
    const kept = path.join(OUT_DIR, `ft-receiver-${inputsDigest()}.wasm`);
    if (fs.existsSync(kept)) return fs.readFileSync(kept);
    const { buildContracts } = await import("@modelfund/near-toolchain");
    // one output per process: test files build it in parallel processes
    const output = path.join(OUT_DIR, `ft-receiver-${process.pid}.wasm`);
    await buildContracts([{ name: "ft-receiver", entry: SOURCE, output }], { skipTypecheck: true, abi: false });
    const wasm = fs.readFileSync(output);
    fs.renameSync(output, kept);
    return wasm;
  })();
  return fixture;
}
