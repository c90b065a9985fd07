/**
 * The provider registry: registration with metadata, an optional NEAR bond
 * and a storage deposit; approval, suspension and reinstatement by the
 * provider manager; self-updates; retirement (bond and unused storage
 * deposit returned).
 *
 * Invariants:
 * - Only an `active` provider pays fees (payments.ts checks it); a new
 *   provider is `pending` until approved; `retired` is final.
 * - A provider pays for its own records: its registration deposit (minus
 *   the bond) and later top-ups are its storage deposit; every record it
 *   creates (its own, its usage, its payments) is charged against it by the
 *   storage it measurably added (`chargeStorage`). The router's NEAR books
 *   (`bonds`, `storage_deposits`) hold what is the providers', apart from fees.
 * - Metadata is validated in full before anything is written.
 */
import { near } from "near-sdk-js";
import { ensure, parseU128 } from "../common/guards";
import { transferNear } from "../common/promises";
import { MAX_ENDPOINT_LENGTH, MAX_NAME_LENGTH, MAX_REASON_LENGTH } from "./constants";
import { emitFees } from "./events";
import type { ProviderMetadata, ProviderView } from "./interface";
import { parseStage, readProvider, writeProvider, writeProviderAt } from "./records";
import type { FeesState } from "./state";
import type { Provider } from "./types";

const METADATA_KEYS = ["name", "endpoint", "stages", "attestation_digest"];

export function parseMetadata(value: unknown): Required<ProviderMetadata> {
  ensure(typeof value === "object" && value !== null && !Array.isArray(value), "metadata must be a JSON object");
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    ensure(METADATA_KEYS.includes(key), `Unknown field metadata.${key}; metadata takes: ${METADATA_KEYS.join(", ")}`);
  }
  const { name, endpoint, stages, attestation_digest } = object;
  ensure(
    typeof name === "string" && name.length >= 1 && name.length <= MAX_NAME_LENGTH,
    `metadata.name must be a string of 1..${MAX_NAME_LENGTH} characters`,
  );
  ensure(
    typeof endpoint === "string" && /^https?:\/\/[^\s]+$/.test(endpoint) && endpoint.length <= MAX_ENDPOINT_LENGTH,
    `metadata.endpoint must be an http(s) URL of at most ${MAX_ENDPOINT_LENGTH} characters`,
  );
  ensure(Array.isArray(stages) && stages.length >= 1, "metadata.stages must list at least one stage");
  const parsed = stages.map(parseStage).sort((a, b) => a - b);
  ensure(
    parsed.every((stage, index) => index === 0 || stage !== parsed[index - 1]),
    "metadata.stages lists a stage twice",
  );
  let digest: string | null = null;
  if (attestation_digest !== undefined && attestation_digest !== null) {
    ensure(
      typeof attestation_digest === "string" && /^[0-9a-f]{64}$/.test(attestation_digest),
      "metadata.attestation_digest must be the sha256 of the attestation report as 64 lowercase hex characters",
    );
    digest = attestation_digest;
  }
  return { name, endpoint, stages: parsed, attestation_digest: digest };
}

function metadataOf(provider: Provider): Required<ProviderMetadata> {
  return {
    name: provider.name,
    endpoint: provider.endpoint,
    stages: provider.stages,
    attestation_digest: provider.attestation_digest,
  };
}

/** The provider record of `accountId`, or a panic naming it. */
export function existingProvider(accountId: string): Provider {
  const provider = readProvider(accountId);
  ensure(provider !== null, `${accountId} is not a registered provider`);
  return provider;
}

/**
 * Charges the storage added since `usageBefore` (bytes) to the provider and
 * writes its record; panics (reverting everything) when its deposit is short.
 */
export function chargeStorage(provider: Provider, usageBefore: bigint): void {
  const added = near.storageUsage() - usageBefore;
  if (added > 0n) provider.storage_used += added * near.storageByteCost();
  ensure(
    provider.storage_used <= provider.storage_deposit,
    `Provider ${provider.account_id}'s storage deposit is short by ${provider.storage_used - provider.storage_deposit} yoctoNEAR: top it up with provider_storage_deposit`,
  );
  writeProvider(provider);
}

export function registerProvider(
  state: FeesState,
  metadataArg: unknown,
  bondArg: unknown,
  caller: string,
  deposit: bigint,
  now: bigint,
): void {
  const metadata = parseMetadata(metadataArg);
  const bond = bondArg === undefined || bondArg === null ? 0n : parseU128(bondArg, "bond");
  ensure(bond <= deposit, `The bond ${bond} exceeds the attached deposit ${deposit}`);
  ensure(readProvider(caller) === null, `${caller} is already registered as a provider`);
  const before = near.storageUsage();
  const provider: Provider = {
    account_id: caller,
    ...metadata,
    status: "pending",
    bond,
    storage_deposit: deposit - bond,
    storage_used: 0n,
    registered_at_ns: now,
    updated_at_ns: now,
  };
  writeProvider(provider);
  writeProviderAt(state.provider_count, caller);
  state.provider_count += 1;
  chargeStorage(provider, before);
  state.bonds += bond;
  state.storage_deposits += provider.storage_deposit;
  emitFees("provider_registered", {
    account_id: caller,
    ...metadata,
    bond,
    storage_deposit: provider.storage_deposit,
    status: provider.status,
  });
}

