/**
 * Plan, then apply (scripts/lib/plan.ts, preflight.ts, drift.ts), on one
 * testnet rehearsal chain: a plan reads the chain and writes nothing; its
 * preflight checks fail with exit 1 (no credentials, a wrong key, a master
 * that does not exist, too little balance) and a deploy then sends nothing;
 * drift is applied while a round is upcoming and refused once it is open,
 * as are a changed token symbol and a role the description dropped; a
 * retried create_round cannot duplicate a round.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import test from "ava";
import { KeyPair } from "near-api-js";
import { assertValidSuite } from "../../scripts/config/validate.ts";
import { DEFAULT_BUILD_DIR } from "../../scripts/lib/build.ts";
import { ChainClient } from "../../scripts/lib/chain.ts";
import { type DeployOptions, deploySuite, PlanRefusedError } from "../../scripts/lib/deploy-suite.ts";
import { findRound, roundConfigJson } from "../../scripts/lib/deploy-steps.ts";
import { credentialsKeyStore } from "../../scripts/lib/keys.ts";
import { REPO_ROOT } from "../../scripts/lib/localnet.ts";
import {
  credentialsWithMaster,
  REHEARSAL_MASTER,
  rehearsalSuiteInput,
  startRehearsalChain,
  type RehearsalChain,
} from "./rehearsal-chain.ts";

const run = promisify(execFile);
let rehearsal: RehearsalChain;

test.before(async () => {
  rehearsal = await startRehearsalChain();
});

test.after.always(async () => {
  await rehearsal?.stop();
});

function setup(prefix: string, edit: (input: Record<string, any>) => void = () => {}) {
  const input = rehearsalSuiteInput(prefix, rehearsal.local.url);
  edit(input);
  const credentials = credentialsWithMaster(rehearsal);
  const suite = assertValidSuite(input);
  const chain = new ChainClient(
    rehearsal.local.url,
    credentialsKeyStore("testnet", suite.config.master_account_id, credentials),
  );
  const manifestPath = path.join(rehearsal.dir, prefix, "testnet.json");
  const lines: string[] = [];
  const deploy = (extra: Partial<DeployOptions> = {}) =>
    deploySuite({ suite, chain, buildDir: DEFAULT_BUILD_DIR, manifestPath, log: (l) => lines.push(l), ...extra });
  return { input, credentials, suite, chain, manifestPath, lines, deploy };
}

const masterNonce = async (chain: ChainClient, accountId = REHEARSAL_MASTER) =>
  (await chain.provider.viewAccessKeyList({ accountId })).keys.map((k) => String(k.access_key.nonce)).join();

test.serial(
  "a plan shows every transaction with its arguments, the totals and its hash, and writes nothing",
  async (t) => {
    const f = setup("pl");
    const before = await masterNonce(f.chain);
    const report = await f.deploy({ dryRun: true });
    const plan = report.plan!;
    t.true(plan.ok, plan.preflight.map((c) => c.detail).join("\n"));
    t.regex(plan.hash, /^[0-9a-f]{64}$/);
    t.is(plan.transactions, report.steps.filter((s) => s.status === "planned").length);
    t.true(plan.deposit > 0n && plan.gas > 0n && plan.codeBytes > 0);
    const text = f.lines.join("\n");
    t.regex(
      text,
      /FunctionCall create_round\(\{"key":"stage 1","config":\{"name":"stage 1",.*"price_near":"10000000000000000000000"/,
    );
    t.regex(text, /FunctionCall init\(\{.*"owner_id":"modelfund\.testnet"/);
    t.regex(text, /✓ credentials of modelfund\.testnet: ed25519:\S+ is a full-access key of modelfund\.testnet/);
    t.regex(text, /✓ balance of modelfund\.testnet: .* available, the plan spends up to .* NEAR/);
    t.regex(text, /Total: \d+ transaction\(s\), deposits .* NEAR, prepaid gas .*, code storage \d+ bytes/);
    t.regex(text, new RegExp(`Plan hash: ${plan.hash}`));
    t.deepEqual(fs.readdirSync(path.join(f.credentials, "testnet")), [`${REHEARSAL_MASTER}.json`]);
    t.false(fs.existsSync(f.manifestPath));
    t.is(await masterNonce(f.chain), before);
  },
);

test.serial("preflight failures: exit 1 from --plan, and a deploy sends nothing", async (t) => {
  // No credentials at all (the CLI, as a deployer runs it).
  const input = rehearsalSuiteInput("pf", rehearsal.local.url);
  const configFile = path.join(rehearsal.dir, "preflight.json");
  fs.writeFileSync(configFile, JSON.stringify(input));
  const empty = fs.mkdtempSync(path.join(rehearsal.dir, "empty-credentials-"));
  const argv = ["--import", "tsx", "scripts/deploy.ts", "--network", "testnet", "--config", configFile, "--plan"];
  const cli = await run(process.execPath, [...argv, "--rpc-url", rehearsal.local.url], {
    cwd: REPO_ROOT,
    env: { ...process.env, NEAR_CREDENTIALS_DIR: empty, NEAR_MASTER_SECRET_KEY: "" },
  }).catch((e) => e);
  t.is(cli.code, 1);
  t.regex(cli.stdout, /✗ credentials of modelfund\.testnet: no key for modelfund\.testnet/);
  t.regex(cli.stdout, /This plan cannot be applied/);
  t.false(fs.existsSync(path.join(empty, "testnet")));

  // A key that is not the master's.
  const wrong = setup("pw");
  const other = KeyPair.fromRandom("ed25519");
  fs.writeFileSync(
    path.join(wrong.credentials, "testnet", `${REHEARSAL_MASTER}.json`),
    JSON.stringify({
      account_id: REHEARSAL_MASTER,
      public_key: other.getPublicKey().toString(),
      private_key: other.toString(),
    }),
  );
  const wrongPlan = (await wrong.deploy({ dryRun: true })).plan!;
  t.false(wrongPlan.ok);
  t.regex(
    wrongPlan.preflight.find((c) => !c.ok)!.detail,
    /the key the scripts hold for modelfund\.testnet \(ed25519:\S+\) is not a full-access key of modelfund\.testnet on chain/,
  );
  const before = await masterNonce(wrong.chain);
  const refused = await t.throwsAsync(wrong.deploy(), { instanceOf: PlanRefusedError });
  t.regex(refused!.message, /^nothing was sent: preflight failed:/);
  t.is(await masterNonce(wrong.chain), before);
  t.false(fs.existsSync(wrong.manifestPath));

  // Too little balance: an account asks for more than the master holds.
  const poor = setup("pb", (i) => {
    i.accounts.inference.initial_balance = (10n ** 33n).toString();
  });
  const poorPlan = (await poor.deploy({ dryRun: true })).plan!;
  const balance = poorPlan.preflight.find((c) => c.name === `balance of ${REHEARSAL_MASTER}`)!;
  t.false(balance.ok);
  t.regex(
    balance.detail,
    /available, the plan spends up to [\d,.]+ NEAR \(deposits \+ prepaid gas\): add [\d,.]+ NEAR/,
  );

  // A master that does not exist.
  const ghost = setup("pg", (i) => {
    const text = JSON.stringify(i).replaceAll(REHEARSAL_MASTER, "ghost.testnet");
    Object.assign(i, JSON.parse(text));
  });
  const ghostPlan = (await ghost.deploy({ dryRun: true })).plan!;
  t.deepEqual(
    ghostPlan.preflight.filter((c) => !c.ok).map((c) => c.detail),
    ["ghost.testnet does not exist on testnet: create and fund it first"],
  );
});

test.serial(
  "drift: an upcoming round is updated; an open round, a token symbol and a dropped role are refused",
  async (t) => {
    const f = setup("dr");
    const first = await f.deploy();
    t.is(first.plan!.transactions, first.sent, "the plan counts exactly what the deploy sends");
    t.is((await f.deploy()).sent, 0);

    // Stage 2 starts in 8 days: its new price is applied with update_round.
    const saleId = f.suite.resolve("@sale");
    const repriced = structuredClone(f.input);
    repriced.rounds[1].price_near = "30000000000000000000000";
    const g = { ...f, suite: assertValidSuite(repriced) };
    const deployG = (extra: Partial<DeployOptions> = {}) =>
      deploySuite({
        suite: g.suite,
        chain: f.chain,
        buildDir: DEFAULT_BUILD_DIR,
        manifestPath: f.manifestPath,
        ...extra,
      });
    const plan = await deployG({ dryRun: true });
    const update = plan.steps.find((s) => s.status === "planned")!;
    t.is(update.id, `round:${saleId}:stage 2`);
    t.regex(update.detail, /differs: price_near: "20000000000000000000000" → "30000000000000000000000"/);
    t.is((update.tx!.actions[0] as { method: string }).method, "update_round");
    t.is((await deployG()).sent, 1);
    t.is((await findRound(f.chain, saleId, "stage 2"))!.config.price_near, "30000000000000000000000");

    // Stage 1 opens after 60 s: its price can no longer change.
    await f.chain.fastForward(70);
    const opened = structuredClone(repriced);
    opened.rounds[0].price_near = "50000000000000000000000";
    opened.contracts.token.init.metadata.symbol = "MOD2";
    opened.roles = opened.roles.filter(
      (r: { contract: string; role: string }) => !(r.contract === "@sale" && r.role === "pauser"),
    );
    const h = assertValidSuite(opened);
    const deployH = (extra: Partial<DeployOptions> = {}) =>
      deploySuite({ suite: h, chain: f.chain, buildDir: DEFAULT_BUILD_DIR, manifestPath: f.manifestPath, ...extra });
    const drift = (await deployH({ dryRun: true })).plan!;
    t.false(drift.ok);
    t.deepEqual(drift.drift, [
      `round:${saleId}:stage 1: round 0 is open, so its config can no longer change: price_near: "10000000000000000000000" → "50000000000000000000000"`,
      `contract:token: ft_metadata.symbol is fixed at init: "MOD" on chain → "MOD2" in the description (deploy a new token, or restore the description)`,
      `role:${saleId}:pauser:${f.suite.resolve("@treasury")}: held on chain but not in the description; revoke it (revoke_role, from the owner) or describe it again`,
    ]);
    const before = await masterNonce(f.chain);
    await t.throwsAsync(deployH(), {
      instanceOf: PlanRefusedError,
      message: /^nothing was sent: drift the deploy cannot apply/,
    });
    t.is(await masterNonce(f.chain), before);
  },
);

test.serial("a retried create_round with the same key is refused by the sale: no duplicate round", async (t) => {
  // The suite the drift test deployed (one deploy per file keeps the test time down).
  const f = setup("dr");
  const saleId = f.suite.resolve("@sale");
  const existing = (await findRound(f.chain, saleId, "stage 2"))!;
  // Exactly what the round step sends: the same key with a valid config.
  const config = roundConfigJson(f.suite.config.rounds[1], (await f.chain.head()).timestampNs);
  const retry = await f.chain.send({
    signerId: REHEARSAL_MASTER,
    receiverId: saleId,
    actions: [
      {
        type: "FunctionCall",
        method: "create_round",
        args: { key: "stage 2", config },
        gas: 50_000_000_000_000n,
        deposit: 1n,
      },
    ],
  });
  t.false(retry.ok);
  t.regex(retry.failure!, new RegExp(`Round key "stage 2" is already used by round ${existing.round_id}`));
  const rounds = await f.chain.view<unknown[]>(saleId, "rounds", { from_index: 0, limit: 25 });
  t.is(rounds.length, f.suite.config.rounds.length);
});
