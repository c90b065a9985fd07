import type { VMLogic } from "../logic.ts";

/** Validator stakes of the current epoch, by account. */
export type ValidatorStakes = ReadonlyMap<string, bigint>;

export function validatorFunctions(logic: VMLogic, stakes: ValidatorStakes) {
  const { gas, memory } = logic;
  return {
    validator_stake(accountIdLen: bigint, accountIdPtr: bigint, stakePtr: bigint): void {
      gas.pay("base");
      const accountId = logic.readAccountId(accountIdLen, accountIdPtr);
      gas.pay("validator_stake_base");
      memory.writeU128(stakePtr, stakes.get(accountId) ?? 0n);
    },
    validator_total_stake(stakePtr: bigint): void {
      gas.pay("base");
      gas.pay("validator_total_stake_base");
      memory.writeU128(
        stakePtr,
        [...stakes.values()].reduce((sum, stake) => sum + stake, 0n),
      );
    },
  };
}
