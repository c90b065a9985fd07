/**
 * Mainnet. Deliberately incomplete until the launch parameters are decided:
 * the round dates are placeholders that validation rejects once past, and the
 * stablecoin is native USDC on NEAR. Review every field, then run
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
});

export default mainnetSuite;
