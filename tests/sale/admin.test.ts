/**
 * The sale's privileged surface on the local chain: exactly 1 yoctoNEAR on
 * every privileged method (0 and 2 refused, state unchanged), the timelock
 * (delay, guardian cancel, exact events), compute providers that can never
 * be the owner or the sale, release schedules anchored to the round's end,
 * idempotent round keys, O(1) round creation, sweeps, release memos within
 * NEP-141's 256 bytes and the token-metadata confirmation.
 */
import anyTest, { type TestFn } from "ava";
import { createHash } from "node:crypto";
import type { ContractConfigView, SweepableAsset, TimelockView } from "../../contracts/sale/interface.ts";
import { contractWasm } from "../helpers/contracts.ts";
import {
  approveProvider,
  buyFt,
  buyNear,
  chainNow,
  createRound,
  endRound,
  errorsOf,
  eventLine,
  ftBalance,
  GAS_MAX,
  maximalRoundConfig,
  NEAR,
  nearBalance,
  newBuyer,
  openRound,
  ownerCall,
  roundConfig,
  roundView,
  saleInitArgs,
  schedule,
  SEC,
  setupSale,
  timelocked,
  TOK,
  USD,
  type SaleEnv,
} from "../helpers/sale-fixture.ts";
import type { NearAccount } from "../helpers/workspace.ts";

const test = anyTest as TestFn<SaleEnv>;
const ONE_YOCTO_MESSAGE = "Requires attached deposit of exactly 1 yoctoNEAR";

test.before(async (t) => {
  t.context = await setupSale();
});

test.after.always(async (t) => {
  await t.context?.worker?.tearDown();
});

/** The exact log line of a `modelfund` (admin / timelock) event. */
function adminEvent(event: string, data: Record<string, unknown>): string {
  return `EVENT_JSON:${JSON.stringify({ standard: "modelfund", version: "1.0.0", event, data: [data] })}`;
}

/** Everything a refused privileged call could have changed. */
async function snapshot(env: SaleEnv, sale: NearAccount = env.sale) {
  const config = (await sale.view("contract_config", {})) as ContractConfigView;
  return {
    admin: await sale.view("admin_info", {}),
    timelock: await sale.view("timelock_info", {}),
    providers: await sale.view("providers", {}),
    rounds: await sale.view("rounds", { from_index: 0, limit: 25 }),
    config: { ...config, now_ns: "" },
  };
}

/** A second sale on the same chain, e.g. with a real timelock delay. */
async function deploySale(env: SaleEnv, name: string, overrides: Record<string, unknown> = {}): Promise<NearAccount> {
  const sale = await env.root.createSubAccount(name, { initialBalance: 60n * NEAR });
  await sale.deploy(await contractWasm("sale"));
  await env.owner.call(
    sale,
    "init",
    saleInitArgs({ owner: env.owner, token: env.token, stable: env.stable }, overrides),
    { gas: GAS_MAX },
  );
  return sale;
}

