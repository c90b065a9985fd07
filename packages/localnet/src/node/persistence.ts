/**
 * A node on its home's database (HOME/data/chain.mdb, src/store/): opened,
 * checked, and resumed from its head record, or started from genesis when
 * the home is new. Each block is durable once produced (Chain.commitBlock),
 * so there is nothing to replay and nothing to flush: startup reads a
 * bounded number of records whatever the length of the history, and a
 * request's answer comes after its blocks are on disk.
 *
 * A database LMDB cannot open, or a record whose checksum fails among those
 * read at startup, is a startup error naming the home; nothing is truncated
 * or rewritten to make the node start.
 */
import fs from "node:fs";
import path from "node:path";
import type { Genesis } from "../chain/genesis.ts";
import { base58 } from "../chain/encoding.ts";
import { CorruptRecord } from "../store/codec.ts";
import { keys } from "../store/keys.ts";
import { ChainStore, DATABASE_FILE } from "../store/store.ts";
import { createNode, genesisState, genesisTotalSupply, type Node } from "./node.ts";
import { State } from "../chain/state.ts";

/** Blocks behind the head whose records (block, transactions, receipts, outcomes) startup reads back. */
const CHECKED_BLOCKS = 16;

/** The node cannot start on this home's data. */
export class HomeDataError extends Error {}

export interface OpenedNode {
  node: Node;
  /** Whether the chain was resumed from the database (otherwise it starts at genesis). */
  restored: boolean;
  close(): void;
}

/** Opens (or creates) the chain in `dataDir`; `home` names the home in errors. */
export async function openNode(
  dataDir: string,
  genesis: Genesis,
  rpcAddr: string,
  home = dataDir,
  options: { vmInBackground?: boolean } = {},
): Promise<OpenedNode> {
  const file = path.join(dataDir, DATABASE_FILE);
  const legacy = ["journal.ndjson", "snapshot.json"].find((name) => fs.existsSync(path.join(dataDir, name)));
  if (legacy && !fs.existsSync(file))
    throw new HomeDataError(
      `home ${home} holds a chain in the journal format of earlier versions (${path.join(dataDir, legacy)}), which this node no longer reads; delete ${dataDir} to start a new chain`,
    );
  let store: ChainStore;
  try {
    store = ChainStore.open(dataDir);
  } catch (error) {
    throw new HomeDataError(
      `the chain database of home ${home} (${file}) cannot be opened: ${(error as Error).message}`,
    );
  }
  try {
    const restored = store.has(keys.head);
    const state = restored ? new State(store) : genesisState(genesis, store);
    const node = await createNode(genesis, state, rpcAddr, options);
    if (restored) {
      node.chain.resume();
      checkRecent(node);
    } else node.chain.start(BigInt(Date.parse(genesis.genesisTime)) * 1_000_000n, genesisTotalSupply(genesis));
    return { node, restored, close: () => store.close() };
  } catch (error) {
    store.close();
    if (error instanceof CorruptRecord)
      throw new HomeDataError(`the chain database of home ${home} (${file}) is corrupted: ${error.message}`);
    throw error;
  }
}

/** Reads back the newest blocks and what they hold, so that damage where work resumes is found at startup. */
function checkRecent(node: Node): void {
  const { chain } = node;
  let block = chain.head;
  for (let i = 0; i < CHECKED_BLOCKS; i++) {
    for (const hash of block.txHashes) chain.transactions.get(base58(hash));
    for (const id of block.receiptIds) {
      chain.receipts.get(base58(id));
      chain.outcomes.get(base58(id));
    }
    const parent = chain.blockByHash(base58(block.prevHash));
    if (!parent) break;
    block = parent;
  }
  for (const account of node.genesis.accounts) node.state.getAccount(account.accountId);
}
