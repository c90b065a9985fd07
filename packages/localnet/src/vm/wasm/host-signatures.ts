/**
 * The wasm signatures of NEAR's host functions, from the `imports!` list of
 * nearcore's `runtime/near-vm-runner/src/imports.rs`: every parameter is a
 * u64 (i64) except for `abort` and `gas` (u32, i32), and a function returns
 * nothing or one u64. Wasmtime refuses to link an import whose type differs
 * (a LinkError). Host functions not listed here are linked by name only.
 */

/** name → [parameter count, result count]; parameters are i64 unless I32_PARAMS says otherwise. */
const SIGNATURES: Record<string, readonly [number, number]> = {
  read_register: [2, 0],
  register_len: [1, 1],
  write_register: [3, 0],
  current_account_id: [1, 0],
  signer_account_id: [1, 0],
  signer_account_pk: [1, 0],
  predecessor_account_id: [1, 0],
  input: [1, 0],
  block_index: [0, 1],
  block_timestamp: [0, 1],
  epoch_height: [0, 1],
  storage_usage: [0, 1],
  account_balance: [1, 0],
  account_locked_balance: [1, 0],
  attached_deposit: [1, 0],
  prepaid_gas: [0, 1],
  used_gas: [0, 1],
  random_seed: [1, 0],
  sha256: [3, 0],
  keccak256: [3, 0],
  keccak512: [3, 0],
  ed25519_verify: [6, 1],
  ripemd160: [3, 0],
  ecrecover: [7, 1],
  value_return: [2, 0],
  panic: [0, 0],
  panic_utf8: [2, 0],
  log_utf8: [2, 0],
  log_utf16: [2, 0],
  abort: [4, 0],
  promise_create: [8, 1],
  promise_then: [9, 1],
  promise_and: [2, 1],
  promise_batch_create: [2, 1],
  promise_batch_then: [3, 1],
  promise_batch_action_create_account: [1, 0],
  promise_batch_action_deploy_contract: [3, 0],
  promise_batch_action_function_call: [7, 0],
  promise_batch_action_function_call_weight: [8, 0],
  promise_batch_action_transfer: [2, 0],
  promise_batch_action_stake: [4, 0],
  promise_batch_action_add_key_with_full_access: [4, 0],
  promise_batch_action_add_key_with_function_call: [9, 0],
  promise_batch_action_delete_key: [3, 0],
  promise_batch_action_delete_account: [3, 0],
  promise_results_count: [0, 1],
  promise_result: [2, 1],
  promise_return: [1, 0],
  storage_write: [5, 1],
  storage_read: [3, 1],
  storage_remove: [3, 1],
  storage_has_key: [2, 1],
  storage_iter_prefix: [2, 1],
  storage_iter_range: [4, 1],
  storage_iter_next: [3, 1],
  gas: [1, 0],
  validator_stake: [3, 0],
  validator_total_stake: [1, 0],
  alt_bn128_g1_multiexp: [3, 0],
  alt_bn128_g1_sum: [3, 0],
  alt_bn128_pairing_check: [2, 1],
  bls12381_g1_sum: [3, 1],
  bls12381_g2_sum: [3, 1],
  bls12381_g1_multiexp: [3, 1],
  bls12381_g2_multiexp: [3, 1],
  bls12381_map_fp_to_g1: [3, 1],
  bls12381_map_fp2_to_g2: [3, 1],
  bls12381_pairing_check: [2, 1],
  bls12381_g1_decompress: [3, 1],
  bls12381_g2_decompress: [3, 1],
};

const I32_PARAMS = new Set(["abort", "gas"]);

/** Whether an import of `name` with this type links against NEAR's host function (true when unknown). */
export function importTypeMatches(name: string, params: readonly number[], results: readonly number[]): boolean {
  const signature = Object.hasOwn(SIGNATURES, name) ? SIGNATURES[name] : undefined;
  if (!signature) return true;
  const param = I32_PARAMS.has(name) ? 0x7f : 0x7e;
  return (
    params.length === signature[0] &&
    params.every((type) => type === param) &&
    results.length === signature[1] &&
    results.every((type) => type === 0x7e)
  );
}
