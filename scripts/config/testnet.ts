/**
 * Testnet: the master account is yours (credentials in
 * ~/.near-credentials/testnet/<master>.json or NEAR_MASTER_SECRET_KEY).
 * Set MODELFUND_TESTNET_MASTER to deploy under another account. The
 * stablecoin is an existing testnet NEP-141 (literal account id; change it to
 * the one you use), compute providers are external accounts. What testnet
 * shares with mainnet is in public-network.ts.
 */
import { DAY, MOD, publicNetworkSuite, USDC } from "./public-network.ts";
import { near } from "./units.ts";

export const testnetSuite = publicNetworkSuite({
  network: "testnet",
  defaultRpcUrl: "https://rpc.testnet.near.org",
  master: process.env.MODELFUND_TESTNET_MASTER ?? "modelfund.testnet",
  stablecoin: process.env.MODELFUND_TESTNET_STABLECOIN ?? "usdc.fakes.testnet",
  /** Every timelocked operation (upgrade, providers, sweeps…) waits 1 hour, the testnet minimum. */
  timelockDelayNs: "3600000000000",
  token: {
    name: "Modelfund Stage Token (testnet)",
    symbol: "tMOD",
    maxSupply: "10000000",
    sale: "5000000",
    treasury: "3000000",
    contributors: "2000000",
  },
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
});

export default testnetSuite;
