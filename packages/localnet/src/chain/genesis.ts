/**
 * The genesis of a local chain: neard's localnet defaults for a single
 * validator, `test.near`, as `neard init` writes them. Values that are not
 * runtime parameters (those live in vm/runtime-parameters.ts) are genesis
 * configuration and are named here once.
 */
import { newEd25519KeyPair } from "./keys.ts";
import { PROTOCOL_VERSION } from "../vm/runtime-parameters.ts";

const NEAR = 10n ** 24n;

/** neard localnet genesis constants (nearcore `nearcore/src/config.rs`, `init_configs`). */
export const GENESIS_DEFAULTS = {
  /** TESTING_INIT_BALANCE: the validator's liquid balance. */
  validatorBalance: 1_000_000_000n * NEAR,
  /** TESTING_INIT_STAKE: the validator's stake. */
  validatorStake: 50_000_000n * NEAR,
  /** MIN_GAS_PRICE of localnet, yoctoNEAR per gas. */
  minGasPrice: 100_000_000n,
  maxGasPrice: 10_000_000_000_000_000_000_000n,
  /** Gas limit of a chunk. */
  gasLimit: 1_000_000_000_000_000n,
  /** Blocks per epoch. */
  epochLength: 500n,
  /** Blocks a transaction's block hash stays valid for. */
  transactionValidityPeriod: 100n,
  /** Sandbox genesis starts at height 0. */
  genesisHeight: 0n,
} as const;

export interface ValidatorKey {
  account_id: string;
  public_key: string;
  secret_key: string;
}

/** An account in genesis records (neard's StateRecord::Account). */
export interface GenesisAccount {
  accountId: string;
  amount: bigint;
  locked: bigint;
  publicKey: string;
}

export interface Genesis {
  chainId: string;
  genesisTime: string;
  protocolVersion: number;
  genesisHeight: bigint;
  epochLength: bigint;
  minGasPrice: bigint;
  maxGasPrice: bigint;
  gasLimit: bigint;
  transactionValidityPeriod: bigint;
  validator: { accountId: string; publicKey: string; stake: bigint };
  accounts: GenesisAccount[];
}

export function newValidatorKey(accountId = "test.near"): ValidatorKey {
  const key = newEd25519KeyPair();
  return { account_id: accountId, public_key: key.publicKey, secret_key: key.secretKey };
}

export function localnetGenesis(validator: ValidatorKey, chainId = "localnet"): Genesis {
  return {
    chainId,
    genesisTime: new Date().toISOString(),
    protocolVersion: PROTOCOL_VERSION,
    genesisHeight: GENESIS_DEFAULTS.genesisHeight,
    epochLength: GENESIS_DEFAULTS.epochLength,
    minGasPrice: GENESIS_DEFAULTS.minGasPrice,
    maxGasPrice: GENESIS_DEFAULTS.maxGasPrice,
    gasLimit: GENESIS_DEFAULTS.gasLimit,
    transactionValidityPeriod: GENESIS_DEFAULTS.transactionValidityPeriod,
    validator: {
      accountId: validator.account_id,
      publicKey: validator.public_key,
      stake: GENESIS_DEFAULTS.validatorStake,
    },
    accounts: [
      {
        accountId: validator.account_id,
        amount: GENESIS_DEFAULTS.validatorBalance,
        locked: GENESIS_DEFAULTS.validatorStake,
        publicKey: validator.public_key,
      },
    ],
  };
}

/** genesis.json as neard writes it (the fields this node reads back, plus records). */
export function genesisToJson(genesis: Genesis): Record<string, unknown> {
  const totalSupply = genesis.accounts.reduce((sum, a) => sum + a.amount + a.locked, 0n);
  return {
    ...genesisConfigView(genesis, totalSupply),
    records: genesis.accounts.flatMap((a) => [
      {
        Account: {
          account_id: a.accountId,
          account: {
            amount: a.amount.toString(),
            locked: a.locked.toString(),
            code_hash: "11111111111111111111111111111111",
            storage_usage: 0,
            version: "V1",
          },
        },
      },
      {
        AccessKey: {
          account_id: a.accountId,
          public_key: a.publicKey,
          access_key: { nonce: 0, permission: "FullAccess" },
        },
      },
    ]),
  };
}

