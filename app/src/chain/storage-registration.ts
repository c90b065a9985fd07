/**
 * NEP-145 registrations a contributor's or provider's plan must add first,
 * read when the plan is built (not on page load, so loading stays cheap):
 * an account already registered on the contract needs nothing; otherwise the
 * contract's minimum, registration only.
 */
import type { Registration } from "../tx/registration.ts";
import type { ChainReader } from "./reader.ts";

export async function missingRegistration(
  reader: ChainReader,
  page: string,
  contractId: string,
  accountId: string,
  why: string,
): Promise<Registration[]> {
  const balance = await reader.view<{ total: string } | null>(page, contractId, "storage_balance_of", {
    account_id: accountId,
  });
  if (balance !== null) return [];
  const bounds = await reader.view<{ min: string }>(page, contractId, "storage_balance_bounds");
  return [{ contractId, deposit: BigInt(bounds.min), why, registrationOnly: true }];
}
