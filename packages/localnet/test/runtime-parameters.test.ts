import test from "ava";
import {
  ACTION_COSTS,
  BANDWIDTH_SCHEDULER_CONFIG,
  CONGESTION_CONTROL_CONFIG,
  EXT_COSTS,
  PARAMETERS_SOURCE,
  PROTOCOL_VERSION,
  RUNTIME_FLAGS,
  STORAGE_PARAMETERS,
  VM_LIMITS,
  WASM_CONFIG,
  WITNESS_CONFIG,
  type ExtCostParameter,
} from "../src/vm/runtime-parameters.ts";

// The parameter table of nearcore's core/parameters/res/runtime_configs/parameters.snap at
// commit 00fc9501c83c5fe1197bc0bc80958bf1e7cb7a5a (trailing blanks trimmed), used to check
// that every parameter it lists is transcribed, with the same value.
const SNAP = `
burnt_gas_reward                        3 / 10
pessimistic_gas_price_inflation         1 / 1
gas_refund_penalty                      0 / 100
min_gas_refund_penalty                                     0
main_storage_proof_size_soft_limit                 4_000_000
per_receipt_storage_proof_size_limit               4_000_000
new_transactions_validation_state_size_soft_limit             572_864
combined_transactions_size_limit                   4_194_304
outgoing_receipts_usual_size_limit                   102_400
outgoing_receipts_big_size_limit                   4_718_592
min_allowed_top_level_account_length                      65
registrar_account_id                    registrar
storage_amount_per_byte                 10000000000000000000 yN
storage_num_bytes_account                                100
storage_num_extra_bytes_record                            40
action_receipt_creation
- send_sir:          108_059_500_000
- send_not_sir:      108_059_500_000
- execution:         108_059_500_000
data_receipt_creation_base
- send_sir:           36_486_732_312
- send_not_sir:       36_486_732_312
- execution:          36_486_732_312
data_receipt_creation_per_byte
- send_sir:               17_212_011
- send_not_sir:           47_683_715
- execution:              17_212_011
action_create_account
- send_sir:        3_850_000_000_000
- send_not_sir:    3_850_000_000_000
- execution:       3_850_000_000_000
action_delete_account
- send_sir:          147_489_000_000
- send_not_sir:      147_489_000_000
- execution:         147_489_000_000
action_deploy_contract
- send_sir:          184_765_750_000
- send_not_sir:      184_765_750_000
- execution:         184_765_750_000
action_deploy_contract_per_byte
- send_sir:                6_812_999
- send_not_sir:           47_683_715
- execution:              64_572_944
action_function_call
- send_sir:          200_000_000_000
- send_not_sir:      200_000_000_000
- execution:         780_000_000_000
action_function_call_per_byte
- send_sir:                2_235_934
- send_not_sir:           47_683_715
- execution:               2_235_934
action_transfer
- send_sir:          115_123_062_500
- send_not_sir:      115_123_062_500
- execution:         115_123_062_500
action_stake
- send_sir:          141_715_687_500
- send_not_sir:      141_715_687_500
- execution:         102_217_625_000
action_add_full_access_key
- send_sir:          101_765_125_000
- send_not_sir:      101_765_125_000
- execution:         101_765_125_000
action_add_function_call_key
- send_sir:          102_217_625_000
- send_not_sir:      102_217_625_000
- execution:         102_217_625_000
action_add_function_call_key_per_byte
- send_sir:                1_925_331
- send_not_sir:           47_683_715
- execution:               1_925_331
action_delete_key
- send_sir:           94_946_625_000
- send_not_sir:       94_946_625_000
- execution:          94_946_625_000
action_delegate
- send_sir:          200_000_000_000
- send_not_sir:      200_000_000_000
- execution:         200_000_000_000
action_deterministic_state_init
- send_sir:        3_850_000_000_000
- send_not_sir:    3_850_000_000_000
- execution:       4_080_000_000_000
action_deterministic_state_init_per_entry
- send_sir:                        0
- send_not_sir:                    0
- execution:         200_000_000_000
action_deterministic_state_init_per_byte
- send_sir:               72_000_000
- send_not_sir:           72_000_000
- execution:              70_000_000
action_gas_key_transfer
- send_sir:          115_123_062_500
- send_not_sir:      115_123_062_500
- execution:         235_676_644_250
action_gas_key_byte
- send_sir:               59_357_464
- send_not_sir:           59_357_464
- execution:             101_435_400
action_gas_key_nonce_write_base
- send_sir:                        0
- send_not_sir:                    0
- execution:          64_196_736_000
wasm_regular_op_cost                                 822_756
wasm_linear_op_base_cost                          26_328_192
wasm_linear_op_unit_cost                             822_756
wasm_grow_mem_cost                                         1
wasm_base                                        264_768_111
wasm_contract_loading_base                        35_445_963
wasm_contract_loading_bytes                        1_089_295
wasm_read_memory_base                          2_609_863_200
wasm_read_memory_byte                              3_801_333
wasm_write_memory_base                         2_803_794_861
wasm_write_memory_byte                             2_723_772
wasm_read_register_base                        2_517_165_186
wasm_read_register_byte                               98_562
wasm_write_register_base                       2_865_522_486
wasm_write_register_byte                           3_801_564
wasm_utf8_decoding_base                        3_111_779_061
wasm_utf8_decoding_byte                          291_580_479
wasm_utf16_decoding_base                       3_543_313_050
wasm_utf16_decoding_byte                         163_577_493
wasm_sha256_base                               4_540_970_250
wasm_sha256_byte                                  24_117_351
wasm_keccak256_base                            5_879_491_275
wasm_keccak256_byte                               21_471_105
wasm_keccak512_base                            5_811_388_236
wasm_keccak512_byte                               36_649_701
wasm_ripemd160_base                              853_675_086
wasm_ripemd160_block                             680_107_584
wasm_ecrecover_base                          278_821_988_457
wasm_ed25519_verify_base                     210_000_000_000
wasm_ed25519_verify_byte                           9_000_000
wasm_p256_verify_base                      1_300_000_000_000
wasm_p256_verify_byte                             13_000_000
wasm_log_base                                  3_543_313_050
wasm_log_byte                                     13_198_791
wasm_storage_write_base                       64_196_736_000, compute:      200_000_000_000
wasm_storage_write_key_byte                       70_482_867
wasm_storage_write_value_byte                     31_018_539
wasm_storage_write_evicted_byte                   32_117_307
wasm_storage_read_base                        56_356_845_749, compute:      159_000_000_000
wasm_storage_read_key_byte                        30_952_533, compute:           10_000_000
wasm_storage_read_value_byte                       5_611_004, compute:            2_500_000
wasm_storage_large_read_overhead_base                      1, compute:       41_000_000_000
wasm_storage_large_read_overhead_byte                      1, compute:            3_111_005
wasm_storage_remove_base                      53_473_030_500, compute:      200_000_000_000
wasm_storage_remove_key_byte                      38_220_384
wasm_storage_remove_ret_value_byte                11_531_556
wasm_storage_has_key_base                     54_039_896_625, compute:      158_000_000_000
wasm_storage_has_key_byte                         30_790_845, compute:           10_000_000
wasm_storage_iter_create_prefix_base                       0
wasm_storage_iter_create_prefix_byte                       0
wasm_storage_iter_create_range_base                        0
wasm_storage_iter_create_from_byte                         0
wasm_storage_iter_create_to_byte                           0
wasm_storage_iter_next_base                                0
wasm_storage_iter_next_key_byte                            0
wasm_storage_iter_next_value_byte                          0
wasm_touching_trie_node                        2_280_000_000, compute:        4_000_000_000
wasm_read_cached_trie_node                     2_280_000_000, compute:        4_000_000_000
wasm_promise_and_base                          1_465_013_400
wasm_promise_and_per_promise                       5_452_176
wasm_promise_return                              560_152_386
wasm_validator_stake_base                    911_834_726_400
wasm_validator_total_stake_base              911_834_726_400
wasm_alt_bn128_g1_multiexp_base              713_000_000_000
wasm_alt_bn128_g1_multiexp_element           320_000_000_000
wasm_alt_bn128_pairing_check_base          9_686_000_000_000
wasm_alt_bn128_pairing_check_element       5_102_000_000_000
wasm_alt_bn128_g1_sum_base                     3_000_000_000
wasm_alt_bn128_g1_sum_element                  5_000_000_000
wasm_yield_create_base                       153_411_779_276
wasm_yield_create_byte                            15_643_988
wasm_yield_resume_base                     1_195_627_285_210
wasm_yield_resume_byte                            47_683_715
wasm_bls12381_p1_sum_base                     16_500_000_000
wasm_bls12381_p1_sum_element                   6_000_000_000
wasm_bls12381_p2_sum_base                     18_600_000_000
wasm_bls12381_p2_sum_element                  15_000_000_000
wasm_bls12381_g1_multiexp_base                16_500_000_000
wasm_bls12381_g1_multiexp_element            930_000_000_000
wasm_bls12381_g2_multiexp_base                18_600_000_000
wasm_bls12381_g2_multiexp_element          1_995_000_000_000
wasm_bls12381_map_fp_to_g1_base                1_500_000_000
wasm_bls12381_map_fp_to_g1_element           252_000_000_000
wasm_bls12381_map_fp2_to_g2_base               1_500_000_000
wasm_bls12381_map_fp2_to_g2_element          900_000_000_000
wasm_bls12381_pairing_base                 2_130_000_000_000
wasm_bls12381_pairing_element              2_130_000_000_000
wasm_bls12381_p1_decompress_base              15_000_000_000
wasm_bls12381_p1_decompress_element           81_000_000_000
wasm_bls12381_p2_decompress_base              15_000_000_000
wasm_bls12381_p2_decompress_element          165_000_000_000
max_gas_burnt                           1_000_000_000_000_000
max_gas_burnt_view                      1_000_000_000_000_000
max_stack_height                                     262_144
initial_memory_pages                                   1_024
max_memory_pages                                       2_048
registers_memory_limit                         1_073_741_824
max_register_size                                104_857_600
max_number_registers                                     100
max_number_logs                                          100
max_total_log_length                                  16_384
max_total_prepaid_gas                   1_000_000_000_000_000
max_actions_per_receipt                                  100
max_deploy_actions_per_receipt                            10
max_number_bytes_method_names                          2_000
max_length_method_name                                   256
max_arguments_length                               4_194_304
max_length_returned_data                           4_194_304
max_contract_size                                  4_194_304
max_transaction_size                               1_572_864
max_receipt_size                                   4_194_304
max_length_storage_key                                 2_048
max_length_storage_value                           4_194_304
max_promises_per_function_call_action                  1_024
max_number_input_data_dependencies                       128
max_functions_number_per_contract                     10_000
max_locals_per_contract                            1_000_000
account_id_validity_rules_version                          2
yield_timeout_length_in_blocks                           200
max_yield_payload_size                                 1_024
max_tables_per_contract                                    1
max_elements_per_contract_table                       10_000
max_function_body_size                               196_608
max_instrumented_code_size                        16_777_216
max_blocks_per_function                                5_000
max_blocks_per_contract                               50_000
max_types_per_contract                                 1_024
max_params_per_function                                   64
max_params_per_contract                               50_000
flat_storage_reads                      true
fix_contract_loading_cost               false
vm_kind                                 Wasmtime
eth_implicit_accounts                   true
eth_implicit_global_contract            true
discard_custom_sections                 true
reftypes_bulk_memory                    true
max_congestion_incoming_gas             400_000_000_000_000_000
max_congestion_outgoing_gas             10_000_000_000_000_000
max_congestion_memory_consumption              1_000_000_000
max_congestion_missed_chunks                             125
max_outgoing_gas                        300_000_000_000_000_000
min_outgoing_gas                        1_000_000_000_000_000
allowed_shard_outgoing_gas              1_000_000_000_000_000
max_tx_gas                               500_000_000_000_000
min_tx_gas                                20_000_000_000_000
reject_tx_congestion_threshold          80 / 100
use_state_stored_receipt                true
max_shard_bandwidth                                4_500_000
max_single_grant                                   4_194_304
max_allowance                                      4_500_000
max_base_bandwidth                                   100_000
action_deploy_global_contract
- send_sir:          184_765_750_000
- send_not_sir:      184_765_750_000
- execution:         184_765_750_000
action_deploy_global_contract_per_byte
- send_sir:                6_812_999
- send_not_sir:           47_683_715
- execution:              70_000_000
global_contract_storage_amount_per_byte 0.0001 N
action_use_global_contract
- send_sir:          184_765_750_000
- send_not_sir:      184_765_750_000
- execution:         184_765_750_000
action_use_global_contract_per_identifier_byte
- send_sir:                6_812_999
- send_not_sir:           47_683_715
- execution:              64_572_944
global_contract_host_fns                true
deterministic_account_ids               true
gas_key_host_fns                        false
one_yocto_on_promise                    true
p256_verify_host_fn                     true
`;

