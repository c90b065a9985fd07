/**
 * The costs and limits the VM charges and enforces, in the shape its parts
 * use, built from the transcription of nearcore's parameters
 * (runtime-parameters.ts). Nothing here is a number of its own.
 */
import { ACTION_COSTS, EXT_COSTS, STORAGE_PARAMETERS, VM_LIMITS, WASM_CONFIG } from "./runtime-parameters.ts";

/** The host-function costs the VM charges (nearcore ExtCosts it implements). */
const EXT_COST_NAMES = [
  "base",
  "contract_loading_base",
  "contract_loading_bytes",
  "read_memory_base",
  "read_memory_byte",
  "write_memory_base",
  "write_memory_byte",
  "read_register_base",
  "read_register_byte",
  "write_register_base",
  "write_register_byte",
  "utf8_decoding_base",
  "utf8_decoding_byte",
  "utf16_decoding_base",
  "utf16_decoding_byte",
  "sha256_base",
  "sha256_byte",
  "keccak256_base",
  "keccak256_byte",
  "keccak512_base",
  "keccak512_byte",
  "ripemd160_base",
  "ripemd160_block",
  "ecrecover_base",
  "ed25519_verify_base",
  "ed25519_verify_byte",
  "log_base",
  "log_byte",
  "storage_write_base",
  "storage_write_key_byte",
  "storage_write_value_byte",
  "storage_write_evicted_byte",
  "storage_read_base",
  "storage_read_key_byte",
  "storage_read_value_byte",
  "storage_remove_base",
  "storage_remove_key_byte",
  "storage_remove_ret_value_byte",
  "storage_has_key_base",
  "storage_has_key_byte",
  "touching_trie_node",
  "read_cached_trie_node",
  "promise_and_base",
  "promise_and_per_promise",
  "promise_return",
  "validator_stake_base",
  "validator_total_stake_base",
  "alt_bn128_g1_multiexp_base",
  "alt_bn128_g1_multiexp_element",
  "alt_bn128_pairing_check_base",
  "alt_bn128_pairing_check_element",
  "alt_bn128_g1_sum_base",
  "alt_bn128_g1_sum_element",
] as const;
export type ExtCostName = (typeof EXT_COST_NAMES)[number];

/** The action fees the VM charges for receipts a call creates. */
const ACTION_COST_NAMES = [
  "new_action_receipt",
  "new_data_receipt_base",
  "new_data_receipt_byte",
  "create_account",
  "deploy_contract_base",
  "deploy_contract_byte",
  "function_call_base",
  "function_call_byte",
  "transfer",
  "stake",
  "add_full_access_key",
  "add_function_call_key_base",
  "add_function_call_key_byte",
  "delete_key",
  "delete_account",
] as const;
export type ActionCostName = (typeof ACTION_COST_NAMES)[number];

export interface ExtCost {
  gas: bigint;
  /** The name neard's gas profile shows for it. */
  profileName: string;
}

export interface ActionFee {
  sendSir: bigint;
  sendNotSir: bigint;
  execution: bigint;
  profileName: string;
}

export interface RuntimeCosts {
  /** Gas of one executed wasm instruction. */
  regularOpCost: bigint;
  ext: Record<ExtCostName, ExtCost>;
  actions: Record<ActionCostName, ActionFee>;
}

export interface VMLimits {
  maxGasBurnt: bigint;
  maxRegisterSize: bigint;
  maxNumberRegisters: bigint;
  registersMemoryLimit: bigint;
  maxNumberLogs: bigint;
  maxTotalLogLength: bigint;
  maxPromisesPerFunctionCallAction: bigint;
  maxNumberInputDataDependencies: bigint;
  maxLengthReturnedData: bigint;
  maxLengthStorageKey: bigint;
  maxLengthStorageValue: bigint;
  maxContractSize: bigint;
  maxFunctionsNumberPerContract: bigint;
  maxLocalsPerContract: bigint;
  maxTablesPerContract: bigint;
  maxElementsPerContractTable: bigint;
  initialMemoryPages: bigint;
  maxMemoryPages: bigint;
  storageNumExtraBytesRecord: bigint;
}

/** Converts one ext cost of the transcribed table to the VM's shape. */
function extCost(name: ExtCostName): ExtCost {
  const { gas, profileName } = EXT_COSTS[name];
  return { gas, profileName };
}

function actionFee(name: ActionCostName): ActionFee {
  const { sendSir, sendNotSir, execution, profileName } = ACTION_COSTS[name];
  return { sendSir, sendNotSir, execution, profileName };
}

/** The costs of NEAR's protocol version PROTOCOL_VERSION, from the transcribed parameter table. */
export function nearRuntimeCosts(): RuntimeCosts {
  return {
    regularOpCost: WASM_CONFIG.wasm_regular_op_cost,
    ext: Object.fromEntries(EXT_COST_NAMES.map((name) => [name, extCost(name)])) as Record<ExtCostName, ExtCost>,
    actions: Object.fromEntries(ACTION_COST_NAMES.map((name) => [name, actionFee(name)])) as Record<
      ActionCostName,
      ActionFee
    >,
  };
}

/** The contract limits of NEAR's protocol version PROTOCOL_VERSION, from the transcribed parameter table. */
export function nearVMLimits(): VMLimits {
  return {
    maxGasBurnt: VM_LIMITS.max_gas_burnt,
    maxRegisterSize: VM_LIMITS.max_register_size,
    maxNumberRegisters: VM_LIMITS.max_number_registers,
    registersMemoryLimit: VM_LIMITS.registers_memory_limit,
    maxNumberLogs: VM_LIMITS.max_number_logs,
    maxTotalLogLength: VM_LIMITS.max_total_log_length,
    maxPromisesPerFunctionCallAction: VM_LIMITS.max_promises_per_function_call_action,
    maxNumberInputDataDependencies: VM_LIMITS.max_number_input_data_dependencies,
    maxLengthReturnedData: VM_LIMITS.max_length_returned_data,
    maxLengthStorageKey: VM_LIMITS.max_length_storage_key,
    maxLengthStorageValue: VM_LIMITS.max_length_storage_value,
    maxContractSize: VM_LIMITS.max_contract_size,
    maxFunctionsNumberPerContract: VM_LIMITS.max_functions_number_per_contract,
    maxLocalsPerContract: VM_LIMITS.max_locals_per_contract,
    maxTablesPerContract: VM_LIMITS.max_tables_per_contract,
    maxElementsPerContractTable: VM_LIMITS.max_elements_per_contract_table,
    initialMemoryPages: VM_LIMITS.initial_memory_pages,
    maxMemoryPages: VM_LIMITS.max_memory_pages,
    storageNumExtraBytesRecord: STORAGE_PARAMETERS.storage_num_extra_bytes_record,
  };
}
