/**
 * The public networks' suite descriptions (scripts/config/testnet.ts and
 * mainnet.ts, built on public-network.ts) pass validation, so
 * `deploy --network testnet|mainnet` starts from a description the scripts
 * accept; a bad contributor-vault description is refused with every problem
 * named at its path (validate-vault.ts).
 */
import test from "ava";
import localSuiteInput from "../../scripts/config/local.ts";
import mainnet from "../../scripts/config/mainnet.ts";
import testnet from "../../scripts/config/testnet.ts";
import { validateSuite } from "../../scripts/config/validate.ts";
import { kindOf } from "../../scripts/lib/contract-kinds.ts";

test("the testnet description is valid", (t) => {
  const result = validateSuite(testnet);
  t.deepEqual(result.ok ? [] : result.problems, []);
});

test("the mainnet description is valid, but for round dates once they are past", (t) => {
  const result = validateSuite(mainnet);
  // mainnet.ts's dates are placeholders that validation rejects once past (its header says so).
  const problems = result.ok ? [] : result.problems.filter((p) => !/^rounds\.\d+\.starts/.test(p));
  t.deepEqual(problems, []);
});

test("public networks stream revenue over 7 days and refuse it below 1,000 eligible tokens", (t) => {
  const result = validateSuite(testnet);
  if (!result.ok) return t.fail(result.problems.join("\n"));
  const token = result.suite.config.contracts.token;
  const args = kindOf(token).initArgs(token, result.suite, "token");
  t.is(args.revenue_stream_ns, (7n * 24n * 3600n * 1_000_000_000n).toString());
  t.is(args.min_eligible_supply, (1000n * 10n ** 18n).toString());
});

test("public networks fund the vault's stages from the contributors' share, with a guardian's veto window", (t) => {
  for (const [description, minWindow] of [
    [testnet, 3600],
    [mainnet, 24 * 3600],
  ] as const) {
    const result = validateSuite(description);
    if (!result.ok) return t.fail(result.problems.join("\n"));
    const { config } = result.suite;
    t.is(config.contracts.vault.init.kind, "vault");
    t.true(config.vault_stages.length > 0);
    for (const stage of config.vault_stages) {
      t.is(stage.funding?.from, "@contributors");
      t.true(stage.challenge_window_s >= minWindow);
      t.true(stage.quorum <= config.vault_attestors.length);
    }
  }
});

/** The local description with one vault mistake per rule, and the path each must be reported at. */
test("a bad vault description is rejected with each problem at its path", (t) => {
  const bad = structuredClone(localSuiteInput) as any;
  const stage = bad.vault_stages[0];
  stage.quorum = 3; // two attestors listed
  stage.vesting.cliff_s = 31 * 24 * 3600; // the duration is 30 days
  stage.funding.amount = (2_000_001n * 10n ** 18n).toString(); // @contributors holds 2,000,000 MOD
  bad.vault_stages.push({ ...structuredClone(stage), funding: undefined, quorum: 1, requires_qualification: true });
  bad.vault_stages[1].vesting.cliff_s = 0;
  bad.vault_attestors[1].report_hash = "not-a-digest"; // a shape problem hides none of the others
  bad.revenue_exclusions = bad.revenue_exclusions.filter((e: { account: string }) => e.account !== "@vault");
  bad.storage_registrations = bad.storage_registrations.filter(
    (r: { contract: string; account: string }) => !(r.contract === "@usd" && r.account === "@vault"),
  );
  bad.roles.push({ contract: "@sale", role: "attestor_manager", account: "@treasury" });
  const result = validateSuite(bad);
  t.false(result.ok);
  const problems = result.ok ? [] : result.problems;
  t.deepEqual(problems.map((p) => p.slice(0, p.indexOf(":"))).sort(), [
    "contracts.vault.init.stablecoin",
    "contracts.vault.init.token",
    `roles.${bad.roles.length - 1}.role`,
    "vault_attestors.1.report_hash",
    "vault_stages.0.funding.amount",
    "vault_stages.0.quorum",
    "vault_stages.0.vesting.cliff_s",
    "vault_stages.1.requires_qualification",
    "vault_stages.1.stage",
  ]);
  t.true(problems.some((p) => /quorum: 3 exceeds the 2 attestor\(s\)/.test(p)));
  t.true(problems.some((p) => /must be in revenue_exclusions of @token/.test(p)));
  t.true(problems.some((p) => /more than its allocation 2000000000000000000000000 of @token/.test(p)));
});

test("a vault's stages and attestors need role holders the scripts can sign as, and a guardian", (t) => {
  const bad = structuredClone(localSuiteInput) as any;
  bad.roles = bad.roles.filter((r: { contract: string }) => r.contract !== "@vault");
  bad.roles.push({ contract: "@vault", role: "config", account: "someone-else.near" });
  const result = validateSuite(bad);
  t.deepEqual(result.ok ? [] : result.problems, [
    "vault_attestors.0.vault: admitting attestors needs an attestor_manager role on @vault held by the master or a suite account (the scripts sign as it)",
    "vault_stages.0.vault: configuring stages needs a config role on @vault held by the master or a suite account (the scripts sign as it)",
    "vault_stages.0.vault: @vault has stages but no guardian role to veto a wrong epoch",
  ]);
});
