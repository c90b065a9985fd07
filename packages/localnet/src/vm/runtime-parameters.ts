/**
 * NEAR runtime parameters, transcribed as data.
 *
 * Source: nearcore's `core/parameters/res/runtime_configs/parameters.snap`
 * (repository near/nearcore, commit 00fc9501c83c5fe1197bc0bc80958bf1e7cb7a5a), the
 * human-readable snapshot nearcore's `test_json_unchanged` writes of the parameter table
 * of its current stable PROTOCOL_VERSION. Every value below is the snapshot's value,
 * unchanged; nothing is computed here.
 *
 * Protocol version: 85. The snapshot does not print it; it is inferred from the contents:
 * they include the 84.yaml changes (vm_kind Wasmtime, reftypes_bulk_memory, linear op
 * costs, max_deploy_actions_per_receipt 10) and the 85.yaml flags one_yocto_on_promise
 * and p256_verify_host_fn, and none of 86.yaml (fix_contract_loading_error). It is an
 * in-development state of version 85: nearcore's final version-85 JSON snapshot
 * (`core/parameters/src/snapshots/near_parameters__config_store__tests__85.json.snap`,
 * commit 056688902d8ba4f1b34fe5386f4beeb6ef1309f8) differs in action_create_account
 * (send 500_000_000_000, execution 7_200_000_000_000), turns gas_key_host_fns on and adds
 * parameters this snapshot does not have (yield_with_id and chain_id host functions,
 * sha3_256 and ML-DSA-65 costs, max_operand_stack_bytes_per_function,
 * min_gas_purchase_price, account_creation_charge). Those are not transcribed here.
 *
 * Conventions:
 * - Keys are nearcore's names. EXT_COSTS is keyed by nearcore's `ExtCosts` variant
 *   (the parameter name without `wasm_`), ACTION_COSTS by its `ActionCosts` variant; each
 *   entry names its snapshot parameter in `parameter`. All other objects are keyed by the
 *   snapshot parameter name itself.
 * - Gas, balances (yoctoNEAR), sizes and counts are bigint; only version numbers are
 *   `number`. Ratios are `{ numerator, denominator }` as the snapshot writes them.
 * - `compute` is the snapshot's compute cost where it gives one; otherwise nearcore
 *   takes the compute cost to equal the gas cost, and so does this table.
 * - `profileName` is the `cost` string neard puts in a gas profile (ExecutionMetadata
 *   V3 in `core/primitives/src/views.rs`): the `ExtCosts` / `ActionCosts` variant name in
 *   upper case, with category "WASM_HOST_COST" for ext costs and "ACTION_COST" for
 *   actions; gas of executed wasm instructions is reported as "WASM_INSTRUCTION" in the
 *   "WASM_HOST_COST" category.
 */

/** Where this table was transcribed from. */
export const PARAMETERS_SOURCE = {
  repository: "near/nearcore",
  path: "core/parameters/res/runtime_configs/parameters.snap",
  commit: "00fc9501c83c5fe1197bc0bc80958bf1e7cb7a5a",
} as const;

/** The protocol version the transcribed snapshot corresponds to (inferred, see above). */
export const PROTOCOL_VERSION = 85;

/** The two `cost_category` values of a neard gas profile. */
export const GAS_PROFILE_CATEGORIES = {
  ext: "WASM_HOST_COST",
  action: "ACTION_COST",
} as const;

/** A ratio as the snapshot writes it (`numerator / denominator`). */
export interface Rational {
  numerator: number;
  denominator: number;
}

/** A host-function (ExtCosts) cost, or the per-instruction wasm cost. */
export interface ExtCostParameter {
  /** Gas charged per unit. */
  gas: bigint;
  /** Compute cost per unit (equal to `gas` unless the snapshot gives one). */
  compute: bigint;
  /** The `cost` name neard shows for it in a gas profile (category WASM_HOST_COST). */
  profileName: string;
  /** The snapshot parameter it comes from. */
  parameter: string;
}

