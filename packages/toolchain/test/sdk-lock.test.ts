import test from "ava";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { buildContracts, NEAR_SDK_LOCKED_VERSIONS } from "../src/index.ts";
import { bundleContract } from "../src/bundle.ts";
import { TEST_DIR, tempDir } from "./helpers.ts";

const FIXTURES = join(TEST_DIR, "fixtures", "sdk-lock");
const nearSdkDir = dirname(createRequire(import.meta.url).resolve("near-sdk-js/package.json"));

test("near-sdk-js's @scure/base is bundled at the version of near-sdk-js's lockfile, without a warning", async (t) => {
  const bundle = await bundleContract(join(FIXTURES, "sdk-public-key.ts"), nearSdkDir);
  const scure = bundle.lockedPackages.find((bundled) => bundled.name === "@scure/base");
  t.is(scure?.version, NEAR_SDK_LOCKED_VERSIONS["@scure/base"]);
  t.deepEqual(bundle.lockWarnings, []);
});

test("the build warns about a bundled package at another version than near-sdk-js's lockfile", async (t) => {
  const entry = join(FIXTURES, "own-scure-base.ts");
  const installed = JSON.parse(
    readFileSync(join(dirname(createRequire(entry).resolve("@scure/base")), "..", "package.json"), "utf8"),
  );
  t.not(installed.version, NEAR_SDK_LOCKED_VERSIONS["@scure/base"], "the fixture needs a differing @scure/base");
  const warnings: string[] = [];
  const [result] = await buildContracts([{ name: "own-scure-base", entry, output: join(tempDir("lock"), "o.wasm") }], {
    abi: false,
    warn: (line) => warnings.push(line),
  });
  t.is(warnings.length, 1, warnings.join("\n"));
  t.true(warnings[0].startsWith(`own-scure-base: warning: bundles @scure/base ${installed.version} (`), warnings[0]);
  t.true(warnings[0].includes("near-sdk-js 2.0.0 is tested with 1.1.7"), warnings[0]);
  t.deepEqual(result.warnings, [warnings[0].slice("own-scure-base: warning: ".length)]);
});
