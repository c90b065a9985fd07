/**
 * NEAR's host functions: every function a contract may import, all from
 * module "env", with its wasm signature. Transcribed from nearcore's
 * runtime/near-vm-runner/src/imports.rs (its `imports!` list), grouped as
 * there. Parameters are i64 except abort's, which are i32.
 */
export type WasmValueType = "i32" | "i64";

export interface HostFunctionSignature {
  params: readonly WasmValueType[];
  results: readonly WasmValueType[];
}

const u64 = (count: number): WasmValueType[] => Array<WasmValueType>(count).fill("i64");
const fn = (params: number, results: 0 | 1): HostFunctionSignature => ({ params: u64(params), results: u64(results) });

export const NEAR_HOST_FUNCTIONS: Readonly<Record<string, HostFunctionSignature>> = {
  // registers
  read_register: fn(2, 0),
  register_len: fn(1, 1),
  write_register: fn(3, 0),
  // context
  current_account_id: fn(1, 0),
  signer_account_id: fn(1, 0),
  signer_account_pk: fn(1, 0),
  predecessor_account_id: fn(1, 0),
  input: fn(1, 0),
  block_index: fn(0, 1),
  block_timestamp: fn(0, 1),
  epoch_height: fn(0, 1),
  storage_usage: fn(0, 1),
  // economics
  account_balance: fn(1, 0),
  account_locked_balance: fn(1, 0),
  attached_deposit: fn(1, 0),
  prepaid_gas: fn(0, 1),
  used_gas: fn(0, 1),
  // math
  random_seed: fn(1, 0),
  sha256: fn(3, 0),
  keccak256: fn(3, 0),
  keccak512: fn(3, 0),
  ed25519_verify: fn(6, 1),
  ripemd160: fn(3, 0),
  ecrecover: fn(7, 1),
  // miscellaneous
  value_return: fn(2, 0),
  panic: fn(0, 0),
  panic_utf8: fn(2, 0),
  log_utf8: fn(2, 0),
  log_utf16: fn(2, 0),
  abort: { params: ["i32", "i32", "i32", "i32"], results: [] },
  // promises
  promise_create: fn(8, 1),
  promise_then: fn(9, 1),
  promise_and: fn(2, 1),
  promise_batch_create: fn(2, 1),
  promise_batch_then: fn(3, 1),
  // promise actions
  promise_batch_action_create_account: fn(1, 0),
  promise_batch_action_deploy_contract: fn(3, 0),
  promise_batch_action_function_call: fn(7, 0),
  promise_batch_action_function_call_weight: fn(8, 0),
  promise_batch_action_transfer: fn(2, 0),
  promise_batch_action_stake: fn(4, 0),
  promise_batch_action_add_key_with_full_access: fn(4, 0),
  promise_batch_action_add_key_with_function_call: fn(9, 0),
  promise_batch_action_delete_key: fn(3, 0),
  promise_batch_action_delete_account: fn(3, 0),
  // yield/resume
  promise_yield_create: fn(7, 1),
  promise_yield_resume: { params: u64(4), results: ["i32"] },
  // promise results
  promise_results_count: fn(0, 1),
  promise_result: fn(2, 1),
  promise_return: fn(1, 0),
  // storage
  storage_write: fn(5, 1),
  storage_read: fn(3, 1),
  storage_remove: fn(3, 1),
  storage_has_key: fn(2, 1),
  // validator
  validator_stake: fn(3, 0),
  validator_total_stake: fn(1, 0),
  // alt_bn128
  alt_bn128_g1_multiexp: fn(3, 0),
  alt_bn128_g1_sum: fn(3, 0),
  alt_bn128_pairing_check: fn(2, 1),
  // bls12-381
  bls12381_g1_sum: fn(3, 1),
  bls12381_g2_sum: fn(3, 1),
  bls12381_g1_multiexp: fn(3, 1),
  bls12381_g2_multiexp: fn(3, 1),
  bls12381_map_fp_to_g1: fn(3, 1),
  bls12381_map_fp2_to_g2: fn(3, 1),
  bls12381_pairing_check: fn(2, 1),
  bls12381_g1_decompress: fn(3, 1),
  bls12381_g2_decompress: fn(3, 1),
};
