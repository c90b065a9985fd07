import test from "ava";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256, keccak_512 } from "@noble/hashes/sha3.js";
import type { VMContext } from "../src/vm/context.ts";
import type { RunRequest, VMOutcome } from "../src/vm/runner.ts";
import { MapStorage } from "../src/vm/storage.ts";
import { callMethod, fixtureWasm, hex, returnedJson, u64 } from "./helpers.ts";

// Every NEAR host function, reached through near-sdk-js's engine by the
// host-probe fixture: each test sends a list of `env.<host function>(...)`
// calls and checks their results, the registers, the outcome and the gas.

type Arg = { hex: string } | { u64: string } | string | number;
type Call = { fn: string; args: Arg[] };
interface ProbeOptions {
  registers?: number[];
  noReturn?: boolean;
  context?: Partial<VMContext>;
  extra?: Partial<Omit<RunRequest, "code" | "method" | "context">>;
}

const code = fixtureWasm("host-probe");
const call = (fn: string, ...args: Arg[]): Call => ({ fn, args });
const ONE_NEAR = 10n ** 24n;
const TGAS = 10n ** 12n;

async function probe(calls: Call[], options: ProbeOptions = {}): Promise<VMOutcome> {
  const input = { calls, registers: options.registers, noReturn: options.noReturn };
  return callMethod(await code, "probe", input, options.context, options.extra);
}

async function probeView(calls: Call[], options: ProbeOptions = {}): Promise<VMOutcome> {
  const input = { calls, registers: options.registers };
  return callMethod(await code, "probe_view", input, { isView: true, ...options.context }, options.extra);
}

function results(outcome: VMOutcome) {
  return returnedJson(outcome) as { results: unknown[]; registers: Record<string, unknown> };
}

function hostError(outcome: VMOutcome): { kind: string; message: string; json: unknown } {
  const error = outcome.error;
  if (error?.kind !== "HostError")
    throw new Error(`expected a host error, got ${JSON.stringify(error?.json ?? "success")}`);
  return { kind: error.hostError.kind, message: error.message, json: error.json };
}

const utf8 = (text: string) => hex(Buffer.from(text, "utf8"));
const registerHex = (bytes: Uint8Array) => hex(bytes);

test("registers: write, length, read back; an empty register has length u64::MAX", async (t) => {
  const outcome = await probe(
    [call("write_register", u64(7), utf8("abc")), call("register_len", u64(7)), call("register_len", u64(8))],
    {
      registers: [7],
    },
  );
  const { results: values, registers } = results(outcome);
  t.deepEqual(values, [null, u64(3), u64(0xffff_ffff_ffff_ffffn)]);
  t.deepEqual(registers["7"], utf8("abc"));
});

test("context: accounts, signer key, input, block, epoch and storage usage come from the context", async (t) => {
  const signerAccountPk = Uint8Array.from([0, ...new Array(32).fill(9)]);
  const context = {
    currentAccountId: "token.modelfund.near",
    signerAccountId: "alice.near",
    predecessorAccountId: "sale.modelfund.near",
    signerAccountPk,
    blockHeight: 4242n,
    blockTimestamp: 1_800_000_000_123_456_789n,
    epochHeight: 17n,
    storageUsage: 777n,
  };
  const outcome = await probe(
    [
      call("current_account_id", u64(1)),
      call("signer_account_id", u64(2)),
      call("predecessor_account_id", u64(3)),
      call("signer_account_pk", u64(4)),
      call("input", u64(5)),
      call("block_index"),
      call("block_timestamp"),
      call("epoch_height"),
      call("storage_usage"),
    ],
    { registers: [1, 2, 3, 4, 5], context },
  );
  const { results: values, registers } = results(outcome);
  t.deepEqual(values.slice(5), [u64(4242), u64(context.blockTimestamp), u64(17), u64(777)]);
  t.deepEqual(registers["1"], utf8("token.modelfund.near"));
  t.deepEqual(registers["2"], utf8("alice.near"));
  t.deepEqual(registers["3"], utf8("sale.modelfund.near"));
  t.deepEqual(registers["4"], registerHex(signerAccountPk));
  const input = JSON.parse(Buffer.from((registers["5"] as { hex: string }).hex, "hex").toString("utf8"));
  t.is(input.calls.length, 9);
});

