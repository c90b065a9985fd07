/**
 * The off-chain tree builder against the contract: `npm run vault:epoch`
 * validates its input (exit 2 with the problem and usage; the points
 * file's row rules in-process through parsePointsCsv), builds a
 * 1,000-leaf tree, submits it as an attestor with near-api-js (--submit),
 * and the contract verifies the script's proofs on chain.
 */
import anyTest, { type TestFn } from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  type ContributorProof,
  type EpochSubmission,
  PointsFileError,
  parsePointsCsv,
} from "../../scripts/lib/merkle-points.ts";
import { REPO_ROOT } from "../helpers/contracts.ts";
import {
  advanceTo,
  chainNow,
  claim,
  configureStage,
  epochView,
  errorsOf,
  newContributor,
  setupVault,
  stageConfig,
  submit,
  type VaultEnv,
} from "../helpers/vault-fixture.ts";
import type { NearAccount } from "../helpers/workspace.ts";

const test = anyTest as TestFn<VaultEnv & { dir: string }>;

function runScript(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(REPO_ROOT, "scripts/vault-epoch.ts"), ...args],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test.before(async (t) => {
  const env = await setupVault();
  const now = await chainNow(env);
  const configured = await configureStage(env, 0, stageConfig(now));
  if (configured.failed) throw new Error(errorsOf(configured));
  t.context = { ...env, dir: mkdtempSync(path.join(tmpdir(), "vault-epoch-")) };
});

test.after.always(async (t) => {
  await t.context.worker?.tearDown();
});

function csv(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

// Each run of the script is a node process loading tsx (1-2 s on an idle machine): the points file's rules are
// checked in-process (parsePointsCsv, what the script calls), the command line and one bad file through the script.
test("bad rows are refused with the line and what is wrong", (t) => {
  const cases: Array<[string, RegExp]> = [
    ["alice.test,1\nbob.test,2\nalice.test,3\n", /line 3: duplicate account alice\.test \(first on line 1\)/],
    ["alice.test,0\n", /line 1: points must be a positive integer/],
    ["alice.test,-4\n", /line 1: points must be a positive integer/],
    ["alice.test,1.5\n", /line 1: points must be a positive integer/],
    ["Alice!,4\n", /line 1: "Alice!" is not a valid NEAR account id/],
    ["alice.test\t4\n", /line 1: expected 2 comma-separated fields/],
    ["account,points\n", /the file has no rows/],
  ];
  for (const [text, message] of cases) {
    t.throws(() => parsePointsCsv(text), { instanceOf: PointsFileError, message }, JSON.stringify(text));
  }
  t.deepEqual(parsePointsCsv("account,points\nalice.test,5\n"), [{ account_id: "alice.test", points: 5n }]);
});

test("bad arguments and a bad points file exit with code 2 and say what is wrong", (t) => {
  const { dir } = t.context;
  const good = csv(dir, "good.csv", "account,points\nalice.test,5\n");
  const cases: Array<[string[], RegExp]> = [
    [["--stage", "0", "--epoch", "0", "--points", good, "--bogus"], /Unknown option '--bogus'/],
    [["--stage", "7", "--epoch", "0", "--points", good], /--stage must be an integer in 0\.\.6, got "7"/],
    [["--stage", "0", "--points", good], /--epoch is required/],
    [["--stage", "0", "--epoch", "0", "--points", csv(dir, "p.json", "{}")], /unsupported points file format "\.json"/],
    [["--stage", "0", "--epoch", "0", "--points", good, "--submit"], /--submit needs --account, --vault and --network/],
    [
      ["--stage", "0", "--epoch", "0", "--points", csv(dir, "dup.csv", "alice.test,1\nbob.test,2\nalice.test,3\n")],
      /line 3: duplicate account alice\.test \(first on line 1\)/,
    ],
  ];
  for (const [args, message] of cases) {
    const result = runScript(args);
    t.is(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    t.regex(result.stderr, message);
    t.regex(result.stderr, /usage: npm run vault:epoch/);
  }
});

test("a 1,000-leaf tree built and submitted by the script is verified by the contract", async (t) => {
  const env = t.context;
  const real: NearAccount[] = [];
  for (let i = 0; i < 3; i++) real.push(await newContributor(env));
  const realAt = new Map([
    [0, real[0]],
    [500, real[1]],
    [999, real[2]],
  ]);
  const lines = ["account,points"];
  for (let i = 0; i < 1000; i++) lines.push(`${realAt.get(i)?.accountId ?? `contributor-${i}.test`},${1 + (i % 17)}`);
  const points = csv(env.dir, "epoch0.csv", `${lines.join("\n")}\n`);
  const out = path.join(env.dir, "out0");
  const attestor = env.attestors[0];
  const key = await attestor.getKey();
  const keyFile = path.join(env.dir, "attestor.json");
  writeFileSync(keyFile, JSON.stringify({ account_id: attestor.accountId, private_key: key!.toString() }));
  const rpc = (env.worker as unknown as { config: { rpcAddr: string } }).config.rpcAddr;
  const result = runScript([
    ...["--stage", "0", "--epoch", "0", "--points", points, "--out", out],
    ...["--submit", "--account", attestor.accountId, "--vault", env.vault.accountId, "--network", "local"],
    ...["--rpc", rpc, "--key-file", keyFile],
  ]);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /1000 contributors/);
  t.regex(result.stdout, /epoch pending/);
  const submission = JSON.parse(readFileSync(path.join(out, "epoch.json"), "utf8")) as EpochSubmission;
  const proofs = JSON.parse(readFileSync(path.join(out, "proofs.json"), "utf8")) as Record<string, ContributorProof>;
  t.is(submission.leaf_count, 1000);
  t.is(Object.keys(proofs).length, 1000);
  t.is(proofs[real[1].accountId].leaf_index, 500);
  t.is(proofs[real[1].accountId].proof.length, 10);
  const onChain = (await epochView(env, 0, 0))!;
  t.is(onChain.submissions[0].attestor, attestor.accountId);
  t.is(onChain.submissions[0].merkle_root, submission.merkle_root);
  // a second attestor submits the same file's result: accepted
  const second = await submit(env, env.attestors[1], submission as unknown as Record<string, unknown>);
  t.is(second.parseResult<string>(), "accepted");
  await advanceTo(env, BigInt((await epochView(env, 0, 0))!.claimable_at_ns!));
  for (const account of real) {
    const args = proofs[account.accountId];
    const claimed = await claim(env, account, args);
    t.false(claimed.failed, errorsOf(claimed));
    t.is(
      BigInt(claimed.parseResult<string>()),
      (1000n * 10n ** 18n * BigInt(args.points)) / BigInt(submission.total_points),
    );
  }
  // a proof from the file does not work for another leaf's account
  const stolen = await claim(env, real[0], proofs["contributor-1.test"]);
  t.regex(errorsOf(stolen), /Invalid proof/);
});
