/**
 * The contributor's flow in the browser, on the local suite's vault (stage
 * 0, attestors 1 and 2, quorum 2), as scripts/lifecycle-vault.ts runs it:
 * the attestors build epochs 0 and 1 from a points list with the off-chain
 * builder (scripts/lib/merkle-points.ts) and both submit them; the page
 * shows the challenge window's countdown; once it has passed, @dana loads a
 * proofs file whose proof is damaged: it is refused before anything is
 * signed, with a sentence; the real proofs, epoch 0's from a URL and epoch
 * 1's from a file, claim both rewards in one claim_batch; after the cliff
 * she withdraws what vested. After the provider's flow, the router's
 * contributors' share of its payment is flushed to the vault and she claims
 * it as NEAR royalties. Each step checks the chain as well as the page.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestFn } from "ava";
import type { BrowserContext, Page } from "playwright-core";
import type { ContributorView, EpochView } from "../../../contracts/vault/interface.ts";
import { bytesToHex } from "../../../contracts/vault/leaf.ts";
import { buildEpochTree, parsePointsCsv, proofsOf, sha256, submissionOf } from "../../../scripts/lib/merkle-points.ts";
import { fastForwardTo } from "../../server/local-suite.ts";
import type { Harness } from "./harness.ts";
import { approveAll, callAs, closeDialog, connect, DAY_NS, onPage, revisit, TGAS, withPage } from "./steps.ts";

const MOD = 10n ** 18n;

/** Serves one file at http://127.0.0.1:<port>/proofs.json to any origin until closed. */
async function serveFile(file: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" });
    response.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/proofs.json`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function registerContributorFlow(test: TestFn, harness: () => Harness): void {
  let session: { context: BrowserContext; page: Page };
  const files = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-app-proofs-"));
  const vault = () => harness().description.contracts.vault!;
  const dana = () => harness().id("dana");
  const epochView = (epoch: number) =>
    harness().local.chain.view<EpochView | null>(vault(), "epoch", { stage: 0, epoch });

  test.serial("contributors: the attestors' epochs show their challenge window", async (t) => {
    const csv = `account,points\n${[
      [dana(), 600],
      [harness().id("alice"), 300],
      [harness().id("gpu"), 100],
    ]
      .map(([account, points]) => `${account},${points}`)
      .join("\n")}\n`;
    const tree = buildEpochTree(parsePointsCsv(csv));
    // epochs 0 and 1 of stage 0 with the same points: two claims for one batch
    for (const epoch of [0, 1])
      for (const attestor of ["attestor1", "attestor2"])
        await callAs(t, harness(), {
          signer: harness().id(attestor),
          receiver: vault(),
          method: "submit_epoch",
          args: { ...submissionOf(tree, 0, epoch, bytesToHex(sha256(new TextEncoder().encode(csv)))) },
          gas: 100n * TGAS,
        });
    // each epoch's proofs.json as npm run vault:epoch writes it, and a copy whose proof of dana's leaf is damaged
    const proofs = proofsOf(tree, 0, 0);
    fs.writeFileSync(path.join(files, "proofs.json"), JSON.stringify(proofs));
    fs.writeFileSync(path.join(files, "proofs-epoch-1.json"), JSON.stringify(proofsOf(tree, 0, 1)));
    const damaged = structuredClone(proofs);
    damaged[dana()].proof[0] = "0".repeat(64);
    fs.writeFileSync(path.join(files, "damaged-proofs.json"), JSON.stringify(damaged));

    session = await harness().open("contributors");
    const { page } = session;
    await onPage(t, harness(), page, async () => {
      await page.getByTestId("stage-0").waitFor();
      t.regex(
        (await page.getByTestId("epoch-0-0").textContent()) ?? "",
        /accepted, challenge window: claimable in (59 min|1 h)/,
      );
      await connect(page, dana());
      await page.getByTestId("my-rewards").waitFor();
    });
  });

  test.serial(
    "contributors: a damaged proof is refused before signing; real ones (a URL, a file) claim two epochs in a batch",
    async (t) => {
      const { page } = session;
      const { chain } = harness().local;
      await onPage(t, harness(), page, async () => {
        // epoch 1 was accepted last: once it is claimable, both are
        await fastForwardTo(chain, BigInt((await epochView(1))?.claimable_at_ns ?? "0"));
        await revisit(page, "Contributors");
        await page.getByTestId("epoch-0-1").filter({ hasText: "accepted, claimable" }).waitFor();

        await page.getByTestId("proofs-file").setInputFiles(path.join(files, "damaged-proofs.json"));
        await page.getByTestId("proof-state-0-0").filter({ hasText: "claimable" }).waitFor();
        await page.getByTestId("proof-0-0").getByRole("button", { name: "Claim" }).click();
        t.is(
          await page.getByTestId("proofs-error").textContent(),
          "This proof does not match the accepted root of epoch 0 of stage 0: the file is not the one the attestors submitted, or not yours. Nothing was sent.",
        );
        t.is(await page.getByTestId("tx-dialog").count(), 0);
        t.is(await chain.view(vault(), "storage_balance_of", { account_id: dana() }), null);

        // the real proofs from a URL, as an attestor would publish them (another origin: the app fetches with CORS)
        const published = await serveFile(path.join(files, "proofs.json"));
        try {
          await page.getByTestId("proofs-url").fill(published.url);
          await page.getByRole("button", { name: "Load", exact: true }).click();
          await page.getByTestId("proofs-error").waitFor({ state: "detached" });
        } finally {
          await published.close();
        }
        await page.getByTestId("proofs-file").setInputFiles(path.join(files, "proofs-epoch-1.json"));
        await page.getByTestId("proof-state-0-1").filter({ hasText: "claimable" }).waitFor();
        await page.getByTestId("claim-batch").filter({ hasText: "Claim 2 epochs at once" }).click();
        t.regex((await page.getByTestId("tx-dialog").textContent()) ?? "", /claim_batch/);
        // the vault registration, then the batch
        await approveAll(page, 2);
        t.is(await page.getByTestId("tx-success").count(), 2);
        await closeDialog(page);
        await page.getByTestId("proof-state-0-0").filter({ hasText: "claimed" }).waitFor();
        await page.getByTestId("proof-state-0-1").filter({ hasText: "claimed" }).waitFor();
        const me = await chain.view<ContributorView>(vault(), "contributor", { account_id: dana() });
        // ⌊10,000 MOD × 600 / 1,000 points⌋ per epoch
        t.is(me.stages[0]?.reward, (12_000n * MOD).toString());
        await page.getByTestId("my-stage-0").filter({ hasText: "12,000 MOD credited for 1200 points" }).waitFor();
      });
    },
  );

  test.serial("contributors: after the cliff, withdraw what vested", async (t) => {
    const { page } = session;
    const { chain } = harness().local;
    await onPage(t, harness(), page, async () => {
      await fastForwardTo(chain, (await chain.head()).timestampNs + 2n * DAY_NS);
      await revisit(page, "Contributors");
      await page.getByTestId("withdraw-vested").and(page.locator(":enabled")).waitFor();
      await page.getByTestId("withdraw-vested").click();
      // the token registration, then the withdrawal
      await approveAll(page, 2);
      t.is(await page.getByTestId("tx-success").count(), 2);
      await closeDialog(page);
      const balance = BigInt(
        await chain.view<string>(harness().description.contracts.token, "ft_balance_of", { account_id: dana() }),
      );
      const me = await chain.view<ContributorView>(vault(), "contributor", { account_id: dana() });
      t.true(balance > 0n);
      t.is(me.stages[0]?.withdrawn, balance.toString());
      // vesting goes on block by block: a few seconds' worth is withdrawable again, the rest shows as withdrawn
      await page
        .getByTestId("my-stage-0")
        .filter({ hasText: /[1-9][\d,.]* MOD withdrawn/ })
        .waitFor();
    });
    await session.context.close();
    fs.rmSync(files, { recursive: true, force: true });
  });
}

/** Runs after the provider flow: its payment's contributors' share becomes stage 0's NEAR royalties. */
export function registerRoyaltiesStep(test: TestFn, harness: () => Harness): void {
  test.serial("contributors: the router's contributors' share arrives as royalties and is claimed", async (t) => {
    const { chain } = harness().local;
    const vault = harness().description.contracts.vault!;
    const dana = harness().id("dana");
    await callAs(t, harness(), {
      signer: harness().id("treasury"),
      receiver: harness().description.contracts.fees!,
      method: "flush",
      args: { destination: "contributors", stage: 0, asset: "near" },
      gas: 250n * TGAS,
    });
    const before = await chain.view<ContributorView>(vault, "contributor", { account_id: dana });
    const claimable = BigInt(before.royalties.near ?? "0");
    t.true(claimable > 0n);
    await withPage(t, harness(), "contributors", async (page) => {
      await connect(page, dana);
      await page
        .getByTestId("royalties-NEAR")
        .filter({ hasNotText: /: 0 NEAR$/ })
        .waitFor();
      await page.getByRole("button", { name: "Claim NEAR royalties" }).click();
      await approveAll(page, 1);
      t.is(await page.getByTestId("tx-success").count(), 1);
      await closeDialog(page);
      await page
        .getByTestId("royalties-NEAR")
        .filter({ hasText: /: 0 NEAR$/ })
        .waitFor();
      const after = await chain.view<ContributorView>(vault, "contributor", { account_id: dana });
      t.is(after.royalties.near ?? "0", "0");
    });
  });
}
