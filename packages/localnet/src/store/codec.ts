/**
 * How a record is written to the database: a CRC-32 of the payload, then the
 * payload. LMDB keeps its own structure consistent but has no checksum of the
 * values it stores, so a flipped byte inside a record would otherwise be
 * read back as a different balance or nonce; every read checks the CRC and
 * a mismatch is an error naming the record, never a silently wrong value.
 *
 * The payload is the compact binary form of binary.ts (a format byte, then
 * tagged values: bigints and byte arrays exact, no base64, no repeated field
 * names), because every transaction leaves several records and their size is
 * the database's size and, through the memory map, the node's resident
 * memory. Records written by the earlier JSON form (a home from before the
 * change) start with a JSON character instead of the format byte and are
 * still read, so such a home keeps working; nothing writes JSON any more.
 */
import zlib from "node:zlib";
import { fromBase64 } from "../chain/encoding.ts";
import { BINARY_FORMAT, decodeValue, encodeValue } from "./binary.ts";

/** A record whose bytes do not match their checksum, or that does not decode. */
export class CorruptRecord extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`record ${JSON.stringify(key)} is corrupted (${reason})`);
  }
}

const CHECKSUM_BYTES = 4;

export function seal(value: unknown): Buffer {
  const payload = encodeValue(value);
  const sealed = Buffer.allocUnsafe(CHECKSUM_BYTES + payload.length);
  sealed.writeUInt32BE(zlib.crc32(payload), 0);
  payload.copy(sealed, CHECKSUM_BYTES);
  return sealed;
}

/** The earlier form's payload: JSON with bigints as {$n} and byte arrays as {$b} (base64). */
function parseJson(payload: Buffer): unknown {
  return JSON.parse(payload.toString("utf8"), (_key, inner) => {
    if (inner && typeof inner === "object" && !Array.isArray(inner)) {
      if (typeof inner.$n === "string" && Object.keys(inner).length === 1) return BigInt(inner.$n);
      if (typeof inner.$b === "string" && Object.keys(inner).length === 1) return fromBase64(inner.$b);
    }
    return inner;
  });
}

export function unseal<T>(key: string, sealed: Uint8Array): T {
  if (sealed.length < CHECKSUM_BYTES) throw new CorruptRecord(key, "shorter than its checksum");
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
  const payload = bytes.subarray(CHECKSUM_BYTES);
  if (zlib.crc32(payload) !== bytes.readUInt32BE(0)) throw new CorruptRecord(key, "checksum mismatch");
  try {
    return (payload[0] === BINARY_FORMAT ? decodeValue(payload) : parseJson(payload)) as T;
  } catch (error) {
    throw new CorruptRecord(key, (error as Error).message);
  }
}
