/**
 * The fee router in the deploy (scripts/lib/deploy-steps-fees.ts), on one
 * local chain for the file, in order: the plan of a fresh chain lists the
 * router's steps; the deploy wires it (init, stablecoin registration, roles,
 * stage 1's split through the timelock, prices) and a rerun sends nothing;
 * the provider registers itself and the next deploy approves it; its fees
 * in NEAR and USD reach the token, the vault and the reserve by exactly
 * their basis points; a changed price sends only that stage's set_price, a
 * changed split only its schedule and execute; a changed price notice and
 * a price time already past are drift the deploy refuses; status shows the
 * router's books.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "ava";
import type {
  ContractConfigView,
  ForwardView,
  PricesView,
  ProviderView,
  QuoteView,
  StageRevenueView,
} from "../../contracts/fees/interface.ts";
import localSuiteInput from "../../scripts/config/local.ts";
import type { SuiteConfigInput } from "../../scripts/config/schema.ts";
import { assertValidSuite, type Suite } from "../../scripts/config/validate.ts";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "../../scripts/lib/build.ts";
import { ChainClient, type PlannedTx } from "../../scripts/lib/chain.ts";
import { deploySuite, PlanRefusedError } from "../../scripts/lib/deploy-suite.ts";
import { call } from "../../scripts/lib/deploy-steps.ts";
import { localKeyStore } from "../../scripts/lib/keys.ts";
import { startLocalChain, type LocalChain } from "../../scripts/lib/localnet.ts";
import { suiteStatus } from "../../scripts/lib/status.ts";

const TGAS = 10n ** 12n;
const NEAR = 10n ** 24n;
const ROUTER = "fees.test.near";
const PROVIDER = "inference.test.near";
const TREASURY = "treasury.test.near";

let dir: string;
let local: LocalChain;
let chain: ChainClient;
const suite = assertValidSuite(localSuiteInput);

const deploy = (described: Suite = suite, dryRun = false) =>
  deploySuite({
    suite: described,
    chain,
    buildDir: DEFAULT_BUILD_DIR,
    manifestPath: path.join(dir, "local.json"),
    dryRun,
  });

/** The local description with `change` applied to a copy. */
function changed(change: (input: SuiteConfigInput) => void): Suite {
  const input = structuredClone(localSuiteInput);
  change(input);
  return assertValidSuite(input);
}

async function sendOk(tx: PlannedTx, what: string) {
  const result = await chain.send(tx);
  if (!result.ok || result.receiptFailures.length > 0)
    throw new Error(`${what}: ${result.failure ?? result.receiptFailures.join("; ")}`);
  return result;
}

const fnCall = (signerId: string, receiverId: string, method: string, args: Record<string, unknown>, deposit = 0n) =>
  ({ signerId, receiverId, actions: [call(method, args, 250n * TGAS, deposit)] }) satisfies PlannedTx;

const sentIds = (report: Awaited<ReturnType<typeof deploy>>) =>
  report.steps.filter((step) => step.status === "sent").map((step) => step.id);

test.before(async () => {
  await buildSuiteContracts();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-deploy-fees-"));
  local = await startLocalChain({ home: path.join(dir, "chain") });
  chain = new ChainClient(local.url, localKeyStore(local.home, suite.config.master_account_id));
});

