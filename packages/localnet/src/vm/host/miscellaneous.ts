import { hostErrors } from "../errors.ts";
import type { VMLogic } from "../logic.ts";

export function miscellaneousFunctions(logic: VMLogic) {
  const { gas, memory, limits } = logic;
  return {
    value_return(valueLen: bigint, valuePtr: bigint): void {
      gas.pay("base");
      const value = logic.readBytes(valuePtr, valueLen);
      const length = BigInt(value.length);
      if (length > limits.maxLengthReturnedData) {
        throw hostErrors.returnedValueLengthExceeded(length, limits.maxLengthReturnedData);
      }
      logic.returnData = { kind: "Value", data: value };
    },
    panic(): void {
      gas.pay("base");
      throw hostErrors.guestPanic("explicit guest panic");
    },
    panic_utf8(len: bigint, ptr: bigint): void {
      gas.pay("base");
      throw hostErrors.guestPanic(logic.readUtf8(len, ptr));
    },
    log_utf8(len: bigint, ptr: bigint): void {
      gas.pay("base");
      logic.checkCanLog();
      logic.log(logic.readUtf8(len, ptr));
    },
    log_utf16(len: bigint, ptr: bigint): void {
      gas.pay("base");
      logic.checkCanLog();
      logic.log(logic.readUtf16(len, ptr));
    },
    /** AssemblyScript's abort: message and file are UTF-16 strings prefixed by their byte length. */
    abort(msgPtr: number, filenamePtr: number, line: number, col: number): void {
      gas.pay("base");
      const read = (ptr: number) => {
        const lengthBytes = memory.read(BigInt(ptr) - 4n, 4n);
        const length = BigInt(new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 4).getUint32(0, true));
        return logic.readUtf16(length, BigInt(ptr));
      };
      const message = `${read(msgPtr)}, filename: "${read(filenamePtr)}" line: ${line} col: ${col}`;
      throw hostErrors.guestPanic(message);
    },
  };
}
