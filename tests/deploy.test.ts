/**
 * The deploy scripts on one local chain for the file: deploy from scratch
 * (the contributor vault included: attestors, stage, funding), manifest
 * contents, idempotence, a changed vault stage reconfigured and topped up,
 * resume after an interruption, dry run, config rejection, upgrade keeping
 * state, verify detecting drift.
 *
 * Starting a chain and deploying the whole suite are what these tests cost,
 * so the chain is started once: the local description is deployed once and
 * the tests that build on a deployed suite (nothing-changed rerun, changed
 * stage, upgrade) continue from it, each beginning with a deploy that is a
 * no-op after the tests before it (so a test run alone still works); the
 * tests that need a suite never deployed (dry run, interruption, a suite
 * with a real timelock delay) deploy the same description under their own
 * account prefix. The tests run serially: they share the chain and the
 * master's nonces.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import test from "ava";
import localSuiteInput from "../scripts/config/local.ts";
import type { SuiteConfigInput } from "../scripts/config/schema.ts";
import { assertValidSuite, validateSuite, type Suite } from "../scripts/config/validate.ts";
import type { AttestorView, StageView } from "../contracts/vault/interface.ts";
import { readArtifact } from "../scripts/lib/artifacts.ts";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "../scripts/lib/build.ts";
import { ChainClient } from "../scripts/lib/chain.ts";
import { deploySuite } from "../scripts/lib/deploy-suite.ts";
import { localKeyStore } from "../scripts/lib/keys.ts";
import { REPO_ROOT, startLocalChain, type LocalChain } from "../scripts/lib/localnet.ts";
import { readManifest } from "../scripts/lib/manifest.ts";
import { verifySuite } from "../scripts/lib/verify.ts";
import { prefixedSuiteInput } from "./helpers/suite-input.ts";

const run = promisify(execFile);

interface Fixture {
  dir: string;
  local: LocalChain;
  chain: ChainClient;
  suite: Suite;
  manifestPath: string;
}

let chainDir: string;
let local: LocalChain;
let chain: ChainClient;
/** The unprefixed local suite on the file's chain; a test that changes what is deployed updates its `suite`. */
let main: Fixture;

/** A deployment of the local description under `prefix` on the file's chain, with its own manifest. */
function prefixed(prefix: string, change?: (input: SuiteConfigInput) => void): Fixture {
  const dir = fs.mkdtempSync(path.join(chainDir, `${prefix}-`));
  const suite = assertValidSuite(prefixedSuiteInput(localSuiteInput, prefix, change));
  return { dir, local, chain, suite, manifestPath: path.join(dir, "local.json") };
}

/** A copy of the build where one wasm (the token's by default) differs (a custom section appended: same behaviour, new hash). */
function changedBuild(dir: string, changed = "token"): string {
  const out = fs.mkdtempSync(path.join(dir, "build-"));
  for (const name of fs.readdirSync(DEFAULT_BUILD_DIR).filter((n) => n.endsWith(".wasm")))
    fs.copyFileSync(path.join(DEFAULT_BUILD_DIR, name), path.join(out, name));
  const name = Buffer.from("modelfund-test");
  const payload = Buffer.concat([Buffer.from([name.length]), name, Buffer.from("v2")]);
  fs.appendFileSync(path.join(out, `${changed}.wasm`), Buffer.concat([Buffer.from([0, payload.length]), payload]));
  return out;
}

/**
 * Access-key nonces of the master and every suite account: they change only
 * when one of them signs a transaction (block height is no witness: an idle
 * local chain produces empty blocks on requests).
 */
async function nonces(f: Fixture): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const accountId of [f.suite.config.master_account_id, ...f.suite.accountIds.values()]) {
    if (!(await f.chain.accountExists(accountId))) continue;
    const list = await f.chain.provider.viewAccessKeyList({ accountId });
    for (const key of list.keys) out[`${accountId}/${key.public_key}`] = String(key.access_key.nonce);
  }
  return out;
}

const deploy = (f: Fixture, extra: Partial<Parameters<typeof deploySuite>[0]> = {}) =>
  deploySuite({ suite: f.suite, chain: f.chain, buildDir: DEFAULT_BUILD_DIR, manifestPath: f.manifestPath, ...extra });

