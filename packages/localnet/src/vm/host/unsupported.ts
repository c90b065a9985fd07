import { hostErrors } from "../errors.ts";
import type { VMLogic } from "../logic.ts";

/**
 * NEAR host functions this VM does not implement yet: the BLS12-381 curve
 * operations and yield/resume. A contract importing them
 * still links; calling one charges the base cost and aborts with a precise
 * Unsupported error instead of a wrong answer.
 */
export const UNSUPPORTED_HOST_FUNCTIONS = [
  "bls12381_g1_sum",
  "bls12381_g2_sum",
  "bls12381_g1_multiexp",
  "bls12381_g2_multiexp",
  "bls12381_map_fp_to_g1",
  "bls12381_map_fp2_to_g2",
  "bls12381_pairing_check",
  "bls12381_g1_decompress",
  "bls12381_g2_decompress",
  "promise_yield_create",
  "promise_yield_resume",
] as const;

export function unsupportedFunctions(logic: VMLogic) {
  return Object.fromEntries(
    UNSUPPORTED_HOST_FUNCTIONS.map((name) => [
      name,
      () => {
        logic.gas.pay("base");
        throw hostErrors.unsupported(name);
      },
    ]),
  );
}
