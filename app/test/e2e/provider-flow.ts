/**
 * The inference provider's flow in the browser: @gpu registers on the fee
 * router with its bond (pending), the router's provider manager approves it
 * (from the test, as the deploy does for described providers), it quotes
 * and pays a day's fees in NEAR, sees the payment in its usage history, and
 * paying the same period again is refused with a sentence.
 */
import type { TestFn } from "ava";
import type { PaymentView, ProviderView } from "../../../contracts/fees/interface.ts";
import type { Harness } from "./harness.ts";
import { approveAll, callAs, closeDialog, connect, NEAR, revisit, TGAS, withPage } from "./steps.ts";

export function registerProviderFlow(test: TestFn, harness: () => Harness): void {
  test.serial("providers: register, get approved, quote and pay a period; paying it twice is refused", async (t) => {
    const { chain } = harness().local;
    const fees = harness().description.contracts.fees!;
    const gpu = harness().id("gpu");
    await withPage(t, harness(), "providers", async (page) => {
      await page.getByTestId("price-0-current-near").waitFor();
      await connect(page, gpu);
      await page.getByTestId("provider-name").fill("gpu in the browser");
      await page.getByTestId("provider-endpoint").fill("https://gpu.example/v1");
      await page.getByTestId("register-provider").click();
      await approveAll(page, 1);
      t.is(await page.getByTestId("tx-success").count(), 1);
      await closeDialog(page);
      await page
        .getByTestId("provider-status")
        .filter({ hasText: "waiting for the router's provider manager" })
        .waitFor();
      const registered = await chain.view<ProviderView | null>(fees, "provider", { account_id: gpu });
      t.is(registered?.bond, NEAR.toString());

      await callAs(t, harness(), {
        signer: harness().id("treasury"),
        receiver: fees,
        method: "approve_provider",
        args: { account_id: gpu },
        gas: 30n * TGAS,
        deposit: 1n,
      });
      await revisit(page, "Providers");
      await page.getByTestId("provider-status").filter({ hasText: "active" }).waitFor();

      await page.getByTestId("period-length").selectOption({ label: "this day" });
      await page.getByTestId("usage-requests").fill("10");
      await page.getByTestId("usage-input").fill("1000000");
      await page.getByTestId("usage-output").fill("500000");
      await page.getByTestId("quote-fees").click();
      // 0.1 NEAR per million input + 0.2 per million output × 0.5 + 0.001 per request × 10
      await page.getByTestId("fees-quote").filter({ hasText: "0.21 NEAR" }).waitFor();
      const periodId = (await page.getByTestId("period-id").textContent()) ?? "";
      await page.getByTestId("pay-fees").click();
      await approveAll(page, 1);
      t.is(await page.getByTestId("tx-success").count(), 1);
      await closeDialog(page);
      await page.getByTestId(`payment-${periodId}`).waitFor();
      const payment = await chain.view<PaymentView | null>(fees, "payment", {
        provider_id: gpu,
        stage: 0,
        period_id: periodId,
      });
      t.is(payment?.amount, ((21n * NEAR) / 100n).toString());

      await page.getByTestId("quote-fees").click();
      await page.getByTestId("pay-fees").click();
      await approveAll(page, 1);
      t.regex(
        (await page.getByTestId("tx-failure").textContent()) ?? "",
        new RegExp(`^Period ${periodId} of stage 0 is already paid: nothing was paid twice\\.`),
      );
      await closeDialog(page);
    });
  });
}
