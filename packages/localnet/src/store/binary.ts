/**
 * The compact binary form of a record's value (codec.ts seals it): a format
 * byte, then one tagged value. It keeps what the JSON form kept, with the
 * same meaning (objects' own enumerable fields without undefined ones,
 * toJSON honoured, undefined in arrays as null, non-finite numbers as null),
 * and adds nothing JSON could not say, so a record reads back as the same
 * value whichever form wrote it. Bigints and byte arrays are stored as
 * bytes rather than as decimal and base64 text.
 *
 * Field names and common string values are one byte from WORDS instead of
 * their text: records repeat the same dozen names (a block has twenty
 * fields, an outcome nine) and spelling them out was a third of a record.
 * WORDS is part of the on-disk format: entries are only ever appended,
 * never reordered or removed, or stored records would read back with other
 * names. A string not in it is simply spelled out.
 */

/** First byte of a binary payload; JSON payloads start with a printable character. */
export const BINARY_FORMAT = 0x01;

enum Tag {
  Null = 0,
  False = 1,
  True = 2,
  Unsigned = 3,
  Negative = 4,
  Float = 5,
  Text = 6,
  Word = 7,
  BigUnsigned = 8,
  BigNegative = 9,
  Bytes = 10,
  List = 11,
  Record = 12,
}

// Append only (see the file's head).
const WORDS = [
  // blocks and the head record
  "height",
  "hash",
  "prevHash",
  "timestamp",
  "gasPrice",
  "totalSupply",
  "epochHeight",
  "epochId",
  "nextEpochId",
  "randomValue",
  "stateRoot",
  "lastDsFinalHash",
  "lastFinalHash",
  "txHashes",
  "receiptIds",
  "gasUsed",
  "balanceBurnt",
  "lastChangedHeight",
  "clockOffset",
  "scheduler",
  "pending",
  "receivedData",
  "postponed",
  // state items
  "item",
  "value",
  "amount",
  "locked",
  "codeHash",
  "storageUsage",
  "publicKey",
  "accessKey",
  "nonce",
  "permission",
  "key",
  "allowance",
  "receiverId",
  "methodNames",
  "FullAccess",
  // transactions, receipts and outcomes
  "tx",
  "outcome",
  "signerId",
  "actions",
  "signature",
  "bodyBytes",
  "signatureBytes",
  "size",
  "id",
  "blockHash",
  "executorId",
  "gasBurnt",
  "tokensBurnt",
  "logs",
  "status",
  "profile",
  "receiptId",
  "predecessorId",
  "body",
  "signerPublicKey",
  "outputDataReceivers",
  "inputDataIds",
  "isGasRefund",
  "dataId",
  "data",
  "error",
  "type",
  "Action",
  "Data",
  "SuccessValue",
  "SuccessReceiptId",
  "Failure",
  "ActionError",
  "CreateAccount",
  "DeployContract",
  "FunctionCall",
  "Transfer",
  "Stake",
  "AddKey",
  "DeleteKey",
  "DeleteAccount",
  "Delegate",
  "code",
  "methodName",
  "args",
  "deposit",
  "gas",
  "stake",
  "beneficiaryId",
  "delegateAction",
  "senderId",
  "maxBlockHeight",
  "system",
  "ed25519:11111111111111111111111111111111",
  // gas profiles
  "cost_category",
  "cost",
  "gas_used",
  "WASM_HOST_COST",
  "ACTION_COST",
  "WASM_INSTRUCTION",
  "BASE",
  "CONTRACT_LOADING_BASE",
  "CONTRACT_LOADING_BYTES",
  "READ_MEMORY_BASE",
  "READ_MEMORY_BYTE",
  "WRITE_MEMORY_BASE",
  "WRITE_MEMORY_BYTE",
  "READ_REGISTER_BASE",
  "READ_REGISTER_BYTE",
  "WRITE_REGISTER_BASE",
  "WRITE_REGISTER_BYTE",
  "UTF8_DECODING_BASE",
  "UTF8_DECODING_BYTE",
  "LOG_BASE",
  "LOG_BYTE",
  "SHA256_BASE",
  "SHA256_BYTE",
  "STORAGE_WRITE_BASE",
  "STORAGE_WRITE_KEY_BYTE",
  "STORAGE_WRITE_VALUE_BYTE",
  "STORAGE_WRITE_EVICTED_BYTE",
  "STORAGE_READ_BASE",
  "STORAGE_READ_KEY_BYTE",
  "STORAGE_READ_VALUE_BYTE",
  "STORAGE_HAS_KEY_BASE",
  "STORAGE_HAS_KEY_BYTE",
  "STORAGE_REMOVE_BASE",
  "STORAGE_REMOVE_KEY_BYTE",
  "STORAGE_REMOVE_RET_VALUE_BYTE",
  "TOUCHING_TRIE_NODE",
  "READ_CACHED_TRIE_NODE",
  "PROMISE_RETURN",
  "PROMISE_AND_BASE",
  "PROMISE_AND_PER_PROMISE",
  "NEW_ACTION_RECEIPT",
  "NEW_DATA_RECEIPT_BASE",
  "NEW_DATA_RECEIPT_BYTE",
  "FUNCTION_CALL_BASE",
  "FUNCTION_CALL_BYTE",
  "TRANSFER",
  "CREATE_ACCOUNT",
  "DEPLOY_CONTRACT_BASE",
  "DEPLOY_CONTRACT_BYTE",
  "ADD_FULL_ACCESS_KEY",
  "ADD_FUNCTION_CALL_KEY_BASE",
  "ADD_FUNCTION_CALL_KEY_BYTE",
  "DELETE_KEY",
  "DELETE_ACCOUNT",
] as const;

