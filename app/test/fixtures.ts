/**
 * What the unit tests of transaction plans share: a local network with
 * short contract ids, the three assets with their real decimals (NEAR 24,
 * a 6-decimal stablecoin, the 18-decimal project token), and the inputs of
 * a purchase and an epoch claim, each test overriding only the fields it
 * is about, so what differs between two tests is what they test.
 */
import type { PurchaseResult } from "../../contracts/sale/interface.ts";
import type { EpochProof } from "../src/contributors/proofs.ts";
import type { AppNetwork } from "../src/network/description.ts";
import type { ClaimInput } from "../src/tx/contributor-calls.ts";
import type { BuyInput } from "../src/tx/holder-calls.ts";

export const NETWORK: AppNetwork = {
  network: "local",
  chainId: "localnet",
  rpcUrl: "/rpc",
  explorerTxUrl: null,
  contracts: { token: "token.x", sale: "sale.x", stablecoin: "usd.x", vault: null, fees: null },
  devWalletAccounts: [],
};
export const NEAR = { id: "near", symbol: "NEAR", decimals: 24 };
export const USD = { id: "usd.x", symbol: "USD", decimals: 6 };
export const MOD = { id: "token.x", symbol: "MOD", decimals: 18 };

/** 100 MOD for 1 NEAR, nothing refunded, no storage fee. */
export const QUOTE: PurchaseResult = {
  tokens: "100000000000000000000",
  cost: "1000000000000000000000000",
  refund: "0",
  storage_fee: "0",
};

export function buyInput(overrides: Partial<BuyInput> = {}): BuyInput {
  return {
    network: NETWORK,
    accountId: "alice.x",
    roundId: 0,
    roundName: "stage 1",
    asset: NEAR,
    token: MOD,
    amount: 10n ** 24n,
    quote: QUOTE,
    registrations: [],
    ...overrides,
  };
}

export function claimInput(proofs: EpochProof[], overrides: Partial<ClaimInput> = {}): ClaimInput {
  return {
    vaultId: "vault.x",
    accountId: "dana.x",
    proofs,
    expectedReward: 0n,
    token: MOD,
    registrations: [],
    ...overrides,
  };
}
