import { createHash } from "node:crypto";

/** The plain sha256 of some bytes, as published for contract verification. */
export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A digest of several parts, unambiguous about where each part ends: for cache keys. */
export function sha256Hex(...parts: Array<string | Uint8Array>): string {
  const hash = createHash("sha256");
  for (const part of parts) {
    hash.update(typeof part === "string" ? Buffer.from(part, "utf8") : part);
    hash.update("\0");
  }
  return hash.digest("hex");
}
