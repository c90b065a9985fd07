import test from "ava";
import wabtInit from "wabt";
import { defaultContext } from "../src/vm/context.ts";
import { hostErrors } from "../src/vm/errors.ts";
import { runContract, type VMOutcome } from "../src/vm/runner.ts";
import { MapStorage } from "../src/vm/storage.ts";

// Every host error's text against nearcore's `impl Display for HostError`
// (runtime/near-vm-runner/src/logic/errors.rs), character for character, and
// the string-decoding errors as a contract meets them.

const NEARCORE_TEXTS: Array<[keyof typeof hostErrors, unknown[], string]> = [
  ["badUtf8", [], "String encoding is bad UTF-8 sequence."],
  ["badUtf16", [], "String encoding is bad UTF-16 sequence."],
  ["gasExceeded", [], "Exceeded the prepaid gas."],
  ["gasLimitExceeded", [], "Exceeded the maximum amount of gas allowed to burn per contract."],
  ["balanceExceeded", [], "Exceeded the account balance."],
  ["emptyMethodName", [], "Tried to call an empty method name."],
  ["guestPanic", ["oops"], "Smart contract panicked: oops"],
  ["integerOverflow", [], "Integer overflow."],
  ["invalidPromiseIndex", [7n], "7 does not correspond to existing promises"],
  ["cannotAppendActionToJointPromise", [], "Actions can only be appended to non-joint promise."],
  ["cannotReturnJointPromise", [], "Returning joint promise is currently prohibited."],
  ["invalidPromiseResultIndex", [3n], "Accessed invalid promise result index: 3"],
  ["invalidRegisterId", [5n], "Accessed invalid register id: 5"],
  ["memoryAccessViolation", [], "Accessed memory outside the bounds."],
  ["invalidAccountId", [], "VM Logic returned an invalid account id"],
  ["invalidMethodName", [], "VM Logic returned an invalid method name"],
  ["invalidPublicKey", [], "VM Logic provided an invalid public key"],
  ["prohibitedInView", ["storage_write"], "storage_write is not allowed in view calls"],
  ["numberOfLogsExceeded", [100n], "The number of logs will exceed the limit 100"],
  ["keyLengthExceeded", [2049n, 2048n], "The length of a storage key 2049 exceeds the limit 2048"],
  ["valueLengthExceeded", [9n, 8n], "The length of a storage value 9 exceeds the limit 8"],
  ["totalLogLengthExceeded", [16385n, 16384n], "The length of a log message 16385 exceeds the limit 16384"],
  ["numberPromisesExceeded", [4n, 3n], "The number of promises within a FunctionCall 4 exceeds the limit 3"],
  ["numberInputDataDependenciesExceeded", [6n, 5n], "The number of input data dependencies 6 exceeds the limit 5"],
  ["returnedValueLengthExceeded", [2n, 1n], "The length of a returned value 2 exceeds the limit 1"],
  ["contractSizeExceeded", [10n, 9n], "The size of a contract code in DeployContract action 10 exceeds the limit 9"],
  ["ecrecoverError", ["bad v"], "ECDSA recover error: bad v"],
  ["altBn128InvalidInput", ["bad point"], "AltBn128 invalid input: bad point"],
  ["ed25519VerifyInvalidInput", ["bad key"], "ED25519 signature verification error: bad key"],
];

for (const [name, args, text] of NEARCORE_TEXTS) {
  test(`${name} reads as nearcore's HostError Display`, (t) => {
    const factory = hostErrors[name] as (...values: unknown[]) => Error;
    t.is(factory(...args).message, text);
  });
}

test("every host error this VM raises is covered above, except its own Unsupported", (t) => {
  const covered = new Set(NEARCORE_TEXTS.map(([name]) => name));
  t.deepEqual(
    Object.keys(hostErrors).filter((name) => !covered.has(name as keyof typeof hostErrors)),
    ["unsupported"],
  );
});

const wabt = wabtInit();

/** A module whose `main` calls one string-reading host function on the data at address 32. */
async function stringCall(importName: string, data: string, length: number): Promise<Uint8Array> {
  const source = `(module
    (import "env" "${importName}" (func $host (param i64 i64)))
    (memory 1)
    (data (i32.const 32) "${data}")
    (func (export "main") (call $host (i64.const ${length}) (i64.const 32))))`;
  const module = (await wabt).parseWat("strings.wat", source);
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

function run(code: Uint8Array): VMOutcome {
  return runContract({ code, method: "main", context: defaultContext(), storage: new MapStorage() });
}

const BAD_STRINGS: Array<[string, string, number, string, string]> = [
  ["log_utf8", "\\ff\\fe", 2, "BadUTF8", "String encoding is bad UTF-8 sequence."],
  ["panic_utf8", "\\c3\\28", 2, "BadUTF8", "String encoding is bad UTF-8 sequence."],
  ["log_utf16", "\\00\\d8\\41\\00", 4, "BadUTF16", "String encoding is bad UTF-16 sequence."],
  ["log_utf16", "\\41\\00\\42", 3, "BadUTF16", "String encoding is bad UTF-16 sequence."],
];

for (const [importName, data, length, kind, text] of BAD_STRINGS) {
  test(`${importName} of ${length} bad bytes fails with ${kind}: "${text}"`, async (t) => {
    const outcome = run(await stringCall(importName, data, length));
    t.is(outcome.error?.message, text);
    t.deepEqual(outcome.error?.json, { HostError: kind });
    t.deepEqual(outcome.logs, []);
  });
}