test.serial("every privileged method refuses 0 and 2 yoctoNEAR with the exact message, changing nothing", async (t) => {
  const env = t.context;
  const round = await createRound(env, { startIn: 500 });
  const queued = await schedule(env, { action: "approve_provider", args: { account_id: "gpu-q.test.near" } });
  const calls: Array<[string, Record<string, unknown>]> = [
    ["propose_owner", { new_owner_id: env.holder.accountId }],
    ["grant_role", { role: "guardian", account_id: env.holder.accountId }],
    ["revoke_role", { role: "pauser", account_id: env.holder.accountId }],
    ["pause", { scope: "purchases" }],
    ["unpause", {}],
    ["timelock_schedule", { action: "remove_provider", args: { account_id: "gpu-q.test.near" } }],
    ["timelock_execute", { id: queued.id }],
    ["timelock_cancel", { id: queued.id }],
    ["create_round", { key: "deposit-check", config: roundConfig(await chainNow(env), { startIn: 500 }) }],
    ["update_round", { round_id: round.id, config: roundConfig(await chainNow(env), { startIn: 400 }) }],
    ["cancel_round", { round_id: round.id, reason: "deposit check" }],
    [
      "release_tranche",
      { round_id: round.id, asset: "near", amount: "1", provider_id: "gpu-q.test.near", purpose: "x" },
    ],
  ];
  const before = await snapshot(env);
  for (const [method, args] of calls) {
    for (const deposit of [0n, 2n]) {
      const result = await ownerCall(env, method, args, deposit);
      t.true(result.failed, `${method} with ${deposit} yocto`);
      t.true(errorsOf(result).includes(ONE_YOCTO_MESSAGE), `${method} with ${deposit} yocto: ${errorsOf(result)}`);
    }
  }
  // accept_owner: the proposed account with the wrong deposit
  t.is(errorsOf(await ownerCall(env, "propose_owner", { new_owner_id: env.holder.accountId })), "");
  for (const deposit of [0n, 2n]) {
    const accept = await env.holder.callRaw(env.sale, "accept_owner", {}, { attachedDeposit: deposit, gas: GAS_MAX });
    t.true(errorsOf(accept).includes(ONE_YOCTO_MESSAGE));
  }
  t.is(errorsOf(await ownerCall(env, "propose_owner", { new_owner_id: null })), "");
  // upgrade (raw input): even with the code scheduled, 0 and 2 yocto are refused
  const wasm = await contractWasm("sale");
  const codeHash = createHash("sha256").update(wasm).digest("hex");
  const upgradeOp = await schedule(env, { action: "upgrade", args: { code_hash: codeHash } });
  for (const deposit of [0n, 2n]) {
    const result = await env.owner.callRaw(env.sale, "upgrade", wasm, { attachedDeposit: deposit, gas: GAS_MAX });
    t.true(errorsOf(result).includes(ONE_YOCTO_MESSAGE), `upgrade with ${deposit}: ${errorsOf(result)}`);
  }
  t.is(errorsOf(await ownerCall(env, "timelock_cancel", { id: upgradeOp.id })), "");
  const after = await snapshot(env);
  t.deepEqual(after.admin, before.admin);
  t.deepEqual(after.timelock, before.timelock);
  t.deepEqual(after.providers, before.providers);
  t.deepEqual(after.rounds, before.rounds);
  t.deepEqual(after.config, before.config);
  t.is(errorsOf(await ownerCall(env, "timelock_cancel", { id: queued.id })), "");
});

