/**
 * The steps every browser flow is made of, in one place so that each flow
 * file reads as its scenario: a page opened in its own context and closed
 * after (with the screenshot of a failure kept), connecting the development
 * wallet, signing a review, moving between pages, counting the RPC calls a
 * page makes on load, and a call sent on chain as another account (the
 * provider, the attestors, the treasury) with its receipts checked.
 */
import type { ExecutionContext } from "ava";
import type { BrowserContext, Page } from "playwright-core";
import type { Harness } from "./harness.ts";

export const TGAS = 10n ** 12n;
export const NEAR = 10n ** 24n;
export const DAY_NS = 86_400n * 10n ** 9n;

/** Runs `body`; on failure the page's screenshot is kept in app/test-output/. */
export async function onPage(t: ExecutionContext, harness: Harness, page: Page, body: () => Promise<void>) {
  try {
    await body();
  } catch (error) {
    t.log(`screenshot: ${await harness.screenshot(page, t.title)}`);
    throw error;
  }
}

/** Opens `route` in a fresh context (no wallet signed in), runs `body` on it and closes the context, even on failure. */
export async function withPage(
  t: ExecutionContext,
  harness: Harness,
  route: string,
  body: (page: Page, context: BrowserContext) => Promise<void>,
): Promise<void> {
  const { context, page } = await harness.open(route);
  try {
    await onPage(t, harness, page, () => body(page, context));
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

/** Signs the open review: Sign, then the development wallet's Approve for each of `approvals` transactions. */
export async function approveAll(page: Page, approvals: number): Promise<void> {
  await page.getByTestId("tx-sign").click();
  for (let index = 0; index < approvals; index++) await page.getByRole("button", { name: "Approve" }).click();
  await page
    .locator('[data-testid="tx-success"], [data-testid="tx-failure"], [data-testid="tx-error"]')
    .first()
    .waitFor();
}

export async function closeDialog(page: Page): Promise<void> {
  await page.getByTestId("tx-dialog").getByRole("button", { name: "Close" }).click();
  await page.getByTestId("tx-dialog").waitFor({ state: "detached" });
}

/** Follows the navigation link labelled `label`. */
export async function goTo(page: Page, label: string): Promise<void> {
  await page.getByRole("link", { name: label, exact: true }).click();
}

/** Re-mounts the page (the shell keys pages by route), so it reads the chain again. */
export async function revisit(page: Page, label: string): Promise<void> {
  await goTo(page, "Overview");
  await goTo(page, label);
}

/**
 * Loads each route afresh and counts the RPC calls charged to it and to the shell (the chain-id check) once the
 * element with the route's ready test id is shown and the network is idle.
 */
export async function rpcCallsOnLoad(
  harness: Harness,
  page: Page,
  routes: [route: string, readyTestId: string][],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [route, ready] of routes) {
    await page.goto(`${harness.server.url}#/${route}`);
    await page.reload();
    await page.getByTestId(ready).waitFor();
    await page.waitForLoadState("networkidle");
    const calls = (await page.evaluate(() => window.__rpcCalls)) ?? {};
    counts[route] = (calls[route] ?? 0) + (calls.shell ?? 0);
  }
  return counts;
}

/** Sends one function call as `signer` (a local suite account id) and fails the test if it or a receipt failed. */
export async function callAs(
  t: ExecutionContext,
  harness: Harness,
  call: {
    signer: string;
    receiver: string;
    method: string;
    args: Record<string, unknown>;
    gas: bigint;
    deposit?: bigint;
  },
): Promise<void> {
  const sent = await harness.local.chain.send({
    signerId: call.signer,
    receiverId: call.receiver,
    actions: [
      {
        type: "FunctionCall",
        method: call.method,
        args: call.args,
        gas: call.gas,
        deposit: call.deposit ?? 0n,
      },
    ],
  });
  t.true(sent.ok && sent.receiptFailures.length === 0, sent.failure ?? sent.receiptFailures.join("; "));
}
