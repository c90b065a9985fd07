/**
 * The attestor registry: accounts whose attestation report (its sha256) the
 * `attestor_manager` role checked, each valid until its expiry. Only active
 * attestors (registered, not expired) may submit, and only their matching
 * submissions count towards a quorum. The registry is bounded
 * (MAX_ATTESTORS), and removing an attestor may not leave a configured,
 * open stage with a quorum larger than the registry.
 */
import { ensure } from "../common/guards";
import type { AttestorView } from "./interface";
import type { Attestor } from "./types";

export function isActive(attestor: Attestor, now: bigint): boolean {
  return now < attestor.expires_at_ns;
}

export function activeCount(attestors: Attestor[], now: bigint): number {
  return attestors.filter((attestor) => isActive(attestor, now)).length;
}

export function isActiveAttestor(attestors: Attestor[], accountId: string, now: bigint): boolean {
  const found = attestors.find((attestor) => attestor.account_id === accountId);
  return found !== undefined && isActive(found, now);
}

/** Panics unless `accountId` is a registered attestor whose attestation has not expired. */
export function assertActiveAttestor(attestors: Attestor[], accountId: string, now: bigint): void {
  const found = attestors.find((attestor) => attestor.account_id === accountId);
  ensure(found !== undefined, `${accountId} is not a registered attestor`);
  ensure(
    isActive(found, now),
    `The attestation of ${accountId} expired at ${found.expires_at_ns} (now ${now}); it must be renewed by the attestor manager`,
  );
}

export function attestorView(attestor: Attestor, now: bigint): AttestorView {
  return {
    account_id: attestor.account_id,
    report_hash: attestor.report_hash,
    expires_at_ns: attestor.expires_at_ns.toString(),
    active: isActive(attestor, now),
  };
}
