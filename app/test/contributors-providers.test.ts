import test from "ava";
import { buildEpochTree, parsePointsCsv, proofsOf } from "../../scripts/lib/merkle-points.ts";
import { periodIdOf as clientPeriodIdOf } from "../../scripts/lib/provider-client.ts";
import { periodIdOf } from "../../scripts/lib/provider-period.ts";
import { mergeProofs, readProofs, rewardOf } from "../src/contributors/proofs.ts";
import { proofMatchesRoot } from "../src/contributors/verify-proof.ts";
import { readCount, readRegisterForm } from "../src/providers/register-form.ts";
import { translateError } from "../src/tx/errors.ts";
import { HOLDER_PANICS } from "../src/tx/errors.ts";
import { claimEpochsPlan, claimRoyaltiesPlan, withdrawVestedPlan } from "../src/tx/contributor-calls.ts";
import { planDeposit } from "../src/tx/plan.ts";
import { payFeesPlan, registerProviderPlan } from "../src/tx/provider-calls.ts";
import { FEES_PANICS, VAULT_PANICS } from "../src/tx/suite-panics.ts";
import { claimInput, MOD, NEAR, USD } from "./fixtures.ts";

const RULES = [...VAULT_PANICS, ...FEES_PANICS, ...HOLDER_PANICS];

/** proofs.json exactly as npm run vault:epoch writes it. */
function proofsFile(stage: number, epoch: number): string {
  const tree = buildEpochTree(parsePointsCsv("account,points\ndana.x,600\nalice.x,300\ngpu.x,100\n"));
  return JSON.stringify(proofsOf(tree, stage, epoch));
}

test("the proofs file written by vault:epoch reads back as the account's claim arguments", (t) => {
  const text = proofsFile(0, 2);
  const read = readProofs(text, "alice.x", "proofs.json");
  t.true(read.ok);
  if (!read.ok) return;
  t.deepEqual(read.proofs, [JSON.parse(text)["alice.x"]]);
  t.is(read.proofs[0].leaf_index, 1);
  t.is(read.proofs[0].points, "300");
});

test("a proofs file without the account, not JSON, or with a damaged proof is refused with a sentence", (t) => {
  const missing = readProofs(proofsFile(0, 0), "bob.x", "e0.json");
  t.deepEqual(missing, { ok: false, error: "e0.json has no proof for bob.x: this epoch credits it no points." });
  const garbage = readProofs("{not json", "dana.x", "e0.json");
  t.false(garbage.ok);
  t.regex(garbage.ok ? "" : garbage.error, /is not JSON/);
  const damaged = JSON.parse(proofsFile(0, 0));
  damaged["dana.x"].proof[0] = "xyz";
  const bad = readProofs(JSON.stringify(damaged), "dana.x", "e0.json");
  t.regex(bad.ok ? "" : bad.error, /proof that is not a list of 64-character lowercase hex hashes/);
  damaged["dana.x"].points = "0";
  const zero = readProofs(JSON.stringify(damaged), "dana.x", "e0.json");
  t.regex(zero.ok ? "" : zero.error, /has no positive points/);
});

test("a proof is checked against the epoch root in the browser with the vault's encoding", (t) => {
  const tree = buildEpochTree(parsePointsCsv("account,points\ndana.x,600\nalice.x,300\ngpu.x,100\n"));
  const proofs = proofsOf(tree, 0, 0);
  t.true(proofMatchesRoot(proofs["dana.x"], "dana.x", tree.merkle_root));
  t.true(proofMatchesRoot(proofs["gpu.x"], "gpu.x", tree.merkle_root));
  // someone else's proof, a changed point count, a damaged sibling, another root
  t.false(proofMatchesRoot(proofs["alice.x"], "dana.x", tree.merkle_root));
  t.false(proofMatchesRoot({ ...proofs["dana.x"], points: "601" }, "dana.x", tree.merkle_root));
  t.false(
    proofMatchesRoot(
      { ...proofs["dana.x"], proof: ["0".repeat(64), ...proofs["dana.x"].proof.slice(1)] },
      "dana.x",
      tree.merkle_root,
    ),
  );
  t.false(proofMatchesRoot(proofs["dana.x"], "dana.x", "f".repeat(64)));
  t.false(proofMatchesRoot(proofs["dana.x"], "dana.x", ""));
});

test("proofs of several files merge, one per epoch, the later file replacing an earlier one", (t) => {
  const first = readProofs(proofsFile(0, 1), "dana.x", "a");
  const second = readProofs(proofsFile(0, 0), "dana.x", "b");
  const again = readProofs(proofsFile(0, 1), "dana.x", "c");
  if (!first.ok || !second.ok || !again.ok) return t.fail();
  const merged = mergeProofs(mergeProofs(mergeProofs([], first.proofs), second.proofs), again.proofs);
  t.deepEqual(
    merged.map((proof) => proof.epoch),
    [0, 1],
  );
});

test("the expected reward rounds down as the vault does", (t) => {
  t.is(rewardOf(10_000n * 10n ** 18n, 600n, 1000n), 6_000n * 10n ** 18n);
  t.is(rewardOf(10n, 1n, 3n), 3n);
  t.is(rewardOf(10n, 1n, 0n), 0n);
});