test.before(async () => {
  await buildSuiteContracts();
  chainDir = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-deploy-"));
  local = await startLocalChain({ home: path.join(chainDir, "chain") });
  const suite = assertValidSuite(localSuiteInput);
  chain = new ChainClient(local.url, localKeyStore(local.home, suite.config.master_account_id));
  main = { dir: chainDir, local, chain, suite, manifestPath: path.join(chainDir, "local.json") };
});

test.after.always(async () => {
  await local?.stop();
  if (chainDir) fs.rmSync(chainDir, { recursive: true, force: true });
});

test.serial("a dry run sends nothing and writes nothing", async (t) => {
  const f = prefixed("dry");
  const before = await nonces(f);
  const report = await deploy(f, { dryRun: true });
  t.is(report.sent, 0);
  const planned = report.steps.filter((s) => s.status === "planned");
  t.true(planned.length > 10);
  for (const step of planned) t.true(step.tx!.actions.length > 0);
  t.deepEqual(await nonces(f), before);
  t.false(await f.chain.accountExists(f.suite.accountIds.get("token")!));
  t.false(fs.existsSync(f.manifestPath));
});

test.serial("deploys from scratch and records a complete manifest", async (t) => {
  const f = main;
  const report = await deploy(f);
  t.true(report.sent > 0);
  t.false(report.steps.some((s) => s.status === "failed"));
  const manifest = readManifest(f.manifestPath)!;
  t.is(manifest.network, "local");
  t.is(manifest.config_hash, f.suite.configHash);
  t.is(manifest.genesis_hash, (await f.chain.identity()).genesisHash);
  t.is(manifest.chain_id, "localnet");
  for (const [name, entry] of Object.entries(f.suite.config.contracts)) {
    const record = manifest.contracts[name];
    const artifact = readArtifact(DEFAULT_BUILD_DIR, entry.wasm);
    t.is(record.account_id, `${entry.sub}.test.near`);
    t.is(record.code_sha256, artifact.sha256);
    t.is(record.code_hash, (await f.chain.codeHash(record.account_id)) ?? "(no account)");
    t.regex(record.deployed!.tx_hash, /^[1-9A-HJ-NP-Za-km-z]{43,44}$/);
    t.true(record.deployed!.block_height > 0);
  }
  t.is(Object.keys(manifest.steps).length, report.sent);
  const tokenInit = f.suite.config.contracts.token.init;
  t.is(
    await f.chain.view<string>("token.test.near", "ft_total_supply"),
    tokenInit.kind === "token" ? tokenInit.max_supply.toString() : "",
  );
  // The vault: two active attestors with their report digests, stage 0 as described and funded from @contributors.
  const described = f.suite.config.vault_attestors.map((a) => [f.suite.resolve(a.account), a.report_hash, true]);
  const attestors = await f.chain.view<AttestorView[]>("vault.test.near", "attestors");
  t.deepEqual(
    attestors.map((a) => [a.account_id, a.report_hash, a.active]),
    described,
  );
  const stage = await f.chain.view<StageView>("vault.test.near", "stage", { stage: 0 });
  const entry = f.suite.config.vault_stages[0];
  t.is(stage.config?.epochs, entry.epochs);
  t.is(stage.config?.epoch_reward, entry.epoch_reward.toString());
  t.is(stage.config?.quorum, 2);
  t.is(stage.config?.challenge_window_ns, "3600000000000");
  t.is(BigInt(stage.config!.claim_deadline_ns) - BigInt(stage.config!.vesting.start_ns), 90n * 86_400n * 10n ** 9n);
  t.is(stage.funded, entry.funding!.amount.toString());
  t.is(stage.pool, entry.funding!.amount.toString());
  t.is(
    await f.chain.view<string>("token.test.near", "ft_balance_of", { account_id: "vault.test.near" }),
    entry.funding!.amount.toString(),
  );
  t.true(await f.chain.view<boolean>("token.test.near", "is_excluded", { account_id: "vault.test.near" }));
  t.truthy(await f.chain.view("usd.test.near", "storage_balance_of", { account_id: "vault.test.near" }));
});

