/**
 * Purchases: one code path for NEAR (`purchase`), reinvested revenue
 * (`purchase_with_revenue`) and the stablecoin (`ft_on_transfer`).
 *
 * A purchase either fails with a precise message (the receipt reverts, so it
 * leaves no trace: NEAR goes back to the caller, the stablecoin's
 * ft_resolve_transfer returns the whole amount) or records tokens and keeps
 * exactly their cost; the rest of the payment is the refund, which the caller
 * sends back in the same call (NEAR by a transfer, the stablecoin as
 * ft_on_transfer's unused amount).
 *
 * Fails when: the round does not exist, is cancelled, is not open yet or has
 * closed; the asset is not accepted; the allowlist proof is missing or
 * invalid; the hard cap is reached; the account already holds its maximum;
 * the payment buys no token unit; the account's total would stay below the
 * minimum; the account lacks storage for its first record in the round
 * (stablecoin; NEAR payments pay that storage from the payment).
 *
 * Keeps: tokens_sold <= hard_cap <= token_allocation; per account
 * min_per_account <= tokens <= max_per_account; raised = Σ paid; the kept
 * cost is added to what the books owe (near_held / ft_held).
 */
import { near } from "near-sdk-js";
import { ensure } from "../common/guards";
import { NEAR_SLOT } from "./constants";
import { emitPurchase } from "./events";
import { hexToHash, MAX_PROOF_LENGTH, verifyMerkleProof } from "./merkle";
import { fillPurchase } from "./pricing";
import { emptyPurchase, loadRound, readPurchase, readStats, writePurchase, writeStats } from "./records";
import { assetOfSlot, priceSegments, roundStatus } from "./rounds";
import { type SaleState, tokenScale } from "./state";
import { chargeNewRecord, creditStorage, storageShortfallForNewRecord } from "./storage";
import type { PurchaseOutcome, Round } from "./types";

export interface PurchaseRequest {
  round_id: unknown;
  buyer: string;
  slot: number;
  payment: bigint;
  proof: unknown;
  reinvest: boolean;
}

function sha256(data: Uint8Array): Uint8Array {
  return near.sha256(data);
}

/** Panics unless `proof` proves `accountId` is on the round's allowlist (no-op without one). */
export function assertAllowlisted(round: Round, accountId: string, proof: unknown): void {
  if (round.allowlist_root === null) {
    return;
  }
  ensure(
    Array.isArray(proof),
    `Round ${round.id} has an allowlist: the purchase needs a proof (list of hex sha256 hashes) for ${accountId}`,
  );
  ensure(proof.length <= MAX_PROOF_LENGTH, `The allowlist proof is longer than ${MAX_PROOF_LENGTH} hashes`);
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < proof.length; i++) {
    const hash = hexToHash(proof[i]);
    ensure(hash !== null, `proof[${i}] must be 64 lowercase hex characters`);
    hashes.push(hash);
  }
  const root = hexToHash(round.allowlist_root) as Uint8Array;
  ensure(
    verifyMerkleProof(accountId, hashes, root, sha256),
    `Account ${accountId} is not on the allowlist of round ${round.id} (the proof does not match the root)`,
  );
}

/** Panics unless the round is open for purchases now. */
export function assertOpen(round: Round, status: string, now: bigint): void {
  ensure(status !== "cancelled", `Round ${round.id} was cancelled`);
  ensure(now >= round.start_ns, `Round ${round.id} opens at ${round.start_ns} (now ${now})`);
  ensure(now < round.end_ns, `Round ${round.id} closed at ${round.end_ns} (now ${now})`);
}

export function executePurchase(state: SaleState, request: PurchaseRequest, now: bigint): PurchaseOutcome {
  const round = loadRound(request.round_id);
  const stats = readStats(round.id);
  const buyer = request.buyer;
  const slot = request.slot;
  const asset = slot === NEAR_SLOT ? "NEAR" : "the stablecoin";

  assertOpen(round, roundStatus(round, stats, now), now);
  ensure(round.prices[slot] !== null, `Round ${round.id} does not accept ${asset}`);
  ensure(request.payment > 0n, "The payment must be greater than zero");
  assertAllowlisted(round, buyer, request.proof);

  const remainingCap = round.hard_cap - stats.tokens_sold;
  ensure(remainingCap > 0n, `Round ${round.id} is sold out: hard cap ${round.hard_cap} reached`);

  const existing = readPurchase(round.id, buyer);
  const record = existing ?? emptyPurchase();
  const remainingForAccount = round.max_per_account - record.tokens;
  ensure(
    remainingForAccount > 0n,
    `Account ${buyer} already holds the maximum ${round.max_per_account} token units of round ${round.id}`,
  );

  // Storage of a first record in this round: NEAR payments pay it from the payment.
  let budget = request.payment;
  let storageFee = 0n;
  if (existing === null) {
    if (slot === NEAR_SLOT) {
      storageFee = storageShortfallForNewRecord(state, buyer);
      ensure(
        budget > storageFee,
        `The payment ${budget} does not cover the storage fee ${storageFee} yoctoNEAR of ${buyer}'s first purchase in round ${round.id}`,
      );
      budget -= storageFee;
      if (storageFee > 0n) {
        creditStorage(state, buyer, storageFee);
      }
    }
    chargeNewRecord(state, buyer);
  }

  const limit = remainingCap < remainingForAccount ? remainingCap : remainingForAccount;
  const fill = fillPurchase(priceSegments(round, slot), stats.tokens_sold, budget, limit, tokenScale(state));
  ensure(
    fill.tokens > 0n,
    `The payment ${budget} is too small to buy one token unit of round ${round.id} at the current price`,
  );
  const total = record.tokens + fill.tokens;
  ensure(
    total >= round.min_per_account,
    `Purchase below the minimum of round ${round.id}: ${buyer} would hold ${total} token units, the minimum is ${round.min_per_account}`,
  );

  record.tokens = total;
  record.paid[slot] += fill.cost;
  writePurchase(round.id, buyer, record);

  stats.tokens_sold += fill.tokens;
  stats.raised[slot] += fill.cost;
  if (slot === NEAR_SLOT) {
    state.near_held += fill.cost;
  } else {
    state.ft_held += fill.cost;
  }
  stats.purchases += 1;
  if (existing === null) {
    stats.buyers += 1;
  }
  writeStats(round.id, stats);

  const refund = budget - fill.cost;
  emitPurchase({
    round_id: round.id,
    account_id: buyer,
    asset: assetOfSlot(slot, state.stable_id),
    amount: fill.cost,
    tokens: fill.tokens,
    refund,
    storage_fee: storageFee,
    tokens_sold: stats.tokens_sold,
    reinvest: request.reinvest,
  });
  return { tokens: fill.tokens, cost: fill.cost, refund, storage_fee: storageFee };
}