test.serial("timelock: an operation waits its delay, a guardian cancels, exact events", async (t) => {
  const env = t.context;
  const delay = 60n * SEC;
  const sale = await deploySale(env, "tlsale", { timelock_delay_ns: delay.toString() });
  const call = (method: string, args: Record<string, unknown>, who: NearAccount = env.owner) =>
    who.callRaw(sale, method, args, { attachedDeposit: 1n, gas: GAS_MAX });
  const gpu = "gpu-tl.test.near";

  const scheduled = await call("timelock_schedule", { action: "approve_provider", args: { account_id: gpu } });
  t.is(errorsOf(scheduled), "");
  const op = scheduled.parseResult<{ id: number; ready_at_ns: string; scheduled_at_ns: string }>();
  t.is(BigInt(op.ready_at_ns) - BigInt(op.scheduled_at_ns), delay);
  t.deepEqual(scheduled.logs, [
    adminEvent("timelock_scheduled", {
      id: op.id,
      action: "approve_provider",
      args: { account_id: gpu },
      ready_at_ns: op.ready_at_ns,
    }),
  ]);
  // not before the delay
  const early = await call("timelock_execute", { id: op.id });
  t.regex(
    errorsOf(early),
    new RegExp(`Timelock operation ${op.id} is not ready: it becomes executable at ${op.ready_at_ns}`),
  );
  t.deepEqual(await sale.view("providers", {}), []);
  // a bad operation is never queued
  t.regex(
    errorsOf(
      await call("timelock_schedule", { action: "approve_provider", args: { account_id: env.owner.accountId } }),
    ),
    /The owner owner\.test\.near cannot be a compute provider/,
  );
  t.regex(errorsOf(await call("timelock_schedule", { action: "mint", args: {} })), /Unknown timelock action "mint"/);
  // after the delay
  await env.worker.provider.fastForward(65);
  const executed = await call("timelock_execute", { id: op.id });
  t.deepEqual(executed.logs, [
    adminEvent("timelock_executed", { id: op.id, action: "approve_provider" }),
    eventLine("provider_approved", { account_id: gpu, by: env.owner.accountId }),
  ]);
  t.deepEqual(await sale.view("providers", {}), [gpu]);

  // guardian cancel: a stranger cannot, a guardian can
  const guardian = await newBuyer(env, { tokenRegistered: false });
  t.is(errorsOf(await call("grant_role", { role: "guardian", account_id: guardian.accountId })), "");
  const removal = (
    await call("timelock_schedule", { action: "remove_provider", args: { account_id: gpu } })
  ).parseResult<{ id: number }>();
  const stranger = await newBuyer(env, { tokenRegistered: false });
  t.regex(
    errorsOf(await call("timelock_cancel", { id: removal.id }, stranger)),
    /Only the owner or a guardian may cancel timelock operations/,
  );
  const cancelled = await call("timelock_cancel", { id: removal.id }, guardian);
  t.deepEqual(cancelled.logs, [
    adminEvent("timelock_cancelled", { id: removal.id, action: "remove_provider", by: guardian.accountId }),
  ]);
  t.deepEqual(((await sale.view("timelock_info", {})) as TimelockView).operations, []);
  // the guardian role gives no other power
  t.regex(
    errorsOf(await call("timelock_schedule", { action: "remove_provider", args: { account_id: gpu } }, guardian)),
    /Only the owner/,
  );
  // set_timelock_delay is itself timelocked
  const change = (
    await call("timelock_schedule", { action: "set_timelock_delay", args: { delay_ns: "0" } })
  ).parseResult<{ id: number; ready_at_ns: string }>();
  t.regex(errorsOf(await call("timelock_execute", { id: change.id })), /is not ready/);
  await env.worker.provider.fastForward(65);
  const changed = await call("timelock_execute", { id: change.id });
  t.true(
    changed.logs.includes(adminEvent("timelock_delay_changed", { previous_delay_ns: delay.toString(), delay_ns: "0" })),
  );
  t.is(((await sale.view("timelock_info", {})) as TimelockView).delay_ns, "0");
});

