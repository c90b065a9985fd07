/**
 * The tokenholder's transactions, built from what the pages read: buying in
 * NEAR or the stablecoin (with the NEP-145 registrations a first purchase and
 * a later claim need), claiming vested tokens, claiming and reinvesting
 * revenue. Methods, arguments, deposits and gas follow the contracts'
 * interfaces (contracts/{sale,token}/interface.ts) and what the suite's
 * lifecycle sends, so the app signs what the scripts have shown to work.
 */
import type { ClaimRevenueArgs, ReinvestRevenueArgs } from "../../../contracts/token/interface.ts";
import type { PurchaseArgs, PurchaseResult, RoundIdArgs } from "../../../contracts/sale/interface.ts";
import type { AppNetwork } from "../network/description.ts";
import { formatToken } from "../format/amount.ts";
import { paymentTransaction } from "./payment.ts";
import { ONE_YOCTO, TGAS, type TxPlan } from "./plan.ts";
import { type Registration, registrationTxs } from "./registration.ts";

/** An asset with what it takes to show it. */
export interface AssetInfo {
  /** "near" or the NEP-141's account id, as the contracts name assets. */
  id: string;
  symbol: string;
  decimals: number;
}

const GAS = {
  purchase: 100n * TGAS,
  ftTransferCall: 200n * TGAS,
  claim: 150n * TGAS,
  claimRevenue: 150n * TGAS,
  reinvest: 250n * TGAS,
};

export interface BuyInput {
  network: AppNetwork;
  accountId: string;
  roundId: number;
  roundName: string;
  asset: AssetInfo;
  token: AssetInfo;
  /** What the user pays, in the asset's base units. */
  amount: bigint;
  /** The sale's `quote` for this amount and account. */
  quote: PurchaseResult;
  /** Registrations still missing (the sale for stablecoin purchases, the token for the later claim). */
  registrations: Registration[];
}

export function buyPlan(input: BuyInput): TxPlan {
  const { network, asset, token, quote } = input;
  const show = (value: bigint | string, info: AssetInfo) => formatToken(BigInt(value), info.decimals, info.symbol);
  const purchase: PurchaseArgs = { round_id: input.roundId };
  const buy = paymentTransaction({
    asset,
    receiverId: network.contracts.sale,
    receiverName: "the sale",
    amount: input.amount,
    purpose: `buy in ${input.roundName} with ${asset.symbol}`,
    near: { method: "purchase", args: { ...purchase }, gas: GAS.purchase },
    token: { msg: JSON.stringify({ purchase }), gas: GAS.ftTransferCall },
  });
  const notes = [
    `You pay ${show(input.amount, asset)} and receive ${show(quote.tokens, token)} for ${show(quote.cost, asset)}, vesting by the round's schedule.`,
  ];
  if (BigInt(quote.storage_fee) > 0n)
    notes.push(`${show(quote.storage_fee, asset)} of the payment pays for your purchase record's storage on the sale.`);
  if (BigInt(quote.refund) > 0n)
    notes.push(
      `${show(quote.refund, asset)} comes back to you in the same transaction: the round's hard cap or your per-account limit leaves no room for more.`,
    );
  return {
    title: `Buy ${token.symbol} with ${asset.symbol}`,
    notes,
    transactions: [...registrationTxs(input.registrations, input.accountId), buy],
  };
}

export function claimTokensPlan(input: {
  network: AppNetwork;
  accountId: string;
  roundId: number;
  roundName: string;
  claimable: string;
  token: AssetInfo;
  registrations: Registration[];
}): TxPlan {
  const args: RoundIdArgs = { round_id: input.roundId };
  return {
    title: `Claim vested ${input.token.symbol}`,
    notes: [
      `The sale sends you the ${formatToken(BigInt(input.claimable), input.token.decimals, input.token.symbol)} vested so far in ${input.roundName}.`,
    ],
    transactions: [
      ...registrationTxs(input.registrations, input.accountId),
      {
        receiverId: input.network.contracts.sale,
        purpose: `claim from ${input.roundName}`,
        calls: [{ method: "claim", args: { ...args }, deposit: 0n, gas: GAS.claim }],
      },
    ],
  };
}

export function claimRevenuePlan(input: { network: AppNetwork; asset: AssetInfo; claimable: bigint }): TxPlan {
  const args: ClaimRevenueArgs = input.asset.id === "near" ? {} : { asset: input.asset.id };
  return {
    title: `Claim ${input.asset.symbol} revenue`,
    notes: [
      `The token sends you ${formatToken(input.claimable, input.asset.decimals, input.asset.symbol)} of revenue (what has streamed to you by the time the call runs).`,
    ],
    transactions: [
      {
        receiverId: input.network.contracts.token,
        purpose: `claim ${input.asset.symbol} revenue`,
        calls: [{ method: "claim_revenue", args: { ...args }, deposit: 0n, gas: GAS.claimRevenue }],
      },
    ],
  };
}

export function reinvestPlan(input: {
  network: AppNetwork;
  roundId: number;
  roundName: string;
  /** NEAR revenue to reinvest (yoctoNEAR); undefined: all of it. */
  amount?: bigint;
  claimable: bigint;
}): TxPlan {
  const args: ReinvestRevenueArgs = { round_id: input.roundId };
  if (input.amount !== undefined) args.amount = input.amount.toString();
  const reinvested = input.amount ?? input.claimable;
  return {
    title: `Reinvest NEAR revenue in ${input.roundName}`,
    notes: [
      `The token sends ${formatToken(reinvested, 24, "NEAR")} of your NEAR revenue to the sale, which buys tokens of ${input.roundName} for you; what the round cannot take comes back to you as NEAR.`,
    ],
    transactions: [
      {
        receiverId: input.network.contracts.token,
        purpose: `reinvest revenue in ${input.roundName}`,
        calls: [{ method: "reinvest_revenue", args: { ...args }, deposit: ONE_YOCTO, gas: GAS.reinvest }],
      },
    ],
  };
}

/** Takes back what was paid into a round that failed or was cancelled, in the assets it was paid in. */
export function refundPlan(input: { network: AppNetwork; roundId: number; roundName: string; due: string[] }): TxPlan {
  const args: RoundIdArgs = { round_id: input.roundId };
  return {
    title: `Withdraw your refund from ${input.roundName}`,
    notes: [`${input.roundName} did not succeed: the sale returns what you paid, ${input.due.join(" and ")}.`],
    transactions: [
      {
        receiverId: input.network.contracts.sale,
        purpose: `refund from ${input.roundName}`,
        calls: [{ method: "withdraw_refund", args: { ...args }, deposit: 0n, gas: GAS.claim }],
      },
    ],
  };
}
