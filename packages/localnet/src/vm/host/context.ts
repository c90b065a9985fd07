import type { VMLogic } from "../logic.ts";

const encoder = new TextEncoder();

export function contextFunctions(logic: VMLogic) {
  const { gas, registers, context } = logic;
  const writeAccount = (registerId: bigint, id: string) => registers.write(registerId, encoder.encode(id));
  return {
    current_account_id(registerId: bigint): void {
      gas.pay("base");
      writeAccount(registerId, context.currentAccountId);
    },
    signer_account_id(registerId: bigint): void {
      gas.pay("base");
      logic.requireChangeCall("signer_account_id");
      writeAccount(registerId, context.signerAccountId);
    },
    signer_account_pk(registerId: bigint): void {
      gas.pay("base");
      logic.requireChangeCall("signer_account_pk");
      registers.write(registerId, context.signerAccountPk);
    },
    predecessor_account_id(registerId: bigint): void {
      gas.pay("base");
      logic.requireChangeCall("predecessor_account_id");
      writeAccount(registerId, context.predecessorAccountId);
    },
    input(registerId: bigint): void {
      gas.pay("base");
      registers.write(registerId, context.input);
    },
    block_index(): bigint {
      gas.pay("base");
      return context.blockHeight;
    },
    block_timestamp(): bigint {
      gas.pay("base");
      return context.blockTimestamp;
    },
    epoch_height(): bigint {
      gas.pay("base");
      return context.epochHeight;
    },
    storage_usage(): bigint {
      gas.pay("base");
      return logic.storageUsage;
    },
  };
}
