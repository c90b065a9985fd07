import test from "ava";
import wabtInit from "wabt";
import { sha256 } from "@noble/hashes/sha2.js";
import { defaultContext } from "../src/vm/context.ts";
import { runContract, type VMOutcome } from "../src/vm/runner.ts";
import { MapStorage } from "../src/vm/storage.ts";

// Host-function edge cases that near-sdk-js's JavaScript wrappers never
// produce (bad pointers, empty registers, u64::MAX lengths, oversized
// values), exercised with small hand-written modules.

const wabt = await wabtInit();
const U64_MAX = "0xffffffffffffffff";

function wat(body: string): Uint8Array {
  const source = `(module
    (import "env" "read_register" (func $read_register (param i64 i64)))
    (import "env" "write_register" (func $write_register (param i64 i64 i64)))
    (import "env" "register_len" (func $register_len (param i64) (result i64)))
    (import "env" "log_utf8" (func $log_utf8 (param i64 i64)))
    (import "env" "panic_utf8" (func $panic_utf8 (param i64 i64)))
    (import "env" "sha256" (func $sha256 (param i64 i64 i64)))
    (import "env" "value_return" (func $value_return (param i64 i64)))
    (import "env" "storage_write" (func $storage_write (param i64 i64 i64 i64 i64) (result i64)))
    (import "env" "promise_batch_create" (func $promise_batch_create (param i64 i64) (result i64)))
    (memory 1)
    (data (i32.const 0) "near\\00")
    (data (i32.const 16) "bob.near")
    (data (i32.const 32) "\\ff\\fe")
    ${body})`;
  const module = wabt.parseWat("edge.wat", source);
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

function run(code: Uint8Array, method = "main", prepaidGas?: bigint): VMOutcome {
  return runContract({
    code,
    method,
    context: defaultContext(prepaidGas ? { prepaidGas } : {}),
    storage: new MapStorage(),
  });
}

function hostErrorOf(outcome: VMOutcome) {
  if (outcome.error?.kind !== "HostError")
    throw new Error(`expected a host error, got ${JSON.stringify(outcome.error?.json ?? "success")}`);
  return outcome.error;
}

test("read_register of an empty register fails with InvalidRegisterId", (t) => {
  const error = hostErrorOf(run(wat(`(func (export "main") (call $read_register (i64.const 5) (i64.const 0)))`)));
  t.is(error.message, "Accessed invalid register id: 5");
  t.deepEqual(error.json, { HostError: { InvalidRegisterId: { register_id: 5 } } });
});

test("memory outside the guest's memory fails with MemoryAccessViolation", (t) => {
  const write = hostErrorOf(
    run(wat(`(func (export "main") (call $write_register (i64.const 0) (i64.const 4) (i64.const 0xffffffff0)))`)),
  );
  t.is(write.hostError.kind, "MemoryAccessViolation");
  const read = hostErrorOf(
    run(
      wat(`(func (export "main")
        (call $write_register (i64.const 0) (i64.const 4) (i64.const 0))
        (call $read_register (i64.const 0) (i64.const 0xfffffffff0)))`),
    ),
  );
  t.is(read.message, "Accessed memory outside the bounds.");
});

test("a u64::MAX length reads a NUL-terminated string; a u64::MAX data length reads a register", (t) => {
  const logged = run(wat(`(func (export "main") (call $log_utf8 (i64.const ${U64_MAX}) (i64.const 0)))`));
  t.is(logged.error, undefined);
  t.deepEqual(logged.logs, ["near"]);

  const hashed = run(
    wat(`(func (export "main")
      (call $write_register (i64.const 1) (i64.const 8) (i64.const 16))
      (call $sha256 (i64.const ${U64_MAX}) (i64.const 1) (i64.const 2))
      (call $value_return (i64.const ${U64_MAX}) (i64.const 2)))`),
  );
  t.is(hashed.error, undefined);
  t.deepEqual(hashed.returnData, { kind: "Value", data: sha256(Buffer.from("bob.near")) });
});

test("panic_utf8 with bad UTF-8 fails with BadUTF8", (t) => {
  const error = hostErrorOf(run(wat(`(func (export "main") (call $panic_utf8 (i64.const 2) (i64.const 32)))`)));
  t.is(error.hostError.kind, "BadUTF8");
});

test("returned values and storage values are bounded by NEAR's limits", (t) => {
  const returned = hostErrorOf(
    run(wat(`(func (export "main") (call $value_return (i64.const 4194305) (i64.const 0)))`)),
  );
  t.is(returned.message, "The length of a returned value 4194305 exceeds the limit 4194304");
  const stored = hostErrorOf(
    run(
      wat(
        `(func (export "main") (drop (call $storage_write (i64.const 1) (i64.const 0) (i64.const 4194305) (i64.const 0) (i64.const 0))))`,
      ),
    ),
  );
  t.is(stored.message, "The length of a storage value 4194305 exceeds the limit 4194304");
});

test("more than 100 registers fail with MemoryAccessViolation", (t) => {
  const error = hostErrorOf(
    run(
      wat(`(func (export "main") (local $i i64)
        (loop $next
          (call $write_register (local.get $i) (i64.const 1) (i64.const 0))
          (local.set $i (i64.add (local.get $i) (i64.const 1)))
          (br_if $next (i64.lt_u (local.get $i) (i64.const 101)))))`),
    ),
  );
  t.is(error.hostError.kind, "MemoryAccessViolation");
});

test("more than 1024 promises in one call fail with NumberPromisesExceeded", (t) => {
  const error = hostErrorOf(
    run(
      wat(`(func (export "main") (local $i i64)
        (loop $next
          (drop (call $promise_batch_create (i64.const 8) (i64.const 16)))
          (local.set $i (i64.add (local.get $i) (i64.const 1)))
          (br_if $next (i64.lt_u (local.get $i) (i64.const 1025)))))`),
      "main",
      1_000_000_000_000_000n,
    ),
  );
  t.is(error.message, "The number of promises within a FunctionCall 1025 exceeds the limit 1024");
});
