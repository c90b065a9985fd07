/**
 * What every browser test shares: a fresh local chain with the local suite
 * deployed (app/server/local-suite.ts, the scripts' deploySuite), the app
 * built for the local network and served by the local server, and Chromium
 * from Debian's package driven by playwright-core (browser downloads cannot
 * reach their host here; .ci/run installs the package). On a failed test
 * the page's screenshot goes to app/test-output/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { DEFAULT_BUILD_DIR } from "../../../scripts/lib/build.ts";
import { type LocalServer, startLocalServer } from "../../server/local-server.ts";
import { type LocalSuite, startLocalSuite } from "../../server/local-suite.ts";
import type { AppNetwork } from "../../src/network/description.ts";
import { APP_ROOT, buildApp } from "../../vite/config.ts";
import { loadAppNetwork } from "../../vite/suite-network.ts";

export const OUTPUT_DIR = path.join(APP_ROOT, "test-output");

export interface Harness {
  local: LocalSuite;
  server: LocalServer;
  browser: Browser;
  description: AppNetwork;
  /** The app built for the local network (what the server serves). */
  bundleDir: string;
  /** A fresh browser context (own storage: no wallet signed in) on the app's page. */
  open(route?: string): Promise<{ context: BrowserContext; page: Page }>;
  /** Id of `name` in the local suite ("alice" → "alice.test.near"). */
  id(name: string): string;
  screenshot(page: Page, title: string): Promise<string>;
  close(): Promise<void>;
}

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  const found = candidates.find((candidate) => candidate && fs.existsSync(candidate));
  if (!found)
    throw new Error("Chromium not found: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH");
  return found;
}

export async function startHarness(log: (line: string) => void = () => {}): Promise<Harness> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-app-e2e-"));
  const started = performance.now();
  const stamp = (what: string) => log(`${what} after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const buildDir = process.env.MODELFUND_CONTRACTS_DIR ?? DEFAULT_BUILD_DIR;
  const description = await loadAppNetwork("local", "/rpc");
  const bundleDir = path.join(work, "bundle");
  const [local] = await Promise.all([
    startLocalSuite({ home: path.join(work, "chain"), buildDir, manifestPath: path.join(work, "local.json") }).then(
      (suite) => {
        stamp("chain deployed");
        return suite;
      },
    ),
    buildApp(description, bundleDir).then(() => stamp("bundle built")),
  ]);
  const server = await startLocalServer({
    rpcUrl: local.url,
    chainHome: local.home,
    accounts: description.devWalletAccounts,
    port: 0,
    staticDir: bundleDir,
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  stamp("browser up");
  return {
    local,
    server,
    browser,
    description,
    bundleDir,
    async open(route = "rounds") {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const page = await context.newPage();
      page.on("pageerror", (error) => log(`page error: ${error.message}`));
      await page.goto(`${server.url}#/${route}`);
      return { context, page };
    },
    id: (name) => local.suite.accountIds.get(name)!,
    async screenshot(page, title) {
      fs.mkdirSync(OUTPUT_DIR, { recursive: true });
      const file = path.join(OUTPUT_DIR, `${title.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await server.close();
      await local.stop();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}
