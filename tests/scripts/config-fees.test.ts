/**
 * The fee router's part of the suite description (schema.ts,
 * validate-fees.ts, placeholders.ts, contract-kinds.ts): the three profiles
 * describe it validly, a bad description is refused with every problem at
 * its path, role holders the scripts can sign as are required, mainnet
 * refuses relative price times, short notices and its placeholder date,
 * and the router's init args are built from the description.
 */
import test from "ava";
import localSuiteInput from "../../scripts/config/local.ts";
import mainnet from "../../scripts/config/mainnet.ts";
import { mainnetPlaceholderProblems } from "../../scripts/config/placeholders.ts";
import testnet from "../../scripts/config/testnet.ts";
import { validateSuite } from "../../scripts/config/validate.ts";
import { kindOf } from "../../scripts/lib/contract-kinds.ts";

const pathsOf = (problems: string[]) => problems.map((p) => p.slice(0, p.indexOf(":")));

test("local, testnet and mainnet describe the router, its roles, prices and split", (t) => {
  for (const input of [localSuiteInput, testnet, mainnet]) {
    const result = validateSuite(input);
    if (!result.ok) return t.fail(result.problems.join("\n"));
    const { config } = result.suite;
    t.is(config.contracts.fees.init.kind, "fees");
    t.is(config.fees?.router, "@fees");
    t.true((config.fees?.stages.length ?? 0) > 0);
    for (const role of ["config", "provider_manager", "pauser", "guardian"])
      t.true(
        config.roles.some((r) => r.contract === "@fees" && r.role === role),
        `${config.network} ${role}`,
      );
  }
});

test("a bad fee-router description is rejected with each problem at its path", (t) => {
  const bad = structuredClone(localSuiteInput) as any;
  bad.contracts.fees.init.split.reserve_bps = 500; // sums to 9000
  bad.contracts.fees.init.protocol = "@dana"; // not registered on @usd
  bad.contracts.fees.init.price_notice_s = 91 * 24 * 3600;
  bad.fees.stages[1].split.protocol_bps = 1000; // sums to 11000
  bad.fees.stages[0].price.near.per_request = "-1";
  bad.fees.stages[1].price.stable.per_million_input = "0.5"; // base units, not a decimal amount
  bad.fees.stages.push({ stage: 0, price: { effective: { after_s: 0 } } });
  bad.fees.stages.push({ stage: 7 });
  bad.fees.providers[0].stages = [0, 2];
  bad.fees.providers.push({ ...bad.fees.providers[0], account: "@nobody", stages: [0] });
  bad.storage_registrations = bad.storage_registrations.filter((r: { account: string }) => r.account !== "@fees");
  bad.roles.push({ contract: "@sale", role: "provider_manager", account: "@treasury" });
  const result = validateSuite(bad);
  const problems = result.ok ? [] : result.problems;
  t.deepEqual(
    [...new Set(pathsOf(problems))].sort(),
    [
      "contracts.fees.init.price_notice_s",
      "contracts.fees.init.split",
      "contracts.fees.init.stablecoin",
      "fees.providers.0.stages.1",
      "fees.providers.1.account",
      "fees.stages.0.price.effective.after_s",
      "fees.stages.0.price.near.per_request",
      "fees.stages.1.price.effective.after_s",
      "fees.stages.1.price.stable.per_million_input",
      "fees.stages.1.split",
      "fees.stages.2.price",
      "fees.stages.2.price.effective.after_s",
      "fees.stages.2.stage",
      "fees.stages.3.stage",
      `roles.${bad.roles.length - 1}.role`,
    ].sort(),
  );
  for (const message of [
    /contracts\.fees\.init\.split: basis points add up to 9000, not 10000/,
    /fees\.stages\.1\.split: basis points add up to 11000, not 10000/,
    /the router @fees must be registered on @usd/,
    /the protocol account @dana must be registered on @usd/,
    /stage 0 is described twice/,
    /fees\.stages\.3\.stage: Too big/,
    /stage 2 has no price in fees\.stages: the provider could not pay/,
    /provider_manager is a role of fee-router contracts only, not of @sale/,
    /per_request: must be an integer in base units/,
  ])
    t.true(
      problems.some((p) => message.test(p)),
      String(message),
    );
});