type SnapValue =
  | { kind: "fee"; sendSir: bigint; sendNotSir: bigint; execution: bigint }
  | { kind: "cost"; gas: bigint; compute: bigint }
  | { kind: "int"; value: bigint }
  | { kind: "ratio"; numerator: number; denominator: number }
  | { kind: "bool"; value: boolean }
  | { kind: "str"; value: string };

const int = (s: string): bigint => BigInt(s.replaceAll("_", ""));
const COST = /^([\d_]+), compute:\s+([\d_]+)$/;
const INT = /^[\d_]+$/;
const RATIO = /^(\d+) \/ (\d+)$/;

function parseSnap(text: string): Map<string, SnapValue> {
  const lines = text.split("\n");
  const out = new Map<string, SnapValue>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const [, name, rest] = line.match(/^(\S+)\s*(.*)$/)!;
    if (rest === "") {
      const fee: Record<string, bigint> = {};
      for (let j = 1; j <= 3; j++) {
        const [, field, value] = lines[i + j]!.match(/^- (\w+):\s+([\d_]+)$/)!;
        fee[field!] = int(value!);
      }
      i += 3;
      out.set(name!, {
        kind: "fee",
        sendSir: fee.send_sir!,
        sendNotSir: fee.send_not_sir!,
        execution: fee.execution!,
      });
    } else if (COST.test(rest!)) {
      const [, gas, compute] = rest!.match(COST)!;
      out.set(name!, { kind: "cost", gas: int(gas!), compute: int(compute!) });
    } else if (INT.test(rest!)) {
      out.set(name!, { kind: "int", value: int(rest!) });
    } else if (RATIO.test(rest!)) {
      const [, numerator, denominator] = rest!.match(RATIO)!;
      out.set(name!, { kind: "ratio", numerator: Number(numerator), denominator: Number(denominator) });
    } else if (rest === "true" || rest === "false") {
      out.set(name!, { kind: "bool", value: rest === "true" });
    } else {
      out.set(name!, { kind: "str", value: rest! });
    }
  }
  return out;
}

