/**
 * One deploy per network at a time (scripts/lib/lock.ts): two deploys
 * started together on a testnet rehearsal chain (new keys generated per
 * account, as on a public network) — one is refused by the lock before it
 * reads the chain, and every account created holds the key saved in its
 * credentials file. A stale lock is broken only when its pid is gone.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "ava";
import { assertValidSuite } from "../../scripts/config/validate.ts";
import { DEFAULT_BUILD_DIR } from "../../scripts/lib/build.ts";
import { ChainClient } from "../../scripts/lib/chain.ts";
import { deploySuite } from "../../scripts/lib/deploy-suite.ts";
import { credentialsKeyStore } from "../../scripts/lib/keys.ts";
import { acquireDeployLock, LockHeldError, lockPathFor } from "../../scripts/lib/lock.ts";
import {
  credentialsWithMaster,
  REHEARSAL_MASTER,
  rehearsalSuiteInput,
  startRehearsalChain,
  type RehearsalChain,
} from "./rehearsal-chain.ts";

let rehearsal: RehearsalChain;

test.before(async () => {
  rehearsal = await startRehearsalChain();
});

test.after.always(async () => {
  await rehearsal?.stop();
});

test.serial("two deploys at once: one is refused by the lock, and no account is left without its key", async (t) => {
  const suite = assertValidSuite(rehearsalSuiteInput("lk", rehearsal.local.url));
  const credentials = credentialsWithMaster(rehearsal);
  const manifestPath = path.join(rehearsal.dir, "lock", "testnet.json");
  const run = () =>
    deploySuite({
      suite,
      chain: new ChainClient(rehearsal.local.url, credentialsKeyStore("testnet", REHEARSAL_MASTER, credentials)),
      buildDir: DEFAULT_BUILD_DIR,
      manifestPath,
    });
  const outcomes = await Promise.allSettled([run(), run()]);
  const refused = outcomes.filter((o) => o.status === "rejected");
  t.is(refused.length, 1, outcomes.map((o) => (o.status === "rejected" ? String(o.reason) : "ok")).join("; "));
  const reason = (refused[0] as PromiseRejectedResult).reason;
  t.true(reason instanceof LockHeldError);
  t.regex(reason.message, new RegExp(`holds the lock .*testnet\\.lock \\(.*pid ${process.pid}.*\\): wait for it`));
  t.false(fs.existsSync(lockPathFor(manifestPath)), "the lock is released when the deploy ends");

  const chain = new ChainClient(rehearsal.local.url, credentialsKeyStore("testnet", REHEARSAL_MASTER, credentials));
  for (const accountId of suite.accountIds.values()) {
    const file = JSON.parse(fs.readFileSync(path.join(credentials, "testnet", `${accountId}.json`), "utf8"));
    const keys = (await chain.provider.viewAccessKeyList({ accountId })).keys.map((k) => k.public_key);
    t.true(keys.includes(file.public_key), `${accountId} holds the key of its credentials file`);
  }
  const again = await run();
  t.is(again.sent, 0);
});

test("a stale lock is broken only when its holder's pid is gone on this host", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-lock-"));
  const file = path.join(dir, "testnet.lock");
  const holder = (pid: number, host = os.hostname()) =>
    fs.writeFileSync(
      file,
      JSON.stringify({ user: "ci", host, pid, started_at: "2026-12-01T00:00:00.000Z", command: "deploy" }),
    );
  try {
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid!;
    holder(deadPid);
    const refused = t.throws(() => acquireDeployLock(file), { instanceOf: LockHeldError });
    t.regex(refused!.message, /its pid is gone \(a killed deploy\): rerun with --break-lock/);
    const lock = acquireDeployLock(file, { breakStale: true });
    t.is(JSON.parse(fs.readFileSync(file, "utf8")).pid, process.pid);
    lock.release();
    t.false(fs.existsSync(file));

    holder(process.ppid);
    const alive = t.throws(() => acquireDeployLock(file, { breakStale: true }), { instanceOf: LockHeldError });
    t.regex(alive!.message, new RegExp(`--break-lock refused: pid ${process.ppid} is still running`));
    holder(deadPid, "another-host");
    const remote = t.throws(() => acquireDeployLock(file, { breakStale: true }), { instanceOf: LockHeldError });
    t.regex(remote!.message, /taken on another-host, whose processes this host cannot see; remove the file by hand/);
    t.true(fs.existsSync(file), "a refused break leaves the lock in place");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