test.after.always(async () => {
  await local?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.serial("the plan of a fresh chain lists the router's steps with their arguments", async (t) => {
  const report = await deploy(suite, true);
  const planned = new Map(report.steps.filter((s) => s.status === "planned").map((s) => [s.id, s]));
  for (const id of [
    "contract:fees",
    `storage:usd.test.near:${ROUTER}`,
    `role:${ROUTER}:config:${TREASURY}`,
    `role:${ROUTER}:provider_manager:${TREASURY}`,
    `schedule:fees-split:${ROUTER}:1`,
    `fees-price:${ROUTER}:0`,
    `fees-price:${ROUTER}:1`,
  ])
    t.true(planned.has(id), id);
  // Stage 0 keeps init's split, and the reserve and protocol are init's: nothing to schedule for them.
  t.false(planned.has(`schedule:fees-split:${ROUTER}:0`));
  t.false(planned.has(`schedule:fees-reserve:${ROUTER}`));
  const price = planned.get(`fees-price:${ROUTER}:0`)!.tx!;
  t.is(price.signerId, TREASURY);
  const action = price.actions[0];
  t.true(action.type === "FunctionCall" && action.method === "set_price");
  if (action.type === "FunctionCall")
    t.like(action.args, { stage: 0, near: { per_request: (NEAR / 1000n).toString() }, effective_at_ns: null });
  const init = planned.get("contract:fees")!.tx!.actions.find((a) => a.type === "FunctionCall");
  if (init?.type !== "FunctionCall") return t.fail("no init call");
  t.like(init.args, {
    token_id: "token.test.near",
    vault_id: "vault.test.near",
    stable_id: "usd.test.near",
    reserve_id: TREASURY,
    protocol_id: null,
    price_notice_ns: "0",
    split: { holders_bps: 6000, contributors_bps: 2500, reserve_bps: 1500, protocol_bps: 0 },
  });
  t.is(await chain.accountExists(ROUTER), false, "a plan sends nothing");
});

test.serial("the deploy wires the router, and a rerun sends nothing", async (t) => {
  const first = await deploy();
  t.false(first.steps.some((s) => s.status === "failed"));
  const sent = sentIds(first);
  // Local delay 0: stage 1's split is scheduled and executed in the same run.
  for (const id of [`schedule:fees-split:${ROUTER}:1`, `fees-split:${ROUTER}:1`, `fees-price:${ROUTER}:1`])
    t.true(sent.includes(id), id);

  const config = await chain.view<ContractConfigView>(ROUTER, "contract_config");
  t.like(config, { reserve_id: TREASURY, protocol_id: null, stable_id: "usd.test.near", price_notice_ns: "0" });
  const admin = await chain.view<{ roles: Record<string, string[]> }>(ROUTER, "admin_info");
  for (const role of ["config", "provider_manager", "pauser", "guardian"]) t.deepEqual(admin.roles[role], [TREASURY]);
  t.truthy(await chain.view(ROUTER.replace("fees", "usd"), "storage_balance_of", { account_id: ROUTER }));
  const split = (stage: number) =>
    chain.view<StageRevenueView>(ROUTER, "stage_revenue", { stage }).then((view) => view.split);
  t.deepEqual(await split(0), { holders_bps: 6000, contributors_bps: 2500, reserve_bps: 1500, protocol_bps: 0 });
  t.deepEqual(await split(1), { holders_bps: 5000, contributors_bps: 3000, reserve_bps: 2000, protocol_bps: 0 });
  const prices = await chain.view<PricesView>(ROUTER, "prices", { stage: 0 });
  t.is(prices.scheduled, null);
  t.deepEqual(prices.effective?.near, {
    per_million_input: (NEAR / 10n).toString(),
    per_million_output: (NEAR / 5n).toString(),
    per_request: (NEAR / 1000n).toString(),
  });
  t.is(prices.effective?.stable?.per_million_output, "1000000");

  const rerun = await deploy();
  t.is(rerun.sent, 0);
  const providerStep = rerun.steps.find((s) => s.id === `fees-provider:${ROUTER}:${PROVIDER}`);
  t.regex(providerStep?.detail ?? "", /not registered yet/);
});

test.serial(
  "a registered provider is approved by the next deploy; its fees reach the token, the vault and the reserve",
  async (t) => {
    const described = suite.config.fees!.providers[0];
    await sendOk(
      fnCall(
        PROVIDER,
        ROUTER,
        "register_provider",
        {
          metadata: {
            name: described.name,
            endpoint: described.endpoint,
            stages: described.stages,
            attestation_digest: described.attestation_digest,
          },
          bond: described.bond.toString(),
        },
        described.bond + NEAR / 2n,
      ),
      "register_provider",
    );
    const approval = await deploy();
    t.deepEqual(sentIds(approval), [`fees-provider:${ROUTER}:${PROVIDER}`]);
    const provider = await chain.view<ProviderView>(ROUTER, "provider", { account_id: PROVIDER });
    t.is(provider.status, "active");
    t.is(provider.bond, described.bond.toString());

    // A holder earning revenue, so the token takes the holders' share.
    await sendOk(fnCall("alice.test.near", "token.test.near", "storage_deposit", {}, NEAR / 10n), "alice on token");
    await sendOk(
      fnCall(
        TREASURY,
        "token.test.near",
        "ft_transfer",
        { receiver_id: "alice.test.near", amount: "10".padEnd(21, "0") },
        1n,
      ),
      "alice's tokens",
    );

    const usage = { requests: 10, input_tokens: 1_000_000, output_tokens: 500_000 };
    const quote = (stage: number) => chain.view<QuoteView>(ROUTER, "quote", { stage, usage });
    const nearFee = BigInt((await quote(0)).near!);
    t.is(nearFee, (10n * NEAR) / 1000n + NEAR / 10n + NEAR / 10n);
    await sendOk(fnCall(PROVIDER, ROUTER, "pay_fees", { stage: 0, period_id: "p1", usage }, nearFee), "pay NEAR");
    const usdFee = BigInt((await quote(1)).stable!);
    const msg = JSON.stringify({ stage: 1, period_id: "p1", usage });
    await sendOk(
      fnCall(
        PROVIDER,
        "usd.test.near",
        "ft_transfer_call",
        { receiver_id: ROUTER, amount: usdFee.toString(), msg },
        1n,
      ),
      "pay USD",
    );

    const treasuryNear = (await chain.accountView(TREASURY))!.amount;
    const treasuryUsd = BigInt(await chain.view<string>("usd.test.near", "ft_balance_of", { account_id: TREASURY }));
    const flushes: Array<[string, string, number | null]> = [
      ["holders", "near", null],
      ["contributors", "near", 0],
      ["reserve", "near", null],
      ["holders", "usd.test.near", null],
      ["contributors", "usd.test.near", 1],
      ["reserve", "usd.test.near", null],
    ];
    for (const [destination, asset, stage] of flushes) {
      const args = stage === null ? { destination, asset } : { destination, asset, stage };
      await sendOk(fnCall("bob.test.near", ROUTER, "flush", args), `flush ${destination} ${asset}`);
    }
    const forwards = await chain.view<ForwardView[]>(ROUTER, "pending_forwards");
    const forwarded = (destination: string, asset: string, stage: number | null) =>
      forwards.find((f) => f.destination === destination && f.asset === asset && f.stage === stage)!;
    const share = (amount: bigint, bps: bigint) => (amount * bps) / 10_000n;
    // Stage 0 (NEAR) splits 6000/2500/1500, stage 1 (USD) 5000/3000/2000: every share forwarded, nothing pending.
    const expected: Array<[string, string, number | null, bigint]> = [
      ["holders", "near", null, share(nearFee, 6000n)],
      ["contributors", "near", 0, share(nearFee, 2500n)],
      ["reserve", "near", null, share(nearFee, 1500n)],
      ["holders", "usd.test.near", null, share(usdFee, 5000n)],
      ["contributors", "usd.test.near", 1, share(usdFee, 3000n)],
      ["reserve", "usd.test.near", null, share(usdFee, 2000n)],
    ];
    for (const [destination, asset, stage, amount] of expected) {
      const entry = forwarded(destination, asset, stage);
      t.is(entry.forwarded, amount.toString(), `${destination} ${asset}`);
      t.is(entry.pending, "0", `${destination} ${asset} pending`);
    }
    // The receivers' books: the token's revenue, the vault's royalties, the treasury's balances.
    const revenue = await chain.view<{ assets: Array<{ asset: string; total_distributed: string }> }>(
      "token.test.near",
      "revenue_stats",
    );
    t.is(revenue.assets.find((a) => a.asset === "near")?.total_distributed, share(nearFee, 6000n).toString());
    t.is(revenue.assets.find((a) => a.asset === "usd.test.near")?.total_distributed, share(usdFee, 5000n).toString());
    const royalties = async (stage: number) =>
      (
        await chain.view<{ royalties: Array<{ asset: string; deposited: string }> }>("vault.test.near", "stage", {
          stage,
        })
      ).royalties;
    t.is((await royalties(0)).find((r) => r.asset === "near")?.deposited, share(nearFee, 2500n).toString());
    t.is((await royalties(1)).find((r) => r.asset === "usd.test.near")?.deposited, share(usdFee, 3000n).toString());
    t.is((await chain.accountView(TREASURY))!.amount - treasuryNear, share(nearFee, 1500n));
    const usdNow = BigInt(await chain.view<string>("usd.test.near", "ft_balance_of", { account_id: TREASURY }));
    t.is(usdNow - treasuryUsd, share(usdFee, 2000n));
  },
);

test.serial("a changed price sends only that stage's set_price; a changed split only its timelock pair", async (t) => {
  const newPrice = changed((input) => {
    const stage = input.fees!.stages[0];
    stage.price!.near!.per_request = (NEAR / 500n).toString();
  });
  const priced = await deploy(newPrice);
  t.deepEqual(sentIds(priced), [`fees-price:${ROUTER}:0`]);
  const prices = await chain.view<PricesView>(ROUTER, "prices", { stage: 0 });
  t.is(prices.effective?.near?.per_request, (NEAR / 500n).toString());
  t.is(prices.effective?.stable?.per_request, "1000", "the stablecoin part is kept");
  t.is((await deploy(newPrice)).sent, 0);

  const newSplit = changed((input) => {
    input.fees!.stages[0].price!.near!.per_request = (NEAR / 500n).toString();
    input.fees!.stages[0].split = { holders_bps: 7000, contributors_bps: 2000, reserve_bps: 1000, protocol_bps: 0 };
  });
  const split = await deploy(newSplit);
  t.deepEqual(sentIds(split), [`schedule:fees-split:${ROUTER}:0`, `fees-split:${ROUTER}:0`]);
  const view = await chain.view<StageRevenueView>(ROUTER, "stage_revenue", { stage: 0 });
  t.deepEqual(view.split, { holders_bps: 7000, contributors_bps: 2000, reserve_bps: 1000, protocol_bps: 0 });
  t.is((await deploy(newSplit)).sent, 0);
});

test.serial("a changed price notice, or a price time already past, is drift the deploy refuses", async (t) => {
  const noticed = changed((input) => {
    const init = input.contracts.fees.init;
    if (init.kind === "fees") init.price_notice_s = 3600;
    for (const stage of input.fees!.stages) if (stage.price) stage.price.effective = { after_s: 3600 };
  });
  const plan = await deploy(noticed, true);
  t.true(
    plan.plan!.drift.some((line) =>
      /contract:fees: price_notice_ns is fixed at init: "0" on chain → "3600000000000"/.test(line),
    ),
  );
  const error = await t.throwsAsync(deploy(noticed), { instanceOf: PlanRefusedError });
  t.regex(error?.message ?? "", /nothing was sent/);

  // A new price at an absolute time already past: the router would refuse it.
  const late = changed((input) => {
    const price = input.fees!.stages[1].price!;
    price.near!.per_request = (NEAR / 100n).toString();
    price.effective = { at: "2020-01-01T00:00:00Z" };
  });
  const latePlan = await deploy(late, true);
  t.deepEqual(
    latePlan.plan!.drift.map((line) => line.slice(0, line.indexOf(" (") + 1)),
    [`fees-price:${ROUTER}:1: the price's time 2020-01-01T00:00:00Z is earlier than the router's notice allows `],
  );
});

test.serial(
  "status shows the router: roles, providers, prices, splits, forwards and whether its balances cover its books",
  async (t) => {
    const text = await suiteStatus(suite, chain);
    t.regex(text, new RegExp(`Fee router ${ROUTER.replace(".", "\\.")}`));
    t.regex(text, /provider_manager: treasury\.test\.near/);
    t.regex(text, /inference\.test\.near .*active/);
    t.regex(text, /holders 7000 \/ contributors 2000 \/ reserve 1000 \/ protocol 0 bps/);
    t.regex(text, /near: received .* = forwarded .* \+ pending .*\(covered\)/);
    t.regex(text, /usd\.test\.near: received .*\(covered\)/);
  },
);
