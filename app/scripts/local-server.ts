/**
 * npm run app [-- --port N] [--static]
 *
 * The web app on the local chain, in one command: reuses the chain of
 * `npm start -- --keep-running` when one serves, otherwise starts the
 * embedded chain in .localnet/, deploys the local suite and opens its first
 * round; then serves the app on http://127.0.0.1:<port>/ with the local
 * development wallet (Vite's dev server, or with --static the production
 * bundle built for the local network). Ctrl-C stops what it started.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { createServer, type ViteDevServer } from "vite";
import { DEFAULT_BUILD_DIR } from "../../scripts/lib/build.ts";
import { DEFAULT_LOCAL_HOME, recordedLocalRpcUrl, REPO_ROOT } from "../../scripts/lib/localnet.ts";
import { defaultManifestPath } from "../../scripts/lib/manifest.ts";
import { startLocalServer } from "../server/local-server.ts";
import { attachLocalSuite, type LocalSuite, startLocalSuite } from "../server/local-suite.ts";
import { APP_ROOT, appViteConfig, buildApp } from "../vite/config.ts";
import { loadAppNetwork } from "../vite/suite-network.ts";

const USAGE = `usage: npm run app [-- --port N] [--static]
  --port N    the port on 127.0.0.1 (default 5173; 0 picks a free one)
  --static    serve the production bundle built for the local network instead of Vite's dev server`;

function parse() {
  try {
    const { values } = parseArgs({
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string", default: "5173" },
        static: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new Error(`--port must be 0..65535, got ${values.port}`);
    return { ...values, port };
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

async function reachable(url: string): Promise<boolean> {
  const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "status", params: [] });
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body }).then(
    (response) => response.ok,
    () => false,
  );
}

const args = parse();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const recorded = recordedLocalRpcUrl();
let local: LocalSuite;
if (recorded && (await reachable(recorded))) {
  console.log(`Using the local chain of npm start at ${recorded}`);
  local = attachLocalSuite(DEFAULT_LOCAL_HOME, recorded);
} else {
  console.log(`Starting the local chain in ${path.relative(REPO_ROOT, DEFAULT_LOCAL_HOME)}/ and deploying the suite…`);
  local = await startLocalSuite({
    home: DEFAULT_LOCAL_HOME,
    buildDir: DEFAULT_BUILD_DIR,
    manifestPath: defaultManifestPath("local", REPO_ROOT),
  });
  console.log(`  chain at ${local.url}; the first round is open`);
}

const description = await loadAppNetwork("local", "/rpc");
let vite: ViteDevServer | undefined;
let staticDir: string | undefined;
if (args.static) {
  staticDir = path.join(APP_ROOT, "dist", "local");
  await buildApp(description, staticDir);
} else {
  vite = await createServer({ ...appViteConfig(description), server: { middlewareMode: true, hmr: false } });
}
const server = await startLocalServer({
  rpcUrl: local.url,
  chainHome: local.home,
  accounts: description.devWalletAccounts,
  port: args.port,
  staticDir,
  vite,
});
console.log(
  `\nThe app serves ${server.url} (local network, development wallet: ${description.devWalletAccounts.join(", ")}).\nCtrl-C stops it.`,
);

await new Promise<void>((resolve) => {
  process.once("SIGINT", resolve);
  process.once("SIGTERM", resolve);
});
await server.close();
await vite?.close();
await local.stop();
