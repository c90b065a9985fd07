/**
 * `init`: the owner, the timelock delay, metadata, the storage bound and the
 * whole supply minted to the allocations.
 *
 * Invariant: total_supply = max_supply = Σ allocations after `init`, and no
 * other code path mints, so the issuance is auditable from this one call.
 * The allocations' registrations are paid by the token (`sponsored`): their
 * storage deposit stays with the token if they ever unregister.
 */
import { assertAccountId, ensure, optionalBool, optionalString, parsePositiveU128 } from "../common/guards";
import { newAdminState } from "../common/admin";
import { newTimelockState, parseTimelockDelay } from "../common/timelock";
import { FT_SLOT, NEAR_ASSET } from "./constants";
import { emitFtMint, type MintOrBurn } from "./events";
import { addExcluded } from "./exclusions";
import type { Allocation, InitArgs } from "./interface";
import { isRegistered, mint, writeAccount } from "./ledger";
import { validateMetadata, writeMetadata } from "./metadata";
import type { TokenState } from "./state";
import { parseRevenueConfig } from "./revenue";
import { measureRegistrationBytes, registerNew } from "./storage";

const MAX_ALLOCATIONS = 32;
export const MAX_LINK_LENGTH = 512;

export function initialize(state: TokenState, args: InitArgs): void {
  const ownerId = assertAccountId(args.owner_id, "owner_id");
  const delay = parseTimelockDelay(args.timelock_delay_ns, "timelock_delay_ns");
  const metadata = validateMetadata(args.metadata);
  const maxSupply = parsePositiveU128(args.max_supply, "max_supply");
  const allocations = args.allocations;
  ensure(
    Array.isArray(allocations) && allocations.length > 0 && allocations.length <= MAX_ALLOCATIONS,
    `allocations must list 1 to ${MAX_ALLOCATIONS} accounts`,
  );
  if (args.revenue_token_id !== undefined && args.revenue_token_id !== null) {
    state.revenue_token_id = assertAccountId(args.revenue_token_id, "revenue_token_id");
    ensure(state.revenue_token_id !== NEAR_ASSET, `revenue_token_id cannot be "${NEAR_ASSET}"`);
    state.pools[FT_SLOT].asset = state.revenue_token_id;
  }
  if (args.sale_contract_id !== undefined && args.sale_contract_id !== null) {
    state.sale_contract_id = assertAccountId(args.sale_contract_id, "sale_contract_id");
  }
  state.source_link = optionalString(args.source_link, "source_link", MAX_LINK_LENGTH) ?? "";
  const revenueConfig = parseRevenueConfig(args.min_eligible_supply, args.revenue_stream_ns);
  state.min_eligible_supply = revenueConfig.min_eligible_supply;
  state.revenue_stream_ns = revenueConfig.revenue_stream_ns;
  state.admin = newAdminState(ownerId);
  state.timelock = newTimelockState(delay);
  state.storage_bytes_per_account = measureRegistrationBytes();
  writeMetadata(metadata);
  const minted = allocations.map((allocation, index) => mintAllocation(state, allocation, `allocations[${index}]`));
  const total = minted.reduce((sum, entry) => sum + entry.amount, 0n);
  ensure(total === maxSupply, `The allocations add up to ${total}, not to max_supply ${maxSupply}`);
  state.max_supply = maxSupply;
  emitFtMint(minted);
}

/** Registers (paid by the token), excludes unless it earns revenue, and mints one allocation. */
function mintAllocation(state: TokenState, allocation: Allocation, field: string): MintOrBurn {
  ensure(typeof allocation === "object" && allocation !== null, `${field} must be an object`);
  const accountId = assertAccountId(allocation.account_id, `${field}.account_id`);
  const amount = parsePositiveU128(allocation.amount, `${field}.amount`);
  const earns = optionalBool(allocation.earns_revenue, `${field}.earns_revenue`, false);
  ensure(!isRegistered(accountId), `${field}: ${accountId} appears in allocations more than once`);
  const record = registerNew(state, accountId, true);
  if (!earns && !record.excluded) {
    record.excluded = true;
    writeAccount(accountId, record);
    addExcluded(state, accountId);
  }
  mint(state, accountId, amount);
  return { owner_id: accountId, amount, memo: "initial allocation" };
}
