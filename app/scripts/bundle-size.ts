/**
 * node --import tsx app/scripts/bundle-size.ts [--network testnet|mainnet|local] [--dir DIR]
 *
 * The production bundle's size as a browser downloads it: every file of
 * app/dist/<network>/ (built by `npm run app:build`) raw and gzipped
 * (zlib's default level, what a static host's on-the-fly gzip serves), the
 * files index.html loads before anything else (the entry script and
 * stylesheet: the first paint's cost) and the chunks loaded later (the
 * wallets' modules). The figures go to the root README; the last line is
 * the same as JSON, for tools.
 * Exit codes: 0 measured, 1 no bundle at that path, 2 bad arguments.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { APP_ROOT } from "../vite/config.ts";
import { isNetworkName } from "../vite/suite-network.ts";

const USAGE = `usage: node --import tsx app/scripts/bundle-size.ts [--network testnet|mainnet|local] [--dir DIR]
  --network  measure app/dist/<network> (default testnet; build it first: npm run app:build -- --network N)
  --dir      measure this directory instead`;

interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

function parse() {
  try {
    return parseArgs({
      strict: true,
      allowPositionals: false,
      options: {
        network: { type: "string", default: "testnet" },
        dir: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The files index.html loads itself (script src, stylesheet and modulepreload hrefs), with index.html. */
function initialFiles(dir: string): Set<string> {
  const html = fs.readFileSync(path.join(dir, "index.html"), "utf8");
  const referenced = [...html.matchAll(/(?:src|href)="\/?([^"]+)"/g)].map((match) => match[1]);
  return new Set(["index.html", ...referenced.filter((file) => fs.existsSync(path.join(dir, file)))]);
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const args = parse();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.dir && !isNetworkName(args.network)) {
  console.error(`--network must be local, testnet or mainnet, got ${JSON.stringify(args.network)}\n${USAGE}`);
  process.exit(2);
}
const dir = args.dir ? path.resolve(args.dir) : path.join(APP_ROOT, "dist", args.network);
if (!fs.existsSync(path.join(dir, "index.html"))) {
  console.error(`no bundle in ${dir}: build it with npm run app:build -- --network ${args.network}`);
  process.exit(1);
}

const sizes: FileSize[] = filesUnder(dir).map((file) => {
  const content = fs.readFileSync(path.join(dir, file));
  return { file, bytes: content.length, gzip: gzipSync(content).length };
});
const initial = initialFiles(dir);
const sum = (list: FileSize[], key: "bytes" | "gzip") => list.reduce((total, entry) => total + entry[key], 0);
const first = sizes.filter((entry) => initial.has(entry.file));
const later = sizes.filter((entry) => !initial.has(entry.file));

for (const entry of sizes)
  console.log(
    `${initial.has(entry.file) ? "initial" : "later  "}  ${entry.file.padEnd(40)} ${kib(entry.bytes).padStart(11)}  gzip ${kib(entry.gzip).padStart(10)}`,
  );
console.log(
  `initial load (index.html and what it loads): ${kib(sum(first, "gzip"))} gzipped (${kib(sum(first, "bytes"))})`,
);
console.log(
  `loaded later (wallet modules and other chunks): ${kib(sum(later, "gzip"))} gzipped (${kib(sum(later, "bytes"))})`,
);
console.log(`whole bundle: ${kib(sum(sizes, "gzip"))} gzipped (${kib(sum(sizes, "bytes"))}) in ${sizes.length} files`);
console.log(
  JSON.stringify({
    dir: path.relative(process.cwd(), dir) || ".",
    files: sizes.length,
    initial_bytes: sum(first, "bytes"),
    initial_gzip_bytes: sum(first, "gzip"),
    later_gzip_bytes: sum(later, "gzip"),
    total_bytes: sum(sizes, "bytes"),
    total_gzip_bytes: sum(sizes, "gzip"),
  }),
);
