/**
 * The scripts' command lines: strict parsing against each command's option
 * table (unknown option → error naming it, nothing swallowed), `--help` made
 * from the same table, the runner every script uses (help → exit 0, a bad
 * command line → the problem and the usage, exit 2, nothing run), and the
 * real scripts run as child processes: each prints its own help, and a typo
 * in a deploy's flags exits 2 and leaves the chain and the disk untouched.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import test from "ava";
import {
  EXIT_USAGE,
  helpText,
  parseCommandLine,
  UsageError,
  type CommandSpec,
  type ParsedCommandLine,
} from "../../scripts/lib/args.ts";
import { ChainClient } from "../../scripts/lib/chain.ts";
import {
  buildCommand,
  deployCommand,
  handoffCommand,
  startCommand,
  statusCommand,
  verifyCommand,
} from "../../scripts/lib/commands.ts";
import { runCommand } from "../../scripts/lib/cli.ts";
import { localKeyStore } from "../../scripts/lib/keys.ts";
import { REPO_ROOT, startLocalChain } from "../../scripts/lib/localnet.ts";

const run = promisify(execFile);

const COMMANDS: Record<string, CommandSpec> = {
  deploy: deployCommand,
  verify: verifyCommand,
  status: statusCommand,
  handoff: handoffCommand,
  build: buildCommand,
  start: startCommand,
};

function values<Spec extends CommandSpec>(parsed: ParsedCommandLine<Spec>) {
  if (parsed.help) throw new Error("expected values, got the help");
  return parsed.values;
}

const usageError = (spec: CommandSpec, argv: string[]) =>
  (() => {
    try {
      parseCommandLine(spec, argv);
    } catch (error) {
      if (error instanceof UsageError) return error;
      throw error;
    }
    throw new Error(`${argv.join(" ")} parsed`);
  })();

test("an unknown option is an error naming it and the option probably meant", (t) => {
  const error = usageError(deployCommand, ["--network", "testnet", "--dryrun", "--no-build"]);
  t.is(error.message, "unknown option --dryrun (did you mean --dry-run?)");
  t.regex(error.usage, /^Usage: npm run deploy -- \[options\]/);
  t.is(usageError(deployCommand, ["--frobnicate"]).message, "unknown option --frobnicate");
  t.is(usageError(statusCommand, ["--dry-run"]).message, "unknown option --dry-run");
  t.is(usageError(startCommand, ["-x"]).message, "unknown option -x");
});

test("a flag never takes the next argument as its value", (t) => {
  const parsed = values(parseCommandLine(deployCommand, ["--dry-run", "--no-build", "--network", "testnet"]));
  t.true(parsed["dry-run"]);
  t.true(parsed["no-build"]);
  t.false(parsed.rebuild);
  t.is(parsed.network, "testnet");
  t.is(usageError(deployCommand, ["--dry-run=yes"]).message, "--dry-run is a flag and takes no value");
});

test("an option that needs a value does not take the next option as one", (t) => {
  t.is(usageError(deployCommand, ["--network"]).message, "--network needs a value (--network NAME)");
  t.is(usageError(deployCommand, ["--rpc-url", "--dry-run"]).message, "--rpc-url needs a value (--rpc-url URL)");
  t.is(
    values(parseCommandLine(deployCommand, ["--network", "local", "--rpc-url=http://127.0.0.1:3030"]))["rpc-url"],
    "http://127.0.0.1:3030",
  );
});

test("positionals, unknown networks and bad ports are rejected", (t) => {
  t.is(
    usageError(deployCommand, ["testnet"]).message,
    'unexpected argument "testnet": this command takes only options',
  );
  t.is(
    usageError(deployCommand, ["--network", "betanet"]).message,
    '--network must be one of local, testnet, mainnet (got "betanet")',
  );
  t.is(usageError(startCommand, ["--port", "70000"]).message, '--port takes an integer in 1..65535 (got "70000")');
  t.is(usageError(startCommand, ["--port", "3e3"]).message, '--port takes an integer in 1..65535 (got "3e3")');
  t.is(values(parseCommandLine(startCommand, ["--port", "3030"])).port, 3030);
});

test("--network is never assumed; with it, every flag is off and unset options undefined", (t) => {
  for (const spec of [deployCommand, verifyCommand, statusCommand])
    t.is(usageError(spec, []).message, "--network is required (one of local, testnet, mainnet)");
  const parsed = values(parseCommandLine(deployCommand, ["--network", "local"]));
  t.deepEqual(parsed, {
    network: "local",
    config: undefined,
    plan: false,
    "dry-run": false,
    yes: false,
    "plan-hash": undefined,
    "no-build": false,
    rebuild: false,
    "build-dir": undefined,
    "rpc-url": undefined,
    "local-home": undefined,
    manifest: undefined,
    "allow-downgrade": false,
    "break-lock": false,
  });
});

test("--help is generated from the option table and wins over the other arguments", (t) => {
  for (const [name, spec] of Object.entries(COMMANDS)) {
    t.true(parseCommandLine(spec, ["--help"]).help, name);
    const text = helpText(spec);
    for (const [option, entry] of Object.entries(spec.options)) {
      const line = text.split("\n").find((l) => l.includes(`--${option}`));
      t.truthy(line, `${name} --${option}`);
      t.true(line!.includes(entry.description), `${name} --${option}`);
      if (entry.type !== "boolean" && entry.default !== undefined) t.true(line!.includes(`default: ${entry.default}`));
    }
    t.true(parseCommandLine(spec, ["-h"]).help);
  }
  t.true(parseCommandLine(deployCommand, ["--dry-run", "--help", "--network", "mainnet"]).help);
});

/**
 * `runCommand` in this process, as a script runs it with `argv`: what it printed, the exit code it set and
 * whether the command's main ran. process.argv, process.exitCode and the console are restored after.
 */
