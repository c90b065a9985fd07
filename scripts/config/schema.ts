/**
 * The suite description: one typed, validated object per network profile.
 *
 * Two layers: the zod shapes below check each field (types, formats,
 * ranges), then `checkSuite` checks what spans fields (references resolve,
 * allocations add up, rounds fit the sale's inventory…). Both report every
 * problem at once with its path, and nothing is sent before both pass.
 *
 * Accounts are referenced as "@name" (an entry of `accounts` or `contracts`,
 * deployed as `<sub>.<master_account_id>`) or as a literal account id
 * (an external account, e.g. a testnet stablecoin or a provider).
 */
import { z } from "zod";

const U128_MAX = (1n << 128n) - 1n;

/** A non-negative integer amount in base units, written as a decimal string (never a JS number: no floats in money paths). */
export const u128 = z
  .string()
  .regex(/^(0|[1-9]\d*)$/, "must be an integer in base units written as a decimal string")
  .transform((text) => BigInt(text))
  .refine((value) => value <= U128_MAX, "exceeds u128");

/** NEAR's account id rules (nearcore `AccountId`): 2–64 chars, parts of [a-z0-9] joined by - or _, separated by dots. */
export const ACCOUNT_ID_PATTERN = /^(?=.{2,64}$)(([a-z\d]+[-_])*[a-z\d]+\.)*([a-z\d]+[-_])*[a-z\d]+$/;
export const accountId = z.string().regex(ACCOUNT_ID_PATTERN, "is not a valid NEAR account id");

/** One label of a sub-account (no dots): `<sub>.<master>`. */
const subLabel = z
  .string()
  .regex(/^([a-z\d]+[-_])*[a-z\d]+$/, "must be one account-id label (a-z, 0-9, - or _; no dots)");

/** "@name" (a suite entry) or a literal account id. Resolution is checked in `checkSuite`. */
export const accountRef = z
  .string()
  .refine((s) => (s.startsWith("@") ? /^@[a-z][a-z0-9_]*$/.test(s) : ACCOUNT_ID_PATTERN.test(s)), {
    message: 'must be "@name" of a suite account or contract, or a valid account id',
  });

const entryName = z.string().regex(/^[a-z][a-z0-9_]*$/, "names are lower-case identifiers");
const seconds = z.number().int("must be whole seconds").nonnegative();
const bps = z.number().int().min(0).max(10_000);

export const plainAccountSchema = z.strictObject({
  sub: subLabel,
  /** NEAR sent with the creating transaction (yoctoNEAR). */
  initial_balance: u128,
});

export const tokenMetadataSchema = z.strictObject({
  spec: z.literal("ft-1.0.0"),
  name: z.string().min(1).max(64),
  symbol: z.string().min(1).max(16),
  decimals: z.number().int().min(0).max(32),
  icon: z.string().nullable().optional(),
  reference: z.string().nullable().optional(),
  reference_hash: z.string().nullable().optional(),
});

export const tokenInitSchema = z.strictObject({
  kind: z.literal("token"),
  owner: accountRef,
  metadata: tokenMetadataSchema,
  max_supply: u128,
  allocations: z
    .array(z.strictObject({ account: accountRef, amount: u128, earns_revenue: z.boolean().optional() }))
    .min(1)
    .max(32),
  /** The NEP-141 accepted as stablecoin revenue, or null. */
  revenue_token: accountRef.nullable(),
  /** The sale receiving reinvested revenue, or null. */
  sale: accountRef.nullable(),
  /** Revenue is refused (returned to the payer) while fewer base units than this earn revenue; the token's default is 1. */
  min_eligible_supply: u128.optional(),
  /** Nanoseconds over which each distribution streams to holders (balance × time); the token's default is 0: at once. */
  revenue_stream_ns: u128.optional(),
});

export const saleInitSchema = z.strictObject({
  kind: z.literal("sale"),
  owner: accountRef,
  token: accountRef,
  stablecoin: accountRef.nullable(),
  // token_inventory is not configured: it is the token's allocation to this sale, so the two cannot disagree.
});

/**
 * A contract whose init the scripts do not know yet (contributor vaults,
 * the inference-fee router…): its init method and JSON args, in which any
 * string "@name" is replaced by that entry's account id.
 */
export const genericInitSchema = z.strictObject({
  kind: z.literal("generic"),
  owner: accountRef,
  method: z.string().min(1),
  args: z.record(z.string(), z.unknown()),
  /** The view returning `{owner_id, roles}` for role checks (optional). */
  admin_view: z.string().optional(),
});

/**
 * The contributor vault (contracts/vault): rewards in `token`, royalties in
 * NEAR and, if set, `stablecoin`. Its pools are not pre-minted to it: each
 * stage is funded through `vault_stages[].funding` (ft_transfer_call with
 * msg {"fund_stage": N}), so every token in a pool is on the books of a stage.
 */