/**
 * The provider rewrites its metadata. What the approval vouched for (the
 * attestation digest and the stages served) cannot change under it: an
 * active provider that changes either goes back to pending until the
 * manager approves it again (`status` in the event says so).
 */
export function updateProvider(metadataArg: unknown, caller: string, now: bigint): void {
  const metadata = parseMetadata(metadataArg);
  const provider = existingProvider(caller);
  ensure(provider.status !== "retired", `Provider ${caller} is retired`);
  const vouched =
    provider.attestation_digest === metadata.attestation_digest &&
    provider.stages.length === metadata.stages.length &&
    provider.stages.every((stage, index) => stage === metadata.stages[index]);
  const before = near.storageUsage();
  Object.assign(provider, metadata);
  if (!vouched && provider.status === "active") provider.status = "pending";
  if (!vouched && provider.suspended_from === "active") provider.suspended_from = "pending";
  provider.updated_at_ns = now;
  writeProvider(provider);
  chargeStorage(provider, before);
  emitFees("provider_updated", { account_id: caller, ...metadata, status: provider.status });
}

/** approve (pending → active), suspend (pending/active → suspended), reinstate (suspended → the status it interrupted). */
export function changeStatus(
  accountId: unknown,
  change: "approve" | "suspend" | "reinstate",
  reasonArg: unknown,
  by: string,
  now: bigint,
): void {
  ensure(typeof accountId === "string", "account_id must be a string");
  let reason: string | null = null;
  if (reasonArg !== undefined && reasonArg !== null) {
    ensure(
      typeof reasonArg === "string" && reasonArg.length <= MAX_REASON_LENGTH,
      `reason must be a string of at most ${MAX_REASON_LENGTH} characters`,
    );
    reason = reasonArg;
  }
  const provider = existingProvider(accountId);
  const from = provider.status;
  const allowed =
    change === "approve"
      ? from === "pending"
      : change === "suspend"
        ? from !== "suspended" && from !== "retired"
        : from === "suspended";
  ensure(allowed, `Cannot ${change} provider ${accountId}: it is ${from}`);
  // the record keeps its size within a few bytes (the status word, `suspended_from` while suspended): the router
  // pays those, not the provider
  if (change === "approve") provider.status = "active";
  if (change === "suspend") {
    provider.suspended_from = from === "active" ? "active" : "pending";
    provider.status = "suspended";
  }
  if (change === "reinstate") {
    provider.status = provider.suspended_from ?? "pending";
    delete provider.suspended_from;
  }
  provider.updated_at_ns = now;
  writeProvider(provider);
  const event = {
    approve: "provider_approved",
    suspend: "provider_suspended",
    reinstate: "provider_reinstated",
  } as const;
  const data = { account_id: accountId, by, reason };
  emitFees(event[change], change === "reinstate" ? { ...data, status: provider.status } : data);
}

/** Adds the attached NEAR to the caller's storage deposit. */
export function depositProviderStorage(state: FeesState, caller: string, deposit: bigint): void {
  ensure(deposit > 0n, "Attach the NEAR to add to the storage deposit");
  const provider = existingProvider(caller);
  ensure(provider.status !== "retired", `Provider ${caller} is retired`);
  provider.storage_deposit += deposit;
  state.storage_deposits += deposit;
  writeProvider(provider);
  emitFees("provider_storage_deposited", {
    account_id: caller,
    amount: deposit,
    storage_deposit: provider.storage_deposit,
  });
}

/**
 * The provider leaves: its bond and the unused part of its storage deposit
 * are sent back; its records (and the deposit they use) stay, so its paid
 * periods remain readable and cannot be paid again. Not while suspended: a
 * suspension keeps the bond until the manager reinstates the provider.
 */
export function retireProvider(state: FeesState, caller: string, now: bigint): void {
  const provider = existingProvider(caller);
  ensure(
    provider.status === "pending" || provider.status === "active",
    `Provider ${caller} is ${provider.status} and cannot retire`,
  );
  const unused = provider.storage_deposit - provider.storage_used;
  const bond = provider.bond;
  provider.status = "retired";
  provider.bond = 0n;
  provider.storage_deposit = provider.storage_used;
  provider.updated_at_ns = now;
  writeProvider(provider);
  state.bonds -= bond;
  state.storage_deposits -= unused;
  transferNear(caller, bond + unused);
  emitFees("provider_retired", { account_id: caller, bond_returned: bond, storage_returned: unused });
}

export function providerView(provider: Provider): ProviderView {
  return {
    account_id: provider.account_id,
    ...metadataOf(provider),
    status: provider.status,
    bond: provider.bond.toString(),
    storage_deposit: provider.storage_deposit.toString(),
    storage_used: provider.storage_used.toString(),
    registered_at_ns: provider.registered_at_ns.toString(),
    updated_at_ns: provider.updated_at_ns.toString(),
  };
}
