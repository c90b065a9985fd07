/**
 * Testnet: the master account is yours (credentials in
 * ~/.near-credentials/testnet/<master>.json or NEAR_MASTER_SECRET_KEY).
 * Set MODELFUND_TESTNET_MASTER to deploy under another account. The
 * stablecoin is an existing testnet NEP-141 (literal account id; change it to
 * the one you use), compute providers are external accounts.
 */
import type { SuiteConfigInput } from "./schema.ts";
import { near, units } from "./units.ts";

const MOD = (amount: string) => units(amount, 18);
const USDC = (amount: string) => units(amount, 6);
const DAY = 24 * 3600;
/** Every timelocked operation (upgrade, providers, sweeps…) waits 1 hour, the testnet minimum. */
const TIMELOCK_DELAY_NS = "3600000000000";

const master = process.env.MODELFUND_TESTNET_MASTER ?? "modelfund.testnet";
const stablecoin = process.env.MODELFUND_TESTNET_STABLECOIN ?? "usdc.fakes.testnet";

export const testnetSuite: SuiteConfigInput = {
  network: "testnet",
  rpc_url: process.env.NEAR_RPC_URL ?? "https://rpc.testnet.near.org",
  master_account_id: master,
  source_link: "https://github.com/modelfund/modelfund",
  accounts: {
    treasury: { sub: "treasury", initial_balance: near("2") },
    contributors: { sub: "contributors", initial_balance: near("1") },
  },
  contracts: {
    token: {
      sub: "token",
      wasm: "token",
      initial_balance: near("7"),
      timelock_delay_ns: TIMELOCK_DELAY_NS,
      init: {
        kind: "token",
        owner: master,
        metadata: { spec: "ft-1.0.0", name: "Modelfund Stage Token (testnet)", symbol: "tMOD", decimals: 18 },
        max_supply: MOD("10000000"),
        allocations: [
          { account: "@sale", amount: MOD("5000000") },
          { account: "@treasury", amount: MOD("3000000") },
          { account: "@contributors", amount: MOD("2000000") },
        ],
        revenue_token: stablecoin,
        sale: "@sale",
      },
    },
    sale: {
      sub: "sale",
      wasm: "sale",
      initial_balance: near("7"),
      timelock_delay_ns: TIMELOCK_DELAY_NS,
      init: { kind: "sale", owner: master, token: "@token", stablecoin },
    },
  },
  revenue_exclusions: [
    { token: "@token", account: "@sale" },
    { token: "@token", account: "@treasury" },
    { token: "@token", account: "@contributors" },
  ],
  storage_registrations: [
    { contract: stablecoin, account: "@sale" },
    { contract: stablecoin, account: "@token" },
  ],
  roles: [{ contract: "@sale", role: "pauser", account: "@treasury" }],
  compute_providers: [],
  rounds: [
    {
      sale: "@sale",
      name: "stage 1 (testnet)",
      starts: { after_creation_s: 600 },
      duration_s: 7 * DAY,
      token_allocation: MOD("1000000"),
      hard_cap: MOD("1000000"),
      soft_cap: MOD("1000"),
      price_near: near("0.001"),
      price_ft: USDC("0.01"),
      vesting: { tge_bps: 2000, cliff_s: 0, duration_s: 30 * DAY },
      release_schedule: [
        { after_end_s: 0, max_bps: 3000 },
        { after_end_s: 30 * DAY, max_bps: 10000 },
      ],
    },
  ],
};

export default testnetSuite;