test("economics: balances, deposit, prepaid gas and a growing used gas", async (t) => {
  const context = {
    accountBalance: 5n * ONE_NEAR,
    accountLockedBalance: 2n * ONE_NEAR,
    attachedDeposit: ONE_NEAR / 10n,
    prepaidGas: 150n * TGAS,
  };
  const outcome = await probe(
    [
      call("account_balance"),
      call("account_locked_balance"),
      call("attached_deposit"),
      call("prepaid_gas"),
      call("used_gas"),
      call("used_gas"),
    ],
    { context },
  );
  const values = results(outcome).results as Array<{ u64: string }>;
  t.deepEqual(values.slice(0, 4), [u64(5n * ONE_NEAR), u64(2n * ONE_NEAR), u64(ONE_NEAR / 10n), u64(150n * TGAS)]);
  const [firstUsed, secondUsed] = values.slice(4).map((value) => BigInt(value.u64));
  t.true(firstUsed > 0n && secondUsed > firstUsed, "used gas grows as the call runs");
  t.true(secondUsed < outcome.burntGas);
});

test("hashes match sha256, keccak256, keccak512 and ripemd160", async (t) => {
  const data = Buffer.from("token-funded model training");
  const outcome = await probe(
    [
      call("sha256", hex(data), u64(0)),
      call("keccak256", hex(data), u64(1)),
      call("keccak512", hex(data), u64(2)),
      call("ripemd160", hex(data), u64(3)),
    ],
    { registers: [0, 1, 2, 3] },
  );
  const { registers } = results(outcome);
  t.deepEqual(registers["0"], hex(sha256(data)));
  t.deepEqual(registers["1"], hex(keccak_256(data)));
  t.deepEqual(registers["2"], hex(keccak_512(data)));
  t.deepEqual(registers["3"], hex(ripemd160(data)));
  const costs = Object.fromEntries(outcome.gasProfile.map((entry) => [entry.cost, entry.gas_used]));
  for (const cost of [
    "SHA256_BASE",
    "SHA256_BYTE",
    "KECCAK256_BASE",
    "KECCAK512_BYTE",
    "RIPEMD160_BASE",
    "RIPEMD160_BLOCK",
  ]) {
    t.truthy(costs[cost], `${cost} is charged`);
  }
});

test("random_seed writes the context's seed", async (t) => {
  const randomSeed = Uint8Array.from({ length: 32 }, (_, i) => i * 3);
  const { registers } = results(
    await probe([call("random_seed", u64(0))], { registers: [0], context: { randomSeed } }),
  );
  t.deepEqual(registers["0"], hex(randomSeed));
});

// builder.c labels ecrecover's JavaScript arguments (hash, sig, malleability_flag, v, register)
// but hands them to the host in the host's order (…, v, malleability_flag, …): from JavaScript,
// the third argument is v.
test("ecrecover recovers the signer's key; bad inputs return 0 or fail precisely", async (t) => {
  const secretKey = secp256k1.utils.randomSecretKey();
  const hash = sha256(Buffer.from("purchase round 1"));
  const signature = secp256k1.sign(hash, secretKey, { prehash: false, format: "recovered" });
  const recovery = signature[0];
  const rs = signature.subarray(1);
  const expectedKey = secp256k1.getPublicKey(secretKey, false).subarray(1);
  const outcome = await probe([call("ecrecover", hex(hash), hex(rs), u64(recovery), u64(0), u64(0))], {
    registers: [0],
  });
  const { results: values, registers } = results(outcome);
  t.deepEqual(values, [u64(1)]);
  t.deepEqual(registers["0"], hex(expectedKey));

  const zeroR = Buffer.concat([Buffer.alloc(32), rs.subarray(32)]);
  t.deepEqual(results(await probe([call("ecrecover", hex(hash), hex(zeroR), u64(recovery), u64(0), u64(0))])).results, [
    u64(0),
  ]);

  const badV = hostError(await probe([call("ecrecover", hex(hash), hex(rs), u64(4), u64(0), u64(0))]));
  t.is(badV.kind, "ECRecoverError");
  t.is(badV.message, "ECDSA recover error: V recovery byte 0 through 3 are valid but was provided 4");
  const badFlag = hostError(await probe([call("ecrecover", hex(hash), hex(rs), u64(recovery), u64(2), u64(0))]));
  t.is(badFlag.message, "ECDSA recover error: Malleability flag needs to be 0 or 1, but is instead 2");
  const shortSignature = hostError(
    await probe([call("ecrecover", hex(hash), hex(rs.subarray(1)), u64(recovery), u64(0), u64(0))]),
  );
  t.is(shortSignature.message, "ECDSA recover error: The length of the signature: 63, exceeds the limit of 64 bytes");
});

