/**
 * The provider registration form read into register_provider's arguments,
 * with the router's own rules (contracts/fees/providers.ts: name length,
 * http(s) endpoint, stages listed once and served by the router, digest as
 * 64 lowercase hex), so a mistake is named before anything is signed.
 * Amounts are NEAR typed as decimal text, read with bigint math.
 */
import type { ProviderMetadata } from "../../../contracts/fees/interface.ts";
import { NEAR_DECIMALS, parseAmount } from "../format/amount.ts";

export interface RegisterFields {
  name: string;
  endpoint: string;
  stages: number[];
  digest: string;
  bond: string;
  storage: string;
}

export type RegisterRead =
  | { ok: true; metadata: ProviderMetadata; bond: bigint; storage: bigint }
  | { ok: false; errors: string[] };

const MAX_NAME_LENGTH = 64;
const MAX_ENDPOINT_LENGTH = 256;

export function readRegisterForm(fields: RegisterFields, stageCount: number): RegisterRead {
  const errors: string[] = [];
  const name = fields.name.trim();
  const endpoint = fields.endpoint.trim();
  const digest = fields.digest.trim();
  if (name.length < 1 || name.length > MAX_NAME_LENGTH)
    errors.push(`The name needs 1 to ${MAX_NAME_LENGTH} characters.`);
  if (!/^https?:\/\/\S+$/.test(endpoint) || endpoint.length > MAX_ENDPOINT_LENGTH)
    errors.push(`The endpoint must be an http(s) URL of at most ${MAX_ENDPOINT_LENGTH} characters.`);
  if (fields.stages.length === 0) errors.push("Choose at least one stage to serve.");
  if (fields.stages.some((stage) => !Number.isInteger(stage) || stage < 0 || stage >= stageCount))
    errors.push(`Stages run from 0 to ${stageCount - 1}.`);
  if (digest !== "" && !/^[0-9a-f]{64}$/.test(digest))
    errors.push("The attestation digest must be the report's sha256 as 64 lowercase hex characters (or empty).");
  const bond = parseAmount(fields.bond, NEAR_DECIMALS, "NEAR");
  const storage = parseAmount(fields.storage, NEAR_DECIMALS, "NEAR");
  if (!bond.ok) errors.push(`Bond: ${bond.error}`);
  if (!storage.ok) errors.push(`Storage: ${storage.error}`);
  else if (storage.value === 0n) errors.push("Storage: attach some NEAR for your provider record.");
  if (errors.length > 0 || !bond.ok || !storage.ok) return { ok: false, errors };
  return {
    ok: true,
    metadata: {
      name,
      endpoint,
      stages: [...new Set(fields.stages)].sort((left, right) => left - right),
      attestation_digest: digest === "" ? null : digest,
    },
    bond: bond.value,
    storage: storage.value,
  };
}

/** A usage count typed in the form: a non-negative integer, or a sentence. */
export function readCount(text: string, what: string): { ok: true; value: bigint } | { ok: false; error: string } {
  const compact = text.trim().replaceAll(",", "");
  if (!/^\d+$/.test(compact)) return { ok: false, error: `${what} must be a whole number of 0 or more.` };
  return { ok: true, value: BigInt(compact) };
}
