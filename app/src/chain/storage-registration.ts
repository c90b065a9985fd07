/**
 * NEP-145 registrations a contributor's or provider's plan must add first,
 * read when the plan is built (not on page load, so loading stays cheap):
 * an account already registered on the contract needs nothing; otherwise the
 * contract's minimum, registration only. A plan that makes several records
 * at once (the vault's claim_batch: each epoch's claim may need its own
 * claimed-bitmap word, which the minimum covers only once) deposits the
 * minimum once per record and keeps all of it: what the records do not use
 * stays the account's, withdrawable with storage_withdraw.
 */
import type { Registration } from "../tx/registration.ts";
import type { ChainReader } from "./reader.ts";

export async function missingRegistration(
  reader: ChainReader,
  page: string,
  contractId: string,
  accountId: string,
  why: string,
  records = 1,
): Promise<Registration[]> {
  const balance = await reader.view<{ total: string } | null>(page, contractId, "storage_balance_of", {
    account_id: accountId,
  });
  if (balance !== null) return [];
  const bounds = await reader.view<{ min: string }>(page, contractId, "storage_balance_bounds");
  return [{ contractId, deposit: BigInt(bounds.min) * BigInt(records), why, registrationOnly: records === 1 }];
}