export const vaultInitSchema = z.strictObject({
  kind: z.literal("vault"),
  owner: accountRef,
  token: accountRef,
  stablecoin: accountRef.nullable(),
});

/** A point in time: absolute (ISO 8601), or seconds after the block in which the deploy step sends it (local demos). */
export const momentSchema = z.union([
  z.strictObject({ at: z.iso.datetime({ offset: true }) }),
  z.strictObject({ after_s: seconds }),
]);

/** A sha256 digest: 64 lowercase hex characters, as the vault stores them. */
const digestHex = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 digest (64 lowercase hex characters)");

/** An attestor admitted to a vault by its `attestor_manager` (set_attestor). */
export const vaultAttestorSchema = z.strictObject({
  vault: accountRef,
  account: accountRef,
  /** sha256 of the attestation report that justified admitting this attestor. */
  report_hash: digestHex,
  /** When the admission lapses; the deploy renews an expired one (a relative expiry counts from that renewal). */
  expires: momentSchema,
});

/** One stage of a vault (configure_stage by its `config` role), and the tokens that fund its pool. */
export const vaultStageSchema = z.strictObject({
  vault: accountRef,
  stage: z.number().int().min(0).max(6),
  /** Epochs expected (indexes 0..epochs-1). */
  epochs: z.number().int().min(1).max(1000),
  /** Reward tokens (base units) reserved per accepted epoch. */
  epoch_reward: u128,
  /** Identical attestor submissions that accept an epoch. */
  quorum: z.number().int().min(1).max(16),
  /** Seconds after acceptance during which a guardian may veto an epoch. */
  challenge_window_s: seconds,
  /** After it, unclaimed rewards can roll over to the next stage. Relative times count from the first configuration. */
  claim_deadline: momentSchema,
  vesting: z.strictObject({ start: momentSchema, cliff_s: seconds, duration_s: seconds }),
  /** Claims need qualification from the previous stage (never for stage 0). */
  requires_qualification: z.boolean().optional(),
  /** The stage's pool is topped up to `amount` funded in total, sent by `from` (a signer of the suite). */
  funding: z.strictObject({ from: accountRef, amount: u128 }).optional(),
});

/** The split of a stage's fees in basis points (the router refuses a sum other than 10,000). */
export const feeSplitSchema = z.strictObject({
  holders_bps: bps,
  contributors_bps: bps,
  reserve_bps: bps,
  protocol_bps: bps,
});

/**
 * The inference-fee router (contracts/fees): fees in NEAR and, if set,
 * `stablecoin`, split per stage between the holders (`token`), the stage's
 * contributors (`vault`), the next-model `reserve` and an optional
 * `protocol` account. `split` is what every stage starts with at init;
 * `fees.stages[].split` changes a stage through the router's timelock.
 */
export const feesInitSchema = z.strictObject({
  kind: z.literal("fees"),
  owner: accountRef,
  token: accountRef,
  vault: accountRef,
  stablecoin: accountRef.nullable(),
  reserve: accountRef,
  protocol: accountRef.nullable(),
  split: feeSplitSchema,
  /** Seconds a price change is announced before it applies (fixed at init; the router allows up to 90 days). */
  price_notice_s: seconds,
});

export const contractSchema = z.strictObject({
  sub: subLabel,
  /** Build output name: build/<wasm>.wasm. */
  wasm: z.string().regex(/^[a-z0-9_-]+$/),
  initial_balance: u128,
  /**
   * Nanoseconds every timelocked operation of the contract waits (upgrades, providers, sweeps…), passed to
   * init. At most 30 days; `checkSuite` requires at least 1 day on mainnet and 1 hour on testnet.
   */
  timelock_delay_ns: u128,
  init: z.discriminatedUnion("kind", [
    tokenInitSchema,
    saleInitSchema,
    vaultInitSchema,
    feesInitSchema,
    genericInitSchema,
  ]),
});

export const roundSchema = z.strictObject({
  sale: accountRef,
  /** Unique per sale (the sale enforces it, so a retried create_round cannot duplicate); defaults to `name`. */
  key: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[\x20-\x7e]+$/, "must be printable ASCII")
    .optional(),
  name: z.string().min(1).max(64),
  /** Absolute start (ISO 8601), or seconds after the block in which the round is created (local demos). */
  starts: z.union([
    z.strictObject({ at: z.iso.datetime({ offset: true }) }),
    z.strictObject({ after_creation_s: seconds.min(1) }),
  ]),
  duration_s: seconds.min(1),
  token_allocation: u128,
  hard_cap: u128,
  soft_cap: u128,
  min_per_account: u128.optional(),
  max_per_account: u128.optional(),
  /** yoctoNEAR per whole token; null: NEAR not accepted. */
  price_near: u128.nullable(),
  /** Stablecoin base units per whole token; null: stablecoin not accepted. */
  price_ft: u128.nullable(),
  vesting: z.strictObject({ tge_bps: bps, cliff_s: seconds, duration_s: seconds }),
  /** Tranche caps, each `after_end_s` seconds after the round's end. */
  release_schedule: z
    .array(z.strictObject({ after_end_s: seconds, max_bps: bps }))
    .min(1)
    .max(24),
});

