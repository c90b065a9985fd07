/**
 * The contributor's transactions on the vault (contracts/vault/interface.ts):
 * claiming epochs with Merkle proofs (one `claim`, or `claim_batch` for
 * several, all or nothing), withdrawing vested rewards and claiming
 * royalties. Each plan first adds the NEP-145 registrations the call needs:
 * the vault charges a claim's records to the contributor's storage deposit,
 * and the token or stablecoin can only pay a registered account.
 */
import type { ClaimArgs, ClaimBatchArgs, ClaimRoyaltiesArgs } from "../../../contracts/vault/interface.ts";
import type { EpochProof } from "../contributors/proofs.ts";
import { formatToken } from "../format/amount.ts";
import type { AssetInfo } from "./holder-calls.ts";
import { TGAS, type TxPlan } from "./plan.ts";
import { type Registration, registrationTxs } from "./registration.ts";

const GAS = {
  claim: 100n * TGAS,
  /** Per claim of a batch, on top of the call itself. */
  batchClaim: 20n * TGAS,
  /** Payouts need at least 95 TGas for the transfer and its callback. */
  payout: 150n * TGAS,
};

export interface ClaimInput {
  vaultId: string;
  accountId: string;
  proofs: EpochProof[];
  /** Reward the vault will credit, summed over the proofs (from the epochs' views). */
  expectedReward: bigint;
  token: AssetInfo;
  registrations: Registration[];
}

export function claimEpochsPlan(input: ClaimInput): TxPlan {
  const { proofs } = input;
  if (proofs.length === 0) throw new Error("No proof to claim with.");
  const claims: ClaimArgs[] = proofs.map((proof) => ({ ...proof, proof: [...proof.proof] }));
  const names = proofs.map((proof) => `stage ${proof.stage} epoch ${proof.epoch}`).join(", ");
  const call =
    claims.length === 1
      ? { method: "claim", args: { ...claims[0] }, deposit: 0n, gas: GAS.claim }
      : {
          method: "claim_batch",
          args: { ...({ claims } satisfies ClaimBatchArgs) },
          deposit: 0n,
          gas: GAS.claim + GAS.batchClaim * BigInt(claims.length),
        };
  const reward = formatToken(input.expectedReward, input.token.decimals, input.token.symbol);
  return {
    title: claims.length === 1 ? `Claim ${names}` : `Claim ${claims.length} epochs`,
    notes: [
      `The vault checks your proof${claims.length === 1 ? "" : "s"} against the accepted epoch root and credits ${reward} (${names}).`,
      "Credited rewards vest by the stage's schedule; withdraw what has vested from this page.",
      ...(claims.length > 1 ? ["A batch is all or nothing: if one proof is refused, nothing is claimed."] : []),
    ],
    transactions: [
      ...registrationTxs(input.registrations, input.accountId),
      { receiverId: input.vaultId, purpose: `claim ${names}`, calls: [call] },
    ],
  };
}

export function withdrawVestedPlan(input: {
  vaultId: string;
  accountId: string;
  withdrawable: bigint;
  token: AssetInfo;
  registrations: Registration[];
}): TxPlan {
  const amount = formatToken(input.withdrawable, input.token.decimals, input.token.symbol);
  return {
    title: `Withdraw vested ${input.token.symbol}`,
    notes: [
      `The vault sends you everything vested and not yet withdrawn, over all your stages: at least ${amount}.`,
      "If the transfer fails, the vault restores your balance: nothing is lost.",
    ],
    transactions: [
      ...registrationTxs(input.registrations, input.accountId),
      {
        receiverId: input.vaultId,
        purpose: "withdraw vested rewards",
        calls: [{ method: "withdraw_vested", args: {}, deposit: 0n, gas: GAS.payout }],
      },
    ],
  };
}

export function claimRoyaltiesPlan(input: {
  vaultId: string;
  accountId: string;
  asset: AssetInfo;
  claimable: bigint;
  registrations: Registration[];
}): TxPlan {
  const args: ClaimRoyaltiesArgs = { asset: input.asset.id };
  return {
    title: `Claim ${input.asset.symbol} royalties`,
    notes: [
      `The vault sends you ${formatToken(input.claimable, input.asset.decimals, input.asset.symbol)} of inference royalties earned by your points.`,
    ],
    transactions: [
      ...registrationTxs(input.registrations, input.accountId),
      {
        receiverId: input.vaultId,
        purpose: `claim ${input.asset.symbol} royalties`,
        calls: [{ method: "claim_royalties", args: { ...args }, deposit: 0n, gas: GAS.payout }],
      },
    ],
  };
}
