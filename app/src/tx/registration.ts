/**
 * NEP-145 storage registrations a plan adds before its call: the sale before
 * a stablecoin purchase, the token before a claim pays out, the vault before
 * a claim records a reward. Every role's builders use this one transaction
 * shape, so a registration reads the same in every review.
 */
import type { StorageDepositArgs } from "../../../contracts/token/interface.ts";
import { type PlannedTransaction, TGAS } from "./plan.ts";

const STORAGE_DEPOSIT_GAS = 30n * TGAS;

/** A registration a plan must add first: the contract and its minimum deposit (yoctoNEAR). */
export interface Registration {
  contractId: string;
  deposit: bigint;
  why: string;
  /** A first registration keeps only the minimum (NEP-145 `registration_only`); a top-up keeps the whole deposit. */
  registrationOnly: boolean;
}

export function registrationTxs(registrations: Registration[], accountId: string): PlannedTransaction[] {
  return registrations.map((registration) => {
    const args: StorageDepositArgs = { account_id: accountId };
    if (registration.registrationOnly) args.registration_only = true;
    return {
      receiverId: registration.contractId,
      purpose: registration.why,
      calls: [
        { method: "storage_deposit", args: { ...args }, deposit: registration.deposit, gas: STORAGE_DEPOSIT_GAS },
      ],
    };
  });
}