test.serial(
  "the owner cannot approve itself, the sale or the tokens as provider; the old direct methods are gone",
  async (t) => {
    const env = t.context;
    for (const [account, pattern] of [
      [env.owner.accountId, /The owner owner\.test\.near cannot be a compute provider/],
      [env.sale.accountId, /The sale itself cannot be a compute provider/],
      [env.token.accountId, /The project token token\.test\.near cannot be a compute provider/],
      [env.stable.accountId, /The stablecoin usdc\.test\.near cannot be a compute provider/],
    ] as const) {
      const result = await ownerCall(env, "timelock_schedule", {
        action: "approve_provider",
        args: { account_id: account },
      });
      t.regex(errorsOf(result), pattern);
    }
    t.deepEqual(((await env.sale.view("timelock_info", {})) as TimelockView).operations, []);
    for (const method of ["approve_provider", "remove_provider"]) {
      const direct = await ownerCall(env, method, { account_id: "gpu-d.test.near" });
      t.true(direct.failed, method);
    }

    // an approved provider that later becomes the owner receives nothing
    const gpu = await newBuyer(env, { tokenRegistered: false, prefix: "gpu" });
    await approveProvider(env, gpu.accountId);
    const round = await openRound(env, { soft_cap: TOK, schedule: [[0, 10_000]] });
    await buyNear(env, gpu, round.id, NEAR);
    await endRound(env, round);
    t.is(errorsOf(await ownerCall(env, "propose_owner", { new_owner_id: gpu.accountId })), "");
    t.is(errorsOf(await gpu.callRaw(env.sale, "accept_owner", {}, { attachedDeposit: 1n, gas: GAS_MAX })), "");
    const release = await gpu.callRaw(
      env.sale,
      "release_tranche",
      { round_id: round.id, asset: "near", amount: "1", provider_id: gpu.accountId, purpose: "self" },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    t.regex(errorsOf(release), new RegExp(`The owner ${gpu.accountId} cannot be a compute provider`));
    // hand ownership back
    t.is(
      errorsOf(
        await gpu.callRaw(
          env.sale,
          "propose_owner",
          { new_owner_id: env.owner.accountId },
          { attachedDeposit: 1n, gas: GAS_MAX },
        ),
      ),
      "",
    );
    t.is(errorsOf(await ownerCall(env, "accept_owner", {})), "");
  },
);

test.serial("release schedules are anchored to the round's end; vesting and offsets are bounded", async (t) => {
  const env = t.context;
  const now = await chainNow(env);
  const base = roundConfig(now, { startIn: 100 });
  const create = (config: unknown) => ownerCall(env, "create_round", { key: `bounds-${env.seq.n++}`, config });
  // the old absolute shape (a step could be dated before the round) is refused
  t.regex(
    errorsOf(await create({ ...base, release_schedule: [{ not_before_ns: "1", max_bps: 10_000 }] })),
    /config\.release_schedule\[0\]\.after_end_ns must be a decimal string/,
  );
  const year = 365n * 24n * 3600n * SEC;
  t.regex(
    errorsOf(
      await create({ ...base, vesting: { tge_bps: 0, cliff_ns: (2n * year + 1n).toString(), duration_ns: "0" } }),
    ),
    /config\.vesting\.cliff_ns must be at most 63072000000000000 ns \(2 years\)/,
  );
  t.regex(
    errorsOf(
      await create({ ...base, vesting: { tge_bps: 0, cliff_ns: "0", duration_ns: (5n * year + 1n).toString() } }),
    ),
    /config\.vesting\.duration_ns must be at most 157680000000000000 ns \(5 years\)/,
  );
  t.regex(
    errorsOf(
      await create({ ...base, release_schedule: [{ after_end_ns: (5n * year + 1n).toString(), max_bps: 10_000 }] }),
    ),
    /after_end_ns must be at most 157680000000000000 ns after the end/,
  );

  // the cap is counted from the end: nothing is releasable before it, 30% at it
  const round = await openRound(env, {
    soft_cap: TOK,
    schedule: [
      [0, 3000],
      [1000, 10_000],
    ],
  });
  const buyer = await newBuyer(env);
  await buyNear(env, buyer, round.id, NEAR);
  const escrowBefore = (await env.sale.view("escrow", { round_id: round.id })) as any;
  t.is(escrowBefore.cap_bps_now, 0);
  t.deepEqual(escrowBefore.next_step, { not_before_ns: round.end.toString(), max_bps: 3000 });

  // once open, a schedule change may only slow releases down (and goes through the timelock)
  const faster = await ownerCall(env, "timelock_schedule", {
    action: "set_release_schedule",
    args: { round_id: round.id, release_schedule: [{ after_end_ns: "0", max_bps: 10_000 }] },
  });
  t.regex(errorsOf(faster), new RegExp(`Round ${round.id} has opened: its new release schedule must never allow more`));
  const slower = [
    { after_end_ns: (10n * SEC).toString(), max_bps: 2000 },
    { after_end_ns: (2000n * SEC).toString(), max_bps: 10_000 },
  ];
  const changed = await timelocked(env, {
    action: "set_release_schedule",
    args: { round_id: round.id, release_schedule: slower },
  });
  t.true(
    changed.logs.includes(eventLine("release_schedule_changed", { round_id: round.id, release_schedule: slower })),
  );
  t.deepEqual((await roundView(env, round.id)).config.release_schedule, slower);
});

test.serial("create_round is idempotent by key; round_by_key finds it", async (t) => {
  const env = t.context;
  const round = await createRound(env, { key: "stage 7", startIn: 300 });
  const count = ((await env.sale.view("contract_config", {})) as ContractConfigView).round_count;
  const retry = await ownerCall(env, "create_round", {
    key: "stage 7",
    config: roundConfig(await chainNow(env), { startIn: 300 }),
  });
  t.regex(errorsOf(retry), new RegExp(`Round key "stage 7" is already used by round ${round.id}`));
  t.is(((await env.sale.view("contract_config", {})) as ContractConfigView).round_count, count);
  t.is(((await env.sale.view("round_by_key", { key: "stage 7" })) as any).round_id, round.id);
  t.is(await env.sale.view("round_by_key", { key: "stage 8" }), null);
  t.regex(
    errorsOf(await ownerCall(env, "create_round", { key: "k".repeat(65), config: round.config })),
    /key must be a string of 1\.\.64 printable ASCII characters/,
  );
});

test.serial("release memos must fit NEP-141's 256 bytes; nothing is booked otherwise", async (t) => {
  const env = t.context;
  const gpu = await newBuyer(env, { tokenRegistered: false, prefix: "gpu" });
  await approveProvider(env, gpu.accountId);
  const round = await openRound(env, { soft_cap: TOK, schedule: [[0, 10_000]] });
  const buyer = await newBuyer(env);
  await buyNear(env, buyer, round.id, NEAR);
  await endRound(env, round);
  const release = (purpose: string) =>
    ownerCall(env, "release_tranche", {
      round_id: round.id,
      asset: "near",
      amount: "1000",
      provider_id: gpu.accountId,
      purpose,
    });
  const prefix = `modelfund round ${round.id}: `.length;
  // 256 characters were accepted before, making a 276-byte memo the token refuses
  t.regex(
    errorsOf(await release("p".repeat(256))),
    /purpose is too long: the memo .* would be 2\d\d bytes, NEP-141 allows 256/,
  );
  // multi-byte characters count by their UTF-8 bytes
  t.regex(errorsOf(await release("é".repeat(130))), /would be \d+ bytes/);
  t.is(((await env.sale.view("escrow", { round_id: round.id })) as any).assets.near.released, "0");
  const ok = await release("p".repeat(256 - prefix));
  t.is(ok.parseResult<string>(), "1000");
});

test.serial("token_decimals is confirmed against ft_metadata before any round can be created", async (t) => {
  const env = t.context;
  t.true(((await env.sale.view("contract_config", {})) as ContractConfigView).token_metadata_confirmed);
  const wrong = await env.root.createSubAccount("wrongdec", { initialBalance: 30n * NEAR });
  await wrong.deploy(await contractWasm("sale"));
  const init = await env.owner.callRaw(
    wrong,
    "init",
    saleInitArgs({ owner: env.owner, token: env.token, stable: env.stable }, { token_decimals: 6 }),
    { gas: GAS_MAX },
  );
  t.true(
    init.logs.includes(
      `EVENT_JSON:${JSON.stringify({
        standard: "modelfund_sale",
        version: "1.0.0",
        event: "token_metadata_mismatch",
        data: [{ token_id: env.token.accountId, expected_decimals: 6, actual_decimals: 18 }],
      })}`,
    ),
  );
  t.false(((await wrong.view("contract_config", {})) as ContractConfigView).token_metadata_confirmed);
  const create = await env.owner.callRaw(
    wrong,
    "create_round",
    { key: "r", config: roundConfig(await chainNow(env)) },
    { attachedDeposit: 1n, gas: GAS_MAX },
  );
  t.regex(errorsOf(create), /The token's metadata is not confirmed: call confirm_token_metadata/);
  const retry = await env.owner.callRaw(wrong, "confirm_token_metadata", {}, { gas: GAS_MAX });
  t.is(retry.parseResult<boolean>(), false);
  const again = await env.owner.callRaw(env.sale, "confirm_token_metadata", {}, { gas: GAS_MAX });
  t.regex(errorsOf(again), /already confirmed/);
});

test.serial(
  "sweep moves only the excess over the books, after the timelock, for NEAR, the stablecoin and the token",
  async (t) => {
    const env = t.context;
    const receiver = await newBuyer(env, { tokenRegistered: true, usd: 1n, prefix: "treasury" });
    const sweepableOf = async (asset: string) =>
      ((await env.sale.view("sweepable", {})) as SweepableAsset[]).find((a) => a.asset === asset)!;
    // earlier payouts moved NEAR: let the quiet blocks pass
    await env.worker.provider.fastForward(110);

    // NEAR sent outside purchases
    const nearBefore = BigInt((await sweepableOf("near")).excess!);
    await env.holder.transfer(env.sale, 5n * NEAR);
    const nearExcess = BigInt((await sweepableOf("near")).excess!);
    t.true(nearExcess >= nearBefore + 5n * NEAR - NEAR / 1000n, `${nearExcess}`);
    const tooMuch = await timelocked(env, {
      action: "sweep",
      args: { asset: "near", receiver_id: receiver.accountId, amount: (nearExcess + NEAR).toString() },
    });
    t.regex(errorsOf(tooMuch), /Cannot sweep \d+ yoctoNEAR: the excess over the books is \d+/);
    // the refused operation stays queued (the panic reverted its removal): cancel it
    const queue = ((await env.sale.view("timelock_info", {})) as TimelockView).operations;
    t.is(queue.length, 1);
    t.is(errorsOf(await ownerCall(env, "timelock_cancel", { id: queue[0].id })), "");
    const receiverNear = await nearBalance(env, receiver);
    const swept = await timelocked(env, {
      action: "sweep",
      args: { asset: "near", receiver_id: receiver.accountId, amount: (5n * NEAR).toString() },
    });
    t.is(errorsOf(swept), "");
    t.true(
      swept.logs.includes(
        eventLine("sweep", { asset: "near", receiver_id: receiver.accountId, amount: (5n * NEAR).toString() }),
      ),
    );
    t.is((await nearBalance(env, receiver)) - receiverNear, 5n * NEAR);

    // stablecoin sent with a plain ft_transfer (no purchase): the books do not owe it
    await env.owner.call(
      env.stable,
      "ft_transfer",
      { receiver_id: env.sale.accountId, amount: (7n * USD).toString() },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    const stable = await sweepableOf(env.stable.accountId);
    t.is(stable.excess, null);
    t.is(BigInt(stable.owed) + 7n * USD, await ftBalance(env.stable, env.sale));
    await env.worker.provider.fastForward(110);
    const usdBefore = await ftBalance(env.stable, receiver);
    const ftSwept = await timelocked(env, {
      action: "sweep",
      args: { asset: env.stable.accountId, receiver_id: receiver.accountId, amount: (7n * USD).toString() },
    });
    t.is(errorsOf(ftSwept), "");
    t.true(
      ftSwept.logs.includes(
        eventLine("sweep", {
          asset: env.stable.accountId,
          receiver_id: receiver.accountId,
          amount: (7n * USD).toString(),
        }),
      ),
      ftSwept.logs.join("\n"),
    );
    t.is((await ftBalance(env.stable, receiver)) - usdBefore, 7n * USD);
    // one unit more than the excess: the sale refuses in the callback and requeues the operation
    await env.worker.provider.fastForward(110);
    const over = await timelocked(env, {
      action: "sweep",
      args: { asset: env.stable.accountId, receiver_id: receiver.accountId, amount: "1" },
    });
    t.true(
      over.logs.includes(
        eventLine("sweep_failed", {
          asset: env.stable.accountId,
          receiver_id: receiver.accountId,
          amount: "1",
          reason: `the excess is 0 (balance ${await ftBalance(env.stable, env.sale)}, owed ${(await sweepableOf(env.stable.accountId)).owed})`,
        }),
      ),
      over.logs.join("\n"),
    );
    const requeued = ((await env.sale.view("timelock_info", {})) as TimelockView).operations;
    t.deepEqual(
      requeued.map((op) => op.action),
      ["sweep"],
    );
    t.is(errorsOf(await ownerCall(env, "timelock_cancel", { id: requeued[0].id })), "");

    // a purchase moves the stablecoin: a sweep right after it waits the quiet blocks
    const round = await openRound(env, { soft_cap: TOK });
    const payer = await newBuyer(env, { usd: 10n * USD });
    await payer.call(env.sale, "storage_deposit", {}, { attachedDeposit: NEAR / 10n, gas: GAS_MAX });
    await env.owner.call(
      env.stable,
      "ft_transfer",
      { receiver_id: env.sale.accountId, amount: "5" },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    t.is(errorsOf(await buyFt(env, payer, round.id, USD)), "");
    const busy = await timelocked(env, {
      action: "sweep",
      args: { asset: env.stable.accountId, receiver_id: receiver.accountId, amount: "5" },
    });
    t.regex(errorsOf(busy), /moved at block \d+: a sweep waits 100 blocks after the last movement/);
    const waiting = ((await env.sale.view("timelock_info", {})) as TimelockView).operations;
    await env.worker.provider.fastForward(110);
    const later = await ownerCall(env, "timelock_execute", { id: waiting[0].id });
    t.true(
      later.logs.includes(
        eventLine("sweep", { asset: env.stable.accountId, receiver_id: receiver.accountId, amount: "5" }),
      ),
      errorsOf(later),
    );

    // project tokens sent with a plain ft_transfer
    await env.owner.call(
      env.token,
      "storage_deposit",
      { account_id: env.owner.accountId },
      { attachedDeposit: NEAR / 100n, gas: GAS_MAX },
    );
    await env.owner.call(
      env.token,
      "ft_transfer",
      { receiver_id: env.sale.accountId, amount: (3n * TOK).toString() },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    await env.worker.provider.fastForward(110);
    const tokenSwept = await timelocked(env, {
      action: "sweep",
      args: { asset: env.token.accountId, receiver_id: receiver.accountId, amount: (3n * TOK).toString() },
    });
    t.true(
      tokenSwept.logs.includes(
        eventLine("sweep", {
          asset: env.token.accountId,
          receiver_id: receiver.accountId,
          amount: (3n * TOK).toString(),
        }),
      ),
      errorsOf(tokenSwept),
    );
    t.is(await ftBalance(env.token, receiver), 3n * TOK);
  },
);

test.serial("round creation costs the same gas for the 1st and the 40th maximal round", async (t) => {
  const env = t.context;
  const sale = await deploySale(env, "manyrounds");
  const gasOf = (result: { result: { receipts_outcome: Array<{ outcome: { gas_burnt: number } }> } }) =>
    result.result.receipts_outcome.reduce((sum, r) => sum + BigInt(r.outcome.gas_burnt), 0n);
  const gas: bigint[] = [];
  for (let i = 0; i < 40; i++) {
    const config = maximalRoundConfig(await chainNow(env), i);
    const result = await env.owner.callRaw(
      sale,
      "create_round",
      { key: `maximal-${i}`, config },
      { attachedDeposit: 1n, gas: GAS_MAX },
    );
    t.is(errorsOf(result), "", `round ${i}`);
    gas.push(gasOf(result as never));
  }
  // The old code read every round: +2 TGas (minimal) to +8.8 TGas (maximal) per existing round.
  const spread = gas[39] > gas[0] ? gas[39] - gas[0] : gas[0] - gas[39];
  t.true(spread < 1_000_000_000_000n, `round 1: ${gas[0]} gas, round 40: ${gas[39]} gas`);
  t.is(((await sale.view("contract_config", {})) as ContractConfigView).round_count, 40);
});
