import type { VMLogic } from "../logic.ts";

export function economicsFunctions(logic: VMLogic) {
  const { gas, memory, context } = logic;
  return {
    account_balance(balancePtr: bigint): void {
      gas.pay("base");
      memory.writeU128(balancePtr, logic.balance);
    },
    account_locked_balance(balancePtr: bigint): void {
      gas.pay("base");
      memory.writeU128(balancePtr, context.accountLockedBalance);
    },
    attached_deposit(balancePtr: bigint): void {
      gas.pay("base");
      logic.requireChangeCall("attached_deposit");
      memory.writeU128(balancePtr, context.attachedDeposit);
    },
    prepaid_gas(): bigint {
      gas.pay("base");
      logic.requireChangeCall("prepaid_gas");
      return context.prepaidGas;
    },
    used_gas(): bigint {
      gas.pay("base");
      logic.requireChangeCall("used_gas");
      return gas.used;
    },
  };
}
