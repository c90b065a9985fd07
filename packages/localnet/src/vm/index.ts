/** The contract VM: one function call of NEAR contract wasm, with NEAR's host functions, limits and gas. */
export { defaultContext, type PromiseResult, type VMContext } from "./context.ts";
export { nearRuntimeCosts, nearVMLimits, type RuntimeCosts, type VMLimits } from "./costs.ts";
export type { FunctionCallError } from "./errors.ts";
export type { GasProfileEntry } from "./gas-counter.ts";
export { clearPreparedContracts } from "./prepare.ts";
export type { Action, AccessKeyPermission, CreatedReceipt } from "./receipts.ts";
export { runContract, type RunRequest, type VMOutcome } from "./runner.ts";
export { MapStorage, OverlayStorage, type ContractStorage, type TrieNodesTouched } from "./storage.ts";
export { PARAMETERS_SOURCE, PROTOCOL_VERSION } from "./runtime-parameters.ts";
