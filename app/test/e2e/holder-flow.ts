/**
 * The tokenholder's flow, page by page: rounds readable without a wallet,
 * connect the development wallet, buy with NEAR and the stablecoin, claim
 * vested tokens after the clock moves, revenue arriving from a provider's
 * payment, claim it and reinvest it; and the failure states.
 */
import type { TestFn } from "ava";
import type { Page } from "playwright-core";
import type { Harness } from "./harness.ts";

/** Runs `body` with a page; on failure the page's screenshot is kept in app/test-output/. */
export async function withPage(
  t: { title: string; log(...values: unknown[]): void },
  harness: Harness,
  route: string,
  body: (page: Page) => Promise<void>,
): Promise<void> {
  const { context, page } = await harness.open(route);
  try {
    await body(page);
  } catch (error) {
    t.log(`screenshot: ${await harness.screenshot(page, t.title)}`);
    throw error;
  } finally {
    await context.close();
  }
}

export async function connect(page: Page, accountId: string): Promise<void> {
  await page.getByTestId("connect").click();
  await page.getByText("Local development wallet").click();
  await page.getByRole("button", { name: accountId }).click();
  await page.getByTestId("account-id").filter({ hasText: accountId }).waitFor();
}

export function registerHolderFlow(test: TestFn, harness: () => Harness): void {
  test.serial("rounds: readable without a wallet", async (t) => {
    await withPage(t, harness(), "rounds", async (page) => {
      const started = performance.now();
      await page.getByTestId("round-0").waitFor();
      t.log(`rounds page interactive in ${Math.round(performance.now() - started)} ms`);
      t.regex((await page.getByTestId("round-0").textContent()) ?? "", /stage 1.*open/);
      t.is(await page.getByTestId("allowlist-0").textContent(), "anyone");
      t.log(`RPC calls on load: ${JSON.stringify(await page.evaluate(() => window.__rpcCalls))}`);
    });
  });

  test.serial("connect the development wallet", async (t) => {
    await withPage(t, harness(), "rounds", async (page) => {
      await connect(page, harness().id("alice"));
      t.pass();
    });
  });
}
