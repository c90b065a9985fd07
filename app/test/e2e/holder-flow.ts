/**
 * The tokenholder's flow in the browser, step by step on one chain: rounds
 * readable without a wallet (time to interactive measured), connect the
 * development wallet, a rejected signature, buy with NEAR, buy with the
 * stablecoin (and, for a new buyer, with its sale and token registrations
 * first), a purchase that panics because the round closed while it was
 * being reviewed, claim vested tokens, revenue arriving from a provider's
 * payment (and drawn in the distribution history), reinvest part of it and
 * claim the rest, and RPC calls per page on load. Each step checks the
 * chain as well as the page.
 */
import type { TestFn } from "ava";
import type { BrowserContext, Page } from "playwright-core";
import { fastForwardTo } from "../../server/local-suite.ts";
import type { Harness } from "./harness.ts";
import {
  approveAll,
  callAs,
  closeDialog,
  connect,
  DAY_NS,
  goTo,
  NEAR,
  onPage,
  revisit,
  rpcCallsOnLoad,
  TGAS,
  withPage,
} from "./steps.ts";

export function registerHolderFlow(test: TestFn, harness: () => Harness): void {
  let session: { context: BrowserContext; page: Page };
  const alice = () => harness().id("alice");
  const contracts = () => harness().description.contracts;
  const view = <T>(contract: string, method: string, args: Record<string, unknown> = {}) =>
    harness().local.chain.view<T>(contract, method, args);
  const purchaseOf = (roundId: number) =>
    view<{ tokens: string; claimed: string } | null>(contracts().sale, "purchase_of", {
      round_id: roundId,
      account_id: alice(),
    });

  test.serial("rounds: readable without a wallet; time to interactive", async (t) => {
    session = await harness().open("rounds");
    const { page } = session;
    await onPage(t, harness(), page, async () => {
      await page.getByTestId("round-0").waitFor();
      const shownMs = await page.evaluate(() => performance.now());
      await page.getByTestId("connect").and(page.locator(":enabled")).waitFor();
      const interactiveMs = await page.evaluate(() => performance.now());
      t.log(
        `time to interactive from navigation start: rounds shown ${Math.round(shownMs)} ms, wallet ready ${Math.round(interactiveMs)} ms`,
      );
      t.regex((await page.getByTestId("round-0").textContent()) ?? "", /stage 1\s*open/);
      t.regex((await page.getByTestId("round-1").textContent()) ?? "", /stage 2\s*upcoming/);
      t.is(await page.getByTestId("allowlist-0").textContent(), "anyone");
      t.is(await page.getByTestId("progress-0").getAttribute("aria-valuenow"), "0");
    });
  });

  test.serial("connect the development wallet; a rejected signature sends nothing", async (t) => {
    const { page } = session;
    await onPage(t, harness(), page, async () => {
      await connect(page, alice());
      await goTo(page, "Buy");
      await page.getByTestId("buy-amount").fill("1");
      await page.getByTestId("quote-tokens").filter({ hasText: "MOD" }).waitFor();
      await page.getByTestId("buy-review").click();
      await page.getByTestId("tx-sign").click();
      await page.getByRole("button", { name: "Reject" }).click();
      t.is(
        await page.getByTestId("tx-error").textContent(),
        "You rejected the request in your wallet: nothing was signed or sent.",
      );
      await closeDialog(page);
      t.is(await purchaseOf(0), null);
    });
  });

  test.serial(
    "buy with NEAR: an over-cap quote explains its refund; quote, review with deposit, token registration, purchase",
    async (t) => {
      const { page } = session;
      await onPage(t, harness(), page, async () => {
        await page.getByTestId("buy-amount").fill("abc");
        t.is(await page.getByTestId("buy-hint").textContent(), '"abc" is not a number.');
        // 20,000 NEAR would buy twice the round's hard cap of 1,000,000 MOD: the quote shows what comes back
        await page.getByTestId("buy-amount").fill("20000");
        await page.getByTestId("refund-explained").waitFor();
        t.regex((await page.getByTestId("quote-refund").textContent()) ?? "", /^9,99\d(\.\d+)? NEAR$/);
        await page.getByTestId("buy-amount").fill("50");
        // 50 NEAR at 0.01 NEAR per MOD, less the purchase record's storage fee: just under 5,000 MOD.
        await page
          .getByTestId("quote-tokens")
          .filter({ hasText: /4,99\d\.\d+ MOD/ })
          .waitFor();
        await page.getByTestId("buy-review").click();
        const dialog = page.getByTestId("tx-dialog");
        t.regex((await dialog.textContent()) ?? "", /storage_deposit[\s\S]*purchase/);
        t.regex((await page.getByTestId("tx-deposit").textContent()) ?? "", /^50\.00\d+ NEAR$/);
        await approveAll(page, 2);
        t.is(await page.getByTestId("tx-success").count(), 2);
        await closeDialog(page);
        const purchase = await purchaseOf(0);
        t.true(BigInt(purchase?.tokens ?? "0") > 4990n * 10n ** 18n);
      });
    },
  );

  test.serial(
    "buy with the stablecoin: ft_transfer_call (the NEAR purchase already paid the sale storage)",
    async (t) => {
      const { page } = session;
      await onPage(t, harness(), page, async () => {
        const before = BigInt((await purchaseOf(0))!.tokens);
        await page.getByLabel("USD").check();
        // With the NEAR purchase, past the round's soft cap of 10,000 MOD.
        await page.getByTestId("buy-amount").fill("60");
        await page.getByTestId("quote-tokens").filter({ hasText: "6,000 MOD" }).waitFor();
        await page.getByTestId("buy-review").click();
        t.regex((await page.getByTestId("tx-dialog").textContent()) ?? "", /ft_transfer_call/);
        t.is(await page.getByTestId("tx-deposit").textContent(), "1 yoctoNEAR");
        await approveAll(page, 1);
        t.is(await page.getByTestId("tx-success").count(), 1);
        await closeDialog(page);
        t.is(BigInt((await purchaseOf(0))!.tokens) - before, 6000n * 10n ** 18n);
      });
    },
  );

  test.serial("a first purchase in the stablecoin registers on the sale and the token first", async (t) => {
    const bob = harness().id("bob");
    await withPage(t, harness(), "buy", async (page) => {
      await connect(page, bob);
      await page.getByLabel("USD").check();
      await page.getByTestId("buy-amount").fill("10");
      await page.getByTestId("quote-tokens").filter({ hasText: "1,000 MOD" }).waitFor();
      await page.getByTestId("buy-review").click();
      t.regex(
        (await page.getByTestId("tx-dialog").textContent()) ?? "",
        /to sale\.test\.near[\s\S]*storage_deposit[\s\S]*to token\.test\.near[\s\S]*storage_deposit[\s\S]*ft_transfer_call/,
      );
      await approveAll(page, 3);
      t.is(await page.getByTestId("tx-success").count(), 3);
      const purchase = await view<{ tokens: string } | null>(contracts().sale, "purchase_of", {
        round_id: 0,
        account_id: bob,
      });
      t.is(purchase?.tokens, (1000n * 10n ** 18n).toString());
    });
  });

  test.serial("a contract panic is a sentence: the round closes during the review", async (t) => {
    const { page } = session;
    await onPage(t, harness(), page, async () => {
      await page.getByLabel("NEAR").check();
      await page.getByTestId("buy-amount").fill("1");
      await page.getByTestId("quote-tokens").filter({ hasText: "MOD" }).waitFor();
      await page.getByTestId("buy-review").click();
      const round = await view<{ config: { end_ns: string } }>(contracts().sale, "round", { round_id: 0 });
      await fastForwardTo(harness().local.chain, BigInt(round.config.end_ns));
      await approveAll(page, 1);
      t.is(
        await page.getByTestId("tx-failure").textContent(),
        "This round has closed: purchases are no longer accepted. (" +
          (await page.locator(".tx-outcomes .mono").textContent()) +
          ")",
      );
      await closeDialog(page);
    });
  });

  test.serial("my position: vesting chart, claim vested tokens", async (t) => {
    const { page } = session;
    await onPage(t, harness(), page, async () => {
      // A tenth of the 30-day linear vesting after the 20% unlocked at the round's end.
      const round = await view<{ config: { end_ns: string } }>(contracts().sale, "round", { round_id: 0 });
      await fastForwardTo(harness().local.chain, BigInt(round.config.end_ns) + 3n * DAY_NS);
      await goTo(page, "My position");
      await page.getByTestId("purchase-0").getByRole("img").waitFor();
      t.regex(
        (await page.getByTestId("purchase-0").getByRole("img").getAttribute("aria-label")) ?? "",
        /2[89](\.\d+)?% vested now/,
      );
      await page.getByTestId("claim-0").click();
      await approveAll(page, 1);
      t.is(await page.getByTestId("tx-success").count(), 1);
      await closeDialog(page);
      const purchase = await purchaseOf(0);
      t.true(BigInt(purchase!.claimed) > 0n);
      await page
        .getByTestId("claimed-0")
        .filter({ hasNotText: /^0 MOD$/ })
        .waitFor();
      const balance = await view<string>(contracts().token, "ft_balance_of", { account_id: alice() });
      t.is(balance, purchase!.claimed);
    });
  });

  test.serial("revenue: a provider's payment arrives; reinvest part in stage 2, claim the rest", async (t) => {
    const { page } = session;
    const { chain } = harness().local;
    await onPage(t, harness(), page, async () => {
      // Before any revenue: the history charts say so.
      await goTo(page, "Revenue");
      await page.getByRole("img", { name: "NEAR: no distribution yet" }).waitFor();
      // The inference provider pays fees into the holders' revenue (NEAR and the stablecoin).
      const provider = harness().id("inference");
      await callAs(t, harness(), {
        signer: provider,
        receiver: contracts().token,
        method: "distribute_revenue",
        args: { memo: "browser test" },
        gas: 50n * TGAS,
        deposit: 10n * NEAR,
      });
      await callAs(t, harness(), {
        signer: provider,
        receiver: contracts().stablecoin!,
        method: "ft_transfer_call",
        args: { receiver_id: contracts().token, amount: "5000000", msg: "revenue" },
        gas: 150n * TGAS,
        deposit: 1n,
      });
      const stage2 = await view<{ config: { start_ns: string } }>(contracts().sale, "round", { round_id: 1 });
      await fastForwardTo(chain, BigInt(stage2.config.start_ns));

      await revisit(page, "Revenue");
      // Each payment is one distribution in the token's history, drawn in its asset's chart.
      t.regex(
        (await page.getByTestId("history-NEAR").getByRole("img").getAttribute("aria-label")) ?? "",
        /^NEAR: 1 distribution\(s\) totalling 10 NEAR, from /,
      );
      t.regex(
        (await page.getByTestId("history-USD").getByRole("img").getAttribute("aria-label")) ?? "",
        /^USD: 1 distribution\(s\) totalling 5 USD, from /,
      );
      // Alice is the only eligible holder: all of it is hers.
      await page
        .getByTestId("claimable-NEAR")
        .filter({ hasText: /^(10|9\.9{5}\d*) NEAR$/ })
        .waitFor();
      await page
        .getByTestId("claimable-USD")
        .filter({ hasText: /^(5|4\.9{5}\d*) USD$/ })
        .waitFor();
      await page.getByTestId("reinvest-amount").fill("2");
      await page.getByTestId("reinvest").click();
      await approveAll(page, 1);
      t.is(await page.getByTestId("tx-success").count(), 1);
      await closeDialog(page);
      const reinvested = await purchaseOf(1);
      // 2 NEAR at 0.02 NEAR per MOD, less the storage fee of the purchase record in a new round.
      const tokens = BigInt(reinvested?.tokens ?? "0");
      t.true(tokens > 99n * 10n ** 18n && tokens <= 100n * 10n ** 18n, String(tokens));

      await page
        .getByTestId("claimable-NEAR")
        .filter({ hasText: /^(8|7\.9{5}\d*) NEAR$/ })
        .waitFor();
      await page.getByTestId("claim-revenue-NEAR").click();
      await approveAll(page, 1);
      await closeDialog(page);
      await page.getByTestId("claim-revenue-USD").click();
      await approveAll(page, 1);
      await closeDialog(page);
      const owed = await view<Record<string, string>>(contracts().token, "revenue_of", { account_id: alice() });
      t.deepEqual(
        Object.values(owed).map(BigInt),
        Object.values(owed).map(() => 0n),
      );
      await page
        .getByTestId("claimable-USD")
        .filter({ hasText: /^0 USD$/ })
        .waitFor();
    });
  });

  test.serial("RPC calls each holder page makes on load", async (t) => {
    const { page } = session;
    let counts: Record<string, number> = {};
    await onPage(t, harness(), page, async () => {
      counts = await rpcCallsOnLoad(harness(), page, [
        ["rounds", "round-0"],
        ["buy", "buy-amount"],
        ["position", "purchase-0"],
        ["revenue", "claimable-NEAR"],
      ]);
    });
    t.log(`RPC calls on load (connected, incl. the shell's chain-id check): ${JSON.stringify(counts)}`);
    // revenue: the stats, the distribution history, rounds, two metadata, the holder and the shell's check
    t.deepEqual(counts, { rounds: 5, buy: 8, position: 7, revenue: 7 });
    await session.context.close();
  });
}
