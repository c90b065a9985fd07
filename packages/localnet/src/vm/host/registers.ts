import type { VMLogic } from "../logic.ts";

const U64_MAX = 0xffff_ffff_ffff_ffffn;

export function registerFunctions(logic: VMLogic) {
  const { gas, memory, registers } = logic;
  return {
    read_register(registerId: bigint, ptr: bigint): void {
      gas.pay("base");
      memory.write(ptr, registers.read(registerId));
    },
    register_len(registerId: bigint): bigint {
      gas.pay("base");
      return registers.length(registerId) ?? U64_MAX;
    },
    write_register(registerId: bigint, dataLen: bigint, dataPtr: bigint): void {
      gas.pay("base");
      registers.write(registerId, memory.read(dataPtr, dataLen));
    },
  };
}