test("value_return sets the result; panic and panic_utf8 abort with nearcore's texts", async (t) => {
  const returned = await probe([call("value_return", utf8('"done"'))], { noReturn: true });
  t.is(returned.error, undefined);
  t.is(returnedJson(returned), "done");

  const panic = hostError(await probe([call("panic")]));
  t.is(panic.kind, "GuestPanic");
  t.is(panic.message, "Smart contract panicked: explicit guest panic");
  t.deepEqual(panic.json, { HostError: { GuestPanic: { panic_msg: "explicit guest panic" } } });

  const panicUtf8 = await probe([call("log_utf8", utf8("before")), call("panic_utf8", utf8("round is closed"))]);
  t.is(hostError(panicUtf8).message, "Smart contract panicked: round is closed");
  t.deepEqual(panicUtf8.logs, ["before"], "logs made before the panic are kept");
  t.deepEqual(panicUtf8.storageChanges, [], "a failed call changes no storage");
});

test("log_utf8 and log_utf16 append logs; bad encodings fail", async (t) => {
  const outcome = await probe([
    call("log_utf8", utf8("héllo")),
    call("log_utf16", hex(Buffer.from("wörld ✓", "utf16le"))),
  ]);
  t.deepEqual(outcome.logs, ["héllo", "wörld ✓"]);
  t.is(hostError(await probe([call("log_utf8", hex(Uint8Array.from([0xff, 0xfe])))])).kind, "BadUTF8");
  t.is(hostError(await probe([call("log_utf16", hex(Uint8Array.from([0x41, 0x00, 0x42])))])).kind, "BadUTF16");
});

test("logs are limited in number and in total length", async (t) => {
  const many = Array.from({ length: 101 }, (_, i) => call("log_utf8", utf8(`log ${i}`)));
  const tooMany = hostError(await probe(many));
  t.is(tooMany.kind, "NumberOfLogsExceeded");
  t.is(tooMany.message, "The number of logs will exceed the limit 100");

  const long = hostError(
    await probe([call("log_utf8", utf8("x".repeat(10_000))), call("log_utf8", utf8("y".repeat(10_000)))]),
  );
  t.is(long.kind, "TotalLogLengthExceeded");
  t.is(long.message, "The length of a log message 20000 exceeds the limit 16384");
});

test("storage: write, overwrite, read, has_key, remove, with usage accounting", async (t) => {
  const key = utf8("holder:alice");
  const outcome = await probe(
    [
      call("storage_usage"),
      call("storage_write", key, utf8("100"), u64(0)),
      call("storage_usage"),
      call("storage_write", key, utf8("25000"), u64(1)),
      call("storage_usage"),
      call("storage_read", key, u64(2)),
      call("storage_has_key", key),
      call("storage_remove", key, u64(3)),
      call("storage_has_key", key),
      call("storage_read", key, u64(4)),
      call("storage_usage"),
    ],
    { registers: [1, 2, 3], context: { storageUsage: 500n } },
  );
  const { results: values, registers } = results(outcome);
  const keyLength = "holder:alice".length;
  t.deepEqual(values, [
    u64(500),
    u64(0),
    u64(500 + keyLength + 3 + 40),
    u64(1),
    u64(500 + keyLength + 5 + 40),
    u64(1),
    u64(1),
    u64(1),
    u64(0),
    u64(0),
    u64(500),
  ]);
  t.deepEqual(registers["1"], utf8("100"), "overwrite returns the evicted value");
  t.deepEqual(registers["2"], utf8("25000"));
  t.deepEqual(registers["3"], utf8("25000"), "remove returns the removed value");
  const changed = outcome.storageChanges.map(({ key: k, value }) => [
    Buffer.from(k).toString(),
    value && Buffer.from(value).toString(),
  ]);
  t.deepEqual(
    changed.find(([k]) => k === "holder:alice"),
    ["holder:alice", null],
  );
  const costs = outcome.gasProfile.map((entry) => entry.cost);
  for (const cost of [
    "STORAGE_WRITE_BASE",
    "STORAGE_WRITE_EVICTED_BYTE",
    "STORAGE_READ_BASE",
    "STORAGE_HAS_KEY_BASE",
    "STORAGE_REMOVE_BASE",
    "STORAGE_REMOVE_RET_VALUE_BYTE",
  ]) {
    t.true(costs.includes(cost), `${cost} is charged`);
  }
});

