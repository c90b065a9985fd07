/**
 * The inference provider's transactions on the fee router
 * (contracts/fees/interface.ts): registering (bond and storage attached) and
 * paying a period's fees, in NEAR with `pay_fees` or in the stablecoin with
 * `ft_transfer_call` whose msg is the same PayFeesArgs. Period ids come from
 * scripts/lib/provider-period.ts, the provider client's own definition, so a
 * period paid here and by the client is the same period.
 */
import type { PayFeesArgs, ProviderMetadata, RegisterProviderArgs } from "../../../contracts/fees/interface.ts";
import { type Usage, usageJson } from "../../../scripts/lib/provider-period.ts";
import { formatNear, formatToken } from "../format/amount.ts";
import type { AssetInfo } from "./holder-calls.ts";
import { paymentTransaction } from "./payment.ts";
import { TGAS, type TxPlan } from "./plan.ts";

const GAS = { register: 100n * TGAS, pay: 100n * TGAS, ftPay: 150n * TGAS };

export function registerProviderPlan(input: {
  feesId: string;
  metadata: ProviderMetadata;
  bond: bigint;
  storage: bigint;
}): TxPlan {
  const args: RegisterProviderArgs = { metadata: input.metadata, bond: input.bond.toString() };
  return {
    title: `Register ${input.metadata.name} as an inference provider`,
    notes: [
      `You attach ${formatNear(input.bond + input.storage)}: ${formatNear(input.bond)} held as your bond and ${formatNear(input.storage)} for your records' storage (unused storage and the bond come back when you retire).`,
      "Your registration stays pending until the router's provider manager approves it; only active providers pay fees.",
    ],
    transactions: [
      {
        receiverId: input.feesId,
        purpose: "register as a provider",
        calls: [
          { method: "register_provider", args: { ...args }, deposit: input.bond + input.storage, gas: GAS.register },
        ],
      },
    ],
  };
}

export interface PayInput {
  feesId: string;
  stage: number;
  periodId: string;
  usage: Usage;
  asset: AssetInfo;
  /** What is paid: the quote, or more (the excess is recorded as a tip). */
  amount: bigint;
  quote: bigint;
}

export function payFeesPlan(input: PayInput): TxPlan {
  const args: PayFeesArgs = { stage: input.stage, period_id: input.periodId, usage: usageJson(input.usage) };
  const show = (value: bigint) => formatToken(value, input.asset.decimals, input.asset.symbol);
  const notes = [
    `You pay ${show(input.amount)} for period ${input.periodId} of stage ${input.stage}: ${input.usage.requests} requests, ${input.usage.input_tokens} input and ${input.usage.output_tokens} output tokens (quote ${show(input.quote)}).`,
    "The router splits it between tokenholders, contributors, the reserve and the protocol; a period can be paid only once.",
  ];
  if (input.amount > input.quote)
    notes.push(`${show(input.amount - input.quote)} above the quote is recorded as a tip.`);
  const near = input.asset.id === "near";
  return {
    title: `Pay stage ${input.stage} fees in ${input.asset.symbol}`,
    notes: near ? notes : [...notes, `A refused payment is returned to you by the ${input.asset.symbol} contract.`],
    transactions: [
      paymentTransaction({
        asset: input.asset,
        receiverId: input.feesId,
        receiverName: "the router",
        amount: input.amount,
        purpose: `pay period ${input.periodId}`,
        near: { method: "pay_fees", args: { ...args }, gas: GAS.pay },
        token: { msg: JSON.stringify(args), gas: GAS.ftPay },
      }),
    ],
  };
}