const snap = parseSnap(SNAP);
const keyed: Record<string, Record<string, unknown>> = {
  VM_LIMITS,
  STORAGE_PARAMETERS,
  WASM_CONFIG,
  WITNESS_CONFIG,
  CONGESTION_CONTROL_CONFIG,
  BANDWIDTH_SCHEDULER_CONFIG,
  RUNTIME_FLAGS,
};
const extEntries = Object.entries(EXT_COSTS) as [string, ExtCostParameter][];

test("header constants", (t) => {
  t.is(PROTOCOL_VERSION, 85);
  t.is(PARAMETERS_SOURCE.commit, "00fc9501c83c5fe1197bc0bc80958bf1e7cb7a5a");
  t.is(snap.size, 198);
});

test("spot checks against the snapshot", (t) => {
  t.is(EXT_COSTS.regular_op_cost.gas, 822_756n);
  t.is(EXT_COSTS.regular_op_cost.profileName, "WASM_INSTRUCTION");
  t.is(EXT_COSTS.base.gas, 264_768_111n);
  t.is(EXT_COSTS.base.profileName, "BASE");
  t.is(EXT_COSTS.storage_write_base.gas, 64_196_736_000n);
  t.is(EXT_COSTS.storage_write_base.compute, 200_000_000_000n);
  t.is(EXT_COSTS.storage_write_base.profileName, "STORAGE_WRITE_BASE");
  t.is(EXT_COSTS.contract_loading_base.gas, 35_445_963n);
  t.is(EXT_COSTS.contract_loading_bytes.gas, 1_089_295n);
  t.is(EXT_COSTS.touching_trie_node.gas, 2_280_000_000n);
  t.is(EXT_COSTS.touching_trie_node.profileName, "TOUCHING_TRIE_NODE");
  t.is(EXT_COSTS.storage_read_base.gas, 56_356_845_749n);
  t.is(EXT_COSTS.ecrecover_base.gas, 278_821_988_457n);
  t.is(EXT_COSTS.yield_resume_byte.gas, 47_683_715n);
  t.is(EXT_COSTS.storage_large_read_overhead_base.gas, 1n);
  t.is(EXT_COSTS.storage_large_read_overhead_base.compute, 41_000_000_000n);

  t.is(ACTION_COSTS.function_call_base.execution, 780_000_000_000n);
  t.is(ACTION_COSTS.function_call_base.sendSir, 200_000_000_000n);
  t.is(ACTION_COSTS.function_call_base.profileName, "FUNCTION_CALL_BASE");
  t.is(ACTION_COSTS.function_call_byte.sendNotSir, 47_683_715n);
  t.is(ACTION_COSTS.new_action_receipt.execution, 108_059_500_000n);
  t.is(ACTION_COSTS.new_action_receipt.profileName, "NEW_ACTION_RECEIPT");
  t.is(ACTION_COSTS.deploy_contract_byte.execution, 64_572_944n);
  t.is(ACTION_COSTS.create_account.sendSir, 3_850_000_000_000n);
  t.is(ACTION_COSTS.stake.execution, 102_217_625_000n);

  t.is(VM_LIMITS.max_gas_burnt, 1_000_000_000_000_000n);
  t.is(VM_LIMITS.max_total_prepaid_gas, 1_000_000_000_000_000n);
  t.is(VM_LIMITS.max_register_size, 104_857_600n);
  t.is(VM_LIMITS.account_id_validity_rules_version, 2);
  t.is(STORAGE_PARAMETERS.storage_amount_per_byte, 10n ** 19n);
  t.is(STORAGE_PARAMETERS.global_contract_storage_amount_per_byte, 10n ** 20n);
  t.deepEqual(STORAGE_PARAMETERS.burnt_gas_reward, { numerator: 3, denominator: 10 });
  t.is(WASM_CONFIG.vm_kind, "Wasmtime");
  t.true(WASM_CONFIG.reftypes_bulk_memory);
});

