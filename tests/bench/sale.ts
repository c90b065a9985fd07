/**
 * Gas of the sale's main calls on the local chain (real near-workspaces, the
 * token wasm as project token and stablecoin):
 *
 *   npm run bench:sale
 *
 * Prints one line per call (gas burnt by the whole transaction: every
 * receipt, callbacks and the token's receipts included; and by the sale's
 * own first receipt), then, as the last line, the JSON of the figures.
 * `create_round_1` / `create_round_40` are the 1st and the 40th maximal
 * round (16 tiers, 24 release steps, allowlist) of a fresh sale: creation
 * is O(1) in the number of rounds, so the two are equal within noise.
 * `purchase_with_revenue` is a holder's reinvest_revenue through the token
 * (the whole chain: the token's call, the sale's purchase, the callback).
 */
export {};

// Set before the fixture (and near-workspaces) load: the figures are what this script prints.
process.env.NEAR_WORKSPACES_NO_LOGS ??= "1";
const fixture = await import("../helpers/sale-fixture.ts");
const { contractWasm } = await import("../helpers/contracts.ts");
const {
  buyFt,
  buyNear,
  chainNow,
  claim,
  endRound,
  GAS_MAX,
  maximalRoundConfig,
  NEAR,
  newBuyer,
  openRound,
  refund,
  registerOnSale,
  saleInitArgs,
  setupSale,
  errorsOf,
  PRICE_NEAR,
  PRICE_FT,
  TOK,
  USD,
} = fixture;

type Outcome = {
  result: {
    transaction_outcome: { outcome: { gas_burnt: number } };
    receipts_outcome: Array<{ outcome: { gas_burnt: number; executor_id: string } }>;
  };
  receiptFailureMessages: string[];
};

function gasOf(result: Outcome): { total: number; sale_receipt: number } {
  const receipts = result.result.receipts_outcome;
  const total =
    result.result.transaction_outcome.outcome.gas_burnt + receipts.reduce((sum, r) => sum + r.outcome.gas_burnt, 0);
  const first = receipts.find((r) => r.outcome.executor_id.startsWith("sale.")) ?? receipts[0];
  return { total, sale_receipt: first.outcome.gas_burnt };
}

const env = await setupSale();
try {
  const buyer = await newBuyer(env, { usd: 100n * USD });
  await registerOnSale(env, buyer, 10n ** 23n);
  const success = await openRound(env, { soft_cap: TOK, tge_bps: 10_000, cliff_s: 0, duration_s: 0 });
  const failed = await openRound(env, { soft_cap: 10_000n * TOK });
  const figures: Record<string, { total: number; sale_receipt: number }> = {};
  const record = (name: string, result: Outcome) => {
    const problem = errorsOf(result);
    if (problem) throw new Error(`${name} failed: ${problem}`);
    figures[name] = gasOf(result);
    console.log(
      `${name.padEnd(22)} ${(figures[name].total / 1e12).toFixed(2).padStart(7)} TGas total, ${(figures[name].sale_receipt / 1e12).toFixed(2)} TGas in the sale's receipt`,
    );
  };
  record("near_purchase", (await buyNear(env, buyer, success.id, 10n * PRICE_NEAR)) as Outcome);
  record("ft_purchase", (await buyFt(env, buyer, success.id, 10n * PRICE_FT)) as Outcome);
  await buyNear(env, buyer, failed.id, 10n * PRICE_NEAR);
  await endRound(env, failed);
  await endRound(env, success);
  record("claim", (await claim(env, buyer, success.id)) as Outcome);
  record("refund", (await refund(env, buyer, failed.id)) as Outcome);

  // Reinvestment: the holder earns NEAR revenue and sends it into an open round through the token.
  const reinvestRound = await openRound(env, { soft_cap: TOK });
  await env.owner.call(env.token, "distribute_revenue", {}, { attachedDeposit: NEAR, gas: GAS_MAX });
  record(
    "purchase_with_revenue",
    (await env.holder.callRaw(
      env.token,
      "reinvest_revenue",
      { round_id: reinvestRound.id, amount: (NEAR / 10n).toString() },
      { attachedDeposit: 1n, gas: GAS_MAX },
    )) as Outcome,
  );

  // Round creation: the 1st and the 40th maximal round of a fresh sale.
  const rounds = await env.root.createSubAccount("benchrounds", { initialBalance: 60n * NEAR });
  await rounds.deploy(await contractWasm("sale"));
  await env.owner.call(rounds, "init", saleInitArgs(env), { gas: GAS_MAX });
  for (let i = 0; i < 40; i++) {
    const result = (await env.owner.callRaw(
      rounds,
      "create_round",
      { key: `maximal-${i}`, config: maximalRoundConfig(await chainNow(env), i) },
      { attachedDeposit: 1n, gas: GAS_MAX },
    )) as Outcome;
    if (i === 0) record("create_round_1", result);
    else if (i === 39) record("create_round_40", result);
    else if (errorsOf(result)) throw new Error(`create_round ${i + 1} failed: ${errorsOf(result)}`);
  }
  console.log(JSON.stringify({ unit: "gas", ...figures }));
} finally {
  await env.worker.tearDown();
}