test("storage reads see the account's existing state; over-long keys fail", async (t) => {
  const storage = MapStorage.from([[Buffer.from("k"), Buffer.from("stored")]]);
  const { results: values, registers } = results(
    await probeView([call("storage_read", utf8("k"), u64(0))], { registers: [0], extra: { storage } }),
  );
  t.deepEqual(values, [u64(1)]);
  t.deepEqual(registers["0"], utf8("stored"));

  const tooLong = hostError(await probe([call("storage_write", utf8("k".repeat(2049)), utf8("v"), u64(0))]));
  t.is(tooLong.kind, "KeyLengthExceeded");
  t.is(tooLong.message, "The length of a storage key 2049 exceeds the limit 2048");
});

test("view calls: every state-changing host function fails with ProhibitedInView", async (t) => {
  const key = Uint8Array.from([0, ...new Array(32).fill(1)]);
  const prohibited: Array<[string, Call]> = [
    ["signer_account_id", call("signer_account_id", u64(0))],
    ["signer_account_pk", call("signer_account_pk", u64(0))],
    ["predecessor_account_id", call("predecessor_account_id", u64(0))],
    ["attached_deposit", call("attached_deposit")],
    ["prepaid_gas", call("prepaid_gas")],
    ["used_gas", call("used_gas")],
    ["storage_write", call("storage_write", utf8("k"), utf8("v"), u64(0))],
    ["storage_remove", call("storage_remove", utf8("k"), u64(0))],
    ["promise_batch_create", call("promise_batch_create", "bob.near")],
    ["promise_batch_create", call("promise_create", "bob.near", "m", utf8("{}"), u64(0), u64(TGAS))],
    ["promise_and", call("promise_and", u64(0))],
    ["promise_results_count", call("promise_results_count")],
    ["promise_result", call("promise_result", u64(0), u64(0))],
    ["promise_return", call("promise_return", u64(0))],
  ];
  for (const [name, probeCall] of prohibited) {
    const error = hostError(await probeView([probeCall]));
    t.is(error.kind, "ProhibitedInView", name);
    t.is(error.message, `${name} is not allowed in view calls`);
  }
  const allowed = await probeView([
    call("current_account_id", u64(0)),
    call("storage_read", hex(key), u64(1)),
    call("log_utf8", utf8("ok")),
  ]);
  t.is(allowed.error, undefined);
  t.deepEqual(allowed.logs, ["ok"]);
});

