import test from "ava";
import type { VMOutcome } from "../src/vm/runner.ts";
import { callMethod, fixtureWasm, hex, returnedJson, u64 } from "./helpers.ts";

// How near-sdk-js's engine converts JavaScript values to the u64 arguments of
// host functions (the toolchain's JS_ToUint64Ext), through the host-probe
// fixture: as NEAR's QuickJS fork does, a BigInt must lie in [0, 2^64) or
// builder.c throws "Expect Uint64 for <argument>", while a Number wraps
// modulo 2^64 and drops its fraction (ToInt64).

type Arg = { hex: string } | { u64: string } | string | number;
const call = (fn: string, ...args: Arg[]) => ({ fn, args });
const code = fixtureWasm("host-probe");
const TWO_TO_64 = 2n ** 64n;

async function probe(calls: Array<{ fn: string; args: Arg[] }>, registers: number[] = []): Promise<VMOutcome> {
  return callMethod(await code, "probe", { calls, registers });
}

/** The first line of a guest panic: builder.c panics with the error's message, a newline, then its stack. */
function panicMessage(outcome: VMOutcome): string {
  if (outcome.error?.kind !== "HostError") throw new Error(`expected a panic, got ${outcome.error?.message}`);
  return outcome.error.message.split("\n")[0];
}

const functionCallWithGas = (gas: Arg) => [
  call("promise_batch_create", "bob.near"),
  call("promise_batch_action_function_call", u64(0), "ping", hex(""), u64(0), gas),
];

test("a BigInt gas of 2^64 panics with near-sdk-js's 'Expect Uint64 for gas' instead of wrapping to 0", async (t) => {
  const outcome = await probe(functionCallWithGas(u64(TWO_TO_64)));
  t.is(panicMessage(outcome), "Smart contract panicked: Expect Uint64 for gas");
  t.deepEqual(outcome.receipts, []);
});

test("a negative BigInt gas panics with 'Expect Uint64 for gas'", async (t) => {
  const outcome = await probe(functionCallWithGas(u64(-1n)));
  t.is(panicMessage(outcome), "Smart contract panicked: Expect Uint64 for gas");
});

test("a BigInt of 2^64 - 1 passes through unchanged", async (t) => {
  const outcome = await probe(functionCallWithGas(u64(TWO_TO_64 - 1n)));
  // The whole u64 reaches the host, which refuses more gas than the call has left.
  t.is(outcome.error?.message, "Exceeded the prepaid gas.");
  const registerId = await probe([call("register_len", u64(TWO_TO_64 - 1n))]);
  t.deepEqual((returnedJson(registerId) as { results: unknown[] }).results, [u64(TWO_TO_64 - 1n)]);
});

test("every u64 argument is checked: a register id of 2^64 panics with 'Expect Uint64 for register_id'", async (t) => {
  const outcome = await probe([call("register_len", u64(TWO_TO_64))]);
  t.is(panicMessage(outcome), "Smart contract panicked: Expect Uint64 for register_id");
});

test("a Number wraps modulo 2^64 and drops its fraction, as the fork's ToInt64 does", async (t) => {
  const outcome = await probe(
    [
      call("write_register", -1, hex(Uint8Array.of(0xaa))),
      call("write_register", 2.9, hex(Uint8Array.of(0xbb, 0xcc))),
      call("register_len", u64(TWO_TO_64 - 1n)),
      call("register_len", u64(2)),
    ],
    [2],
  );
  const { results, registers } = returnedJson(outcome) as { results: unknown[]; registers: Record<string, unknown> };
  t.deepEqual(results.slice(2), [u64(1), u64(2)]);
  t.deepEqual(registers, { 2: hex(Uint8Array.of(0xbb, 0xcc)) });
});
