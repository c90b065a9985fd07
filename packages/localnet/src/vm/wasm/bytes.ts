/**
 * Byte-level reading and writing of the WebAssembly binary format: LEB128
 * integers, names and raw slices. Malformed input raises `MalformedWasm`,
 * which preparation reports as nearcore's PrepareError::Deserialization.
 */

export class MalformedWasm extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = "MalformedWasm";
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export class Reader {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get eof(): boolean {
    return this.pos >= this.end;
  }

  fail(message: string): never {
    throw new MalformedWasm(message, this.pos);
  }

  u8(): number {
    if (this.pos >= this.end) this.fail("unexpected end");
    return this.bytes[this.pos++];
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const byte = this.u8();
      if (i === 4 && (byte & 0x70) !== 0) this.fail("u32 out of range");
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
    return this.fail("u32 too long");
  }

  /** A signed LEB128 of at most `bits` bits, returned as a bigint. */
  signed(bits: number): bigint {
    let result = 0n;
    let shift = 0n;
    const maxBytes = Math.ceil(bits / 7);
    for (let i = 0; i < maxBytes; i++) {
      const byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) {
        if (i === maxBytes - 1) {
          // The unused bits of the last byte must be a sign extension.
          const used = bits - 7 * (maxBytes - 1);
          const rest = byte >> (used - 1);
          const sign = rest & 1;
          const expected = sign ? 0x7f >> (used - 1) : 0;
          if (rest !== expected) this.fail("signed integer out of range");
        }
        if (byte & 0x40) result -= 1n << shift;
        return result;
      }
    }
    return this.fail("signed integer too long");
  }

  /** Skips a signed LEB128 of at most `bits` bits (validated). */
  skipSigned(bits: number): void {
    const maxBytes = Math.ceil(bits / 7);
    for (let i = 0; i < maxBytes; i++) {
      const byte = this.u8();
      if ((byte & 0x80) === 0) {
        if (i === maxBytes - 1) {
          const used = bits - 7 * (maxBytes - 1);
          const rest = byte >> (used - 1);
          const expected = rest & 1 ? 0x7f >> (used - 1) : 0;
          if (rest !== expected) this.fail("signed integer out of range");
        }
        return;
      }
    }
    this.fail("signed integer too long");
  }

  skip(count: number): void {
    if (count < 0 || this.pos + count > this.end) this.fail("unexpected end");
    this.pos += count;
  }

  slice(count: number): Uint8Array {
    const start = this.pos;
    this.skip(count);
    return this.bytes.subarray(start, start + count);
  }

  name(): string {
    const length = this.u32();
    const bytes = this.slice(length);
    try {
      return utf8.decode(bytes);
    } catch {
      return this.fail("invalid UTF-8 name");
    }
  }
}

/** A growable byte buffer with the encoders preparation needs. */
export class Writer {
  private buffer: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buffer = new Uint8Array(capacity);
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  byte(value: number): this {
    this.reserve(1);
    this.buffer[this.length++] = value;
    return this;
  }

  bytes(values: Uint8Array | readonly number[]): this {
    this.reserve(values.length);
    this.buffer.set(values, this.length);
    this.length += values.length;
    return this;
  }

  u32(value: number): this {
    this.reserve(5);
    let rest = value >>> 0;
    do {
      let byte = rest & 0x7f;
      rest >>>= 7;
      if (rest !== 0) byte |= 0x80;
      this.buffer[this.length++] = byte;
    } while (rest !== 0);
    return this;
  }

  /** A signed LEB128 of any width. */
  signed(value: bigint): this {
    this.reserve(10);
    let rest = value;
    for (;;) {
      const byte = Number(rest & 0x7fn);
      rest >>= 7n;
      const done = (rest === 0n && (byte & 0x40) === 0) || (rest === -1n && (byte & 0x40) !== 0);
      this.buffer[this.length++] = done ? byte : byte | 0x80;
      if (done) return this;
    }
  }

  name(value: string): this {
    const encoded = new TextEncoder().encode(value);
    return this.u32(encoded.length).bytes(encoded);
  }

  /** Appends `content` prefixed by its length (sections, function bodies). */
  sized(content: Writer): this {
    this.u32(content.length);
    return this.bytes(content.finish());
  }

  finish(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
