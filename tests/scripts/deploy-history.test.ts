/**
 * The manifest's history (scripts/lib/manifest.ts) and versions
 * (scripts/lib/versions.ts), on one testnet rehearsal chain: a deploy killed
 * with SIGKILL leaves a whole manifest whose history shows the run and the
 * transaction in flight, and a stale lock that only --break-lock removes;
 * the rerun appends to the history, as does a deploy under another master;
 * an RPC key never reaches the manifest or the output; a build older than
 * the code on chain is refused unless --allow-downgrade; the manifest
 * records each contract's wasm sha256, version and git commit.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import test from "ava";
import { KeyPair } from "near-api-js";
import { assertValidSuite } from "../../scripts/config/validate.ts";
import { readArtifact } from "../../scripts/lib/artifacts.ts";
import { DEFAULT_BUILD_DIR } from "../../scripts/lib/build.ts";
import { ChainClient } from "../../scripts/lib/chain.ts";
import { deploySuite, PlanRefusedError } from "../../scripts/lib/deploy-suite.ts";
import { credentialsKeyStore } from "../../scripts/lib/keys.ts";
import { REPO_ROOT } from "../../scripts/lib/localnet.ts";
import { lockPathFor } from "../../scripts/lib/lock.ts";
import { type Manifest, readManifest } from "../../scripts/lib/manifest.ts";
import { redactUrl } from "../../scripts/lib/rpc-provider.ts";
import { gitCommit } from "../../scripts/lib/versions.ts";
import {
  credentialsWithMaster,
  REHEARSAL_MASTER,
  rehearsalSuiteInput,
  startRehearsalChain,
  type RehearsalChain,
} from "./rehearsal-chain.ts";

const SECRET = "sekrit0123456789abcdef";
let rehearsal: RehearsalChain;

test.before(async () => {
  rehearsal = await startRehearsalChain();
});

test.after.always(async () => {
  await rehearsal?.stop();
});

/** Runs the deploy CLI; `killWhen` is polled on the manifest and SIGKILLs the run once it holds. */
function deployCli(argv: string[], env: Record<string, string>, manifest: string, killWhen?: (m: Manifest) => boolean) {
  return new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/deploy.ts", ...argv], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const poll = killWhen
      ? setInterval(() => {
          const current = fs.existsSync(manifest) ? readManifest(manifest) : undefined;
          if (current && killWhen(current)) child.kill("SIGKILL");
        }, 20)
      : undefined;
    child.on("exit", (code, signal) => {
      if (poll) clearInterval(poll);
      resolve({ code, signal, output });
    });
  });
}

