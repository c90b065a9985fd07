/** Node-level methods: status, network_info, validators, gas_price, genesis and protocol config, health. */
import { base58 } from "../../chain/encoding.ts";
import { genesisConfigView } from "../../chain/genesis.ts";
import { genesisTotalSupply, type Node } from "../../node/node.ts";
import {
  ACTION_COSTS,
  EXT_COSTS,
  PROTOCOL_VERSION,
  STORAGE_PARAMETERS,
  VM_LIMITS,
  WASM_CONFIG,
  WITNESS_CONFIG,
  CONGESTION_CONTROL_CONFIG,
  type ActionFeeParameter,
} from "../../vm/runtime-parameters.ts";
import { resolveBlock } from "../params.ts";
import type { StatusView } from "../view-types.ts";

const VERSION = {
  version: "2.6.2-localnet",
  build: "modelfund-localnet",
  commit: "modelfund-localnet",
  rustc_version: "none",
};

function fee(cost: ActionFeeParameter) {
  return { send_sir: Number(cost.sendSir), send_not_sir: Number(cost.sendNotSir), execution: Number(cost.execution) };
}

function numbers(entries: Record<string, bigint | number | string | boolean>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]));
}

export function runtimeConfigView(): Record<string, unknown> {
  const c = ACTION_COSTS;
  return {
    storage_amount_per_byte: STORAGE_PARAMETERS.storage_amount_per_byte.toString(),
    transaction_costs: {
      action_receipt_creation_config: fee(c.new_action_receipt),
      data_receipt_creation_config: {
        base_cost: fee(c.new_data_receipt_base),
        cost_per_byte: fee(c.new_data_receipt_byte),
      },
      action_creation_config: {
        create_account_cost: fee(c.create_account),
        deploy_contract_cost: fee(c.deploy_contract_base),
        deploy_contract_cost_per_byte: fee(c.deploy_contract_byte),
        function_call_cost: fee(c.function_call_base),
        function_call_cost_per_byte: fee(c.function_call_byte),
        transfer_cost: fee(c.transfer),
        stake_cost: fee(c.stake),
        add_key_cost: {
          full_access_cost: fee(c.add_full_access_key),
          function_call_cost: fee(c.add_function_call_key_base),
          function_call_cost_per_byte: fee(c.add_function_call_key_byte),
        },
        delete_key_cost: fee(c.delete_key),
        delete_account_cost: fee(c.delete_account),
        delegate_cost: fee(c.delegate),
      },
      storage_usage_config: {
        num_bytes_account: Number(STORAGE_PARAMETERS.storage_num_bytes_account),
        num_extra_bytes_record: Number(STORAGE_PARAMETERS.storage_num_extra_bytes_record),
      },
      burnt_gas_reward: [
        STORAGE_PARAMETERS.burnt_gas_reward.numerator,
        STORAGE_PARAMETERS.burnt_gas_reward.denominator,
      ],
      pessimistic_gas_price_inflation_ratio: [
        STORAGE_PARAMETERS.pessimistic_gas_price_inflation.numerator,
        STORAGE_PARAMETERS.pessimistic_gas_price_inflation.denominator,
      ],
    },
    wasm_config: {
      // contract_compile_* are no longer parameters (nearcore shows them as 0).
      ext_costs: {
        ...Object.fromEntries(Object.entries(EXT_COSTS).map(([name, cost]) => [name, Number(cost.gas)])),
        contract_compile_base: 0,
        contract_compile_bytes: 0,
      },
      grow_mem_cost: Number(WASM_CONFIG.wasm_grow_mem_cost),
      regular_op_cost: Number(WASM_CONFIG.wasm_regular_op_cost),
      vm_kind: WASM_CONFIG.vm_kind,
      discard_custom_sections: WASM_CONFIG.discard_custom_sections,
      saturating_float_to_int: true,
      implicit_account_creation: true,
      eth_implicit_accounts: WASM_CONFIG.eth_implicit_accounts,
      fix_contract_loading_cost: WASM_CONFIG.fix_contract_loading_cost,
      global_contract_host_fns: WASM_CONFIG.global_contract_host_fns,
      reftypes_bulk_memory: WASM_CONFIG.reftypes_bulk_memory,
      storage_get_mode: WASM_CONFIG.flat_storage_reads ? "FlatStorage" : "Trie",
      limit_config: numbers(VM_LIMITS as unknown as Record<string, bigint>),
    },
    congestion_control_config: {
      ...numbers(
        Object.fromEntries(
          Object.entries(CONGESTION_CONTROL_CONFIG).filter(([k]) => k !== "reject_tx_congestion_threshold"),
        ) as Record<string, bigint>,
      ),
      reject_tx_congestion_threshold:
        CONGESTION_CONTROL_CONFIG.reject_tx_congestion_threshold.numerator /
        CONGESTION_CONTROL_CONFIG.reject_tx_congestion_threshold.denominator,
    },
    witness_config: numbers(WITNESS_CONFIG as unknown as Record<string, bigint>),
    account_creation_config: {
      min_allowed_top_level_account_length: Number(STORAGE_PARAMETERS.min_allowed_top_level_account_length),
      registrar_account_id: STORAGE_PARAMETERS.registrar_account_id,
    },
  };
}