/** An action fee: gas burnt when sending (sender is / is not receiver) and when executing. */
export interface ActionFeeParameter {
  sendSir: bigint;
  sendNotSir: bigint;
  execution: bigint;
  /** The `cost` name neard shows for it in a gas profile (category ACTION_COST). */
  profileName: string;
  /** The snapshot parameter it comes from. */
  parameter: string;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Host-function costs (nearcore ExtCosts: the `wasm_*` parameters) and the wasm op cost. */
export const EXT_COSTS = deepFreeze({
  /** wasm_regular_op_cost: gas per executed wasm instruction. */
  regular_op_cost: {
    gas: 822_756n,
    compute: 822_756n,
    profileName: "WASM_INSTRUCTION",
    parameter: "wasm_regular_op_cost",
  },
  base: {
    gas: 264_768_111n,
    compute: 264_768_111n,
    profileName: "BASE",
    parameter: "wasm_base",
  },
  contract_loading_base: {
    gas: 35_445_963n,
    compute: 35_445_963n,
    profileName: "CONTRACT_LOADING_BASE",
    parameter: "wasm_contract_loading_base",
  },
  contract_loading_bytes: {
    gas: 1_089_295n,
    compute: 1_089_295n,
    profileName: "CONTRACT_LOADING_BYTES",
    parameter: "wasm_contract_loading_bytes",
  },
  read_memory_base: {
    gas: 2_609_863_200n,
    compute: 2_609_863_200n,
    profileName: "READ_MEMORY_BASE",
    parameter: "wasm_read_memory_base",
  },
  read_memory_byte: {
    gas: 3_801_333n,
    compute: 3_801_333n,
    profileName: "READ_MEMORY_BYTE",
    parameter: "wasm_read_memory_byte",
  },
  write_memory_base: {
    gas: 2_803_794_861n,
    compute: 2_803_794_861n,
    profileName: "WRITE_MEMORY_BASE",
    parameter: "wasm_write_memory_base",
  },
  write_memory_byte: {
    gas: 2_723_772n,
    compute: 2_723_772n,
    profileName: "WRITE_MEMORY_BYTE",
    parameter: "wasm_write_memory_byte",
  },
  read_register_base: {
    gas: 2_517_165_186n,
    compute: 2_517_165_186n,
    profileName: "READ_REGISTER_BASE",
    parameter: "wasm_read_register_base",
  },
  read_register_byte: {
    gas: 98_562n,
    compute: 98_562n,
    profileName: "READ_REGISTER_BYTE",
    parameter: "wasm_read_register_byte",
  },
  write_register_base: {
    gas: 2_865_522_486n,
    compute: 2_865_522_486n,
    profileName: "WRITE_REGISTER_BASE",
    parameter: "wasm_write_register_base",
  },
  write_register_byte: {
    gas: 3_801_564n,
    compute: 3_801_564n,
    profileName: "WRITE_REGISTER_BYTE",
    parameter: "wasm_write_register_byte",
  },
  utf8_decoding_base: {
    gas: 3_111_779_061n,
    compute: 3_111_779_061n,
    profileName: "UTF8_DECODING_BASE",
    parameter: "wasm_utf8_decoding_base",
  },
  utf8_decoding_byte: {
    gas: 291_580_479n,
    compute: 291_580_479n,
    profileName: "UTF8_DECODING_BYTE",
    parameter: "wasm_utf8_decoding_byte",
  },
  utf16_decoding_base: {
    gas: 3_543_313_050n,
    compute: 3_543_313_050n,
    profileName: "UTF16_DECODING_BASE",
    parameter: "wasm_utf16_decoding_base",
  },
  utf16_decoding_byte: {
    gas: 163_577_493n,
    compute: 163_577_493n,
    profileName: "UTF16_DECODING_BYTE",
    parameter: "wasm_utf16_decoding_byte",
  },
  sha256_base: {
    gas: 4_540_970_250n,
    compute: 4_540_970_250n,
    profileName: "SHA256_BASE",
    parameter: "wasm_sha256_base",
  },
  sha256_byte: {
    gas: 24_117_351n,
    compute: 24_117_351n,
    profileName: "SHA256_BYTE",
    parameter: "wasm_sha256_byte",
  },
  keccak256_base: {
    gas: 5_879_491_275n,
    compute: 5_879_491_275n,
    profileName: "KECCAK256_BASE",
    parameter: "wasm_keccak256_base",
  },
  keccak256_byte: {
    gas: 21_471_105n,
    compute: 21_471_105n,
    profileName: "KECCAK256_BYTE",
    parameter: "wasm_keccak256_byte",
  },
  keccak512_base: {
    gas: 5_811_388_236n,
    compute: 5_811_388_236n,
    profileName: "KECCAK512_BASE",
    parameter: "wasm_keccak512_base",
  },
  keccak512_byte: {
    gas: 36_649_701n,
    compute: 36_649_701n,
    profileName: "KECCAK512_BYTE",
    parameter: "wasm_keccak512_byte",
  },
  ripemd160_base: {
    gas: 853_675_086n,
    compute: 853_675_086n,
    profileName: "RIPEMD160_BASE",
    parameter: "wasm_ripemd160_base",
  },
  ripemd160_block: {
    gas: 680_107_584n,
    compute: 680_107_584n,
    profileName: "RIPEMD160_BLOCK",
    parameter: "wasm_ripemd160_block",
  },
  ecrecover_base: {
    gas: 278_821_988_457n,
    compute: 278_821_988_457n,
    profileName: "ECRECOVER_BASE",
    parameter: "wasm_ecrecover_base",
  },
  ed25519_verify_base: {
    gas: 210_000_000_000n,
    compute: 210_000_000_000n,
    profileName: "ED25519_VERIFY_BASE",
    parameter: "wasm_ed25519_verify_base",
  },
  ed25519_verify_byte: {
    gas: 9_000_000n,
    compute: 9_000_000n,
    profileName: "ED25519_VERIFY_BYTE",
    parameter: "wasm_ed25519_verify_byte",
  },
  p256_verify_base: {
    gas: 1_300_000_000_000n,
    compute: 1_300_000_000_000n,
    profileName: "P256_VERIFY_BASE",
    parameter: "wasm_p256_verify_base",
  },
  p256_verify_byte: {
    gas: 13_000_000n,
    compute: 13_000_000n,
    profileName: "P256_VERIFY_BYTE",
    parameter: "wasm_p256_verify_byte",
  },
  log_base: {
    gas: 3_543_313_050n,
    compute: 3_543_313_050n,
    profileName: "LOG_BASE",
    parameter: "wasm_log_base",
  },
  log_byte: {
    gas: 13_198_791n,
    compute: 13_198_791n,
    profileName: "LOG_BYTE",
    parameter: "wasm_log_byte",
  },
  storage_write_base: {
    gas: 64_196_736_000n,
    compute: 200_000_000_000n,
    profileName: "STORAGE_WRITE_BASE",
    parameter: "wasm_storage_write_base",
  },
  storage_write_key_byte: {
    gas: 70_482_867n,
    compute: 70_482_867n,
    profileName: "STORAGE_WRITE_KEY_BYTE",
    parameter: "wasm_storage_write_key_byte",
  },
  storage_write_value_byte: {
    gas: 31_018_539n,
    compute: 31_018_539n,
    profileName: "STORAGE_WRITE_VALUE_BYTE",
    parameter: "wasm_storage_write_value_byte",
  },
  storage_write_evicted_byte: {
    gas: 32_117_307n,
    compute: 32_117_307n,
    profileName: "STORAGE_WRITE_EVICTED_BYTE",
    parameter: "wasm_storage_write_evicted_byte",
  },
  storage_read_base: {
    gas: 56_356_845_749n,
    compute: 159_000_000_000n,
    profileName: "STORAGE_READ_BASE",
    parameter: "wasm_storage_read_base",
  },
  storage_read_key_byte: {
    gas: 30_952_533n,
    compute: 10_000_000n,
    profileName: "STORAGE_READ_KEY_BYTE",
    parameter: "wasm_storage_read_key_byte",
  },
  storage_read_value_byte: {
    gas: 5_611_004n,
    compute: 2_500_000n,
    profileName: "STORAGE_READ_VALUE_BYTE",
    parameter: "wasm_storage_read_value_byte",
  },
  storage_large_read_overhead_base: {
    gas: 1n,
    compute: 41_000_000_000n,
    profileName: "STORAGE_LARGE_READ_OVERHEAD_BASE",
    parameter: "wasm_storage_large_read_overhead_base",
  },
  storage_large_read_overhead_byte: {
    gas: 1n,
    compute: 3_111_005n,
    profileName: "STORAGE_LARGE_READ_OVERHEAD_BYTE",
    parameter: "wasm_storage_large_read_overhead_byte",
  },
  storage_remove_base: {
    gas: 53_473_030_500n,
    compute: 200_000_000_000n,
    profileName: "STORAGE_REMOVE_BASE",
    parameter: "wasm_storage_remove_base",
  },
  storage_remove_key_byte: {
    gas: 38_220_384n,
    compute: 38_220_384n,
    profileName: "STORAGE_REMOVE_KEY_BYTE",
    parameter: "wasm_storage_remove_key_byte",
  },
  storage_remove_ret_value_byte: {
    gas: 11_531_556n,
    compute: 11_531_556n,
    profileName: "STORAGE_REMOVE_RET_VALUE_BYTE",
    parameter: "wasm_storage_remove_ret_value_byte",
  },
  storage_has_key_base: {
    gas: 54_039_896_625n,
    compute: 158_000_000_000n,
    profileName: "STORAGE_HAS_KEY_BASE",
    parameter: "wasm_storage_has_key_base",
  },
  storage_has_key_byte: {
    gas: 30_790_845n,
    compute: 10_000_000n,
    profileName: "STORAGE_HAS_KEY_BYTE",
    parameter: "wasm_storage_has_key_byte",
  },
  storage_iter_create_prefix_base: {
    gas: 0n,
    compute: 0n,
    profileName: "STORAGE_ITER_CREATE_PREFIX_BASE",
    parameter: "wasm_storage_iter_create_prefix_base",
  },
  storage_iter_create_prefix_byte: {
    gas: 0n,
    compute: 0n,
    profileName: "STORAGE_ITER_CREATE_PREFIX_BYTE",
    parameter: "wasm_storage_iter_create_prefix_byte",
  },
  storage_iter_create_range_base: {
    gas: 0n,
    compute: 0n,
    profileName: "STORAGE_ITER_CREATE_RANGE_BASE",
    parameter: "wasm_storage_iter_create_range_base",
  },
  storage_iter_create_from_byte: {
    gas: 0n,
    compute: 0n,
    profileName: "STORAGE_ITER_CREATE_FROM_BYTE",
    parameter: "wasm_storage_iter_create_from_byte",
  },
  storage_iter_create_to_byte: {
    gas: 0n,
    compute: 0n,
    profileName: "STORAGE_ITER_CREATE_TO_BYTE",
    parameter: "wasm_storage_iter_create_to_byte",
  },
  storage_iter_next_base: {
    gas: 0n,
    compute: 0n,
    profileName: "STORAGE_ITER_NEXT_BASE",
    parameter: "wasm_storage_iter_next_base",
  },
  storage_iter_next_key_byte: {
    gas: 0n,
    compute: 0n,
    profileName: "STORAGE_ITER_NEXT_KEY_BYTE",
    parameter: "wasm_storage_iter_next_key_byte",
  },
  storage_iter_next_value_byte: {
    gas: 0n,
    compute: 0n,
    profileName: "STORAGE_ITER_NEXT_VALUE_BYTE",
    parameter: "wasm_storage_iter_next_value_byte",
  },
  touching_trie_node: {
    gas: 2_280_000_000n,
    compute: 4_000_000_000n,
    profileName: "TOUCHING_TRIE_NODE",
    parameter: "wasm_touching_trie_node",
  },
  read_cached_trie_node: {
    gas: 2_280_000_000n,
    compute: 4_000_000_000n,
    profileName: "READ_CACHED_TRIE_NODE",
    parameter: "wasm_read_cached_trie_node",
  },
  promise_and_base: {
    gas: 1_465_013_400n,
    compute: 1_465_013_400n,
    profileName: "PROMISE_AND_BASE",
    parameter: "wasm_promise_and_base",
  },
  promise_and_per_promise: {
    gas: 5_452_176n,
    compute: 5_452_176n,
    profileName: "PROMISE_AND_PER_PROMISE",
    parameter: "wasm_promise_and_per_promise",
  },
  promise_return: {
    gas: 560_152_386n,
    compute: 560_152_386n,
    profileName: "PROMISE_RETURN",
    parameter: "wasm_promise_return",
  },
  validator_stake_base: {
    gas: 911_834_726_400n,
    compute: 911_834_726_400n,
    profileName: "VALIDATOR_STAKE_BASE",
    parameter: "wasm_validator_stake_base",
  },
  validator_total_stake_base: {
    gas: 911_834_726_400n,
    compute: 911_834_726_400n,
    profileName: "VALIDATOR_TOTAL_STAKE_BASE",
    parameter: "wasm_validator_total_stake_base",
  },
  alt_bn128_g1_multiexp_base: {
    gas: 713_000_000_000n,
    compute: 713_000_000_000n,
    profileName: "ALT_BN128_G1_MULTIEXP_BASE",
    parameter: "wasm_alt_bn128_g1_multiexp_base",
  },
  alt_bn128_g1_multiexp_element: {
    gas: 320_000_000_000n,
    compute: 320_000_000_000n,
    profileName: "ALT_BN128_G1_MULTIEXP_ELEMENT",
    parameter: "wasm_alt_bn128_g1_multiexp_element",
  },
  alt_bn128_pairing_check_base: {
    gas: 9_686_000_000_000n,
    compute: 9_686_000_000_000n,
    profileName: "ALT_BN128_PAIRING_CHECK_BASE",
    parameter: "wasm_alt_bn128_pairing_check_base",
  },
  alt_bn128_pairing_check_element: {
    gas: 5_102_000_000_000n,
    compute: 5_102_000_000_000n,
    profileName: "ALT_BN128_PAIRING_CHECK_ELEMENT",
    parameter: "wasm_alt_bn128_pairing_check_element",
  },
  alt_bn128_g1_sum_base: {
    gas: 3_000_000_000n,
    compute: 3_000_000_000n,
    profileName: "ALT_BN128_G1_SUM_BASE",
    parameter: "wasm_alt_bn128_g1_sum_base",
  },
  alt_bn128_g1_sum_element: {
    gas: 5_000_000_000n,
    compute: 5_000_000_000n,
    profileName: "ALT_BN128_G1_SUM_ELEMENT",
    parameter: "wasm_alt_bn128_g1_sum_element",
  },
  yield_create_base: {
    gas: 153_411_779_276n,
    compute: 153_411_779_276n,
    profileName: "YIELD_CREATE_BASE",
    parameter: "wasm_yield_create_base",
  },
  yield_create_byte: {
    gas: 15_643_988n,
    compute: 15_643_988n,
    profileName: "YIELD_CREATE_BYTE",
    parameter: "wasm_yield_create_byte",
  },
  yield_resume_base: {
    gas: 1_195_627_285_210n,
    compute: 1_195_627_285_210n,
    profileName: "YIELD_RESUME_BASE",
    parameter: "wasm_yield_resume_base",
  },
  yield_resume_byte: {
    gas: 47_683_715n,
    compute: 47_683_715n,
    profileName: "YIELD_RESUME_BYTE",
    parameter: "wasm_yield_resume_byte",
  },
  bls12381_p1_sum_base: {
    gas: 16_500_000_000n,
    compute: 16_500_000_000n,
    profileName: "BLS12381_P1_SUM_BASE",
    parameter: "wasm_bls12381_p1_sum_base",
  },
  bls12381_p1_sum_element: {
    gas: 6_000_000_000n,
    compute: 6_000_000_000n,
    profileName: "BLS12381_P1_SUM_ELEMENT",
    parameter: "wasm_bls12381_p1_sum_element",
  },
  bls12381_p2_sum_base: {
    gas: 18_600_000_000n,
    compute: 18_600_000_000n,
    profileName: "BLS12381_P2_SUM_BASE",
    parameter: "wasm_bls12381_p2_sum_base",
  },
  bls12381_p2_sum_element: {
    gas: 15_000_000_000n,
    compute: 15_000_000_000n,
    profileName: "BLS12381_P2_SUM_ELEMENT",
    parameter: "wasm_bls12381_p2_sum_element",
  },
  bls12381_g1_multiexp_base: {
    gas: 16_500_000_000n,
    compute: 16_500_000_000n,
    profileName: "BLS12381_G1_MULTIEXP_BASE",
    parameter: "wasm_bls12381_g1_multiexp_base",
  },
  bls12381_g1_multiexp_element: {
    gas: 930_000_000_000n,
    compute: 930_000_000_000n,
    profileName: "BLS12381_G1_MULTIEXP_ELEMENT",
    parameter: "wasm_bls12381_g1_multiexp_element",
  },
  bls12381_g2_multiexp_base: {
    gas: 18_600_000_000n,
    compute: 18_600_000_000n,
    profileName: "BLS12381_G2_MULTIEXP_BASE",
    parameter: "wasm_bls12381_g2_multiexp_base",
  },
  bls12381_g2_multiexp_element: {
    gas: 1_995_000_000_000n,
    compute: 1_995_000_000_000n,
    profileName: "BLS12381_G2_MULTIEXP_ELEMENT",
    parameter: "wasm_bls12381_g2_multiexp_element",
  },
  bls12381_map_fp_to_g1_base: {
    gas: 1_500_000_000n,
    compute: 1_500_000_000n,
    profileName: "BLS12381_MAP_FP_TO_G1_BASE",
    parameter: "wasm_bls12381_map_fp_to_g1_base",
  },
  bls12381_map_fp_to_g1_element: {
    gas: 252_000_000_000n,
    compute: 252_000_000_000n,
    profileName: "BLS12381_MAP_FP_TO_G1_ELEMENT",
    parameter: "wasm_bls12381_map_fp_to_g1_element",
  },
  bls12381_map_fp2_to_g2_base: {
    gas: 1_500_000_000n,
    compute: 1_500_000_000n,
    profileName: "BLS12381_MAP_FP2_TO_G2_BASE",
    parameter: "wasm_bls12381_map_fp2_to_g2_base",
  },
  bls12381_map_fp2_to_g2_element: {
    gas: 900_000_000_000n,
    compute: 900_000_000_000n,
    profileName: "BLS12381_MAP_FP2_TO_G2_ELEMENT",
    parameter: "wasm_bls12381_map_fp2_to_g2_element",
  },
  bls12381_pairing_base: {
    gas: 2_130_000_000_000n,
    compute: 2_130_000_000_000n,
    profileName: "BLS12381_PAIRING_BASE",
    parameter: "wasm_bls12381_pairing_base",
  },
  bls12381_pairing_element: {
    gas: 2_130_000_000_000n,
    compute: 2_130_000_000_000n,
    profileName: "BLS12381_PAIRING_ELEMENT",
    parameter: "wasm_bls12381_pairing_element",
  },
  bls12381_p1_decompress_base: {
    gas: 15_000_000_000n,
    compute: 15_000_000_000n,
    profileName: "BLS12381_P1_DECOMPRESS_BASE",
    parameter: "wasm_bls12381_p1_decompress_base",
  },
  bls12381_p1_decompress_element: {
    gas: 81_000_000_000n,
    compute: 81_000_000_000n,
    profileName: "BLS12381_P1_DECOMPRESS_ELEMENT",
    parameter: "wasm_bls12381_p1_decompress_element",
  },
  bls12381_p2_decompress_base: {
    gas: 15_000_000_000n,
    compute: 15_000_000_000n,
    profileName: "BLS12381_P2_DECOMPRESS_BASE",
    parameter: "wasm_bls12381_p2_decompress_base",
  },
  bls12381_p2_decompress_element: {
    gas: 165_000_000_000n,
    compute: 165_000_000_000n,
    profileName: "BLS12381_P2_DECOMPRESS_ELEMENT",
    parameter: "wasm_bls12381_p2_decompress_element",
  },
} satisfies Record<string, ExtCostParameter>);

/** Name of an EXT_COSTS entry. */
export type ExtCostKey = keyof typeof EXT_COSTS;

/** Action fees (nearcore's ActionCosts), with all three of send_sir / send_not_sir / execution. */
export const ACTION_COSTS = deepFreeze({
  new_action_receipt: {
    sendSir: 108_059_500_000n,
    sendNotSir: 108_059_500_000n,
    execution: 108_059_500_000n,
    profileName: "NEW_ACTION_RECEIPT",
    parameter: "action_receipt_creation",
  },
  new_data_receipt_base: {
    sendSir: 36_486_732_312n,
    sendNotSir: 36_486_732_312n,
    execution: 36_486_732_312n,
    profileName: "NEW_DATA_RECEIPT_BASE",
    parameter: "data_receipt_creation_base",
  },
  new_data_receipt_byte: {
    sendSir: 17_212_011n,
    sendNotSir: 47_683_715n,
    execution: 17_212_011n,
    profileName: "NEW_DATA_RECEIPT_BYTE",
    parameter: "data_receipt_creation_per_byte",
  },
  create_account: {
    sendSir: 3_850_000_000_000n,
    sendNotSir: 3_850_000_000_000n,
    execution: 3_850_000_000_000n,
    profileName: "CREATE_ACCOUNT",
    parameter: "action_create_account",
  },
  delete_account: {
    sendSir: 147_489_000_000n,
    sendNotSir: 147_489_000_000n,
    execution: 147_489_000_000n,
    profileName: "DELETE_ACCOUNT",
    parameter: "action_delete_account",
  },
  deploy_contract_base: {
    sendSir: 184_765_750_000n,
    sendNotSir: 184_765_750_000n,
    execution: 184_765_750_000n,
    profileName: "DEPLOY_CONTRACT_BASE",
    parameter: "action_deploy_contract",
  },
  deploy_contract_byte: {
    sendSir: 6_812_999n,
    sendNotSir: 47_683_715n,
    execution: 64_572_944n,
    profileName: "DEPLOY_CONTRACT_BYTE",
    parameter: "action_deploy_contract_per_byte",
  },
  function_call_base: {
    sendSir: 200_000_000_000n,
    sendNotSir: 200_000_000_000n,
    execution: 780_000_000_000n,
    profileName: "FUNCTION_CALL_BASE",
    parameter: "action_function_call",
  },
  function_call_byte: {
    sendSir: 2_235_934n,
    sendNotSir: 47_683_715n,
    execution: 2_235_934n,
    profileName: "FUNCTION_CALL_BYTE",
    parameter: "action_function_call_per_byte",
  },
  transfer: {
    sendSir: 115_123_062_500n,
    sendNotSir: 115_123_062_500n,
    execution: 115_123_062_500n,
    profileName: "TRANSFER",
    parameter: "action_transfer",
  },
  stake: {
    sendSir: 141_715_687_500n,
    sendNotSir: 141_715_687_500n,
    execution: 102_217_625_000n,
    profileName: "STAKE",
    parameter: "action_stake",
  },
  add_full_access_key: {
    sendSir: 101_765_125_000n,
    sendNotSir: 101_765_125_000n,
    execution: 101_765_125_000n,
    profileName: "ADD_FULL_ACCESS_KEY",
    parameter: "action_add_full_access_key",
  },
  add_function_call_key_base: {
    sendSir: 102_217_625_000n,
    sendNotSir: 102_217_625_000n,
    execution: 102_217_625_000n,
    profileName: "ADD_FUNCTION_CALL_KEY_BASE",
    parameter: "action_add_function_call_key",
  },
  add_function_call_key_byte: {
    sendSir: 1_925_331n,
    sendNotSir: 47_683_715n,
    execution: 1_925_331n,
    profileName: "ADD_FUNCTION_CALL_KEY_BYTE",
    parameter: "action_add_function_call_key_per_byte",
  },
  delete_key: {
    sendSir: 94_946_625_000n,
    sendNotSir: 94_946_625_000n,
    execution: 94_946_625_000n,
    profileName: "DELETE_KEY",
    parameter: "action_delete_key",
  },
  delegate: {
    sendSir: 200_000_000_000n,
    sendNotSir: 200_000_000_000n,
    execution: 200_000_000_000n,
    profileName: "DELEGATE",
    parameter: "action_delegate",
  },
  deploy_global_contract_base: {
    sendSir: 184_765_750_000n,
    sendNotSir: 184_765_750_000n,
    execution: 184_765_750_000n,
    profileName: "DEPLOY_GLOBAL_CONTRACT_BASE",
    parameter: "action_deploy_global_contract",
  },
  deploy_global_contract_byte: {
    sendSir: 6_812_999n,
    sendNotSir: 47_683_715n,
    execution: 70_000_000n,
    profileName: "DEPLOY_GLOBAL_CONTRACT_BYTE",
    parameter: "action_deploy_global_contract_per_byte",
  },
  use_global_contract_base: {
    sendSir: 184_765_750_000n,
    sendNotSir: 184_765_750_000n,
    execution: 184_765_750_000n,
    profileName: "USE_GLOBAL_CONTRACT_BASE",
    parameter: "action_use_global_contract",
  },
  use_global_contract_byte: {
    sendSir: 6_812_999n,
    sendNotSir: 47_683_715n,
    execution: 64_572_944n,
    profileName: "USE_GLOBAL_CONTRACT_BYTE",
    parameter: "action_use_global_contract_per_identifier_byte",
  },
  deterministic_state_init_base: {
    sendSir: 3_850_000_000_000n,
    sendNotSir: 3_850_000_000_000n,
    execution: 4_080_000_000_000n,
    profileName: "DETERMINISTIC_STATE_INIT_BASE",
    parameter: "action_deterministic_state_init",
  },
  deterministic_state_init_entry: {
    sendSir: 0n,
    sendNotSir: 0n,
    execution: 200_000_000_000n,
    profileName: "DETERMINISTIC_STATE_INIT_ENTRY",
    parameter: "action_deterministic_state_init_per_entry",
  },
  deterministic_state_init_byte: {
    sendSir: 72_000_000n,
    sendNotSir: 72_000_000n,
    execution: 70_000_000n,
    profileName: "DETERMINISTIC_STATE_INIT_BYTE",
    parameter: "action_deterministic_state_init_per_byte",
  },
  gas_key_transfer_base: {
    sendSir: 115_123_062_500n,
    sendNotSir: 115_123_062_500n,
    execution: 235_676_644_250n,
    profileName: "GAS_KEY_TRANSFER_BASE",
    parameter: "action_gas_key_transfer",
  },
  gas_key_byte: {
    sendSir: 59_357_464n,
    sendNotSir: 59_357_464n,
    execution: 101_435_400n,
    profileName: "GAS_KEY_BYTE",
    parameter: "action_gas_key_byte",
  },
  gas_key_nonce_write_base: {
    sendSir: 0n,
    sendNotSir: 0n,
    execution: 64_196_736_000n,
    profileName: "GAS_KEY_NONCE_WRITE_BASE",
    parameter: "action_gas_key_nonce_write_base",
  },
} satisfies Record<string, ActionFeeParameter>);

/** Name of an ACTION_COSTS entry. */
export type ActionCostKey = keyof typeof ACTION_COSTS;

/** Contract and transaction limits (nearcore's LimitConfig, plus max_gas_burnt_view). */
export const VM_LIMITS = deepFreeze({
  max_gas_burnt: 1_000_000_000_000_000n,
  /** Gas limit of a view call (not part of nearcore's LimitConfig). */
  max_gas_burnt_view: 1_000_000_000_000_000n,
  max_stack_height: 262_144n,
  initial_memory_pages: 1_024n,
  max_memory_pages: 2_048n,
  registers_memory_limit: 1_073_741_824n,
  max_register_size: 104_857_600n,
  max_number_registers: 100n,
  max_number_logs: 100n,
  max_total_log_length: 16_384n,
  max_total_prepaid_gas: 1_000_000_000_000_000n,
  max_actions_per_receipt: 100n,
  max_deploy_actions_per_receipt: 10n,
  max_number_bytes_method_names: 2_000n,
  max_length_method_name: 256n,
  max_arguments_length: 4_194_304n,
  max_length_returned_data: 4_194_304n,
  max_contract_size: 4_194_304n,
  max_transaction_size: 1_572_864n,
  max_receipt_size: 4_194_304n,
  max_length_storage_key: 2_048n,
  max_length_storage_value: 4_194_304n,
  max_promises_per_function_call_action: 1_024n,
  max_number_input_data_dependencies: 128n,
  max_functions_number_per_contract: 10_000n,
  max_locals_per_contract: 1_000_000n,
  /** A version number, hence `number`. */
  account_id_validity_rules_version: 2,
  yield_timeout_length_in_blocks: 200n,
  max_yield_payload_size: 1_024n,
  per_receipt_storage_proof_size_limit: 4_000_000n,
  max_tables_per_contract: 1n,
  max_elements_per_contract_table: 10_000n,
  max_function_body_size: 196_608n,
  max_instrumented_code_size: 16_777_216n,
  max_blocks_per_function: 5_000n,
  max_blocks_per_contract: 50_000n,
  max_types_per_contract: 1_024n,
  max_params_per_function: 64n,
  max_params_per_contract: 50_000n,
});

/** Storage staking, account creation and gas economics. */
export const STORAGE_PARAMETERS = deepFreeze({
  /** yoctoNEAR per byte of storage (snapshot: 10000000000000000000 yN). */
  storage_amount_per_byte: 10_000_000_000_000_000_000n,
  storage_num_bytes_account: 100n,
  storage_num_extra_bytes_record: 40n,
  /** yoctoNEAR per byte of a global contract (snapshot: 0.0001 N). */
  global_contract_storage_amount_per_byte: 100_000_000_000_000_000_000n,
  min_allowed_top_level_account_length: 65n,
  registrar_account_id: "registrar",
  burnt_gas_reward: { numerator: 3, denominator: 10 } satisfies Rational,
  pessimistic_gas_price_inflation: { numerator: 1, denominator: 1 } satisfies Rational,
  gas_refund_penalty: { numerator: 0, denominator: 100 } satisfies Rational,
  /** Gas. */
  min_gas_refund_penalty: 0n,
});

/** Wasm execution: instruction costs, VM kind and contract-runtime feature flags. */
export const WASM_CONFIG = deepFreeze({
  vm_kind: "Wasmtime",
  /** Same value as EXT_COSTS.regular_op_cost.gas; profiled as WASM_INSTRUCTION. */
  wasm_regular_op_cost: 822_756n,
  /** Linear (bulk memory) op costs; their gas is profiled as WASM_INSTRUCTION too. */
  wasm_linear_op_base_cost: 26_328_192n,
  wasm_linear_op_unit_cost: 822_756n,
  wasm_grow_mem_cost: 1n,
  discard_custom_sections: true,
  reftypes_bulk_memory: true,
  /** Storage reads go through flat storage (nearcore's StorageGetMode::FlatStorage). */
  flat_storage_reads: true,
  fix_contract_loading_cost: false,
  eth_implicit_accounts: true,
  eth_implicit_global_contract: true,
  global_contract_host_fns: true,
  deterministic_account_ids: true,
  gas_key_host_fns: false,
  one_yocto_on_promise: true,
  p256_verify_host_fn: true,
});

/** Stateless-validation (witness) size limits, in bytes. */
export const WITNESS_CONFIG = deepFreeze({
  main_storage_proof_size_soft_limit: 4_000_000n,
  new_transactions_validation_state_size_soft_limit: 572_864n,
  combined_transactions_size_limit: 4_194_304n,
});

/** Cross-shard congestion control (gas amounts in gas, sizes in bytes). */
export const CONGESTION_CONTROL_CONFIG = deepFreeze({
  max_congestion_incoming_gas: 400_000_000_000_000_000n,
  max_congestion_outgoing_gas: 10_000_000_000_000_000n,
  max_congestion_memory_consumption: 1_000_000_000n,
  max_congestion_missed_chunks: 125n,
  max_outgoing_gas: 300_000_000_000_000_000n,
  min_outgoing_gas: 1_000_000_000_000_000n,
  allowed_shard_outgoing_gas: 1_000_000_000_000_000n,
  max_tx_gas: 500_000_000_000_000n,
  min_tx_gas: 20_000_000_000_000n,
  reject_tx_congestion_threshold: { numerator: 80, denominator: 100 } satisfies Rational,
  outgoing_receipts_usual_size_limit: 102_400n,
  outgoing_receipts_big_size_limit: 4_718_592n,
});

/** Bandwidth scheduler limits for receipts sent between shards, in bytes. */
export const BANDWIDTH_SCHEDULER_CONFIG = deepFreeze({
  max_shard_bandwidth: 4_500_000n,
  max_single_grant: 4_194_304n,
  max_allowance: 4_500_000n,
  max_base_bandwidth: 100_000n,
});

/** Runtime flags that are not about wasm execution. */
export const RUNTIME_FLAGS = deepFreeze({
  /** Receipts kept in state are stored as StateStoredReceipt. */
  use_state_stored_receipt: true,
});