test.serial(
  "a second deploy with nothing changed sends no transaction; a changed vault stage sends only its update",
  async (t) => {
    const f = main;
    await deploy(f);
    const before = await nonces(f);
    const again = await deploy(f);
    t.is(again.sent, 0);
    t.true(again.steps.every((s) => s.status === "done"));
    t.true(["attestor:", "stage:", "fund:"].every((kind) => again.steps.some((s) => s.id.startsWith(kind))));
    t.deepEqual(await nonces(f), before);

    // A changed stage is configured again (its relative deadline keeps its first anchor) and its pool topped up.
    const input = structuredClone(localSuiteInput) as any;
    input.vault_stages[0].epoch_reward = (20_000n * 10n ** 18n).toString();
    input.vault_stages[0].funding.amount = (80_000n * 10n ** 18n).toString();
    const deadline = (await f.chain.view<StageView>("vault.test.near", "stage", { stage: 0 })).config!
      .claim_deadline_ns;
    // from here on the chain holds the changed stage: the tests after this one deploy this description
    f.suite = assertValidSuite(input);
    const changed = await deploy(f);
    t.deepEqual(
      changed.steps.filter((s) => s.status === "sent").map((s) => s.id),
      ["stage:vault.test.near:0", "fund:vault.test.near:0"],
    );
    const stage = await f.chain.view<StageView>("vault.test.near", "stage", { stage: 0 });
    t.is(stage.config?.epoch_reward, input.vault_stages[0].epoch_reward);
    t.is(stage.config?.claim_deadline_ns, deadline);
    t.is(stage.funded, input.vault_stages[0].funding.amount);
    t.is((await deploy(f)).sent, 0);
  },
);

test.serial("an interrupted deploy is finished by the next run", async (t) => {
  const f = prefixed("int");
  const first = await deploy(f, { stopAfterTransactions: 9 });
  t.true(first.interrupted);
  t.is(first.sent, 9);
  const second = await deploy(f);
  t.false(second.interrupted);
  t.true(second.sent > 0);
  // Nothing done by the first run was sent again.
  const firstIds = new Set(first.steps.filter((s) => s.status === "sent").map((s) => s.id));
  t.false(second.steps.some((s) => s.status === "sent" && firstIds.has(s.id)));
  t.is((await deploy(f)).sent, 0);
  const manifest = readManifest(f.manifestPath)!;
  t.is(Object.keys(manifest.steps).length, first.sent + second.sent);
});

test.serial("a bad config is rejected with every problem listed, before any network access", async (t) => {
  const bad = structuredClone(localSuiteInput) as any;
  bad.contracts.token.init.max_supply = "1";
  bad.rounds[0].sale = "@nowhere";
  bad.roles[0].account = "@ghost";
  bad.rounds[1].soft_cap = "lots"; // a shape problem does not hide the others
  const result = validateSuite(bad);
  t.false(result.ok);
  if (!result.ok) {
    t.true(result.problems.some((p) => p.startsWith("contracts.token.init.allocations:")));
    t.true(result.problems.some((p) => p.startsWith("rounds.0.sale:")));
    t.true(result.problems.some((p) => p.startsWith("roles.0.account:")));
    t.true(result.problems.some((p) => p.startsWith("rounds.1.soft_cap:")));
    t.is(result.problems.length, 4);
  }
  // The CLI exits 2 without touching the (unreachable) RPC endpoint.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-badcfg-"));
  const file = path.join(dir, "bad.json");
  fs.writeFileSync(file, JSON.stringify({ ...bad, rpc_url: "http://127.0.0.1:9" }));
  const error = await run(
    process.execPath,
    [
      "--import",
      "tsx",
      "scripts/deploy.ts",
      "--network",
      "local",
      "--config",
      file,
      "--no-build",
      "--rpc-url",
      "http://127.0.0.1:9",
    ],
    { cwd: REPO_ROOT },
  ).catch((e) => e);
  t.is(error.code, 2);
  t.regex(error.stderr, /4 problem/);
  t.regex(error.stderr, /nothing was sent/);
  fs.rmSync(dir, { recursive: true, force: true });
});

