import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "../../scripts/lib/build.ts";

export { REPO_ROOT } from "../../scripts/lib/localnet.ts";

let built: Promise<void> | undefined;

/**
 * The wasm of contracts/<name>/, from build/. The suite is built (or found
 * up to date by its source stamp, in well under a second) once per test
 * process; `npm run test:suite` builds it before ava starts its processes.
 * With MODELFUND_CONTRACTS_DIR set, the wasm is read from there, unbuilt.
 */
export async function contractWasm(name: string): Promise<Uint8Array> {
  // bench:snapshot runs the token and sale benches on prebuilt plain and pre-initialised wasm.
  const prebuilt = process.env.MODELFUND_CONTRACTS_DIR;
  if (prebuilt) return readFileSync(join(prebuilt, `${name}.wasm`));
  built ??= buildSuiteContracts();
  await built;
  return readFileSync(join(DEFAULT_BUILD_DIR, `${name}.wasm`));
}
