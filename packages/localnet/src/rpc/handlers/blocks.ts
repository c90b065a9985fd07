/** Block and chunk methods. */
import type { Node } from "../../node/node.ts";
import { base58 } from "../../chain/encoding.ts";
import { rpcErrors } from "../errors.ts";
import { object, resolveBlock } from "../params.ts";
import { blockView, chunkHeaderView, receiptView, transactionView } from "../views.ts";
import type { Block } from "../../chain/chain.ts";

function chunkView(node: Node, block: Block) {
  const { chain } = node;
  return {
    author: node.genesis.validator.accountId,
    header: chunkHeaderView(block, node.genesis),
    transactions: block.txHashes.map((h) => transactionView(chain.transactions.get(base58(h))!)),
    receipts: block.receiptIds
      .map((id) => chain.receipts.get(base58(id)))
      .filter((r) => r !== undefined)
      .map(receiptView),
  };
}

export const blockHandlers = {
  block(node: Node, params: unknown) {
    const reference = Array.isArray(params) ? params[0] : params;
    return blockView(resolveBlock(node, reference), node.genesis, node.chain);
  },

  chunk(node: Node, params: unknown) {
    if (Array.isArray(params)) params = { chunk_id: params[0] };
    const p = object(params);
    if ("chunk_id" in p) {
      if (typeof p.chunk_id !== "string") throw rpcErrors.parse("Invalid params: chunk_id must be a hash");
      const block = node.chain.blockByChunkHash(p.chunk_id);
      if (!block) throw rpcErrors.unknownChunk(p.chunk_id);
      return chunkView(node, block);
    }
    if (p.shard_id !== 0 && p.shard_id !== undefined) throw rpcErrors.invalidShardId(p.shard_id);
    return chunkView(node, resolveBlock(node, { block_id: p.block_id }));
  },
};
