/**
 * Fixed-width little-endian unsigned integers, for compact binary records of
 * constant size (so storage per record is known in advance and the storage
 * bound measured once holds for every record).
 */
import { ensure } from "./guards";

/** Writes `value` into `width` bytes at `offset`; panics if it does not fit. */
export function writeUint(out: Uint8Array, offset: number, width: number, value: bigint, what: string): void {
  ensure(value >= 0n, `${what} is negative`);
  let hex = value.toString(16);
  ensure(hex.length <= width * 2, `${what} does not fit in ${width * 8} bits`);
  hex = hex.padStart(width * 2, "0");
  // little-endian: byte i holds hex digits counted from the right
  for (let i = 0; i < width; i++) {
    const end = hex.length - 2 * i;
    out[offset + i] = parseInt(hex.substring(end - 2, end), 16);
  }
}

const HEX_DIGITS = "0123456789abcdef";

/** Reads `width` little-endian bytes at `offset`. */
export function readUint(src: Uint8Array, offset: number, width: number): bigint {
  let hex = "";
  for (let i = width - 1; i >= 0; i--) {
    const byte = src[offset + i];
    hex += HEX_DIGITS[byte >> 4] + HEX_DIGITS[byte & 15];
  }
  return BigInt(`0x${hex}`);
}
