/**
 * Administration shared by every contract of the suite: an owner with a
 * two-step transfer, named roles, and pause switches per scope.
 *
 * The state is one small plain object (`AdminState`) kept inside the
 * contract's JSON state, so it needs no storage keys of its own and an
 * upgrade can read it without knowing the rest of the contract.
 *
 * Invariants:
 * - `owner_id` is always a valid account; it changes only when the proposed
 *   account itself calls `acceptOwner` (two-step: a typo cannot lose control).
 * - The owner implicitly holds every role; roles are granted and revoked by
 *   the owner only.
 * - Every privileged call attaches exactly 1 yoctoNEAR (`assertOwnerCall`,
 *   `assertRoleCall`): a function-call access key cannot attach a deposit,
 *   so only a full-access key of the owner or role holder reaches these
 *   methods, never a key handed to a wallet session or a bot.
 * - A scope is paused iff `paused[scope] === true`; pausing needs the
 *   `pauser` role, unpausing needs the owner (a compromised pauser key can
 *   stop the contract but not restart it).
 */
import { near } from "near-sdk-js";
import { assertAccountId, assertOneYocto, ensure } from "./guards";
import { emitModelfundEvent } from "./events";

/** Role allowed to pause scopes. */
export const ROLE_PAUSER = "pauser";
/** Role allowed to change operational configuration that moves no money. */
export const ROLE_CONFIG = "config";
/** Role allowed to cancel queued timelock operations (and nothing else). */
export const ROLE_GUARDIAN = "guardian";
/** The roles every contract knows; a contract may add its own (`grantRole`'s `knownRoles`). */
export const BASE_ROLES: readonly string[] = [ROLE_PAUSER, ROLE_CONFIG, ROLE_GUARDIAN];
/** Upper bound on members per role (keeps the JSON state small). */
export const MAX_ROLE_MEMBERS = 16;

export interface AdminState {
  /** The account allowed to administer the contract. */
  owner_id: string;
  /** Account proposed by the owner, waiting to accept; "" when none. */
  proposed_owner_id: string;
  /** role name → accounts holding it. */
  roles: Record<string, string[]>;
  /** scope name → paused. */
  paused: Record<string, boolean>;
}

export function newAdminState(ownerId: string): AdminState {
  return { owner_id: ownerId, proposed_owner_id: "", roles: {}, paused: {} };
}

export function isOwner(admin: AdminState, accountId: string): boolean {
  return admin.owner_id === accountId;
}

/** Panics unless the predecessor is the owner. */
export function assertOwner(admin: AdminState): void {
  const caller = near.predecessorAccountId();
  ensure(isOwner(admin, caller), `Only the owner ${admin.owner_id} may call this method (caller: ${caller})`);
}

export function hasRole(admin: AdminState, role: string, accountId: string): boolean {
  if (isOwner(admin, accountId)) {
    return true;
  }
  const members = admin.roles[role];
  return members?.includes(accountId) === true;
}

/** Panics unless the predecessor holds `role` (or is the owner). */
export function assertRole(admin: AdminState, role: string): void {
  const caller = near.predecessorAccountId();
  ensure(hasRole(admin, role, caller), `Caller ${caller} lacks the role "${role}" required by this method`);
}

/** The guard of every owner-only call: exactly 1 yoctoNEAR attached and the owner calling. */
export function assertOwnerCall(admin: AdminState): void {
  assertOneYocto();
  assertOwner(admin);
}

/** The guard of every role-gated call: exactly 1 yoctoNEAR attached and a holder of `role` calling. */
export function assertRoleCall(admin: AdminState, role: string): void {
  assertOneYocto();
  assertRole(admin, role);
}

function assertKnownRole(role: unknown, knownRoles: readonly string[]): string {
  ensure(
    typeof role === "string" && knownRoles.includes(role),
    `Unknown role ${JSON.stringify(role)}; roles are: ${knownRoles.join(", ")}`,
  );
  return role;
}

/** Step one of an ownership transfer; `null` cancels a pending proposal. Owner only, 1 yoctoNEAR. */
export function proposeOwner(admin: AdminState, newOwnerId: unknown): void {
  assertOwnerCall(admin);
  if (newOwnerId === null || newOwnerId === undefined) {
    ensure(admin.proposed_owner_id !== "", "There is no pending owner proposal to cancel");
    admin.proposed_owner_id = "";
    emitModelfundEvent("owner_proposal_cancelled", [{ owner_id: admin.owner_id }]);
    return;
  }
  const proposed = assertAccountId(newOwnerId, "new_owner_id");
  ensure(proposed !== admin.owner_id, `${proposed} is already the owner`);
  admin.proposed_owner_id = proposed;
  emitModelfundEvent("owner_proposed", [{ owner_id: admin.owner_id, proposed_owner_id: proposed }]);
}