export const nodeHandlers = {
  status(node: Node): StatusView {
    const { chain, genesis } = node;
    const head = chain.head;
    const genesisBlock = chain.blockByHeight(genesis.genesisHeight) ?? head;
    return {
      version: VERSION,
      chain_id: genesis.chainId,
      protocol_version: PROTOCOL_VERSION,
      latest_protocol_version: PROTOCOL_VERSION,
      rpc_addr: node.rpcAddr,
      validators: [{ account_id: genesis.validator.accountId, is_slashed: false }],
      sync_info: {
        latest_block_hash: base58(head.hash),
        latest_block_height: Number(head.height),
        latest_state_root: base58(head.stateRoot),
        latest_block_time: new Date(Number(head.timestamp / 1_000_000n)).toISOString(),
        syncing: false,
        earliest_block_hash: base58(genesisBlock.hash),
        earliest_block_height: Number(genesisBlock.height),
        earliest_block_time: new Date(Number(genesisBlock.timestamp / 1_000_000n)).toISOString(),
        epoch_id: base58(head.epochId),
        epoch_start_height: Number(genesis.genesisHeight + (head.epochHeight - 1n) * genesis.epochLength + 1n),
      },
      validator_account_id: genesis.validator.accountId,
      validator_public_key: genesis.validator.publicKey,
      node_public_key: genesis.validator.publicKey,
      node_key: null,
      uptime_sec: Math.floor((Date.now() - node.startedAt) / 1000),
      genesis_hash: base58(genesisBlock.hash),
      detailed_debug_status: null,
    };
  },

  network_info(node: Node) {
    return {
      active_peers: [],
      num_active_peers: 0,
      peer_max_count: 0,
      sent_bytes_per_sec: 0,
      received_bytes_per_sec: 0,
      known_producers: [
        { account_id: node.genesis.validator.accountId, peer_id: node.genesis.validator.publicKey, addr: null },
      ],
    };
  },

  validators(node: Node) {
    const { genesis, chain } = node;
    const validator = {
      account_id: genesis.validator.accountId,
      public_key: genesis.validator.publicKey,
      is_slashed: false,
      stake: genesis.validator.stake.toString(),
      shards: [0],
      num_produced_blocks: Number(chain.head.height - genesis.genesisHeight),
      num_expected_blocks: Number(chain.head.height - genesis.genesisHeight),
      num_produced_chunks: Number(chain.head.height - genesis.genesisHeight),
      num_expected_chunks: Number(chain.head.height - genesis.genesisHeight),
    };
    return {
      current_validators: [validator],
      next_validators: [
        { account_id: validator.account_id, public_key: validator.public_key, stake: validator.stake, shards: [0] },
      ],
      current_fishermen: [],
      next_fishermen: [],
      current_proposals: [],
      prev_epoch_kickout: [],
      epoch_start_height: Number(genesis.genesisHeight + (chain.head.epochHeight - 1n) * genesis.epochLength + 1n),
      epoch_height: Number(chain.head.epochHeight),
    };
  },

  gas_price(node: Node, params: unknown) {
    const reference = Array.isArray(params)
      ? params[0]
      : params && typeof params === "object"
        ? (params as Record<string, unknown>).block_id
        : undefined;
    const block = resolveBlock(node, reference ?? null);
    return { gas_price: block.gasPrice.toString() };
  },

  EXPERIMENTAL_genesis_config(node: Node) {
    return genesisConfigView(node.genesis, genesisTotalSupply(node.genesis));
  },

  EXPERIMENTAL_protocol_config(node: Node, params: unknown) {
    resolveBlock(node, params);
    return {
      ...genesisConfigView(node.genesis, node.chain.head.totalSupply),
      shuffle_shard_assignment_for_chunk_producers: false,
      target_validator_mandates_per_shard: 68,
      runtime_config: runtimeConfigView(),
    };
  },

  health() {
    return null;
  },
};
