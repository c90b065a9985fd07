/**
 * Byte encodings the chain uses on the wire: base58 hashes and keys,
 * base64 payloads, sha256, and public keys in their text and borsh forms.
 */
import { randomBytes } from "node:crypto";
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";
import { base58 as scureBase58 } from "@scure/base";
import { PublicKey } from "near-api-js";

export type Hash = Uint8Array;

export function sha256(bytes: Uint8Array): Hash {
  return nobleSha256(bytes);
}

export function base58(bytes: Uint8Array): string {
  return scureBase58.encode(bytes);
}

/** Throws on text that is not base58. */
export function fromBase58(text: string): Uint8Array {
  return scureBase58.decode(text);
}

/** A 32-byte hash in base58, as neard's CryptoHash parses it; undefined for anything else. */
export function hashFromBase58(text: string): Uint8Array | undefined {
  try {
    const bytes = scureBase58.decode(text);
    return bytes.length === 32 ? bytes : undefined;
  } catch {
    return undefined;
  }
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** Lenient, like Buffer: skips characters that are not base64. For bytes this node wrote itself. */
export function fromBase64(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "base64"));
}

/** Standard padded base64 as neard accepts it from clients; undefined for anything else. */
export function strictBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, "base64"));
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

export function u64le(value: bigint): Uint8Array {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(value);
  return new Uint8Array(out);
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** The all-zero hash neard shows as "11111111111111111111111111111111". */
export const ZERO_HASH: Hash = new Uint8Array(32);

/** A public key's canonical text ("ed25519:<base58>"). Throws on malformed text. */
export function normalizePublicKey(text: string): string {
  return PublicKey.fromString(text).toString();
}

/** borsh(PublicKey): the key type byte, then the key's bytes. */
export function publicKeyBorsh(text: string): Uint8Array {
  const key = PublicKey.fromString(text);
  return concatBytes(new Uint8Array([key.keyType]), key.data);
}

/** The inverse of publicKeyBorsh. */
export function publicKeyFromBorsh(bytes: Uint8Array): string {
  return new PublicKey({ keyType: bytes[0], data: bytes.slice(1) }).toString();
}

/** Stands for a bigint inside JSON.stringify's output; the random part keeps a client's string from matching. */
const BIGINT_TAG = `bigint${randomBytes(8).toString("hex")}:`;
/** JSON.stringify writes the leading NUL as the six characters \u0000, which no unescaped text contains. */
const BIGINT_MARKED = new RegExp(`"\\\\u0000${BIGINT_TAG}(-?\\d+)"`, "g");

/**
 * JSON in which bigints are bare integers, exact at any size: neard writes
 * u64 fields (gas, nonces) as JSON numbers, which a JS number would round
 * above 2^53. Balances (u128) are decimal strings and are built as such.
 */
export function jsonStringify(value: unknown): string {
  let marked = false;
  const text = JSON.stringify(value, (_key, inner) => {
    if (typeof inner !== "bigint") return inner;
    marked = true;
    return `\u0000${BIGINT_TAG}${inner}`;
  });
  return marked ? text.replace(BIGINT_MARKED, "$1") : text;
}
