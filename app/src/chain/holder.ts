/**
 * One account's standing across the suite, in as few reads as the views
 * allow: the sale's `account` (storage registration and every purchase) and
 * the token's `holder_info` (balance, registration, claimable revenue), plus
 * the NEAR and stablecoin balances when a page needs them.
 */
import type { AccountView, ContractConfigView, StorageBalanceBounds } from "../../../contracts/sale/interface.ts";
import type { HolderInfo } from "../../../contracts/token/interface.ts";
import type { AppNetwork } from "../network/description.ts";
import type { Registration } from "../tx/registration.ts";
import type { ChainReader } from "./reader.ts";

export interface HolderState {
  sale: AccountView;
  holder: HolderInfo;
}

export async function loadHolder(
  reader: ChainReader,
  network: AppNetwork,
  page: string,
  accountId: string,
): Promise<HolderState> {
  const [sale, holder] = await Promise.all([
    reader.view<AccountView>(page, network.contracts.sale, "account", { account_id: accountId }),
    reader.view<HolderInfo>(page, network.contracts.token, "holder_info", { account_id: accountId }),
  ]);
  return { sale, holder };
}

export async function loadBalances(
  reader: ChainReader,
  network: AppNetwork,
  page: string,
  accountId: string,
): Promise<{ near: bigint; stablecoin: bigint | null }> {
  const stableId = network.contracts.stablecoin;
  const [near, stablecoin] = await Promise.all([
    reader.nearBalance(page, accountId),
    stableId ? reader.view<string>(page, stableId, "ft_balance_of", { account_id: accountId }) : null,
  ]);
  return { near: near ?? 0n, stablecoin: stablecoin === null ? null : BigInt(stablecoin) };
}

/** The token registration a claim needs, if the account lacks it (read when the user asks to review). */
export async function tokenRegistration(
  reader: ChainReader,
  network: AppNetwork,
  page: string,
  holder: HolderInfo,
): Promise<Registration[]> {
  if (holder.storage_balance !== null) return [];
  const bounds = await reader.view<StorageBalanceBounds>(page, network.contracts.token, "storage_balance_bounds");
  return [
    {
      contractId: network.contracts.token,
      deposit: BigInt(bounds.min),
      why: "register on the token (storage deposit), so the sale can send you your tokens",
      registrationOnly: true,
    },
  ];
}

/** NEAR per byte of contract storage: a protocol constant of every NEAR network (10^19 yoctoNEAR). */
const STORAGE_BYTE_COST = 10_000_000_000_000_000_000n;

/**
 * The sale storage a stablecoin purchase in `roundId` needs first (NEAR purchases pay theirs from the payment):
 * a registration with the minimum when the account has none, or a top-up by one purchase record's cost when it
 * buys in a new round without that much available.
 */
export async function saleRegistration(
  reader: ChainReader,
  network: AppNetwork,
  page: string,
  sale: AccountView,
  roundId: number,
): Promise<Registration[]> {
  const saleId = network.contracts.sale;
  if (sale.storage === null) {
    const bounds = await reader.view<StorageBalanceBounds>(page, saleId, "storage_balance_bounds");
    return [
      {
        contractId: saleId,
        deposit: BigInt(bounds.min),
        why: "register on the sale (storage deposit for your purchase records)",
        registrationOnly: true,
      },
    ];
  }
  if (sale.purchases.some((purchase) => purchase.round_id === roundId)) return [];
  const config = await reader.view<ContractConfigView>(page, saleId, "contract_config");
  const recordCost = BigInt(config.storage_record_bytes) * STORAGE_BYTE_COST;
  const available = BigInt(sale.storage.available);
  if (available >= recordCost) return [];
  return [
    {
      contractId: saleId,
      deposit: recordCost - available,
      why: "add storage on the sale for your purchase record in this round",
      registrationOnly: false,
    },
  ];
}
