/**
 * NEP-148 metadata: validation at `init`, storage under its own key.
 */
import { near } from "near-sdk-js";
import { ensure } from "../common/guards";
import { METADATA_KEY } from "./keys";
import type { FungibleTokenMetadata } from "./interface";

export const FT_METADATA_SPEC = "ft-1.0.0";
const MAX_ICON_LENGTH = 16 * 1024;
const MAX_REFERENCE_LENGTH = 512;

function nullableString(value: unknown, field: string, maxLength: number): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  ensure(typeof value === "string", `metadata.${field} must be a string or null`);
  ensure(value.length <= maxLength, `metadata.${field} is longer than ${maxLength} characters`);
  return value;
}

/** Checks every NEP-148 field and returns a clean copy (no extra fields). */
export function validateMetadata(input: unknown): FungibleTokenMetadata {
  ensure(typeof input === "object" && input !== null, "metadata is required");
  const m = input as Record<string, unknown>;
  ensure(m.spec === FT_METADATA_SPEC, `metadata.spec must be "${FT_METADATA_SPEC}"`);
  ensure(
    typeof m.name === "string" && m.name.length > 0 && m.name.length <= 64,
    "metadata.name must be 1 to 64 characters",
  );
  ensure(
    typeof m.symbol === "string" && m.symbol.length > 0 && m.symbol.length <= 16,
    "metadata.symbol must be 1 to 16 characters",
  );
  ensure(
    typeof m.decimals === "number" && Number.isInteger(m.decimals) && m.decimals >= 0 && m.decimals <= 38,
    "metadata.decimals must be an integer from 0 to 38",
  );
  const reference = nullableString(m.reference, "reference", MAX_REFERENCE_LENGTH);
  const referenceHash = nullableString(m.reference_hash, "reference_hash", 44);
  ensure(reference === null || referenceHash !== null, "metadata.reference_hash is required with metadata.reference");
  ensure(
    referenceHash === null || /^[A-Za-z0-9+/]{43}=$/.test(referenceHash),
    "metadata.reference_hash must be the base64 of a 32-byte sha256 hash",
  );
  return {
    spec: FT_METADATA_SPEC,
    name: m.name,
    symbol: m.symbol,
    icon: nullableString(m.icon, "icon", MAX_ICON_LENGTH),
    reference,
    reference_hash: referenceHash,
    decimals: m.decimals,
  };
}

export function writeMetadata(metadata: FungibleTokenMetadata): void {
  near.storageWrite(METADATA_KEY, JSON.stringify(metadata));
}

export function readMetadata(): FungibleTokenMetadata {
  const raw = near.storageRead(METADATA_KEY);
  ensure(raw !== null, "The token metadata is missing");
  return JSON.parse(raw) as FungibleTokenMetadata;
}