/** The parts of genesis.json this node reads back (what genesisToJson writes, in neard's form). */
export interface GenesisJson {
  chain_id: string;
  genesis_time: string;
  protocol_version: number;
  genesis_height: number | string;
  epoch_length: number | string;
  min_gas_price: string;
  max_gas_price: string;
  gas_limit: number | string;
  transaction_validity_period: number | string;
  validators: Array<{ account_id: string; public_key: string; amount: string }>;
  records: GenesisRecordJson[];
}

export type GenesisRecordJson =
  | { Account: { account_id: string; account: { amount: string; locked: string } } }
  | { AccessKey: { account_id: string; public_key: string } };

export function genesisFromJson(json: GenesisJson): Genesis {
  const validators = json.validators;
  const keys = new Map<string, string>();
  for (const record of json.records) {
    if ("AccessKey" in record && !keys.has(record.AccessKey.account_id))
      keys.set(record.AccessKey.account_id, record.AccessKey.public_key);
  }
  const accounts: GenesisAccount[] = [];
  for (const record of json.records) {
    if (!("Account" in record)) continue;
    const publicKey = keys.get(record.Account.account_id);
    if (publicKey === undefined) throw new Error(`genesis: account ${record.Account.account_id} has no access key`);
    accounts.push({
      accountId: record.Account.account_id,
      amount: BigInt(record.Account.account.amount),
      locked: BigInt(record.Account.account.locked),
      publicKey,
    });
  }
  return {
    chainId: json.chain_id,
    genesisTime: json.genesis_time,
    protocolVersion: json.protocol_version,
    genesisHeight: BigInt(json.genesis_height),
    epochLength: BigInt(json.epoch_length),
    minGasPrice: BigInt(json.min_gas_price),
    maxGasPrice: BigInt(json.max_gas_price),
    gasLimit: BigInt(json.gas_limit),
    transactionValidityPeriod: BigInt(json.transaction_validity_period),
    validator: {
      accountId: validators[0].account_id,
      publicKey: validators[0].public_key,
      stake: BigInt(validators[0].amount),
    },
    accounts,
  };
}

/** EXPERIMENTAL_genesis_config: genesis.json without records. */
export function genesisConfigView(genesis: Genesis, totalSupply: bigint): Record<string, unknown> {
  return {
    protocol_version: genesis.protocolVersion,
    genesis_time: genesis.genesisTime,
    chain_id: genesis.chainId,
    genesis_height: Number(genesis.genesisHeight),
    num_block_producer_seats: 50,
    num_block_producer_seats_per_shard: [50],
    avg_hidden_validator_seats_per_shard: [0],
    dynamic_resharding: false,
    protocol_upgrade_stake_threshold: [4, 5],
    epoch_length: Number(genesis.epochLength),
    gas_limit: Number(genesis.gasLimit),
    min_gas_price: genesis.minGasPrice.toString(),
    max_gas_price: genesis.maxGasPrice.toString(),
    block_producer_kickout_threshold: 90,
    chunk_producer_kickout_threshold: 90,
    chunk_validator_only_kickout_threshold: 80,
    online_min_threshold: [9, 10],
    online_max_threshold: [99, 100],
    gas_price_adjustment_rate: [1, 100],
    validators: [
      {
        account_id: genesis.validator.accountId,
        public_key: genesis.validator.publicKey,
        amount: genesis.validator.stake.toString(),
      },
    ],
    transaction_validity_period: Number(genesis.transactionValidityPeriod),
    protocol_reward_rate: [1, 10],
    max_inflation_rate: [1, 20],
    total_supply: totalSupply.toString(),
    num_blocks_per_year: 31536000,
    protocol_treasury_account: genesis.validator.accountId,
    fishermen_threshold: "10000000000000000000000000",
    minimum_stake_divisor: 10,
    shard_layout: { V0: { num_shards: 1, version: 0 } },
    num_chunk_only_producer_seats: 300,
    minimum_validators_per_shard: 1,
    max_kickout_stake_perc: 100,
    minimum_stake_ratio: [1, 6250],
    use_production_config: false,
  };
}
