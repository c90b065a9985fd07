import test from "ava";
import { isValidAccountId } from "../src/vm/account-id.ts";
import { MapStorage, OverlayStorage } from "../src/vm/storage.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => (data ? new TextDecoder().decode(data) : undefined);

test("an overlay reads through, keeps writes and removals to itself until committed", (t) => {
  const base = MapStorage.from([
    [bytes("a"), bytes("1")],
    [bytes("b"), bytes("2")],
  ]);
  const overlay = new OverlayStorage(base);
  overlay.set(bytes("a"), bytes("10"));
  overlay.remove(bytes("b"));
  overlay.set(bytes("c"), bytes("3"));
  t.is(text(overlay.get(bytes("a")).value), "10");
  t.is(overlay.get(bytes("b")).value, undefined);
  t.is(text(base.get(bytes("a")).value), "1");
  t.deepEqual(
    overlay.pendingChanges().map(({ key, value }) => [text(key), value && text(value)]),
    [
      ["a", "10"],
      ["b", null],
      ["c", "3"],
    ],
  );
  overlay.commit();
  t.is(text(base.get(bytes("a")).value), "10");
  t.is(base.get(bytes("b")).value, undefined);
  t.is(text(base.get(bytes("c")).value), "3");
});

test("account ids follow NEAR's rules", (t) => {
  for (const id of [
    "alice.near",
    "a1",
    "token.modelfund.testnet",
    "x_y-z.near",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  ]) {
    t.true(isValidAccountId(id), id);
  }
  for (const id of [
    "a",
    "Alice.near",
    "alice..near",
    ".alice",
    "alice.",
    "ali ce",
    "-a.near",
    "a--b",
    `${"a".repeat(65)}`,
  ]) {
    t.false(isValidAccountId(id), id);
  }
});
