/**
 * What the testnet and mainnet suite descriptions share, so that the two
 * cannot drift apart by accident: the same accounts and balances, the same
 * token + sale pair wired the same way (revenue exclusions, NEP-145
 * registrations on the stablecoin, roles), the same contributor vault wiring
 * (registered on the token and the stablecoin, excluded from revenue, its
 * roles held by the treasury, its stages funded from the contributors'
 * share), and the same units. Each network file states only its own
 * decisions: master account, stablecoin, timelock delay, token name and
 * supply split, rounds, the vault's attestors and stages, the fee router's
 * price notice, split and prices. The router is wired the same way on both:
 * registered on the stablecoin, its reserve the treasury, no protocol fee,
 * its roles held by the treasury. The output is
 * plain data, validated like any other description (validate.ts).
 */
import type { FeesSectionInput, SuiteConfigInput, VaultAttestorInput, VaultStageInput } from "./schema.ts";
import { near, units } from "./units.ts";

/**
 * NEAR each contract account starts with: its code's storage staking (10^19 yoctoNEAR per byte) plus a margin for
 * its state, for either build: pre-initialised contracts (the default) are 0.91–0.99 MB, 9.1–9.9 NEAR of staking;
 * plain ones (`npm run build -- --no-snapshot`) 0.58–0.60 MB, 6 NEAR. The fee router keeps more margin: its state grows with providers and
 * payments.
 */
const CONTRACT_BALANCE = near("12");
const FEES_BALANCE = near("13");

/** The project token's base units (18 decimals). */
export const MOD = (amount: string) => units(amount, 18);
/** Seven days, in nanoseconds. */
const REVENUE_STREAM_NS = (7n * 24n * 3600n * 1_000_000_000n).toString();
/** The stablecoin's base units (6 decimals, as USDC). */
export const USDC = (amount: string) => units(amount, 6);
export const DAY = 24 * 3600;

export interface PublicNetworkSuite {
  network: "testnet" | "mainnet";
  /** The endpoint used unless NEAR_TESTNET_RPC_URL / NEAR_MAINNET_RPC_URL or --rpc-url says otherwise (lib/network.ts). */
  defaultRpcUrl: string;
  master: string;
  /** The NEP-141 stablecoin the sale accepts and revenue is paid in (an existing account). */
  stablecoin: string;
  /** Nanoseconds every timelocked operation of the token and the sale waits. */
  timelockDelayNs: string;
  token: {
    name: string;
    symbol: string;
    /** Whole tokens, as decimal strings: the supply and its split (they must add up; validation checks). */
    maxSupply: string;
    sale: string;
    treasury: string;
    contributors: string;
  };
  rounds: SuiteConfigInput["rounds"];
  vault: {
    /**
     * The attestors. An "@name" is created as a suite account (its key saved like every other, so its
     * operator can run `npm run vault:epoch -- --submit`); a literal id is an existing, independent account.
     */
    attestors: Array<Omit<VaultAttestorInput, "vault">>;
    /** The stages; each is funded from @contributors (the contributors' token allocation). */
    stages: Array<Omit<VaultStageInput, "vault" | "funding"> & { funding: string }>;
  };
  fees: {
    /** Seconds every price change is announced before it applies (fixed at init). */
    priceNoticeS: number;
    /** The split every stage starts with. */
    split: { holders_bps: number; contributors_bps: number; reserve_bps: number; protocol_bps: number };
    stages: FeesSectionInput["stages"];
    /** Providers the deploy approves once they registered themselves. */
    providers: FeesSectionInput["providers"];
  };
}