test("promises: batches, then, and, every action kind, with their receipts and fees", async (t) => {
  const publicKey = Uint8Array.from([0, ...new Array(32).fill(5)]);
  const outcome = await probe(
    [
      call("promise_batch_create", "bob.near"),
      call("promise_batch_action_transfer", u64(0), u64(ONE_NEAR)),
      call("promise_batch_action_function_call", u64(0), "on_payment", utf8('{"a":1}'), u64(2), u64(10n * TGAS)),
      call("promise_batch_then", u64(0), "sub.contract.test.near"),
      call("promise_batch_action_create_account", u64(1)),
      call("promise_batch_action_deploy_contract", u64(1), utf8("\0asm")),
      call("promise_batch_action_add_key_with_full_access", u64(1), hex(publicKey), u64(0)),
      call(
        "promise_batch_action_add_key_with_function_call",
        u64(1),
        hex(publicKey),
        u64(3),
        u64(ONE_NEAR / 4n),
        "token.near",
        "ft_transfer,ft_balance_of",
      ),
      call("promise_batch_action_delete_key", u64(1), hex(publicKey)),
      call("promise_batch_action_stake", u64(1), u64(3n * ONE_NEAR), hex(publicKey)),
      call("promise_batch_action_delete_account", u64(1), "beneficiary.near"),
      call("promise_create", "x.near", "m", utf8("{}"), u64(0), u64(5n * TGAS)),
      call("promise_then", u64(2), "contract.test.near", "callback", utf8("[]"), u64(0), u64(5n * TGAS)),
      call("promise_and", u64(0), u64(2)),
      call("promise_batch_then", u64(4), "z.near"),
      call(
        "promise_batch_action_function_call_weight",
        u64(5),
        "weighted",
        utf8('{"round_id":2}'),
        u64(0),
        u64(TGAS),
        u64(1),
      ),
    ],
    { context: { accountBalance: 10n * ONE_NEAR } },
  );
  const { results: values } = results(outcome);
  t.deepEqual(
    values.filter((value) => value !== null),
    [u64(0), u64(1), u64(2), u64(3), u64(4), u64(5)],
    "promise indices in creation order",
  );
  const receipts = outcome.receipts;
  t.deepEqual(
    receipts.map((r) => [r.receiverId, r.dependsOn]),
    [
      ["bob.near", []],
      ["sub.contract.test.near", [0]],
      ["x.near", []],
      ["contract.test.near", [2]],
      ["z.near", [0, 2]],
    ],
  );
  t.deepEqual(
    receipts[0].actions.map((a) => a.type),
    ["Transfer", "FunctionCall"],
  );
  t.deepEqual(
    receipts[1].actions.map((a) => a.type),
    ["CreateAccount", "DeployContract", "AddKey", "AddKey", "DeleteKey", "Stake", "DeleteAccount"],
  );
  const fcKey = receipts[1].actions[3];
  t.deepEqual(fcKey.type === "AddKey" && fcKey.permission, {
    type: "FunctionCall",
    allowance: ONE_NEAR / 4n,
    receiverId: "token.near",
    methodNames: ["ft_transfer", "ft_balance_of"],
  });
  t.is(outcome.balance, 10n * ONE_NEAR - ONE_NEAR - 2n, "transfers and deposits leave the balance");
  const weighted = receipts[4].actions[0];
  t.true(weighted.type === "FunctionCall" && weighted.gas > TGAS, "unused gas goes to the weighted call");
  t.is(
    weighted.type === "FunctionCall" && Buffer.from(weighted.args).toString(),
    '{"round_id":2}',
    "arguments arrive as sent",
  );
  t.is(outcome.usedGas, 300n * TGAS, "with a weighted call, all prepaid gas is used");
  const costs = outcome.gasProfile.filter((e) => e.cost_category === "ACTION_COST").map((e) => e.cost);
  for (const cost of [
    "NEW_ACTION_RECEIPT",
    "TRANSFER",
    "FUNCTION_CALL_BASE",
    "CREATE_ACCOUNT",
    "DEPLOY_CONTRACT_BASE",
    "ADD_FULL_ACCESS_KEY",
    "DELETE_KEY",
    "STAKE",
    "DELETE_ACCOUNT",
  ]) {
    t.true(costs.includes(cost), `${cost} is charged`);
  }
});

test("promise_return hands the result to a receipt; joint and unknown promises fail", async (t) => {
  const returned = await probe(
    [call("promise_create", "x.near", "m", utf8("{}"), u64(0), u64(TGAS)), call("promise_return", u64(0))],
    {
      noReturn: true,
    },
  );
  t.deepEqual(returned.returnData, { kind: "ReceiptIndex", index: 0 });

  const joint = [
    call("promise_batch_create", "a.near"),
    call("promise_batch_create", "b.near"),
    call("promise_and", u64(0), u64(1)),
  ];
  const returnJoint = hostError(await probe([...joint, call("promise_return", u64(2))]));
  t.is(returnJoint.kind, "CannotReturnJointPromise");
  const appendJoint = hostError(await probe([...joint, call("promise_batch_action_transfer", u64(2), u64(1))]));
  t.is(appendJoint.message, "Actions can only be appended to non-joint promise.");
  const unknown = hostError(await probe([call("promise_batch_action_transfer", u64(9), u64(1))]));
  t.is(unknown.message, "9 does not correspond to existing promises");
  const badAccount = hostError(await probe([call("promise_batch_create", "Not An Account")]));
  t.is(badAccount.kind, "InvalidAccountId");
  const overdraft = hostError(
    await probe([
      call("promise_batch_create", "a.near"),
      call("promise_batch_action_transfer", u64(0), u64(1000n * ONE_NEAR)),
    ]),
  );
  t.is(overdraft.kind, "BalanceExceeded");
});

