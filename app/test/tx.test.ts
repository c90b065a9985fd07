import test from "ava";
import { translateError } from "../src/tx/errors.ts";
import { buyPlan, claimRevenuePlan, claimTokensPlan, refundPlan, reinvestPlan } from "../src/tx/holder-calls.ts";
import { readOutcome } from "../src/tx/outcome.ts";
import { planDeposit, toWalletTransactions } from "../src/tx/plan.ts";
import { buyInput, MOD, NETWORK as network, NEAR, QUOTE as quote, USD } from "./fixtures.ts";

test("a NEAR purchase attaches the payment to purchase on the sale, after the token registration", (t) => {
  const plan = buyPlan(
    buyInput({
      roundId: 3,
      registrations: [{ contractId: "token.x", deposit: 1250n, why: "register on the token", registrationOnly: true }],
    }),
  );
  t.deepEqual(
    plan.transactions.map((tx) => [tx.receiverId, tx.calls.map((c) => [c.method, c.args, c.deposit])]),
    [
      ["token.x", [["storage_deposit", { account_id: "alice.x", registration_only: true }, 1250n]]],
      ["sale.x", [["purchase", { round_id: 3 }, 10n ** 24n]]],
    ],
  );
  t.is(planDeposit(plan), 10n ** 24n + 1250n);
  t.true(plan.notes[0].includes("100 MOD"));
});

test("a stablecoin purchase is ft_transfer_call on the stablecoin with the round in msg and 1 yocto", (t) => {
  const plan = buyPlan(
    buyInput({
      accountId: "bob.x",
      asset: USD,
      amount: 5_000_000n,
      quote: { ...quote, cost: "4000000", refund: "1000000" },
    }),
  );
  const [tx] = plan.transactions;
  t.is(tx.receiverId, "usd.x");
  t.deepEqual(tx.calls[0].args, { receiver_id: "sale.x", amount: "5000000", msg: '{"purchase":{"round_id":0}}' });
  t.is(tx.calls[0].deposit, 1n);
  t.true(plan.notes.some((note) => note.includes("1 USD comes back")));
});

test("claims and reinvestment call the contracts' methods with their documented arguments", (t) => {
  const claim = claimTokensPlan({
    network,
    accountId: "a.x",
    roundId: 1,
    roundName: "r",
    claimable: "5",
    token: MOD,
    registrations: [],
  });
  t.deepEqual(claim.transactions[0].calls[0].args, { round_id: 1 });
  t.deepEqual(claimRevenuePlan({ network, asset: NEAR, claimable: 1n }).transactions[0].calls[0].args, {});
  t.deepEqual(claimRevenuePlan({ network, asset: USD, claimable: 1n }).transactions[0].calls[0].args, {
    asset: "usd.x",
  });
  const refund = refundPlan({ network, roundId: 4, roundName: "stage 5", due: ["3 NEAR", "2 USD"] });
  t.deepEqual(refund.transactions[0].calls[0], {
    method: "withdraw_refund",
    args: { round_id: 4 },
    deposit: 0n,
    gas: 150n * 10n ** 12n,
  });
  t.true(refund.notes[0].includes("3 NEAR and 2 USD"));
  const reinvest = reinvestPlan({ network, roundId: 2, roundName: "stage 2", claimable: 7n });
  t.is(reinvest.transactions[0].receiverId, "token.x");
  t.deepEqual(reinvest.transactions[0].calls[0].args, { round_id: 2 });
  t.is(reinvest.transactions[0].calls[0].deposit, 1n);
});

test("wallet transactions carry the plan's calls as function-call actions", (t) => {
  const [tx] = toWalletTransactions(reinvestPlan({ network, roundId: 2, roundName: "s", claimable: 7n }), "a.x");
  t.is(tx.signerId, "a.x");
  t.is(tx.receiverId, "token.x");
  const call = (tx.actions[0] as unknown as { functionCall: { methodName: string; args: Uint8Array; deposit: bigint } })
    .functionCall;
  t.is(call.methodName, "reinvest_revenue");
  t.is(new TextDecoder().decode(call.args), '{"round_id":2}');
  t.is(call.deposit, 1n);
});

test("contract panics become sentences; unknown ones keep the contract's words; refusals are named", (t) => {
  const panic =
    "Smart contract panicked: Round 0 is sold out: hard cap 1000 reached\n    at executePurchase (sale.js:10)";
  t.is(translateError(new Error(panic)).sentence, "This round is sold out: its hard cap has been reached.");
  t.is(
    translateError("Smart contract panicked: Nothing to claim in round 0 now: vested 5, already claimed 5 of 10")
      .sentence,
    "Nothing has vested since your last claim: come back later.",
  );
  const unknown = translateError("Smart contract panicked: something new");
  t.is(unknown.sentence, "The transaction failed and changed nothing. The contract said: something new");
  const rejected = translateError(new Error("User rejected the transaction"));
  t.true(rejected.rejected);
});

test("readOutcome finds a failure in a later receipt of a successful transaction", (t) => {
  const outcome = readOutcome({
    status: { SuccessValue: btoa('"0"') },
    transaction: { hash: "H" },
    receipts_outcome: [
      { outcome: { status: { SuccessReceiptId: "r" } } },
      {
        outcome: {
          status: {
            Failure: {
              ActionError: {
                kind: { FunctionCallError: { ExecutionError: "Smart contract panicked: Round 0 was cancelled" } },
              },
            },
          },
        },
      },
    ],
  });
  t.false(outcome.ok);
  t.deepEqual(outcome.failures, ["Smart contract panicked: Round 0 was cancelled"]);
  t.is(outcome.value, "0");
});