test("every EXT_COSTS entry has a bigint gas and a unique non-empty profile name", (t) => {
  const names = new Set<string>();
  for (const [key, cost] of extEntries) {
    t.is(typeof cost.gas, "bigint", key);
    t.is(typeof cost.compute, "bigint", key);
    t.regex(cost.profileName, /^[A-Z0-9_]+$/, key);
    t.false(names.has(cost.profileName), `duplicate profile name ${cost.profileName}`);
    names.add(cost.profileName);
  }
  t.is(extEntries.length, 88);
});

test("every ACTION_COSTS entry has bigint fees and a unique non-empty profile name", (t) => {
  const names = new Set<string>();
  for (const [key, fee] of Object.entries(ACTION_COSTS)) {
    for (const v of [fee.sendSir, fee.sendNotSir, fee.execution]) t.is(typeof v, "bigint", key);
    t.regex(fee.profileName, /^[A-Z0-9_]+$/, key);
    t.false(names.has(fee.profileName), `duplicate profile name ${fee.profileName}`);
    names.add(fee.profileName);
  }
  t.is(names.size, 26);
});

test("profile names are the upper-cased nearcore cost names", (t) => {
  for (const [key, cost] of extEntries) {
    if (key === "regular_op_cost") continue;
    t.is(cost.profileName, key.toUpperCase());
    t.is(cost.parameter, `wasm_${key}`);
  }
  for (const [key, fee] of Object.entries(ACTION_COSTS)) t.is(fee.profileName, key.toUpperCase());
});

