/**
 * Testnet: the master account is yours (credentials in
 * ~/.near-credentials/testnet/<master>.json or NEAR_MASTER_SECRET_KEY).
 * Set MODELFUND_TESTNET_MASTER to deploy under another account. The
 * stablecoin is an existing testnet NEP-141 (literal account id; change it to
 * the one you use), compute providers are external accounts. The vault's
 * three attestors are suite accounts (created with saved keys, so testers
 * can submit epochs), admitted with the digest of a stand-in report; its
 * times are relative to the deploy so a fresh testnet deploy is always
 * valid. The fee router announces price changes 1 hour ahead; stages 0 and
 * 1 are priced in NEAR and the stablecoin. What testnet shares with mainnet is
 * in public-network.ts.
 */

/** Stand-in attestation report digests (testnet has no audited attestor reports). */
const standInReport = (attestor: string) =>
  createHash("sha256").update(`modelfund testnet attestation report: ${attestor}`).digest("hex");
import { createHash } from "node:crypto";
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
  vault: {
    attestors: ["attestor1", "attestor2", "attestor3"].map((name) => ({
      account: `@${name}`,
      report_hash: standInReport(name),
      expires: { after_s: 180 * DAY },
    })),
    stages: [
      {
        // 12 epochs of 5,000 tMOD; 6 hours for a guardian's veto (the testnet minimum is 1 hour).
        stage: 0,
        epochs: 12,
        epoch_reward: MOD("5000"),
        quorum: 2,
        challenge_window_s: 6 * 3600,
        claim_deadline: { after_s: 180 * DAY },
        vesting: { start: { after_s: 0 }, cliff_s: 7 * DAY, duration_s: 90 * DAY },
        funding: "60000",
      },
      {
        stage: 1,
        epochs: 12,
        epoch_reward: MOD("7500"),
        quorum: 2,
        challenge_window_s: 6 * 3600,
        claim_deadline: { after_s: 365 * DAY },
        vesting: { start: { after_s: 180 * DAY }, cliff_s: 7 * DAY, duration_s: 90 * DAY },
        requires_qualification: true,
        funding: "90000",
      },
    ],
  },
  fees: {
    priceNoticeS: 3600,
    split: { holders_bps: 6000, contributors_bps: 2500, reserve_bps: 1500, protocol_bps: 0 },
    stages: [0, 1].map((stage) => ({
      stage,
      price: {
        near: { per_million_input: near("0.01"), per_million_output: near("0.02"), per_request: near("0.0001") },
        stable: { per_million_input: USDC("0.05"), per_million_output: USDC("0.1"), per_request: USDC("0.0001") },
        effective: { after_s: 3600 },
      },
    })),
    // Providers are external accounts: list one here to have the deploy approve it once it registered.
    providers: [],
  },
});

export default testnetSuite;
