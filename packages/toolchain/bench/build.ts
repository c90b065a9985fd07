/**
 * bench:build — cold build time (empty cache), warm rebuild time of one
 * changed contract, and wasm size per contract in both modes: the default
 * build (SNAPSHOT_BY_DEFAULT, timed) and the other one (built afterwards from
 * the same cache, untimed), so the sizes of plain and pre-initialised
 * contracts are printed side by side whichever is the default. The last line
 * printed is the JSON of the figures.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildContracts, discoverContracts, SNAPSHOT_BY_DEFAULT, type ContractTarget } from "../src/index.ts";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "..", "test", "fixtures");
const productContracts = join(here, "..", "..", "..", "contracts");

function temp(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `bench-build-${prefix}-`));
}

const out = temp("out");
const targets: ContractTarget[] = [
  ...discoverContracts(fixtures, out),
  ...(existsSync(productContracts) ? discoverContracts(productContracts, out) : []),
];
const cacheDir = temp("cache");

let start = performance.now();
const cold = await buildContracts(targets, { cacheDir, log: (line) => console.log(`  ${line}`) });
const coldSeconds = (performance.now() - start) / 1000;
console.log(`cold build of ${targets.length} contracts (empty cache): ${coldSeconds.toFixed(1)} s`);

// A changed contract: the same source with a different string, so its own steps all run again.
const changed = join(fixtures, ".bench-status-message.ts");
copyFileSync(join(fixtures, "status-message.ts"), changed);
writeFileSync(changed, readFileSync(changed, "utf8").replace("set a status", `set a status (${Date.now()})`));
let warmSeconds: number;
try {
  start = performance.now();
  await buildContracts([{ name: "bench-status-message", entry: changed, output: join(out, "bench.wasm") }], {
    cacheDir,
  });
  warmSeconds = (performance.now() - start) / 1000;
} finally {
  rmSync(changed, { force: true });
}
console.log(`warm rebuild of one changed contract: ${warmSeconds.toFixed(1)} s`);

const otherOut = temp(SNAPSHOT_BY_DEFAULT ? "plain" : "snapshot");
const other = await buildContracts(
  targets.map((target) => ({ ...target, output: join(otherOut, `${target.name}.wasm`) })),
  { cacheDir, snapshot: !SNAPSHOT_BY_DEFAULT, skipTypecheck: true, abi: false },
);
const sizesOf = (results: typeof cold) => Object.fromEntries(results.map((result) => [result.name, result.size]));
const [plain, preinitialised] = SNAPSHOT_BY_DEFAULT ? [other, cold] : [cold, other];
const plainSizes = sizesOf(plain);
const preinitialisedSizes = sizesOf(preinitialised);
console.log(`default: ${SNAPSHOT_BY_DEFAULT ? "pre-initialised" : "plain"} (timed above)`);
for (const result of cold) {
  console.log(
    `${result.name}: ${plainSizes[result.name]} bytes plain, ${preinitialisedSizes[result.name]} pre-initialised, ` +
      `sha256 of the default build ${result.sha256}`,
  );
}
console.log(
  JSON.stringify({
    cold_build_s: Number(coldSeconds.toFixed(1)),
    warm_rebuild_s: Number(warmSeconds.toFixed(1)),
    default_build: SNAPSHOT_BY_DEFAULT ? "preinitialised" : "plain",
    wasm_bytes: plainSizes,
    preinitialised_wasm_bytes: preinitialisedSizes,
  }),
);