test("one proof is a claim, several a claim_batch, after the vault registration", (t) => {
  const read = readProofs(proofsFile(0, 0), "dana.x", "p");
  if (!read.ok) return t.fail();
  const registration = { contractId: "vault.x", deposit: 5n, why: "register", registrationOnly: true };
  const single = claimEpochsPlan(
    claimInput(read.proofs, { expectedReward: 6n * 10n ** 21n, registrations: [registration] }),
  );
  t.deepEqual(
    single.transactions.map((tx) => [tx.receiverId, tx.calls[0].method]),
    [
      ["vault.x", "storage_deposit"],
      ["vault.x", "claim"],
    ],
  );
  t.deepEqual(single.transactions[1].calls[0].args, { ...read.proofs[0] });
  t.is(planDeposit(single), 5n);
  const batch = claimEpochsPlan(claimInput([read.proofs[0], { ...read.proofs[0], epoch: 1 }]));
  t.is(batch.transactions[0].calls[0].method, "claim_batch");
  t.is((batch.transactions[0].calls[0].args.claims as unknown[]).length, 2);
  t.throws(() => claimEpochsPlan(claimInput([])));
});

test("withdraw and royalty plans call the vault with no deposit and payout gas", (t) => {
  const withdraw = withdrawVestedPlan({
    vaultId: "vault.x",
    accountId: "d",
    withdrawable: 1n,
    token: MOD,
    registrations: [],
  });
  t.deepEqual(withdraw.transactions[0].calls[0], {
    method: "withdraw_vested",
    args: {},
    deposit: 0n,
    gas: 150n * 10n ** 12n,
  });
  const royalties = claimRoyaltiesPlan({
    vaultId: "vault.x",
    accountId: "d",
    asset: USD,
    claimable: 5n,
    registrations: [],
  });
  t.deepEqual(royalties.transactions[0].calls[0].args, { asset: "usd.x" });
});

test("registering attaches bond plus storage and names the bond", (t) => {
  const read = readRegisterForm(
    { name: " gpu ", endpoint: "https://gpu.example/v1", stages: [1, 0, 1], digest: "", bond: "1", storage: "0.5" },
    7,
  );
  if (!read.ok) return t.fail(read.errors.join(" "));
  t.deepEqual(read.metadata, {
    name: "gpu",
    endpoint: "https://gpu.example/v1",
    stages: [0, 1],
    attestation_digest: null,
  });
  const plan = registerProviderPlan({ feesId: "fees.x", ...read });
  t.is(planDeposit(plan), 15n * 10n ** 23n);
  t.deepEqual(plan.transactions[0].calls[0].args, { metadata: read.metadata, bond: (10n ** 24n).toString() });
});

test("a bad registration form lists every problem and builds nothing", (t) => {
  const read = readRegisterForm(
    { name: "", endpoint: "ftp://x", stages: [9], digest: "ABC", bond: "-1", storage: "0" },
    7,
  );
  t.false(read.ok);
  t.is(read.ok ? 0 : read.errors.length, 6);
  t.deepEqual(readCount("1,000", "Requests"), { ok: true, value: 1000n });
  t.false(readCount("1.5", "Requests").ok);
});

test("fees are paid with pay_fees in NEAR and ft_transfer_call with the same arguments in the stablecoin", (t) => {
  const usage = { requests: 10n, input_tokens: 2_000n, output_tokens: 3_000n };
  const base = { feesId: "fees.x", stage: 1, periodId: "s1-20261201T210000Z-3600s", usage, amount: 7n, quote: 7n };
  const near = payFeesPlan({ ...base, asset: NEAR });
  const args = {
    stage: 1,
    period_id: base.periodId,
    usage: { requests: "10", input_tokens: "2000", output_tokens: "3000" },
  };
  t.deepEqual(near.transactions[0].calls[0], { method: "pay_fees", args, deposit: 7n, gas: 100n * 10n ** 12n });
  const stable = payFeesPlan({ ...base, asset: USD, amount: 9n });
  t.is(stable.transactions[0].receiverId, "usd.x");
  t.deepEqual(stable.transactions[0].calls[0].args, { receiver_id: "fees.x", amount: "9", msg: JSON.stringify(args) });
  t.is(stable.transactions[0].calls[0].deposit, 1n);
  t.true(stable.notes.some((note) => note.includes("tip")));
});

test("the app's period ids are the provider client's", (t) => {
  const start = Date.UTC(2026, 11, 1, 21, 17, 5);
  for (const length of [3_600_000, 86_400_000]) t.is(periodIdOf(2, start, length), clientPeriodIdOf(2, start, length));
  t.is(periodIdOf(0, start, 3_600_000), "s0-20261201T210000Z-3600s");
});

test("vault and router panics read as sentences", (t) => {
  const wrongProof =
    "Smart contract panicked: Invalid proof: leaf 0 of dana.x with 600 points is not in the tree of epoch 0 of stage 0";
  t.regex(translateError(wrongProof, RULES).sentence, /^This proof does not match epoch 0 of stage 0/);
  t.is(
    translateError("Smart contract panicked: Leaf 2 of epoch 1 of stage 0 is already claimed", RULES).sentence,
    "You have already claimed epoch 1 of stage 0.",
  );
  t.regex(
    translateError(
      "Smart contract panicked: Storage deposit of d.x is too low for a record in stage 0: available 1, needed 2 yoctoNEAR (call storage_deposit)",
      RULES,
    ).sentence,
    /storage deposit on the vault is too low/,
  );
  t.is(
    translateError("Smart contract panicked: Period p1 of stage 0 is already paid by gpu.x", RULES).sentence,
    "Period p1 of stage 0 is already paid: nothing was paid twice.",
  );
  t.regex(
    translateError("Smart contract panicked: Provider gpu.x is pending: only active providers pay fees", RULES)
      .sentence,
    /registration is pending/,
  );
});
