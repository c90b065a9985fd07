import test from "ava";
import type { ActionCostName, ActionFee, ExtCost, ExtCostName, RuntimeCosts } from "../src/vm/costs.ts";
import { HostError } from "../src/vm/errors.ts";
import { GasCounter } from "../src/vm/gas-counter.ts";

/** Round numbers make the arithmetic checkable by eye; the real table is tested elsewhere. */
const costs: RuntimeCosts = {
  regularOpCost: 10n,
  ext: new Proxy({} as Record<ExtCostName, ExtCost>, {
    get: (_, name: string) => ({ gas: name === "base" ? 100n : 7n, profileName: name.toUpperCase() }),
  }),
  actions: new Proxy({} as Record<ActionCostName, ActionFee>, {
    get: (_, name: string) => ({
      sendSir: 1_000n,
      sendNotSir: 2_000n,
      execution: 3_000n,
      profileName: name.toUpperCase(),
    }),
  }),
};

function counter(prepaid: bigint, maxBurnt = 1_000_000n, isView = false) {
  return new GasCounter(costs, prepaid, maxBurnt, isView);
}

function hostErrorKind(fn: () => void): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof HostError) return error.kind;
    throw error;
  }
  return "none";
}

test("wasm instructions and ext costs burn and use the same gas", (t) => {
  const gas = counter(10_000n);
  gas.payWasm(5n);
  gas.pay("base");
  gas.pay("read_memory_byte", 3n);
  t.is(gas.burnt, 50n + 100n + 21n);
  t.is(gas.used, gas.burnt);
  t.deepEqual(gas.gasProfile(), [
    { cost_category: "WASM_HOST_COST", cost: "BASE", gas_used: "100" },
    { cost_category: "WASM_HOST_COST", cost: "READ_MEMORY_BYTE", gas_used: "21" },
    { cost_category: "WASM_HOST_COST", cost: "WASM_INSTRUCTION", gas_used: "50" },
  ]);
});

test("an action burns its send fee and reserves its execution fee", (t) => {
  const gas = counter(100_000n);
  gas.payAction("transfer", false);
  t.is(gas.burnt, 2_000n);
  t.is(gas.used, 5_000n);
  gas.payAction("function_call_byte", true, 4n);
  t.is(gas.burnt, 2_000n + 4_000n);
  t.is(gas.used, 5_000n + 16_000n);
});

test("gas attached to a promise is used but not burnt", (t) => {
  const gas = counter(100_000n);
  gas.prepay(40_000n);
  t.is(gas.burnt, 0n);
  t.is(gas.used, 40_000n);
});

test("a new receipt with data dependencies burns the data receipts' fees in full", (t) => {
  const gas = counter(100_000n);
  gas.payNewReceipt(true, [true, false]);
  const burnt = 1_000n + (1_000n + 3_000n) + (2_000n + 3_000n);
  t.is(gas.burnt, burnt);
  t.is(gas.used, burnt + 3_000n);
});

test("running out of prepaid gas fails with GasExceeded and burns exactly the prepaid gas", (t) => {
  const gas = counter(1_234n);
  gas.payWasm(100n);
  t.is(
    hostErrorKind(() => gas.payWasm(100n)),
    "GasExceeded",
  );
  t.is(gas.burnt, 1_234n);
  t.is(gas.used, 1_234n);
  t.is(gas.gasProfile().find((e) => e.cost === "WASM_INSTRUCTION")?.gas_used, "1234");
});

test("running out after attaching gas to promises burns the whole charge and caps used at prepaid", (t) => {
  const gas = counter(10_000n);
  gas.prepay(6_000n);
  t.is(
    hostErrorKind(() => gas.payWasm(500n)),
    "GasExceeded",
  );
  t.is(gas.burnt, 5_000n);
  t.is(gas.used, 10_000n);
});

test("burning past max_gas_burnt fails with GasLimitExceeded", (t) => {
  const gas = counter(10_000_000n, 500n);
  t.is(
    hostErrorKind(() => gas.payWasm(51n)),
    "GasLimitExceeded",
  );
  t.is(gas.burnt, 500n);
});

test("a view call is bounded by max_gas_burnt only", (t) => {
  const gas = counter(0n, 1_000n, true);
  gas.payWasm(90n);
  t.is(gas.burnt, 900n);
  t.is(
    hostErrorKind(() => gas.payWasm(20n)),
    "GasLimitExceeded",
  );
});
