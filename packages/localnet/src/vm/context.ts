/** The result of a receipt this call depends on, as promise_result reports it. */
export type PromiseResult = { status: "NotReady" } | { status: "Successful"; data: Uint8Array } | { status: "Failed" };

/**
 * Everything a contract call can observe about where and when it runs:
 * nearcore's VMContext. Amounts are yoctoNEAR, gas in gas units.
 */
export interface VMContext {
  currentAccountId: string;
  signerAccountId: string;
  /** The signer's public key, borsh-encoded (key type byte, then the key). */
  signerAccountPk: Uint8Array;
  predecessorAccountId: string;
  input: Uint8Array;
  promiseResults: PromiseResult[];
  blockHeight: bigint;
  blockTimestamp: bigint;
  epochHeight: bigint;
  /** Includes the attached deposit, as the runtime credits it before running. */
  accountBalance: bigint;
  accountLockedBalance: bigint;
  storageUsage: bigint;
  attachedDeposit: bigint;
  prepaidGas: bigint;
  /** 32 bytes. */
  randomSeed: Uint8Array;
  /** A view call: state-changing host functions fail with ProhibitedInView. */
  isView: boolean;
}

const TGAS = 1_000_000_000_000n;

/** Defaults in the spirit of near-vm-runner-standalone: alice.test.near calls contract.test.near with 300 TGas. */
export function defaultContext(overrides: Partial<VMContext> = {}): VMContext {
  const ed25519Key = new Uint8Array(33);
  return {
    currentAccountId: "contract.test.near",
    signerAccountId: "alice.test.near",
    signerAccountPk: ed25519Key,
    predecessorAccountId: "alice.test.near",
    input: new Uint8Array(),
    promiseResults: [],
    blockHeight: 1n,
    blockTimestamp: 1_700_000_000_000_000_000n,
    epochHeight: 1n,
    accountBalance: 100n * 10n ** 24n,
    accountLockedBalance: 0n,
    storageUsage: 100n,
    attachedDeposit: 0n,
    prepaidGas: 300n * TGAS,
    randomSeed: new Uint8Array(32),
    isView: false,
    ...overrides,
  };
}
