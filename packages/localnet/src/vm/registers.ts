import { hostErrors } from "./errors.ts";
import type { GasCounter } from "./gas-counter.ts";

export interface RegisterLimits {
  maxRegisterSize: bigint;
  maxNumberRegisters: bigint;
  registersMemoryLimit: bigint;
}

/** NEAR's registers: host-side byte buffers, charged on write and read, bounded in count and total size. */
export class Registers {
  private readonly registers = new Map<bigint, Uint8Array>();
  private totalBytes = 0n;

  constructor(
    private readonly gas: GasCounter,
    private readonly limits: RegisterLimits,
  ) {}

  /** Contents, charged as a register read. InvalidRegisterId when empty. */
  read(id: bigint): Uint8Array {
    const data = this.registers.get(id);
    if (!data) throw hostErrors.invalidRegisterId(id);
    this.gas.pay("read_register_base");
    this.gas.pay("read_register_byte", BigInt(data.length));
    return data;
  }

  /** Length, or undefined when empty (register_len answers u64::MAX then). */
  length(id: bigint): bigint | undefined {
    const data = this.registers.get(id);
    return data ? BigInt(data.length) : undefined;
  }

  write(id: bigint, data: Uint8Array): void {
    this.gas.pay("write_register_base");
    this.gas.pay("write_register_byte", BigInt(data.length));
    const previous = this.registers.get(id);
    const size = BigInt(data.length);
    const total = this.totalBytes - BigInt(previous?.length ?? 0) + size;
    const count = BigInt(this.registers.size + (previous ? 0 : 1));
    if (
      size > this.limits.maxRegisterSize ||
      count > this.limits.maxNumberRegisters ||
      total > this.limits.registersMemoryLimit
    ) {
      throw hostErrors.memoryAccessViolation();
    }
    this.registers.set(id, data);
    this.totalBytes = total;
  }
}
