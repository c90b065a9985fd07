/**
 * The costs and limits the VM charges and enforces, in the shape its parts
 * use, built from the transcription of nearcore's parameters
 * (runtime-parameters.ts). Nothing here is a number of its own.
 */
export type ExtCostName =
  | "base"
  | "contract_loading_base"
  | "contract_loading_bytes"
  | "read_memory_base"
  | "read_memory_byte"
  | "write_memory_base"
  | "write_memory_byte"
  | "read_register_base"
  | "read_register_byte"
  | "write_register_base"
  | "write_register_byte"
  | "utf8_decoding_base"
  | "utf8_decoding_byte"
  | "utf16_decoding_base"
  | "utf16_decoding_byte"
  | "sha256_base"
  | "sha256_byte"
  | "keccak256_base"
  | "keccak256_byte"
  | "keccak512_base"
  | "keccak512_byte"
  | "ripemd160_base"
  | "ripemd160_block"
  | "ecrecover_base"
  | "ed25519_verify_base"
  | "ed25519_verify_byte"
  | "log_base"
  | "log_byte"
  | "storage_write_base"
  | "storage_write_key_byte"
  | "storage_write_value_byte"
  | "storage_write_evicted_byte"
  | "storage_read_base"
  | "storage_read_key_byte"
  | "storage_read_value_byte"
  | "storage_remove_base"
  | "storage_remove_key_byte"
  | "storage_remove_ret_value_byte"
  | "storage_has_key_base"
  | "storage_has_key_byte"
  | "touching_trie_node"
  | "read_cached_trie_node"
  | "promise_and_base"
  | "promise_and_per_promise"
  | "promise_return"
  | "validator_stake_base"
  | "validator_total_stake_base";

export type ActionCostName =
  | "new_action_receipt"
  | "new_data_receipt_base"
  | "new_data_receipt_byte"
  | "create_account"
  | "deploy_contract_base"
  | "deploy_contract_byte"
  | "function_call_base"
  | "function_call_byte"
  | "transfer"
  | "stake"
  | "add_full_access_key"
  | "add_function_call_key_base"
  | "add_function_call_key_byte"
  | "delete_key"
  | "delete_account";

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