test("a protocol share needs a protocol account, and a stablecoin price a router with a stablecoin", (t) => {
  const bad = structuredClone(localSuiteInput) as any;
  bad.contracts.fees.init.stablecoin = null;
  bad.fees.stages[0].split = { holders_bps: 5000, contributors_bps: 2500, reserve_bps: 1500, protocol_bps: 1000 };
  const result = validateSuite(bad);
  t.deepEqual(result.ok ? [] : result.problems, [
    "fees.stages.0.split.protocol_bps: is positive but the router has no protocol account",
    "fees.stages.0.price.stable: @fees has no stablecoin: set only the near price",
    "fees.stages.1.price.stable: @fees has no stablecoin: set only the near price",
  ]);
});

test("the router's wiring must let every forward succeed", (t) => {
  const bad = structuredClone(localSuiteInput) as any;
  bad.contracts.token.init.revenue_token = null; // the holders' USD shares would be refused
  bad.contracts.vault.init.stablecoin = null; // and the contributors' ones
  bad.contracts.fees.init.vault = "@sale";
  const result = validateSuite(bad);
  const problems = result.ok ? [] : result.problems;
  t.true(
    problems.some((p) => /^contracts\.fees\.init\.stablecoin: @token takes revenue in NEAR only, not @usd/.test(p)),
  );
  t.true(problems.some((p) => /^contracts\.fees\.init\.vault: @sale must be a contract of kind "vault"/.test(p)));
});

test("prices and providers need config and provider_manager holders the scripts can sign as", (t) => {
  const bad = structuredClone(localSuiteInput) as any;
  bad.roles = bad.roles.filter((r: { contract: string }) => r.contract !== "@fees");
  bad.roles.push({ contract: "@fees", role: "config", account: "someone-else.near" });
  const result = validateSuite(bad);
  t.deepEqual(result.ok ? [] : result.problems, [
    "fees.stages: setting prices needs a config role on @fees held by the master or a suite account (the scripts sign as it)",
    "fees.providers: approving providers needs a provider_manager role on @fees held by the master or a suite account (the scripts sign as it)",
  ]);
});

test("mainnet needs absolute price times, a day's notice, and refuses its placeholder date", (t) => {
  const bad = structuredClone(mainnet) as any;
  bad.contracts.fees.init.price_notice_s = 3600;
  bad.fees.stages[0].price.effective = { after_s: 7 * 24 * 3600 };
  const result = validateSuite(bad);
  t.deepEqual(result.ok ? [] : result.problems.filter((p) => !/^rounds\./.test(p)), [
    "contracts.fees.init.price_notice_s: must be at least 86400 s on mainnet (providers see a price before it binds them)",
    "fees.stages.0.price.effective: mainnet needs an absolute time ({at: ISO date})",
  ]);
  const shipped = validateSuite(mainnet);
  if (!shipped.ok) return t.fail(shipped.problems.join("\n"));
  const placeholders = mainnetPlaceholderProblems(shipped.suite.config);
  t.true(
    placeholders.some((p) =>
      /^fees\.stages\.0\.price\.effective\.at: 2027-03-01T00:00:00Z is mainnet\.ts's placeholder/.test(p),
    ),
  );
});

test("the router's init args come from the description", (t) => {
  const result = validateSuite(testnet);
  if (!result.ok) return t.fail(result.problems.join("\n"));
  const entry = result.suite.config.contracts.fees;
  const args = kindOf(entry).initArgs(entry, result.suite, "fees");
  t.deepEqual(args, {
    owner_id: "modelfund.testnet",
    token_id: "token.modelfund.testnet",
    vault_id: "vault.modelfund.testnet",
    stable_id: "usdc.fakes.testnet",
    reserve_id: "treasury.modelfund.testnet",
    protocol_id: null,
    split: { holders_bps: 6000, contributors_bps: 2500, reserve_bps: 1500, protocol_bps: 0 },
    price_notice_ns: "3600000000000",
    timelock_delay_ns: "3600000000000",
    source_link: "https://github.com/modelfund/modelfund",
  });
});
