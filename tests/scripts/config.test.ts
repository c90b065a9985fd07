/**
 * The public networks' suite descriptions (scripts/config/testnet.ts and
 * mainnet.ts, built on public-network.ts) pass validation, so
 * `deploy --network testnet|mainnet` starts from a description the scripts accept.
 */
import test from "ava";
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
