/**
 * Where a fixture contract's source is: test/fixtures/<name>.ts here, or in
 * the toolchain's fixtures (status-message, minimal). Kept apart from
 * helpers.ts, which loads the toolchain: the localnet bench finds its
 * fixture here and builds it in a child process, so that the process it
 * measures holds no compiler (see bench/localnet.ts).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TEST_DIR = dirname(fileURLToPath(import.meta.url));
const FIXTURE_DIRS = [join(TEST_DIR, "fixtures"), join(TEST_DIR, "..", "..", "toolchain", "test", "fixtures")];

/** The fixture's entry file; throws for an unknown name. */
export function fixtureEntry(name: string): string {
  const entry = FIXTURE_DIRS.map((dir) => join(dir, `${name}.ts`)).find((file) => existsSync(file));
  if (!entry) throw new Error(`no fixture contract named ${name}`);
  return entry;
}