test.serial("a changed contract is upgraded in place, keeping its state; verify sees the drift first", async (t) => {
  const f = main;
  await deploy(f);
  const before = await f.chain.view<Record<string, unknown>>("token.test.near", "contract_config");
  const sale = await f.chain.view<string>("token.test.near", "ft_balance_of", { account_id: "sale.test.near" });
  const buildDir = changedBuild(f.dir);

  const drift = await verifySuite(f.suite, f.chain, buildDir);
  t.deepEqual(
    drift.map((r) => [r.contract, r.verdict]),
    [
      ["usd", "MISMATCH"],
      ["token", "MISMATCH"],
      ["sale", "match"],
      ["vault", "match"],
      ["fees", "match"],
    ],
  );

  const report = await deploy(f, { buildDir });
  // Each upgrade is scheduled through the contract's timelock (delay 0 locally), then sent with the code.
  t.deepEqual(
    report.steps.filter((s) => s.status === "sent").map((s) => s.id),
    ["schedule:code:usd", "code:usd", "schedule:code:token", "code:token"],
  );
  t.deepEqual(await f.chain.view("token.test.near", "contract_config"), before);
  t.is(await f.chain.view<string>("token.test.near", "ft_balance_of", { account_id: "sale.test.near" }), sale);
  const manifest = readManifest(f.manifestPath)!;
  t.is(manifest.contracts.token.upgrades.length, 1);
  t.is(manifest.contracts.token.code_sha256, readArtifact(buildDir, "token").sha256);
  t.true((await verifySuite(f.suite, f.chain, buildDir)).every((r) => r.verdict === "match"));
  t.is((await deploy(f, { buildDir })).sent, 0);
});

test.serial(
  "with a real timelock delay an upgrade is scheduled first and applied by the run after the delay",
  async (t) => {
    // Last of the file: it moves the shared chain's clock.
    // An hour: the chain's clock follows the wall clock, and a whole deploy on a busy machine can take minutes
    // (with 60 s, the provider approval the first deploy queued was already executable at the next run).
    const f = prefixed("slow", (input) => {
      input.contracts.sale.timelock_delay_ns = "3600000000000";
    });
    const sale = f.suite.accountIds.get("sale")!;
    const gpu = f.suite.accountIds.get("gpu")!;
    await deploy(f);
    const buildDir = changedBuild(f.dir, "sale");
    const first = await deploy(f, { buildDir });
    t.deepEqual(
      first.steps.filter((s) => s.status === "sent").map((s) => s.id),
      ["schedule:code:sale"],
    );
    const pending = first.steps.find((s) => s.id === "code:sale")!;
    t.regex(pending.detail, /^PENDING: operation \d+ becomes executable at \S+; rerun the deploy after that time$/);
    t.is((await deploy(f, { buildDir })).sent, 0, "nothing to send before the delay has passed");
    await f.chain.fastForward(3_605);
    const second = await deploy(f, { buildDir });
    // the compute provider scheduled by the first deploy became executable too
    t.deepEqual(
      second.steps.filter((s) => s.status === "sent").map((s) => s.id),
      ["code:sale", `provider:${sale}:${gpu}`],
    );
    t.true((await verifySuite(f.suite, f.chain, buildDir)).every((r) => r.verdict === "match"));
    t.deepEqual((await f.chain.view<{ operations: unknown[] }>(sale, "timelock_info")).operations, []);
  },
);

test.serial("testnet and mainnet refuse timelock delays below 1 hour and 1 day", (t) => {
  for (const [network, master, minimum] of [
    ["testnet", "modelfund.testnet", 3_600_000_000_000n],
    ["mainnet", "modelfund.near", 86_400_000_000_000n],
  ] as const) {
    const input = structuredClone(localSuiteInput) as any;
    input.network = network;
    input.master_account_id = master;
    for (const round of input.rounds) round.starts = { at: "2999-01-01T00:00:00Z" };
    for (const contract of Object.values(input.contracts) as any[])
      contract.timelock_delay_ns = (minimum - 1n).toString();
    input.contracts.usd.timelock_delay_ns = minimum.toString();
    const result = validateSuite(input);
    t.false(result.ok);
    if (!result.ok) {
      const delays = result.problems.filter((p) => p.includes("timelock_delay_ns"));
      t.deepEqual(delays, [
        `contracts.token.timelock_delay_ns: must be at least ${minimum} ns on ${network}`,
        `contracts.sale.timelock_delay_ns: must be at least ${minimum} ns on ${network}`,
        `contracts.vault.timelock_delay_ns: must be at least ${minimum} ns on ${network}`,
        `contracts.fees.timelock_delay_ns: must be at least ${minimum} ns on ${network}`,
      ]);
    }
  }
});
