/**
 * The network a command runs against is never assumed (scripts/lib/network.ts,
 * lib/cli.ts): `--network` is required, a `--config` naming another network
 * is refused, each public network reads its own RPC variable, and the node's
 * chain id must be the profile's on every command. One node, started with
 * testnet's chain id, serves every test of this file.
 */
import fs from "node:fs";
import path from "node:path";
import test from "ava";
import localSuiteInput from "../../scripts/config/local.ts";
import { assertValidSuite } from "../../scripts/config/validate.ts";
import { DEFAULT_BUILD_DIR } from "../../scripts/lib/build.ts";
import { ChainClient } from "../../scripts/lib/chain.ts";
import { deploySuite } from "../../scripts/lib/deploy-suite.ts";
import { localKeyStore } from "../../scripts/lib/keys.ts";
import { chainIdProblem, WrongChainError } from "../../scripts/lib/network.ts";
import {
  credentialsWithMaster,
  rehearsalSuiteInput,
  startRehearsalChain,
  type RehearsalChain,
  runScript,
} from "./rehearsal-chain.ts";

let rehearsal: RehearsalChain;
let configFile: string;

test.before(async () => {
  rehearsal = await startRehearsalChain();
  configFile = path.join(rehearsal.dir, "rehearsal.json");
  // The description's own rpc_url points nowhere: only the variable or --rpc-url can reach the node.
  fs.writeFileSync(configFile, JSON.stringify(rehearsalSuiteInput("nw", "http://127.0.0.1:9")));
});

test.after.always(async () => {
  await rehearsal?.stop();
});

const NO_SHARED = { NEAR_RPC_URL: "", NEAR_TESTNET_RPC_URL: "", NEAR_MAINNET_RPC_URL: "" };

test.serial(
  "testnet reads NEAR_TESTNET_RPC_URL, refuses the shared NEAR_RPC_URL, and writes no key in a plan",
  async (t) => {
    const credentials = credentialsWithMaster(rehearsal);
    const manifest = path.join(rehearsal.dir, "network", "testnet.json");
    const argv = ["--network", "testnet", "--config", configFile, "--dry-run", "--no-build", "--manifest", manifest];
    const env = { ...NO_SHARED, NEAR_CREDENTIALS_DIR: credentials };
    const ok = await runScript("deploy", argv, { ...env, NEAR_TESTNET_RPC_URL: rehearsal.local.url });
    t.is(ok.code, 0, ok.stderr);
    t.regex(ok.stdout, new RegExp(`network testnet, RPC ${rehearsal.local.url.replaceAll(".", "\\.")}`));
    t.deepEqual(fs.readdirSync(path.join(credentials, "testnet")), ["modelfund.testnet.json"]);
    t.false(fs.existsSync(manifest));

    const shared = await runScript("deploy", argv, { ...env, NEAR_RPC_URL: rehearsal.local.url });
    t.is(shared.code, 1);
    t.regex(shared.stderr, /NEAR_RPC_URL is shared by every network and no longer read: set NEAR_TESTNET_RPC_URL/);
  },
);

test.serial("a command whose profile is not the node's chain id is refused (deploy, verify, status)", async (t) => {
  const local = ["--network", "local", "--rpc-url", rehearsal.local.url, "--local-home", rehearsal.local.home];
  for (const [name, extra] of [
    ["deploy", ["--dry-run", "--no-build"]],
    ["verify", ["--no-build"]],
    ["status", []],
  ] as const) {
    const refused = await runScript(name, [...local, ...extra], NO_SHARED);
    t.is(refused.code, 1, name);
    t.regex(refused.stderr, /serves chain id "testnet", a public network, but the profile is local/, name);
  }
  t.is(
    chainIdProblem("testnet", "localnet", "http://127.0.0.1:3030"),
    'the RPC endpoint http://127.0.0.1:3030 serves chain id "localnet", but the testnet profile needs "testnet": check --rpc-url / NEAR_TESTNET_RPC_URL; nothing was sent',
  );
  t.is(chainIdProblem("mainnet", "mainnet", "u"), undefined);
  t.is(chainIdProblem("local", "localnet", "u"), undefined);

  // deploySuite (npm start and the tests use it directly) checks too, before writing anything.
  const manifestPath = path.join(rehearsal.dir, "wrong-chain", "local.json");
  const suite = assertValidSuite(localSuiteInput);
  const chain = new ChainClient(rehearsal.local.url, localKeyStore(rehearsal.local.home, "test.near"));
  await t.throwsAsync(deploySuite({ suite, chain, buildDir: DEFAULT_BUILD_DIR, manifestPath }), {
    instanceOf: WrongChainError,
  });
  t.false(fs.existsSync(manifestPath));
  t.false(await chain.accountExists("token.test.near"));
});

test.serial("--network is required and --config may not contradict it", async (t) => {
  const missing = await runScript("deploy", ["--config", configFile, "--dry-run", "--no-build"], NO_SHARED);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /^error: --network is required \(one of local, testnet, mainnet\)/);
  const contradicted = await runScript(
    "deploy",
    ["--network", "mainnet", "--config", configFile, "--dry-run", "--no-build", "--rpc-url", rehearsal.local.url],
    NO_SHARED,
  );
  t.is(contradicted.code, 2);
  t.regex(
    contradicted.stderr,
    /rehearsal\.json describes the testnet network, but --network is mainnet; nothing was sent/,
  );
});
