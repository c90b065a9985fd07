import test from "ava";
import { HostError } from "../src/vm/errors.ts";
import { ReceiptBuilder } from "../src/vm/receipts.ts";

function call(gas: bigint) {
  return { type: "FunctionCall" as const, methodName: "m", args: new Uint8Array(), deposit: 0n, gas };
}

test("promises map to receipts; joint promises to several", (t) => {
  const builder = new ReceiptBuilder();
  const a = builder.createReceipt("a.near", []);
  const b = builder.createReceipt("b.near", []);
  const both = builder.join([...builder.receiptsOf(a), ...builder.receiptsOf(b)]);
  const then = builder.createReceipt("c.near", builder.receiptsOf(both));
  t.deepEqual(builder.receiptsOf(both), [0, 1]);
  t.true(builder.isJoint(both));
  t.deepEqual(builder.receipts[builder.receiptOf(then)].dependsOn, [0, 1]);
});

test("actions cannot be appended to a joint promise, nor to an unknown one", (t) => {
  const builder = new ReceiptBuilder();
  const a = builder.createReceipt("a.near", []);
  const joint = builder.join(builder.receiptsOf(a));
  t.is(t.throws(() => builder.receiptOf(joint), { instanceOf: HostError })?.kind, "CannotAppendActionToJointPromise");
  t.is(t.throws(() => builder.receiptOf(7n), { instanceOf: HostError })?.kind, "InvalidPromiseIndex");
});

test("unused gas goes to weighted function calls by weight, the remainder to the last", (t) => {
  const builder = new ReceiptBuilder();
  const first = builder.receiptOf(builder.createReceipt("a.near", []));
  const second = builder.receiptOf(builder.createReceipt("b.near", []));
  builder.append(first, call(10n), 1n);
  builder.append(first, call(5n));
  builder.append(second, call(0n), 2n);
  t.is(builder.distributeUnusedGas(100n), 100n);
  const gasOf = (receipt: number, action: number) =>
    (builder.receipts[receipt].actions[action] as ReturnType<typeof call>).gas;
  t.is(gasOf(first, 0), 10n + 33n);
  t.is(gasOf(first, 1), 5n);
  t.is(gasOf(second, 0), 67n);
});

test("without weights no unused gas is handed out", (t) => {
  const builder = new ReceiptBuilder();
  builder.append(builder.receiptOf(builder.createReceipt("a.near", [])), call(10n));
  t.is(builder.distributeUnusedGas(100n), 0n);
});
