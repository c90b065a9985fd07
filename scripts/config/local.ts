/**
 * The local chain (`npm start`): master `test.near` (the chain's validator
 * key), a stablecoin deployed from the token wasm, demo buyers and
 * providers, and two rounds timed relative to their creation so the demo
 * can fast-forward through them; the contributor vault with two attestors
 * (quorum 2) and stage 0 funded from the contributors' share, with a short
 * challenge window and a 30-day vesting the demo can fast-forward through;
 * the inference-fee router with stages 0 and 1 priced in NEAR and USD
 * (effective at once: no price notice locally), stage 1 split differently
 * from init's (through the router's timelock, delay 0), and `@inference` as
 * the expected provider (it registers itself in the lifecycle; the deploy
 * approves it once registered). Each contract account starts with 20 NEAR,
 * enough to stake the storage of ~1 MB of code (pre-initialised builds are
 * ~950 KB) and its state.
 */
import { createHash } from "node:crypto";
import type { SuiteConfigInput } from "./schema.ts";
import { near, units } from "./units.ts";

const MOD = (amount: string) => units(amount, 18);
const USD = (amount: string) => units(amount, 6);

const HOUR = 3600;
const DAY = 24 * HOUR;
/** No delay on the local chain: a timelocked change is scheduled and executed in one deploy run. */
const LOCAL_TIMELOCK_DELAY_NS = "0";
/** Storage staking of ~1 MB of code (10 NEAR) plus the contract's state and the NEAR its calls attach. */
const CONTRACT_BALANCE = near("20");
/** The digest an attestor's admission records: here of a stand-in report naming it. */
const reportDigest = (attestor: string) =>
  createHash("sha256").update(`modelfund local attestation report: ${attestor}`).digest("hex");

/** The split every stage of the local router starts with. */
const LOCAL_SPLIT = { holders_bps: 6000, contributors_bps: 2500, reserve_bps: 1500, protocol_bps: 0 };
/**
 * Per million input / output tokens and per request, in NEAR and USD; in force as soon as it is set.
 * A new object per stage, so a copy of the description changed for one stage leaves the other alone.
 */
const localPrice = () => ({
  near: { per_million_input: near("0.1"), per_million_output: near("0.2"), per_request: near("0.001") },
  stable: { per_million_input: USD("0.5"), per_million_output: USD("1"), per_request: USD("0.001") },
  effective: { after_s: 0 },
});

