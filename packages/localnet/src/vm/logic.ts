import { isValidAccountId } from "./account-id.ts";
import type { VMContext } from "./context.ts";
import { HostError, hostErrors } from "./errors.ts";
import type { GasCounter } from "./gas-counter.ts";
import type { VMLimits } from "./costs.ts";
import { GuestMemory } from "./memory.ts";
import { ReceiptBuilder } from "./receipts.ts";
import { Registers } from "./registers.ts";
import type { ContractStorage } from "./storage.ts";

export type ReturnData =
  | { kind: "None" }
  | { kind: "Value"; data: Uint8Array }
  | { kind: "ReceiptIndex"; index: number };

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const utf8 = new TextDecoder("utf-8", { fatal: true });
const utf16 = new TextDecoder("utf-16le", { fatal: true });

/**
 * The mutable state of one function call that host functions act on
 * (nearcore's VMLogic): gas, memory, registers, logs, return data, created
 * receipts, storage and balance, plus the shared checks and decoders.
 */
export class VMLogic {
  readonly memory: GuestMemory;
  readonly registers: Registers;
  readonly receipts = new ReceiptBuilder();
  readonly logs: string[] = [];
  returnData: ReturnData = { kind: "None" };
  storageUsage: bigint;
  balance: bigint;
  private totalLogLength = 0n;

  constructor(
    readonly context: VMContext,
    readonly gas: GasCounter,
    readonly limits: VMLimits,
    readonly storage: ContractStorage,
  ) {
    this.memory = new GuestMemory(gas);
    this.registers = new Registers(gas, limits);
    this.storageUsage = context.storageUsage;
    this.balance = context.accountBalance;
  }

  /** Fails view calls that reach a state-changing host function. */
  requireChangeCall(methodName: string): void {
    if (this.context.isView) throw hostErrors.prohibitedInView(methodName);
  }

  /** A UTF-8 string from memory; len = u64::MAX reads up to a NUL. Charged for decoding. */
  readUtf8(len: bigint, ptr: bigint): string {
    this.gas.pay("utf8_decoding_base");
    let bytes: Uint8Array;
    if (len === U64_MAX) {
      bytes = this.memory.readNulTerminated(ptr, () => {});
    } else {
      bytes = this.memory.read(ptr, len);
    }
    this.gas.pay("utf8_decoding_byte", BigInt(bytes.length));
    try {
      return utf8.decode(bytes);
    } catch {
      throw hostErrors.badUtf8();
    }
  }

  /** A UTF-16LE string from memory; len = u64::MAX reads up to a two-byte NUL. */
  readUtf16(len: bigint, ptr: bigint): string {
    this.gas.pay("utf16_decoding_base");
    let bytes: Uint8Array;
    if (len === U64_MAX) {
      const units: number[] = [];
      for (let at = ptr; ; at += 2n) {
        const unit = this.memory.read(at, 2n);
        if (unit[0] === 0 && unit[1] === 0) break;
        units.push(unit[0], unit[1]);
      }
      bytes = Uint8Array.from(units);
    } else {
      if (len % 2n !== 0n) throw hostErrors.badUtf16();
      bytes = this.memory.read(ptr, len);
    }
    this.gas.pay("utf16_decoding_byte", BigInt(bytes.length));
    try {
      return utf16.decode(bytes);
    } catch {
      throw hostErrors.badUtf16();
    }
  }

  /**
   * Bytes from memory, or, when len is u64::MAX, the contents of register
   * `ptr` (nearcore's get_memory_or_register).
   */
  readBytes(ptr: bigint, len: bigint): Uint8Array {
    return len === U64_MAX ? this.registers.read(ptr) : this.memory.read(ptr, len);
  }

  readAccountId(len: bigint, ptr: bigint): string {
    const bytes = this.readBytes(ptr, len);
    let id: string;
    try {
      id = utf8.decode(bytes);
    } catch {
      throw hostErrors.invalidAccountId();
    }
    if (!isValidAccountId(id)) throw hostErrors.invalidAccountId();
    return id;
  }

  /** Appends a log line within NEAR's count and total-length limits, charging log costs. */
  log(message: string): void {
    const length = BigInt(Buffer.byteLength(message, "utf8"));
    this.gas.pay("log_base");
    this.gas.pay("log_byte", length);
    this.totalLogLength += length;
    if (this.totalLogLength > this.limits.maxTotalLogLength) {
      throw hostErrors.totalLogLengthExceeded(this.totalLogLength, this.limits.maxTotalLogLength);
    }
    this.logs.push(message);
  }

  checkCanLog(): void {
    if (BigInt(this.logs.length) >= this.limits.maxNumberLogs)
      throw hostErrors.numberOfLogsExceeded(this.limits.maxNumberLogs);
  }

  deductBalance(amount: bigint): void {
    if (amount > this.balance) throw hostErrors.balanceExceeded();
    this.balance -= amount;
  }

  checkPromiseLimit(): void {
    const limit = this.limits.maxPromisesPerFunctionCallAction;
    const next = BigInt(this.receipts.promiseCount) + 1n;
    if (next > limit) throw hostErrors.numberPromisesExceeded(next, limit);
  }
}

export { HostError };
