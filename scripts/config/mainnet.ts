/**
 * Mainnet. Deliberately incomplete until the launch parameters are decided:
 * the round dates are placeholders that validation rejects once past, and the
 * stablecoin is native USDC on NEAR. The vault's attestors are
 * placeholders too: each must be replaced by an operator's account and the
 * sha256 of the attestation report that admitted it. The fee router's prices
 * take effect at the placeholder launch date, which is refused until set.
 * Review every field, then run
 * `npm run deploy -- --network mainnet --dry-run` first. What mainnet shares
 * with testnet is in public-network.ts.
 */
import { DAY, MOD, publicNetworkSuite, USDC } from "./public-network.ts";
import { near } from "./units.ts";

/** Native USDC on NEAR mainnet (Circle). */
const USDC_CONTRACT = "17208628f84f5d6ad33f0da3bbbeb27ffcb398eac501a31bd6ad2011e36133a1";

export const mainnetSuite = publicNetworkSuite({
  network: "mainnet",
  defaultRpcUrl: "https://rpc.mainnet.near.org",
  master: process.env.MODELFUND_MAINNET_MASTER ?? "modelfund.near",
  stablecoin: USDC_CONTRACT,
  /** Every timelocked operation (upgrade, providers, sweeps…) waits 2 days (the mainnet minimum is 1 day). */
  timelockDelayNs: "172800000000000",
  token: {
    name: "Modelfund Stage Token",
    symbol: "MOD",
    maxSupply: "100000000",
    sale: "50000000",
    treasury: "30000000",
    contributors: "20000000",
  },
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
  vault: {
    // PLACEHOLDERS: five independent operators, quorum 3; replace each account and report digest before launch.
    attestors: ["attestor-a", "attestor-b", "attestor-c", "attestor-d", "attestor-e"].map((name, i) => ({
      account: `${name}.near`,
      report_hash: (i + 1).toString(16).repeat(64),
      expires: { at: "2028-03-01T00:00:00Z" },
    })),
    stages: [
      {
        // Fortnightly epochs for a year after stage 1's sale; 3 days for a guardian's veto.
        stage: 0,
        epochs: 26,
        epoch_reward: MOD("40000"),
        quorum: 3,
        challenge_window_s: 3 * DAY,
        claim_deadline: { at: "2028-09-01T00:00:00Z" },
        vesting: { start: { at: "2027-03-01T00:00:00Z" }, cliff_s: 90 * DAY, duration_s: 365 * DAY },
        funding: "1040000",
      },
      {
        stage: 1,
        epochs: 26,
        epoch_reward: MOD("60000"),
        quorum: 3,
        challenge_window_s: 3 * DAY,
        claim_deadline: { at: "2029-03-01T00:00:00Z" },
        vesting: { start: { at: "2028-03-01T00:00:00Z" }, cliff_s: 90 * DAY, duration_s: 365 * DAY },
        requires_qualification: true,
        funding: "1560000",
      },
    ],
  },
  fees: {
    // Providers see every price change a week before it binds them.
    priceNoticeS: 7 * DAY,
    split: { holders_bps: 6000, contributors_bps: 2500, reserve_bps: 1500, protocol_bps: 0 },
    // PLACEHOLDERS: the launch prices and date.
    stages: [0, 1].map((stage) => ({
      stage,
      price: {
        near: { per_million_input: near("0.05"), per_million_output: near("0.1"), per_request: "0" },
        stable: { per_million_input: USDC("0.2"), per_million_output: USDC("0.4"), per_request: "0" },
        effective: { at: "2027-03-01T00:00:00Z" },
      },
    })),
    providers: [],
  },
});

export default mainnetSuite;