/** Step two: the proposed account takes ownership (1 yoctoNEAR: a full-access key of the new owner). */
export function acceptOwner(admin: AdminState): void {
  assertOneYocto();
  const caller = near.predecessorAccountId();
  ensure(admin.proposed_owner_id !== "", "There is no pending owner proposal");
  ensure(
    caller === admin.proposed_owner_id,
    `Only the proposed owner ${admin.proposed_owner_id} may accept ownership (caller: ${caller})`,
  );
  const previous = admin.owner_id;
  admin.owner_id = caller;
  admin.proposed_owner_id = "";
  emitModelfundEvent("owner_changed", [{ previous_owner_id: previous, owner_id: caller }]);
}

/** Owner only, 1 yoctoNEAR; `knownRoles` is the contract's list of roles. */
export function grantRole(
  admin: AdminState,
  role: unknown,
  accountId: unknown,
  knownRoles: readonly string[] = BASE_ROLES,
): void {
  assertOwnerCall(admin);
  const name = assertKnownRole(role, knownRoles);
  const account = assertAccountId(accountId, "account_id");
  const members = admin.roles[name] ?? [];
  ensure(!members.includes(account), `${account} already has the role "${name}"`);
  ensure(members.length < MAX_ROLE_MEMBERS, `The role "${name}" already has ${MAX_ROLE_MEMBERS} members`);
  members.push(account);
  admin.roles[name] = members;
  emitModelfundEvent("role_granted", [{ role: name, account_id: account }]);
}

/** Owner only, 1 yoctoNEAR. */
export function revokeRole(
  admin: AdminState,
  role: unknown,
  accountId: unknown,
  knownRoles: readonly string[] = BASE_ROLES,
): void {
  assertOwnerCall(admin);
  const name = assertKnownRole(role, knownRoles);
  const account = assertAccountId(accountId, "account_id");
  const members = admin.roles[name] ?? [];
  ensure(members.includes(account), `${account} does not have the role "${name}"`);
  const remaining = members.filter((member) => member !== account);
  if (remaining.length === 0) {
    delete admin.roles[name];
  } else {
    admin.roles[name] = remaining;
  }
  emitModelfundEvent("role_revoked", [{ role: name, account_id: account }]);
}

/**
 * Resolves the scopes a pause/unpause call names: one of `scopes`, or all of
 * them when `scope` is absent.
 */
function resolveScopes(scope: unknown, scopes: readonly string[]): string[] {
  if (scope === undefined || scope === null) {
    return [...scopes];
  }
  ensure(
    typeof scope === "string" && scopes.includes(scope),
    `Unknown pause scope ${JSON.stringify(scope)}; scopes are: ${scopes.join(", ")}`,
  );
  return [scope];
}

/** Pauses one scope or all; needs the `pauser` role and 1 yoctoNEAR. Returns the scopes newly paused. */
export function pauseScopes(admin: AdminState, scope: unknown, scopes: readonly string[]): string[] {
  assertRoleCall(admin, ROLE_PAUSER);
  const targets = resolveScopes(scope, scopes).filter((name) => admin.paused[name] !== true);
  ensure(targets.length > 0, "Already paused");
  for (const name of targets) {
    admin.paused[name] = true;
  }
  emitModelfundEvent("paused", [{ scopes: targets, by: near.predecessorAccountId() }]);
  return targets;
}

/** Unpauses one scope or all; owner only, 1 yoctoNEAR. Returns the scopes newly unpaused. */
export function unpauseScopes(admin: AdminState, scope: unknown, scopes: readonly string[]): string[] {
  assertOwnerCall(admin);
  const targets = resolveScopes(scope, scopes).filter((name) => admin.paused[name] === true);
  ensure(targets.length > 0, "Not paused");
  for (const name of targets) {
    delete admin.paused[name];
  }
  emitModelfundEvent("unpaused", [{ scopes: targets, by: near.predecessorAccountId() }]);
  return targets;
}

export function isPaused(admin: AdminState, scope: string): boolean {
  return admin.paused[scope] === true;
}

/** Panics while `scope` is paused. */
export function assertNotPaused(admin: AdminState, scope: string): void {
  ensure(!isPaused(admin, scope), `The contract is paused for ${scope}`);
}

/** What `admin_info()` returns in every contract. */
export interface AdminView {
  owner_id: string;
  proposed_owner_id: string | null;
  roles: Record<string, string[]>;
  paused: string[];
}

/** A JSON view of the admin state. */
export function adminView(admin: AdminState): AdminView {
  return {
    owner_id: admin.owner_id,
    proposed_owner_id: admin.proposed_owner_id === "" ? null : admin.proposed_owner_id,
    roles: admin.roles,
    paused: Object.keys(admin.paused).filter((scope) => admin.paused[scope] === true),
  };
}