export function publicNetworkSuite(spec: PublicNetworkSuite): SuiteConfigInput {
  const { master, stablecoin } = spec;
  return {
    network: spec.network,
    rpc_url: spec.defaultRpcUrl,
    master_account_id: master,
    source_link: "https://github.com/modelfund/modelfund",
    accounts: {
      treasury: { sub: "treasury", initial_balance: near("2") },
      contributors: { sub: "contributors", initial_balance: near("1") },
      ...Object.fromEntries(
        spec.vault.attestors
          .filter((attestor) => attestor.account.startsWith("@"))
          .map((attestor) => [
            attestor.account.slice(1),
            { sub: attestor.account.slice(1), initial_balance: near("1") },
          ]),
      ),
    },
    contracts: {
      token: {
        sub: "token",
        wasm: "token",
        initial_balance: CONTRACT_BALANCE,
        timelock_delay_ns: spec.timelockDelayNs,
        init: {
          kind: "token",
          owner: master,
          metadata: { spec: "ft-1.0.0", name: spec.token.name, symbol: spec.token.symbol, decimals: 18 },
          max_supply: MOD(spec.token.maxSupply),
          allocations: [
            { account: "@sale", amount: MOD(spec.token.sale) },
            { account: "@treasury", amount: MOD(spec.token.treasury) },
            { account: "@contributors", amount: MOD(spec.token.contributors) },
          ],
          revenue_token: stablecoin,
          sale: "@sale",
          // Revenue starts once 1,000 tokens earn it, and each distribution streams over 7 days, so a holder
          // earns in proportion to balance × time and buying just before a payment earns almost nothing.
          min_eligible_supply: MOD("1000"),
          revenue_stream_ns: REVENUE_STREAM_NS,
        },
      },
      sale: {
        sub: "sale",
        wasm: "sale",
        initial_balance: CONTRACT_BALANCE,
        timelock_delay_ns: spec.timelockDelayNs,
        init: { kind: "sale", owner: master, token: "@token", stablecoin },
      },
      vault: {
        sub: "vault",
        wasm: "vault",
        initial_balance: CONTRACT_BALANCE,
        timelock_delay_ns: spec.timelockDelayNs,
        init: { kind: "vault", owner: master, token: "@token", stablecoin },
      },
      fees: {
        sub: "fees",
        wasm: "fees",
        initial_balance: FEES_BALANCE,
        timelock_delay_ns: spec.timelockDelayNs,
        init: {
          kind: "fees",
          owner: master,
          token: "@token",
          vault: "@vault",
          stablecoin,
          reserve: "@treasury",
          protocol: null,
          split: spec.fees.split,
          price_notice_s: spec.fees.priceNoticeS,
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
      { contract: stablecoin, account: "@sale" },
      { contract: stablecoin, account: "@token" },
      // The vault receives stage funding in the token and royalties in the stablecoin.
      { contract: "@token", account: "@vault" },
      { contract: stablecoin, account: "@vault" },
      // The fee router receives fees in the stablecoin; the treasury receives the reserve's share in it.
      { contract: stablecoin, account: "@fees" },
      { contract: stablecoin, account: "@treasury" },
    ],
    roles: [
      { contract: "@sale", role: "pauser", account: "@treasury" },
      { contract: "@vault", role: "config", account: "@treasury" },
      { contract: "@vault", role: "attestor_manager", account: "@treasury" },
      { contract: "@vault", role: "guardian", account: "@treasury" },
      { contract: "@vault", role: "pauser", account: "@treasury" },
      { contract: "@fees", role: "config", account: "@treasury" },
      { contract: "@fees", role: "provider_manager", account: "@treasury" },
      { contract: "@fees", role: "guardian", account: "@treasury" },
      { contract: "@fees", role: "pauser", account: "@treasury" },
    ],
    compute_providers: [],
    rounds: spec.rounds,
    vault_attestors: spec.vault.attestors.map((attestor) => ({ vault: "@vault", ...attestor })),
    vault_stages: spec.vault.stages.map(({ funding, ...stage }) => ({
      vault: "@vault",
      ...stage,
      funding: { from: "@contributors", amount: MOD(funding) },
    })),
    fees: { router: "@fees", stages: spec.fees.stages, providers: spec.fees.providers },
  };
}