async function runInProcess(spec: CommandSpec, argv: string[]) {
  const saved = { argv: process.argv, exitCode: process.exitCode, log: console.log, error: console.error };
  const stdout: string[] = [];
  const stderr: string[] = [];
  let mainRan = false;
  process.argv = [process.execPath, "script.ts", ...argv];
  console.log = (...parts: unknown[]) => stdout.push(parts.join(" "));
  console.error = (...parts: unknown[]) => stderr.push(parts.join(" "));
  try {
    await runCommand(spec, async () => {
      mainRan = true;
      return 0;
    });
    return { stdout: stdout.join("\n"), stderr: stderr.join("\n"), code: process.exitCode, mainRan };
  } finally {
    process.argv = saved.argv;
    process.exitCode = saved.exitCode;
    console.log = saved.log;
    console.error = saved.error;
  }
}

test.serial(
  "a command prints its help and exits 0, and exits 2 on an unknown option, its main never run",
  async (t) => {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      const help = await runInProcess(spec, ["--help"]);
      t.deepEqual(help, { stdout: helpText(spec), stderr: "", code: 0, mainRan: false }, name);
      const error = await runInProcess(spec, ["--bogus"]);
      t.deepEqual(
        error,
        { stdout: "", stderr: `error: unknown option --bogus\n\n${helpText(spec)}`, code: EXIT_USAGE, mainRan: false },
        name,
      );
    }
  },
);

// A script is a node process loading tsx (1-2 s on an idle machine): one run per script shows it is wired to its
// own table; the exit code 2 of a real process is the typo test's below.
test("every script prints its own command's help and exits 0", async (t) => {
  for (const [name, spec] of Object.entries(COMMANDS)) {
    const script = path.join("scripts", `${name}.ts`);
    const help = await run(process.execPath, ["--import", "tsx", script, "--help"], { cwd: REPO_ROOT });
    t.is(help.stdout.trim(), helpText(spec), name);
  }
});

test("deploy with --dryrun (a typo) exits 2 before anything: nothing sent, no manifest", async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-typo-"));
  const local = await startLocalChain({ home: path.join(dir, "chain") });
  try {
    const chain = new ChainClient(local.url, localKeyStore(local.home, "test.near"));
    const nonces = async () =>
      (await chain.provider.viewAccessKeyList({ accountId: "test.near" })).keys.map((k) => String(k.access_key.nonce));
    const before = await nonces();
    const manifest = path.join(dir, "local.json");
    const argv = ["--network", "local", "--dryrun", "--no-build", "--rpc-url", local.url];
    const error = await run(
      process.execPath,
      ["--import", "tsx", "scripts/deploy.ts", ...argv, "--local-home", local.home, "--manifest", manifest],
      { cwd: REPO_ROOT },
    ).catch((e) => e);
    t.is(error.code, 2);
    t.regex(error.stderr, /unknown option --dryrun \(did you mean --dry-run\?\)/);
    t.regex(error.stderr, /Usage: npm run deploy --/);
    t.is(error.stdout, "");
    t.deepEqual(await nonces(), before);
    t.false(await chain.accountExists("token.test.near"));
    t.false(fs.existsSync(manifest));
  } finally {
    await local.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
