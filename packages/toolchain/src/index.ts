export { BuildError } from "./build-error.ts";
export {
  buildContracts,
  discoverContracts,
  defaultCacheDir,
  SNAPSHOT_BY_DEFAULT,
  type BuildOptions,
  type BuildResult,
  type ContractTarget,
} from "./build.ts";
export { inspectWasm, nearConformanceProblems, type WasmImport, type WasmInterface } from "./inspect.ts";
export { NEAR_HOST_FUNCTIONS, type HostFunctionSignature, type WasmValueType } from "./near-host-functions.ts";
export { NEAR_WASM_FEATURES } from "./finalize.ts";
export { NEAR_SDK_LOCKED_VERSIONS } from "./sdk-lock.ts";