test("every snapshot parameter is transcribed with its value", (t) => {
  const placed = new Set<string>();
  for (const [name, value] of snap) {
    if (value.kind === "fee") {
      const fee = Object.values(ACTION_COSTS).find((f) => f.parameter === name);
      t.truthy(fee, name);
      t.deepEqual(
        { sendSir: fee!.sendSir, sendNotSir: fee!.sendNotSir, execution: fee!.execution },
        { sendSir: value.sendSir, sendNotSir: value.sendNotSir, execution: value.execution },
        name,
      );
      placed.add(name);
      continue;
    }
    const ext = extEntries.find(([, c]) => c.parameter === name);
    if (ext) {
      if (value.kind === "cost") {
        t.is(ext[1].gas, value.gas, name);
        t.is(ext[1].compute, value.compute, name);
      } else if (value.kind === "int") {
        t.is(ext[1].gas, value.value, name);
        t.is(ext[1].compute, value.value, name);
      } else {
        t.fail(`${name}: unexpected ${value.kind}`);
      }
      placed.add(name);
    }
    const homes = Object.entries(keyed).filter(([, obj]) => Object.hasOwn(obj, name));
    if (!ext) t.is(homes.length, 1, `${name} should be in exactly one object`);
    for (const [home, obj] of homes) {
      const actual = obj[name];
      switch (value.kind) {
        case "int": {
          const asBigint = typeof actual === "number" ? BigInt(actual) : actual;
          t.is(asBigint, value.value, `${home}.${name}`);
          break;
        }
        case "ratio":
          t.deepEqual(actual, { numerator: value.numerator, denominator: value.denominator }, name);
          break;
        case "bool":
          t.is(actual, value.value, name);
          break;
        case "str": {
          const m = value.value.match(/^([\d.]+) (yN|N)$/);
          if (m) {
            const [whole, frac = ""] = m[1]!.split(".");
            const yocto = m[2] === "yN" ? BigInt(m[1]!) : BigInt(whole! + frac.padEnd(24, "0"));
            t.is(actual, yocto, name);
          } else {
            t.is(actual, value.value, name);
          }
          break;
        }
        default:
          t.fail(`${name}: unexpected ${value.kind}`);
      }
      placed.add(name);
    }
  }
  t.deepEqual(
    [...snap.keys()].filter((n) => !placed.has(n)),
    [],
  );

  // Nothing exported that the snapshot does not have.
  for (const [home, obj] of Object.entries(keyed)) {
    for (const key of Object.keys(obj)) {
      t.true(snap.has(key), `${home}.${key} is not in the snapshot`);
    }
  }
  for (const [, c] of extEntries) t.true(snap.has(c.parameter), c.parameter);
});

test("the tables are frozen", (t) => {
  t.true(Object.isFrozen(EXT_COSTS));
  t.true(Object.isFrozen(EXT_COSTS.base));
  t.true(Object.isFrozen(ACTION_COSTS.transfer));
  t.true(Object.isFrozen(STORAGE_PARAMETERS.burnt_gas_reward));
});