test("promise results: count, success data, failure, bad index", async (t) => {
  const context: Partial<VMContext> = {
    promiseResults: [{ status: "Successful", data: Buffer.from('"42"') }, { status: "Failed" }],
  };
  const outcome = await probe(
    [call("promise_results_count"), call("promise_result", u64(0), u64(0)), call("promise_result", u64(1), u64(1))],
    {
      registers: [0],
      context,
    },
  );
  const { results: values, registers } = results(outcome);
  t.deepEqual(values, [u64(2), u64(1), u64(2)]);
  t.deepEqual(registers["0"], utf8('"42"'));
  const badIndex = hostError(await probe([call("promise_result", u64(2), u64(0))], { context }));
  t.is(badIndex.message, "Accessed invalid promise result index: 2");
});

test("validator stakes come from the epoch's validators", async (t) => {
  const validatorStakes = new Map([
    ["v1.near", 100n * ONE_NEAR],
    ["v2.near", 50n * ONE_NEAR],
  ]);
  const outcome = await probeView(
    [call("validator_stake", "v1.near"), call("validator_stake", "nobody.near"), call("validator_total_stake")],
    {
      extra: { validatorStakes },
    },
  );
  t.deepEqual(results(outcome).results, [u64(100n * ONE_NEAR), u64(0), u64(150n * ONE_NEAR)]);
});

test("alt_bn128 host functions are reachable from near-sdk-js (vectors and errors: alt-bn128.test.ts)", async (t) => {
  const outcome = await probe(
    [
      call("alt_bn128_g1_sum", hex(new Uint8Array(0)), u64(0)),
      call("alt_bn128_g1_multiexp", hex(new Uint8Array(0)), u64(1)),
      call("alt_bn128_pairing_check", hex(new Uint8Array(0))),
    ],
    { registers: [0, 1] },
  );
  const { results: values, registers } = results(outcome);
  t.deepEqual(values[2], u64(1));
  t.deepEqual(registers, { 0: hex(new Uint8Array(64)), 1: hex(new Uint8Array(64)) });
});

test("gas: the same call twice burns the same gas, with neard's profile categories", async (t) => {
  const first = await probe([call("storage_write", utf8("k"), utf8("v"), u64(0)), call("log_utf8", utf8("hi"))]);
  const second = await probe([call("storage_write", utf8("k"), utf8("v"), u64(0)), call("log_utf8", utf8("hi"))]);
  t.is(first.error, undefined);
  t.is(first.burntGas, second.burntGas);
  t.deepEqual(first.gasProfile, second.gasProfile);
  const profile = new Map(first.gasProfile.map((entry) => [entry.cost, BigInt(entry.gas_used)]));
  for (const cost of [
    "CONTRACT_LOADING_BASE",
    "CONTRACT_LOADING_BYTES",
    "WASM_INSTRUCTION",
    "BASE",
    "STORAGE_WRITE_BASE",
    "LOG_BASE",
    "READ_MEMORY_BASE",
  ]) {
    t.true((profile.get(cost) ?? 0n) > 0n, `${cost} in the profile`);
  }
  const sum = first.gasProfile.reduce((total, entry) => total + BigInt(entry.gas_used), 0n);
  t.is(sum, first.burntGas, "the profile accounts for every unit burnt");
});

test("gas: too little prepaid gas fails with GasExceeded and burns exactly the prepaid gas", async (t) => {
  const prepaidGas = 3n * TGAS;
  const outcome = callMethod(await code, "spin", { iterations: 10_000_000 }, { prepaidGas });
  t.is(hostError(outcome).kind, "GasExceeded");
  t.is(outcome.error?.message, "Exceeded the prepaid gas.");
  t.is(outcome.burntGas, prepaidGas);
  t.is(outcome.usedGas, prepaidGas);
  t.deepEqual(outcome.storageChanges, []);
});

test("gas: a view over max_gas_burnt fails with GasLimitExceeded", async (t) => {
  const { nearVMLimits } = await import("../src/vm/costs.ts");
  const limits = { ...nearVMLimits(), maxGasBurnt: 2n * TGAS };
  const outcome = callMethod(await code, "spin", { iterations: 10_000_000 }, { isView: true }, { limits });
  t.is(hostError(outcome).kind, "GasLimitExceeded");
  t.is(outcome.burntGas, 2n * TGAS);
});