test.serial("history survives a kill mid-deploy and a change of master; RPC keys are redacted", async (t) => {
  const configFile = path.join(rehearsal.dir, "history.json");
  fs.writeFileSync(configFile, JSON.stringify(rehearsalSuiteInput("hk", "https://rpc.example.org")));
  const credentials = credentialsWithMaster(rehearsal);
  const manifestPath = path.join(rehearsal.dir, "history", "testnet.json");
  const rpc = `${rehearsal.local.url}/?apiKey=${SECRET}`;
  const argv = ["--network", "testnet", "--config", configFile, "--no-build", "--manifest", manifestPath];
  const env = { NEAR_CREDENTIALS_DIR: credentials, NEAR_TESTNET_RPC_URL: rpc };

  const killed = await deployCli(argv, env, manifestPath, (m) => (m.history[0]?.transactions.length ?? 0) >= 3);
  t.is(killed.signal, "SIGKILL");
  const afterKill = readManifest(manifestPath)!;
  t.is(afterKill.history.length, 1);
  t.is(afterKill.history[0].outcome, "running");
  t.true(afterKill.history[0].transactions.length >= 3);
  t.true(fs.existsSync(lockPathFor(manifestPath)), "the killed run's lock stays");

  const locked = await deployCli(argv, env, manifestPath);
  t.is(locked.code, 1);
  t.regex(locked.output, /its pid is gone \(a killed deploy\): rerun with --break-lock to remove it/);
  const rerun = await deployCli([...argv, "--break-lock"], env, manifestPath);
  t.is(rerun.code, 0, rerun.output);
  const manifest = readManifest(manifestPath)!;
  t.deepEqual(
    manifest.history.map((h) => h.outcome),
    ["running", "complete"],
  );
  const [first, second] = manifest.history;
  t.deepEqual(first.transactions.slice(0, 2), afterKill.history[0].transactions.slice(0, 2));
  t.regex(second.plan_hash!, /^[0-9a-f]{64}$/);
  // The checkout's HEAD ("-dirty" with local changes); null only outside a git checkout.
  t.is(second.git_commit, gitCommit());
  if (fs.existsSync(path.join(REPO_ROOT, ".git"))) t.regex(second.git_commit!, /^[0-9a-f]{40}(-dirty)?$/);
  t.true(second.transactions.every((tx) => tx.status === "ok" && /^[1-9A-HJ-NP-Za-km-z]{43,44}$/.test(tx.tx_hash!)));
  const token = manifest.contracts.token;
  t.is(token.code_sha256, readArtifact(DEFAULT_BUILD_DIR, "token").sha256);
  t.is(token.version, "0.1.0");
  t.is(
    token.git_commit,
    manifest.history.find((h) => h.transactions.some((tx) => tx.step === "contract:token"))!.git_commit,
  );
  const text = fs.readFileSync(manifestPath, "utf8");
  t.false(text.includes(SECRET) || killed.output.includes(SECRET) || rerun.output.includes(SECRET));
  t.is(manifest.rpc_url, `${rehearsal.local.url}/?apiKey=***`);
  t.is(redactUrl("https://near.example/v3/0123456789abcdef0123456789abcdef"), "https://near.example/v3/***");

  // Another master on the same manifest: its state starts over, the history stays.
  const chain = new ChainClient(rehearsal.local.url, credentialsKeyStore("testnet", REHEARSAL_MASTER, credentials));
  const second_master = `m2.${REHEARSAL_MASTER}`;
  const key = KeyPair.fromRandom("ed25519");
  await chain.send({
    signerId: REHEARSAL_MASTER,
    receiverId: second_master,
    actions: [
      { type: "CreateAccount" },
      { type: "Transfer", deposit: 10_000n * 10n ** 24n },
      { type: "AddFullAccessKey", publicKey: key.getPublicKey().toString() },
    ],
  });
  fs.writeFileSync(
    path.join(credentials, "testnet", `${second_master}.json`),
    JSON.stringify({ account_id: second_master, private_key: key.toString() }),
  );
  const other = JSON.parse(
    JSON.stringify(rehearsalSuiteInput("o", rehearsal.local.url)).replaceAll(REHEARSAL_MASTER, second_master),
  );
  await deploySuite({
    suite: assertValidSuite(other),
    chain: new ChainClient(rehearsal.local.url, credentialsKeyStore("testnet", second_master, credentials)),
    buildDir: DEFAULT_BUILD_DIR,
    manifestPath,
    stopAfterTransactions: 1,
  });
  const moved = readManifest(manifestPath)!;
  t.is(moved.master_account_id, second_master);
  t.deepEqual(
    moved.history.map((h) => [h.master_account_id, h.outcome]),
    [
      [REHEARSAL_MASTER, "running"],
      [REHEARSAL_MASTER, "complete"],
      [second_master, "interrupted"],
    ],
  );
  t.deepEqual(fs.readdirSync(path.dirname(manifestPath)), ["testnet.json"], "no temporary file or lock is left");
});

test.serial("a build older than the code on chain is refused unless --allow-downgrade", async (t) => {
  // The suite the history test deployed (one deploy per file keeps the test time down).
  const input = rehearsalSuiteInput("hk", rehearsal.local.url);
  const suite = assertValidSuite(input);
  const credentials = credentialsWithMaster(rehearsal);
  const chain = new ChainClient(rehearsal.local.url, credentialsKeyStore("testnet", REHEARSAL_MASTER, credentials));
  const manifestPath = path.join(rehearsal.dir, "downgrade", "testnet.json");
  const deploy = (buildDir: string, allowDowngrade = false, dryRun = false) =>
    deploySuite({ suite, chain, buildDir, manifestPath, allowDowngrade, dryRun });
  t.true((await deploy(DEFAULT_BUILD_DIR, false, true)).plan!.ok, "the history test's deploy is complete");

  // Older sources: other token code, whose build says 0.0.9.
  const older = path.join(rehearsal.dir, "older-build");
  fs.mkdirSync(older);
  for (const name of fs.readdirSync(DEFAULT_BUILD_DIR).filter((n) => n.endsWith(".wasm")))
    fs.copyFileSync(path.join(DEFAULT_BUILD_DIR, name), path.join(older, name));
  const section = Buffer.from("modelfund-test");
  const payload = Buffer.concat([Buffer.from([section.length]), section, Buffer.from("old")]);
  fs.appendFileSync(path.join(older, "token.wasm"), Buffer.concat([Buffer.from([0, payload.length]), payload]));
  fs.writeFileSync(path.join(older, "token.version"), "0.0.9\n");

  const plan = (await deploy(older, false, true)).plan!;
  const tokenId = suite.resolve("@token");
  t.true(
    plan.drift.includes(
      `code:token: ${tokenId} runs version 0.1.0; the build is 0.0.9, older: a downgrade is refused unless --allow-downgrade`,
    ),
  );
  await t.throwsAsync(deploy(older), { instanceOf: PlanRefusedError, message: /a downgrade is refused/ });
  const allowed = (await deploy(older, true, true)).plan!;
  t.false(allowed.drift.some((d) => d.includes("downgrade")));
  t.true((await deploy(older, true, true)).steps.some((s) => s.id === "schedule:code:token" && s.status === "planned"));
});
