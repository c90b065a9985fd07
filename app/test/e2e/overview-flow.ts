/**
 * The public overview without a wallet, after the other flows: what was
 * raised, released, distributed and rewarded is read from views alone; its
 * time to interactive and RPC calls on load are measured, with those of the
 * contributors and providers pages (no wallet) for the README's figures.
 */
import type { TestFn } from "ava";
import type { Harness } from "./harness.ts";
import { rpcCallsOnLoad, withPage } from "./steps.ts";

export function registerOverviewFlow(test: TestFn, harness: () => Harness): void {
  test.serial("overview: readable without a wallet; time to interactive and RPC calls per page", async (t) => {
    await withPage(t, harness(), "overview", async (page) => {
      await page.getByTestId("overview-credited").filter({ hasText: "MOD" }).waitFor();
      const interactiveMs = await page.evaluate(() => performance.now());
      t.log(`overview: time to interactive (navigation start → figures shown): ${Math.round(interactiveMs)} ms`);
      t.is(await page.getByTestId("connect").count(), 1);
      t.regex((await page.getByTestId("overview-credited").textContent()) ?? "", /^12,000 MOD$/);
      t.regex((await page.getByTestId("overview-raised").textContent()) ?? "", /stage 1.*Raised/);

      const counts = await rpcCallsOnLoad(harness(), page, [
        ["overview", "overview-credited"],
        ["contributors", "stage-0"],
        ["providers", "price-0-current-near"],
      ]);
      t.log(`RPC calls on load without a wallet (incl. the shell's chain-id check): ${JSON.stringify(counts)}`);
      t.deepEqual(counts, { overview: 7, contributors: 6, providers: 5 });
    });
  });
}
