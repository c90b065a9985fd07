import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { BuildError } from "./build-error.ts";
import { buildContracts, discoverContracts, SNAPSHOT_BY_DEFAULT, type ContractTarget } from "./build.ts";

const USAGE = `usage:
  near-ts-build <entry.ts> [--out FILE.wasm]   build one contract
  near-ts-build --all DIR [--out DIR]          build every contract under DIR
options:
  --no-optimize   skip binaryen's size optimizer
  --no-typecheck  skip type checking
  --no-abi        do not write <name>.abi.json beside the wasm
  --snapshot      pre-initialise: QuickJS's start-up and the contract's module run once, at build
                  time, not on every call (${SNAPSHOT_BY_DEFAULT ? "the default" : "not yet the default"})
  --no-snapshot   the plain build: they run on every call${SNAPSHOT_BY_DEFAULT ? "" : " (the default)"}
  --snapshot-fallback
                  build a contract whose module-level code calls a host function plain, with a warning,
                  instead of failing
  --quiet         print only errors and warnings`;

function targetsFrom(args: ReturnType<typeof parse>): ContractTarget[] {
  const { values, positionals } = args;
  if (values.all) {
    if (positionals.length > 0)
      throw new BuildError("arguments", `--all takes a directory, not also ${positionals.join(" ")}\n${USAGE}`);
    const dir = resolve(values.all);
    if (!existsSync(dir)) throw new BuildError("arguments", `${values.all} does not exist`);
    return discoverContracts(dir, resolve(values.out ?? "build"));
  }
  if (positionals.length !== 1) throw new BuildError("arguments", USAGE);
  const entry = resolve(positionals[0]);
  const name =
    basename(entry).replace(/\.(ts|js)$/, "") === "index"
      ? basename(dirname(entry))
      : basename(entry).replace(/\.(ts|js)$/, "");
  return [{ name, entry, output: resolve(values.out ?? join("build", `${name}.wasm`)) }];
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      all: { type: "string" },
      out: { type: "string" },
      "no-optimize": { type: "boolean", default: false },
      "no-typecheck": { type: "boolean", default: false },
      "no-abi": { type: "boolean", default: false },
      snapshot: { type: "boolean", default: false },
      "no-snapshot": { type: "boolean", default: false },
      "snapshot-fallback": { type: "boolean", default: false },
      quiet: { type: "boolean", default: false },
    },
  });
}

/** Pre-initialise or not: as asked by `--snapshot` / `--no-snapshot`, else SNAPSHOT_BY_DEFAULT; both is an error. */
export function snapshotChoice(flags: { snapshot?: boolean; "no-snapshot"?: boolean }): boolean {
  if (flags.snapshot && flags["no-snapshot"]) {
    throw new BuildError("arguments", `--snapshot and --no-snapshot contradict each other\n${USAGE}`);
  }
  if (flags.snapshot) return true;
  if (flags["no-snapshot"]) return false;
  return SNAPSHOT_BY_DEFAULT;
}

export async function main(argv: string[]): Promise<number> {
  try {
    const args = parse(argv);
    const snapshot = snapshotChoice(args.values);
    const targets = targetsFrom(args);
    const log = args.values.quiet ? () => {} : (line: string) => console.log(line);
    if (targets.length === 0) {
      log(`no contracts under ${args.values.all} (a contract is DIR/<name>/index.ts or DIR/<name>.ts)`);
      return 0;
    }
    await buildContracts(targets, {
      optimize: !args.values["no-optimize"],
      skipTypecheck: args.values["no-typecheck"],
      abi: !args.values["no-abi"],
      snapshot,
      snapshotFallback: args.values["snapshot-fallback"],
      log,
      warn: (line: string) => console.error(line),
    });
    return 0;
  } catch (error) {
    console.error(
      error instanceof BuildError
        ? error.message
        : error instanceof Error
          ? `near-ts-build: ${error.message}`
          : String(error),
    );
    return 1;
  }
}
