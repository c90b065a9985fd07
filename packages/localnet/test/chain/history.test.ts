/**
 * State at past heights from the per-item history records: single items and
 * prefix listings (contract data, access keys) read as they were at each
 * height, however often the items changed afterwards.
 */
import test from "ava";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HistoricalState } from "../../src/chain/history.ts";
import { State } from "../../src/chain/state.ts";
import { ChainStore } from "../../src/store/store.ts";

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const text = (value: Uint8Array | undefined) => (value ? Buffer.from(value).toString() : undefined);

/** Stores what `change` staged as the block at `height`, as Chain.commitBlock does. */
function block(state: State, height: bigint, change: () => void): void {
  change();
  const batch = new Map<string, unknown>();
  state.stageInto(batch, height);
  state.store.write(batch);
  state.publish();
}

test("data and keys at past heights, through many later changes", (t) => {
  const store = ChainStore.open(fs.mkdtempSync(path.join(os.tmpdir(), "localnet-history-")));
  t.teardown(() => store.close());
  const state = new State(store);
  const permission = { type: "FullAccess" } as const;
  block(state, 1n, () => {
    state.setData("c.near", bytes("a"), bytes("a1"));
    state.setData("c.near", bytes("b"), bytes("b1"));
    state.setAccessKey("c.near", "ed25519:one", { nonce: 1n, permission });
  });
  block(state, 2n, () => {
    state.setData("c.near", bytes("a"), bytes("a2"));
    state.setData("c.near", bytes("c"), bytes("c2"));
    state.setData("c.near", bytes("b"), undefined);
    state.setAccessKey("c.near", "ed25519:two", { nonce: 2n, permission });
  });
  // Many later changes of one item: a listing at height 2 must still find its value at 2.
  for (let height = 3n; height < 60n; height++)
    block(state, height, () => {
      state.setData("c.near", bytes("a"), bytes(`a${height}`));
      state.setAccessKey("c.near", "ed25519:one", { nonce: height, permission });
    });
  block(state, 60n, () => state.removeAccessKey("c.near", "ed25519:two"));

  const at = (height: bigint) => new HistoricalState(state, height);
  const listing = (height: bigint) =>
    at(height)
      .dataWithPrefix("c.near", new Uint8Array())
      .map((entry) => `${text(entry.key)}=${text(entry.value)}`);
  t.deepEqual(listing(1n), ["a=a1", "b=b1"]);
  t.deepEqual(listing(2n), ["a=a2", "c=c2"]);
  t.deepEqual(listing(30n), ["a=a30", "c=c2"]);
  t.deepEqual(listing(60n), ["a=a59", "c=c2"]);
  t.is(text(at(1n).getData("c.near", bytes("b"))), "b1");
  t.is(at(2n).getData("c.near", bytes("b")), undefined);
  const keysAt = (height: bigint) =>
    at(height)
      .accessKeys("c.near")
      .map((k) => `${k.publicKey}@${k.accessKey.nonce}`);
  t.deepEqual(keysAt(1n), ["ed25519:one@1"]);
  t.deepEqual(keysAt(2n), ["ed25519:one@1", "ed25519:two@2"]);
  t.deepEqual(keysAt(59n), ["ed25519:one@59", "ed25519:two@2"]);
  t.deepEqual(keysAt(60n), ["ed25519:one@59"]);
  t.is(at(10n).getAccessKey("c.near", "ed25519:one")?.nonce, 10n);
});