/** A price in one asset, in its base units (yoctoNEAR, or the stablecoin's smallest unit). */
export const feeAssetPriceSchema = z.strictObject({
  per_million_input: u128,
  per_million_output: u128,
  per_request: u128,
});

/** One stage of the router: its price (set_price by the `config` role) and, if it differs from init's, its split. */
export const feeStageSchema = z.strictObject({
  stage: z.number().int().min(0).max(6),
  price: z
    .strictObject({
      /** null or absent: fees of this stage are not accepted in that asset. */
      near: feeAssetPriceSchema.nullable().optional(),
      stable: feeAssetPriceSchema.nullable().optional(),
      /** When the price applies: at least the router's notice after it is sent; relative times count from sending. */
      effective: momentSchema,
    })
    .optional(),
  split: feeSplitSchema.optional(),
});

/**
 * An inference provider the suite expects. It registers itself (its key, its
 * bond and storage deposit: `npm run provider -- register`, or the local
 * lifecycle); the deploy approves it, by the router's `provider_manager`, once
 * it is registered and pending.
 */
export const feeProviderSchema = z.strictObject({
  account: accountRef,
  name: z.string().min(1).max(64),
  endpoint: z
    .string()
    .regex(/^https?:\/\/\S+$/, "must be an http:// or https:// URL")
    .max(256),
  stages: z.array(z.number().int().min(0).max(6)).min(1).max(7),
  /** sha256 of its TEE attestation report (64 lowercase hex), or absent without private inference. */
  attestation_digest: digestHex.optional(),
  /** NEAR it posts as bond when it registers (yoctoNEAR; "0": none). */
  bond: u128,
});

/** The router's stages and expected providers. */
export const feesSectionSchema = z.strictObject({
  router: accountRef,
  stages: z.array(feeStageSchema).max(7),
  providers: z.array(feeProviderSchema).max(32),
});

export const suiteSchema = z.strictObject({
  network: z.enum(["local", "testnet", "mainnet"]),
  /** JSON-RPC endpoint; for `local` the running chain's address is used instead when known. */
  rpc_url: z.url(),
  master_account_id: accountId,
  /** NEP-330 source link passed to every init. */
  source_link: z.string().max(256),
  accounts: z.record(entryName, plainAccountSchema),
  contracts: z.record(entryName, contractSchema),
  /** Explicit revenue exclusions (allocation accounts are already excluded by the token unless `earns_revenue`). */
  revenue_exclusions: z.array(z.strictObject({ token: accountRef, account: accountRef })),
  /** NEP-145 registrations paid by the master account (e.g. the sale and the token on the stablecoin). */
  storage_registrations: z.array(z.strictObject({ contract: accountRef, account: accountRef })),
  roles: z.array(
    z.strictObject({
      contract: accountRef,
      role: z.enum(["pauser", "config", "guardian", "attestor_manager", "provider_manager"]),
      account: accountRef,
    }),
  ),
  /** Compute providers the sale may pay tranches to. */
  compute_providers: z.array(z.strictObject({ sale: accountRef, account: accountRef })),
  rounds: z.array(roundSchema),
  /** Attestors of the contributor vaults (absent: none). */
  vault_attestors: z.array(vaultAttestorSchema).default([]),
  /** Stage configurations and pool funding of the contributor vaults (absent: none). */
  vault_stages: z.array(vaultStageSchema).default([]),
  /** The inference-fee router's prices, splits and providers (absent: no router). */
  fees: feesSectionSchema.optional(),
});

export type SuiteConfigInput = z.input<typeof suiteSchema>;
export type SuiteConfig = z.output<typeof suiteSchema>;
export type ContractEntry = SuiteConfig["contracts"][string];
export type RoundEntry = SuiteConfig["rounds"][number];
export type TokenInit = z.output<typeof tokenInitSchema>;
export type SaleInit = z.output<typeof saleInitSchema>;
export type GenericInit = z.output<typeof genericInitSchema>;
export type VaultInit = z.output<typeof vaultInitSchema>;
export type VaultAttestorEntry = SuiteConfig["vault_attestors"][number];
export type VaultAttestorInput = z.input<typeof vaultAttestorSchema>;
export type VaultStageInput = z.input<typeof vaultStageSchema>;
export type VaultStageEntry = SuiteConfig["vault_stages"][number];
export type Moment = z.output<typeof momentSchema>;
export type FeesInit = z.output<typeof feesInitSchema>;
export type FeesSection = z.output<typeof feesSectionSchema>;
export type FeesSectionInput = z.input<typeof feesSectionSchema>;
export type FeeStageEntry = FeesSection["stages"][number];
export type FeeProviderEntry = FeesSection["providers"][number];
export type FeeSplit = z.output<typeof feeSplitSchema>;