const WORD_INDEX = new Map<string, number>(WORDS.map((word, index) => [word, index]));

/** A growing byte buffer with the few writes the format needs. */
class Writer {
  private bytes = Buffer.allocUnsafe(256);
  length = 0;

  private room(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + more));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  byte(value: number): void {
    this.room(1);
    this.bytes[this.length++] = value;
  }

  /** LEB128 of a whole number below 2^53 (arithmetic, not 32-bit shifts). */
  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }

  raw(data: Uint8Array): void {
    this.room(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  float(value: number): void {
    this.room(8);
    this.bytes.writeDoubleLE(value, this.length);
    this.length += 8;
  }

  done(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}

function magnitudeBytes(value: bigint): Uint8Array {
  const out: number[] = [];
  for (let rest = value; rest > 0n; rest >>= 8n) out.push(Number(rest & 0xffn));
  return Uint8Array.from(out);
}

function writeText(out: Writer, text: string): void {
  const word = WORD_INDEX.get(text);
  if (word !== undefined) {
    out.byte(Tag.Word);
    out.varint(word);
    return;
  }
  const utf8 = Buffer.from(text, "utf8");
  out.byte(Tag.Text);
  out.varint(utf8.length);
  out.raw(utf8);
}

/** Whether JSON would leave the field out of an object (and write null in an array). */
const omitted = (value: unknown) => value === undefined || typeof value === "function" || typeof value === "symbol";

function writeNumber(out: Writer, value: number): void {
  if (!Number.isFinite(value)) out.byte(Tag.Null);
  else if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
    out.byte(value >= 0 ? Tag.Unsigned : Tag.Negative);
    out.varint(Math.abs(value));
  } else {
    out.byte(Tag.Float);
    out.float(value);
  }
}

function writeBytes(out: Writer, tag: Tag, bytes: Uint8Array): void {
  out.byte(tag);
  out.varint(bytes.length);
  out.raw(bytes);
}

function writeValue(out: Writer, input: unknown): void {
  const value =
    input !== null && typeof input === "object" && typeof (input as { toJSON?: unknown }).toJSON === "function"
      ? (input as { toJSON(): unknown }).toJSON()
      : input;
  if (value === null || omitted(value)) out.byte(Tag.Null);
  else if (value === true) out.byte(Tag.True);
  else if (value === false) out.byte(Tag.False);
  else if (typeof value === "number") writeNumber(out, value);
  else if (typeof value === "string") writeText(out, value);
  else if (typeof value === "bigint")
    writeBytes(out, value < 0n ? Tag.BigNegative : Tag.BigUnsigned, magnitudeBytes(value < 0n ? -value : value));
  else if (value instanceof Uint8Array) writeBytes(out, Tag.Bytes, value);
  else if (Array.isArray(value)) {
    out.byte(Tag.List);
    out.varint(value.length);
    for (const element of value) writeValue(out, element);
  } else {
    const fields = Object.entries(value as object).filter(([, field]) => !omitted(field));
    out.byte(Tag.Record);
    out.varint(fields.length);
    for (const [name, field] of fields) {
      writeText(out, name);
      writeValue(out, field);
    }
  }
}

export function encodeValue(value: unknown): Buffer {
  const out = new Writer();
  out.byte(BINARY_FORMAT);
  writeValue(out, value);
  return out.done();
}

/** Reads one payload; throws on anything that is not exactly one well-formed value. */
class Reader {
  private at = 1; // past the format byte

  constructor(private readonly bytes: Buffer) {}

  private take(count: number): Buffer {
    if (this.at + count > this.bytes.length) throw new Error("truncated value");
    const slice = this.bytes.subarray(this.at, this.at + count);
    this.at += count;
    return slice;
  }

  private varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.take(1)[0];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new Error("varint too long");
    }
    return value;
  }

  private text(): string {
    const tag = this.take(1)[0];
    if (tag === Tag.Word) return this.word();
    if (tag === Tag.Text) return this.take(this.varint()).toString("utf8");
    throw new Error(`a field name cannot have tag ${tag}`);
  }

  private word(): string {
    const index = this.varint();
    const word = WORDS[index];
    if (word === undefined) throw new Error(`unknown word ${index}`);
    return word;
  }

  private bigint(): bigint {
    const bytes = this.take(this.varint());
    let value = 0n;
    for (let index = bytes.length - 1; index >= 0; index--) value = (value << 8n) | BigInt(bytes[index]);
    return value;
  }

  value(): unknown {
    const tag = this.take(1)[0];
    switch (tag) {
      case Tag.Null:
        return null;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Unsigned:
        return this.varint();
      case Tag.Negative:
        return -this.varint();
      case Tag.Float:
        return this.take(8).readDoubleLE(0);
      case Tag.Text:
        return this.take(this.varint()).toString("utf8");
      case Tag.Word:
        return this.word();
      case Tag.BigUnsigned:
        return this.bigint();
      case Tag.BigNegative:
        return -this.bigint();
      case Tag.Bytes:
        // A copy: the value must not keep the database's buffer alive or change with it.
        return new Uint8Array(this.take(this.varint()));
      case Tag.List: {
        const count = this.varint();
        const list: unknown[] = [];
        for (let index = 0; index < count; index++) list.push(this.value());
        return list;
      }
      case Tag.Record: {
        const count = this.varint();
        const record: Record<string, unknown> = {};
        for (let index = 0; index < count; index++) {
          const name = this.text();
          // As JSON.parse: "__proto__" is an own field, not the object's prototype.
          if (name === "__proto__")
            Object.defineProperty(record, name, {
              value: this.value(),
              enumerable: true,
              writable: true,
              configurable: true,
            });
          else record[name] = this.value();
        }
        return record;
      }
      default:
        throw new Error(`unknown tag ${tag}`);
    }
  }

  end(): void {
    if (this.at !== this.bytes.length) throw new Error(`${this.bytes.length - this.at} bytes after the value`);
  }
}

export function decodeValue(payload: Buffer): unknown {
  const reader = new Reader(payload);
  const value = reader.value();
  reader.end();
  return value;
}
