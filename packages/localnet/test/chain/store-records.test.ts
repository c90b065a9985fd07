/**
 * How the node's records are stored (src/store/): the binary form reads back
 * exactly what was written, records of the earlier JSON form still read, a
 * damaged record is an error, a transaction is stored once (as its signed
 * bytes, a whole record of the earlier form still read) and a transfer's
 * records stay small, the database is mapped once however much it grows
 * (each map's resident pages count in the RSS), and no more of it stays
 * mapped in than the store's budget, whatever was read.
 */
import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { open } from "lmdb";
import { KeyPair, type KeyPairString, SignedTransaction, Signature, actions, createTransaction } from "near-api-js";
import { sha256 } from "@noble/hashes/sha2.js";
import { base58 } from "../../src/chain/encoding.ts";
import { localnetGenesis, newValidatorKey } from "../../src/chain/genesis.ts";
import { emptyAccount } from "../../src/chain/state.ts";
import { openNode } from "../../src/node/persistence.ts";
import { CorruptRecord, seal, unseal } from "../../src/store/codec.ts";
import { keys } from "../../src/store/keys.ts";
import { ChainStore, DATABASE_FILE } from "../../src/store/store.ts";

const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

test("the binary form reads back what was written, with JSON's meaning", (t) => {
  const proto = JSON.parse('{"__proto__": 1}');
  const value = {
    height: 123_456_789_012n,
    amount: 2n ** 128n - 1n,
    negative: -(2n ** 70n),
    zero: 0n,
    hash: new Uint8Array([0, 1, 2, 255]),
    empty: new Uint8Array(),
    logs: ["plain", "ünïcode ✓", "", "Transfer"],
    numbers: [0, 1, 127, 128, 2 ** 53 - 1, -1, -(2 ** 40), 1.5, -0.25],
    flags: [true, false, null],
    nested: { list: [[], {}, [{ type: "FunctionCall", allowance: null }]] },
    proto,
  };
  const read = unseal<typeof value>("x", seal(value));
  t.deepEqual(read, value);
  t.true(Object.hasOwn(read.proto, "__proto__"), "__proto__ stays a field, as JSON.parse keeps it");
  t.deepEqual(unseal("x", seal({ kept: 1, dropped: undefined, list: [undefined, () => 1] })), {
    kept: 1,
    list: [null, null],
  });
  t.deepEqual(unseal("x", seal([Number.NaN, Number.POSITIVE_INFINITY])), [null, null]);
  t.true(unseal<{ hash: Uint8Array }>("x", seal(value)).hash instanceof Uint8Array);
});

test("records of the earlier JSON form are still read", (t) => {
  const payload = Buffer.from(JSON.stringify({ amount: { $n: "1000" }, codeHash: { $b: "AAEC" }, locked: null }));
  const sealed = Buffer.concat([Buffer.alloc(4), payload]);
  sealed.writeUInt32BE(zlib.crc32(payload), 0);
  t.deepEqual(unseal("a", sealed), { amount: 1000n, codeHash: new Uint8Array([0, 1, 2]), locked: null });
});

test("a damaged or malformed record is an error naming it", (t) => {
  const sealed = seal({ amount: 5n, hash: new Uint8Array(32) });
  const flipped = Buffer.from(sealed);
  flipped[10] ^= 1;
  t.throws(() => unseal("s:a:x", flipped), { instanceOf: CorruptRecord, message: /s:a:x.*checksum mismatch/ });
  // A well-checksummed payload that is cut short or has bytes after its value.
  const reseal = (payload: Buffer) => {
    const out = Buffer.concat([Buffer.alloc(4), payload]);
    out.writeUInt32BE(zlib.crc32(payload), 0);
    return out;
  };
  const payload = sealed.subarray(4);
  t.throws(() => unseal("k", reseal(payload.subarray(0, payload.length - 3))), {
    instanceOf: CorruptRecord,
    message: /truncated/,
  });
  t.throws(() => unseal("k", reseal(Buffer.concat([payload, Buffer.of(0)]))), {
    instanceOf: CorruptRecord,
    message: /bytes after the value/,
  });
});

function signedTransfer(secretKey: string, nonce: bigint, blockHash: Uint8Array): Uint8Array {
  const key = KeyPair.fromString(secretKey as KeyPairString);
  const publicKey = key.getPublicKey();
  const tx = createTransaction("test.near", publicKey, "bob.test.near", nonce, [actions.transfer(1n)], blockHash);
  const signature = new Signature({ keyType: publicKey.keyType, data: key.sign(sha256(tx.encode())).signature });
  return new SignedTransaction({ transaction: tx, signature }).encode();
}

