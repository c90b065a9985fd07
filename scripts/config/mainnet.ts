/**
 * Mainnet. Deliberately incomplete until the launch parameters are decided:
 * the round dates are placeholders that validation rejects once past, and the
 * stablecoin is native USDC on NEAR. Review every field, then run
 * `npm run deploy -- --network mainnet --dry-run` first.
 */
import type { SuiteConfigInput } from "./schema.ts";
import { near, units } from "./units.ts";

const MOD = (amount: string) => units(amount, 18);
const USDC = (amount: string) => units(amount, 6);
const DAY = 24 * 3600;
/** Every timelocked operation (upgrade, providers, sweeps…) waits 2 days (the mainnet minimum is 1 day). */
const TIMELOCK_DELAY_NS = "172800000000000";

const master = process.env.MODELFUND_MAINNET_MASTER ?? "modelfund.near";
/** Native USDC on NEAR mainnet (Circle). */
const USDC_CONTRACT = "17208628f84f5d6ad33f0da3bbbeb27ffcb398eac501a31bd6ad2011e36133a1";

export const mainnetSuite: SuiteConfigInput = {
  network: "mainnet",
  rpc_url: process.env.NEAR_RPC_URL ?? "https://rpc.mainnet.near.org",
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
        metadata: { spec: "ft-1.0.0", name: "Modelfund Stage Token", symbol: "MOD", decimals: 18 },
        max_supply: MOD("100000000"),
        allocations: [
          { account: "@sale", amount: MOD("50000000") },
          { account: "@treasury", amount: MOD("30000000") },
          { account: "@contributors", amount: MOD("20000000") },
        ],
        revenue_token: USDC_CONTRACT,
        sale: "@sale",
      },
    },
    sale: {
      sub: "sale",
      wasm: "sale",
      initial_balance: near("7"),
      timelock_delay_ns: TIMELOCK_DELAY_NS,
      init: { kind: "sale", owner: master, token: "@token", stablecoin: USDC_CONTRACT },
    },
  },
  revenue_exclusions: [
    { token: "@token", account: "@sale" },
    { token: "@token", account: "@treasury" },
    { token: "@token", account: "@contributors" },
  ],
  storage_registrations: [
    { contract: USDC_CONTRACT, account: "@sale" },
    { contract: USDC_CONTRACT, account: "@token" },
  ],
  roles: [{ contract: "@sale", role: "pauser", account: "@treasury" }],
  compute_providers: [],
  rounds: [
    {
      sale: "@sale",
      name: "stage 1",
      starts: { at: "2027-03-01T00:00:00Z" },
      duration_s: 14 * DAY,
      token_allocation: MOD("5000000"),
      hard_cap: MOD("5000000"),
      soft_cap: MOD("500000"),
      price_near: near("0.05"),
      price_ft: USDC("0.15"),
      vesting: { tge_bps: 1000, cliff_s: 30 * DAY, duration_s: 180 * DAY },
      release_schedule: [
        { after_end_s: 0, max_bps: 2500 },
        { after_end_s: 60 * DAY, max_bps: 6000 },
        { after_end_s: 120 * DAY, max_bps: 10000 },
      ],
    },
  ],
};

export default mainnetSuite;
