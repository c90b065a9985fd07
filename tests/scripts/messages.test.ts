/**
 * The scripts' messages for the mistakes a deployer makes (issue 19, item
 * 11): balances in NEAR with the account and the shortfall, an access-key
 * failure naming the signer and where its key came from, a malformed
 * NEAR_MASTER_SECRET_KEY named without echoing it.
 */
import test from "ava";
import { explainSendError, failureText } from "../../scripts/lib/chain.ts";
import { MASTER_KEY_ENV, masterKeyFromEnv } from "../../scripts/lib/keys.ts";

test("balance failures are in NEAR and name the account and the shortfall", (t) => {
  t.is(
    failureText({
      InvalidTxError: {
        NotEnoughBalance: {
          signer_id: "modelfund.testnet",
          balance: "1000000000000000000000000",
          cost: "2500000000000000000000000",
        },
      },
    }),
    "modelfund.testnet has 1 NEAR, but the transaction costs 2.5 NEAR: add 1.5 NEAR",
  );
  t.is(
    failureText({
      ActionError: {
        index: 0,
        kind: { LackBalanceForState: { account_id: "token.modelfund.testnet", amount: "3250000000000000000000000" } },
      },
    }),
    "token.modelfund.testnet lacks 3.25 NEAR for the storage it would use (raise its initial_balance)",
  );
});

test("an access-key failure names the signer and where its key came from", (t) => {
  const error = explainSendError(
    new Error("Access key for public key ed25519:AbC has never been observed on the node"),
    "sale.modelfund.testnet",
    "~/.near-credentials/testnet/<account>.json",
  );
  t.is(
    error.message,
    "sale.modelfund.testnet: Access key for public key ed25519:AbC has never been observed on the node: the key the scripts hold for sale.modelfund.testnet (from ~/.near-credentials/testnet/<account>.json) is not one of its access keys on chain",
  );
  const other = new Error("cannot reach the RPC endpoint");
  t.is(explainSendError(other, "a.testnet", "x"), other);
});

test("a malformed NEAR_MASTER_SECRET_KEY is named, and its value is not echoed", (t) => {
  for (const secret of ["ed25519:bogus", "0123456789abcdef"]) {
    const error = t.throws(() => masterKeyFromEnv(secret));
    t.true(
      error!.message.startsWith(`${MASTER_KEY_ENV} is not a usable secret key (expected ed25519:<base58 secret key>`),
    );
    t.false(error!.message.includes(secret));
  }
});