export const localSuite: SuiteConfigInput = {
  network: "local",
  rpc_url: "http://127.0.0.1:3030",
  master_account_id: "test.near",
  source_link: "https://github.com/modelfund/modelfund",
  accounts: {
    treasury: { sub: "treasury", initial_balance: near("10") },
    contributors: { sub: "contributors", initial_balance: near("5") },
    gpu: { sub: "gpu", initial_balance: near("5") },
    inference: { sub: "inference", initial_balance: near("500") },
    alice: { sub: "alice", initial_balance: near("200") },
    bob: { sub: "bob", initial_balance: near("200") },
    carol: { sub: "carol", initial_balance: near("200") },
    attestor1: { sub: "attestor1", initial_balance: near("5") },
    attestor2: { sub: "attestor2", initial_balance: near("5") },
    dana: { sub: "dana", initial_balance: near("20") },
  },
  contracts: {
    usd: {
      sub: "usd",
      wasm: "token",
      initial_balance: CONTRACT_BALANCE,
      timelock_delay_ns: LOCAL_TIMELOCK_DELAY_NS,
      init: {
        kind: "token",
        owner: "test.near",
        metadata: { spec: "ft-1.0.0", name: "Local USD", symbol: "USD", decimals: 6 },
        max_supply: USD("10000000"),
        allocations: [
          { account: "@treasury", amount: USD("9000000") },
          { account: "@inference", amount: USD("500000") },
          { account: "@alice", amount: USD("100000") },
          { account: "@bob", amount: USD("100000") },
          { account: "@carol", amount: USD("300000") },
        ],
        revenue_token: null,
        sale: null,
      },
    },
    token: {
      sub: "token",
      wasm: "token",
      initial_balance: CONTRACT_BALANCE,
      timelock_delay_ns: LOCAL_TIMELOCK_DELAY_NS,
      init: {
        kind: "token",
        owner: "test.near",
        metadata: { spec: "ft-1.0.0", name: "Modelfund Stage Token", symbol: "MOD", decimals: 18 },
        max_supply: MOD("10000000"),
        allocations: [
          { account: "@sale", amount: MOD("5000000") },
          { account: "@treasury", amount: MOD("3000000") },
          { account: "@contributors", amount: MOD("2000000") },
        ],
        revenue_token: "@usd",
        sale: "@sale",
      },
    },
    sale: {
      sub: "sale",
      wasm: "sale",
      initial_balance: CONTRACT_BALANCE,
      timelock_delay_ns: LOCAL_TIMELOCK_DELAY_NS,
      init: { kind: "sale", owner: "test.near", token: "@token", stablecoin: "@usd" },
    },
    vault: {
      sub: "vault",
      wasm: "vault",
      initial_balance: CONTRACT_BALANCE,
      timelock_delay_ns: LOCAL_TIMELOCK_DELAY_NS,
      init: { kind: "vault", owner: "test.near", token: "@token", stablecoin: "@usd" },
    },
    fees: {
      sub: "fees",
      wasm: "fees",
      initial_balance: CONTRACT_BALANCE,
      timelock_delay_ns: LOCAL_TIMELOCK_DELAY_NS,
      init: {
        kind: "fees",
        owner: "test.near",
        token: "@token",
        vault: "@vault",
        stablecoin: "@usd",
        // The next model's reserve is the treasury; no protocol fee locally.
        reserve: "@treasury",
        protocol: null,
        split: LOCAL_SPLIT,
        price_notice_s: 0,
      },
    },
  },
  revenue_exclusions: [
    { token: "@token", account: "@sale" },
    { token: "@token", account: "@treasury" },
    { token: "@token", account: "@contributors" },
    { token: "@token", account: "@vault" },
  ],
  storage_registrations: [
    // The sale receives stablecoin purchases; the token receives stablecoin revenue.
    { contract: "@usd", account: "@sale" },
    { contract: "@usd", account: "@token" },
    { contract: "@usd", account: "@gpu" },
    // The vault receives its stage funding in the token and royalties in the stablecoin.
    { contract: "@token", account: "@vault" },
    { contract: "@usd", account: "@vault" },
    // The fee router receives fees in the stablecoin (the treasury, its reserve, holds USD already).
    { contract: "@usd", account: "@fees" },
  ],
  roles: [
    { contract: "@token", role: "config", account: "@treasury" },
    { contract: "@sale", role: "pauser", account: "@treasury" },
    { contract: "@vault", role: "config", account: "@treasury" },
    { contract: "@vault", role: "attestor_manager", account: "@treasury" },
    { contract: "@vault", role: "guardian", account: "@treasury" },
    { contract: "@fees", role: "config", account: "@treasury" },
    { contract: "@fees", role: "provider_manager", account: "@treasury" },
    { contract: "@fees", role: "pauser", account: "@treasury" },
    { contract: "@fees", role: "guardian", account: "@treasury" },
  ],
  compute_providers: [{ sale: "@sale", account: "@gpu" }],
  rounds: [
    {
      sale: "@sale",
      name: "stage 1",
      starts: { after_creation_s: 60 },
      duration_s: 7 * DAY,
      token_allocation: MOD("1000000"),
      hard_cap: MOD("1000000"),
      soft_cap: MOD("10000"),
      price_near: near("0.01"),
      price_ft: USD("0.01"),
      vesting: { tge_bps: 2000, cliff_s: 0, duration_s: 30 * DAY },
      release_schedule: [
        { after_end_s: 0, max_bps: 3000 },
        { after_end_s: 30 * DAY, max_bps: 10000 },
      ],
    },
    {
      sale: "@sale",
      name: "stage 2",
      starts: { after_creation_s: 8 * DAY },
      duration_s: 7 * DAY,
      token_allocation: MOD("1000000"),
      hard_cap: MOD("1000000"),
      soft_cap: MOD("1"),
      price_near: near("0.02"),
      price_ft: USD("0.02"),
      vesting: { tge_bps: 10000, cliff_s: 0, duration_s: 0 },
      release_schedule: [{ after_end_s: 0, max_bps: 10000 }],
    },
  ],
  vault_attestors: [
    { vault: "@vault", account: "@attestor1", report_hash: reportDigest("attestor1"), expires: { after_s: 365 * DAY } },
    { vault: "@vault", account: "@attestor2", report_hash: reportDigest("attestor2"), expires: { after_s: 365 * DAY } },
  ],
  vault_stages: [
    {
      vault: "@vault",
      stage: 0,
      epochs: 4,
      epoch_reward: MOD("10000"),
      quorum: 2,
      challenge_window_s: HOUR,
      claim_deadline: { after_s: 90 * DAY },
      vesting: { start: { after_s: 0 }, cliff_s: DAY, duration_s: 30 * DAY },
      // Four epochs' rewards, out of the contributors' 2,000,000 MOD allocation.
      funding: { from: "@contributors", amount: MOD("40000") },
    },
  ],
  fees: {
    router: "@fees",
    stages: [
      { stage: 0, price: localPrice() },
      {
        stage: 1,
        price: localPrice(),
        split: { holders_bps: 5000, contributors_bps: 3000, reserve_bps: 2000, protocol_bps: 0 },
      },
    ],
    providers: [
      {
        account: "@inference",
        name: "local inference",
        endpoint: "http://127.0.0.1:8080/v1",
        stages: [0, 1],
        attestation_digest: reportDigest("inference"),
        bond: near("1"),
      },
    ],
  },
};

export default localSuite;
