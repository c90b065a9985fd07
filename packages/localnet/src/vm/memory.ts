import { hostErrors } from "./errors.ts";
import type { GasCounter } from "./gas-counter.ts";

/**
 * The contract's linear memory as host functions see it: every read and
 * write is bounds-checked (MemoryAccessViolation) and charged as nearcore
 * charges it (a base per access plus a cost per byte).
 */
export class GuestMemory {
  private memory: WebAssembly.Memory | undefined;

  constructor(private readonly gas: GasCounter) {}

  attach(memory: WebAssembly.Memory): void {
    this.memory = memory;
  }

  private view(ptr: bigint, len: bigint): Uint8Array {
    const buffer = this.memory?.buffer;
    if (!buffer) throw hostErrors.memoryAccessViolation();
    const end = ptr + len;
    if (ptr < 0n || len < 0n || end > BigInt(buffer.byteLength)) throw hostErrors.memoryAccessViolation();
    return new Uint8Array(buffer, Number(ptr), Number(len));
  }

  read(ptr: bigint, len: bigint): Uint8Array {
    this.gas.pay("read_memory_base");
    this.gas.pay("read_memory_byte", len);
    return this.view(ptr, len).slice();
  }

  write(ptr: bigint, data: Uint8Array): void {
    this.gas.pay("write_memory_base");
    this.gas.pay("write_memory_byte", BigInt(data.length));
    this.view(ptr, BigInt(data.length)).set(data);
  }

  readU128(ptr: bigint): bigint {
    const bytes = this.read(ptr, 16n);
    const view = new DataView(bytes.buffer, bytes.byteOffset, 16);
    return view.getBigUint64(0, true) | (view.getBigUint64(8, true) << 64n);
  }

  writeU128(ptr: bigint, value: bigint): void {
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, value & 0xffff_ffff_ffff_ffffn, true);
    view.setBigUint64(8, value >> 64n, true);
    this.write(ptr, bytes);
  }

  /** Reads `count` little-endian u64s (promise indices for promise_and). */
  readU64Array(ptr: bigint, count: bigint): bigint[] {
    const bytes = this.read(ptr, count * 8n);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    return Array.from({ length: Number(count) }, (_, i) => view.getBigUint64(i * 8, true));
  }

  /**
   * Bytes up to a NUL terminator, for the host functions that accept
   * len = u64::MAX; each byte read is charged like nearcore's byte loop.
   */
  readNulTerminated(ptr: bigint, perByte: () => void): Uint8Array {
    const buffer = this.memory?.buffer;
    if (!buffer) throw hostErrors.memoryAccessViolation();
    const all = new Uint8Array(buffer);
    const bytes: number[] = [];
    for (let at = ptr; ; at++) {
      this.gas.pay("read_memory_base");
      this.gas.pay("read_memory_byte");
      if (at >= BigInt(all.length)) throw hostErrors.memoryAccessViolation();
      const byte = all[Number(at)];
      if (byte === 0) break;
      perByte();
      bytes.push(byte);
    }
    return Uint8Array.from(bytes);
  }
}
