/**
 * The CLI's choice between the pre-initialised and the plain build:
 * `--snapshot` and `--no-snapshot` decide, neither leaves it to
 * SNAPSHOT_BY_DEFAULT (the library's default too), both is an error that
 * the CLI reports with its usage before building anything.
 */
import test from "ava";
import { join } from "node:path";
import { BuildError } from "../src/build-error.ts";
import { SNAPSHOT_BY_DEFAULT } from "../src/build.ts";
import { snapshotChoice } from "../src/cli.ts";
import { FIXTURES, runCli } from "./helpers.ts";

test("--snapshot pre-initialises, --no-snapshot builds plain, neither follows SNAPSHOT_BY_DEFAULT", (t) => {
  t.true(snapshotChoice({ snapshot: true, "no-snapshot": false }));
  t.false(snapshotChoice({ snapshot: false, "no-snapshot": true }));
  t.is(snapshotChoice({ snapshot: false, "no-snapshot": false }), SNAPSHOT_BY_DEFAULT);
});

test("--snapshot with --no-snapshot is refused with the usage, before any build", (t) => {
  const error = t.throws(() => snapshotChoice({ snapshot: true, "no-snapshot": true }), { instanceOf: BuildError });
  t.is(error?.step, "arguments");
  const run = runCli([join(FIXTURES, "minimal.ts"), "--snapshot", "--no-snapshot"]);
  t.is(run.status, 1);
  t.regex(run.stderr, /^--snapshot and --no-snapshot contradict each other\nusage:/m);
  t.is(run.stdout, "");
});