test("a transaction is stored once, as its signed bytes, and a transfer's records stay small", async (t) => {
  const dir = tempDir("localnet-records-");
  const validator = newValidatorKey();
  const genesis = localnetGenesis(validator);
  const first = await openNode(dir, genesis, "127.0.0.1:0");
  const { chain, state } = first.node;
  chain.patch(() => state.setAccount("bob.test.near", emptyAccount(10n ** 24n)));
  const startHeight = chain.head.height;
  const sent: Uint8Array[] = [];
  const records = [];
  for (let nonce = 1n; nonce <= 10n; nonce++) {
    const bytes = signedTransfer(validator.secret_key, nonce, chain.head.hash);
    sent.push(bytes);
    records.push(chain.submit(bytes));
  }
  const blocks = Number(chain.head.height - startHeight);
  first.close();

  const db = open<Buffer, string>({ path: path.join(dir, DATABASE_FILE), encoding: "binary", readOnly: true });
  const storedBytes = (prefix: string) => {
    let total = 0;
    for (const { value } of db.getRange({ start: prefix, end: `${prefix}\uffff` })) total += value.length;
    return total;
  };
  const storedTransactions = records.map(({ tx }) => {
    const key = keys.transaction(base58(tx.hash));
    return unseal<Uint8Array>(key, db.getBinary(key)!);
  });
  const perTransfer = (storedBytes("t:") + storedBytes("o:") + storedBytes("r:") + storedBytes("h:")) / records.length;
  const perBlock = storedBytes("b:") / Number(chain.head.height - genesis.genesisHeight + 1n);
  db.close();
  t.deepEqual(
    storedTransactions,
    sent.map((bytes) => new Uint8Array(bytes)),
    "t:<hash> holds the signed transaction, nothing else",
  );
  // The JSON form took about 3,300 bytes of results and history per transfer and 1,200 per block.
  t.true(perTransfer < 1_300, `${perTransfer} bytes of t:, o:, r: and h: records per transfer`);
  t.true(perBlock < 600, `${perBlock} bytes per block record (${blocks} blocks)`);

  // The earlier form: the whole record (the transaction with its outcome) under t:<hash>.
  const [earlier] = records;
  const writable = open<Buffer, string>({ path: path.join(dir, DATABASE_FILE), encoding: "binary" });
  writable.transactionSync(() => {
    writable.put(keys.transaction(base58(earlier.tx.hash)), seal(earlier));
  });
  writable.close();

  const second = await openNode(dir, genesis, "127.0.0.1:0");
  for (const record of records) {
    const read = second.node.chain.transactions.get(base58(record.tx.hash));
    t.deepEqual(read, record, "decoded again from its bytes, with its outcome");
  }
  t.is(second.node.chain.receiptOutcomes(records[1]).length, 1, "its receipt's outcome, found by id");
  second.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the database is mapped once however much it grows", (t) => {
  if (!fs.existsSync("/proc/self/maps")) return t.pass("no /proc here");
  const dir = tempDir("localnet-map-");
  const store = ChainStore.open(dir);
  const file = path.join(dir, DATABASE_FILE);
  for (let batch = 0; batch < 40; batch++) {
    const writes = new Map<string, unknown>();
    for (let index = 0; index < 64; index++) writes.set(`x:${batch}:${index}`, new Uint8Array(4096).fill(index));
    store.write(writes);
    store.get(`x:${batch}:0`);
  }
  t.true(fs.statSync(file).size > 8 * 2 ** 20, "the file grew past several of lmdb-js's default map sizes");
  const maps = fs
    .readFileSync("/proc/self/maps", "utf8")
    .split("\n")
    .filter((line) => line.endsWith(file));
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  t.is(maps.length, 1, maps.join("\n"));
});

/** Resident bytes of the process's map of `file` (its line in /proc/self/smaps, then its Rss field). */
function mappedBytes(file: string): number {
  const lines = fs.readFileSync("/proc/self/smaps", "utf8").split("\n");
  let total = 0;
  for (let index = 0; index < lines.length; index++) {
    if (!lines[index].endsWith(` ${file}`)) continue;
    for (let field = index + 1; field < lines.length && !/^[0-9a-f]+-/.test(lines[field]); field++) {
      const rss = /^Rss:\s+(\d+) kB/.exec(lines[field]);
      if (rss) total += Number(rss[1]) * 1024;
    }
  }
  return total;
}

test("no more of the database stays mapped in than the budget, and what was written still reads", (t) => {
  if (!fs.existsSync("/proc/self/smaps")) return t.pass("no /proc here");
  const dir = tempDir("localnet-mapped-");
  const file = path.join(dir, DATABASE_FILE);
  const budget = 4 * 2 ** 20;
  const store = ChainStore.open(dir, { mappedBudgetBytes: budget });
  // Hash-like keys, spread over the whole file as transactions' records are; 2,048 records in one write stay mapped.
  const key = (index: number) => `t:${Buffer.from(sha256(Buffer.from(String(index)))).toString("base64")}`;
  const records = 6_000;
  const batch = new Map<string, unknown>();
  for (let index = 0; index < records; index++) batch.set(key(index), new Uint8Array(2_000).fill(index % 251));
  store.write(batch);
  for (let index = 0; index < records; index++) store.get(key(index));
  const mappedBefore = mappedBytes(file);
  t.true(mappedBefore > 3 * budget, `reading every record mapped ${mappedBefore} bytes of the file`);
  store.write(new Map([["m:next", 1]]));
  const mappedAfter = mappedBytes(file);
  t.true(mappedAfter < budget, `after the next write ${mappedAfter} bytes stay mapped (budget ${budget})`);
  t.deepEqual(
    store.get(key(4_321)),
    new Uint8Array(2_000).fill(4_321 % 251),
    "records read back after the map is remade",
  );
  t.is(store.get("m:next"), 1);
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
