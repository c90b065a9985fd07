/**
 * Mainnet needs a confirmation (scripts/lib/confirm.ts) and refuses
 * placeholders (scripts/config/placeholders.ts). On one node initialised
 * with mainnet's chain id and a master in its genesis: with stdin closed a
 * deploy sends nothing; `--yes` alone, or with a hash that is not the
 * plan's, sends nothing; `--yes --plan-hash H` with the hash `--plan`
 * printed applies it.
 */
import fs from "node:fs";
import path from "node:path";
import test from "ava";
import { loadSuite } from "../../scripts/config/load.ts";
import { ChainClient } from "../../scripts/lib/chain.ts";
import { credentialsKeyStore } from "../../scripts/lib/keys.ts";
import {
  credentialsWithMaster,
  rehearsalSuiteInput,
  startRehearsalChain,
  type RehearsalChain,
  runScript,
} from "./rehearsal-chain.ts";

const MASTER = "mfrehearsal.near";
let rehearsal: RehearsalChain;

test.before(async () => {
  rehearsal = await startRehearsalChain("mainnet", MASTER);
});

test.after.always(async () => {
  await rehearsal?.stop();
});

test.serial(
  "mainnet: refused with stdin closed or without the plan's hash; applied with --yes --plan-hash",
  async (t) => {
    const configFile = path.join(rehearsal.dir, "mainnet.json");
    fs.writeFileSync(configFile, JSON.stringify(rehearsalSuiteInput("mn", rehearsal.local.url, "mainnet", MASTER)));
    const credentials = credentialsWithMaster(rehearsal);
    const manifest = path.join(rehearsal.dir, "deployments", "mainnet.json");
    const argv = ["--network", "mainnet", "--config", configFile, "--no-build", "--manifest", manifest];
    const env = { NEAR_CREDENTIALS_DIR: credentials, NEAR_MAINNET_RPC_URL: rehearsal.local.url };
    const chain = new ChainClient(rehearsal.local.url, credentialsKeyStore("mainnet", MASTER, credentials));
    const nonce = async () => (await chain.provider.viewAccessKeyList({ accountId: MASTER })).keys[0].access_key.nonce;
    const untouched = async () => {
      t.is(await nonce(), 0);
      t.false(fs.existsSync(manifest));
      t.deepEqual(fs.readdirSync(path.join(credentials, "mainnet")), [`${MASTER}.json`]);
    };

    const closed = await runScript("deploy", argv, env);
    t.is(closed.code, 1);
    t.regex(closed.stdout, /Plan hash: [0-9a-f]{64}/, "the plan summary is shown before the question");
    t.regex(closed.stderr, /mainnet needs a confirmation and stdin is not a terminal/);
    t.regex(closed.stderr, /nothing was sent: the plan was not confirmed/);
    await untouched();

    const yesAlone = await runScript("deploy", [...argv, "--yes"], env);
    t.is(yesAlone.code, 1);
    t.regex(yesAlone.stderr, /--yes needs --plan-hash <hash>/);
    const stale = await runScript("deploy", [...argv, "--yes", "--plan-hash", "0".repeat(64)], env);
    t.is(stale.code, 1);
    t.regex(stale.stderr, /The plan now hashes to [0-9a-f]{64}, not 0{64}/);
    await untouched();

    const plan = await runScript("deploy", [...argv, "--plan"], env);
    t.is(plan.code, 0, plan.stderr);
    const hash = /Plan hash: ([0-9a-f]{64})/.exec(plan.stdout)![1];
    const applied = await runScript("deploy", [...argv, "--yes", "--plan-hash", hash], env);
    t.is(applied.code, 0, applied.stderr);
    t.regex(applied.stdout, /\d+ transaction\(s\) sent/);
    t.true(await chain.accountExists(`mntoken.${MASTER}`));
  },
);

test("mainnet.ts's placeholders (default master, placeholder dates) are refused", async (t) => {
  const saved = process.env.MODELFUND_MAINNET_MASTER;
  delete process.env.MODELFUND_MAINNET_MASTER;
  try {
    const result = await loadSuite("mainnet");
    t.false(result.ok);
    if (result.ok) return;
    t.true(result.problems.some((p) => /^master_account_id: modelfund\.near is mainnet\.ts's placeholder/.test(p)));
    t.true(
      result.problems.some((p) =>
        /^rounds\.0\.starts\.at: 2027-03-01T00:00:00Z is mainnet\.ts's placeholder date/.test(p),
      ),
    );
  } finally {
    if (saved !== undefined) process.env.MODELFUND_MAINNET_MASTER = saved;
  }
});
