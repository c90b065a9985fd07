/**
 * Reading request params the way neard accepts them: objects by name, or the
 * older positional arrays. Malformed params raise PARSE_ERROR.
 */
import type { Block } from "../chain/chain.ts";
import type { Node } from "../node/node.ts";
import { hashFromBase58 } from "../chain/encoding.ts";
import { rpcErrors, type BlockRef } from "./errors.ts";

export type Params = Record<string, unknown>;

/** A client-supplied value for an error message; never throws (JSON of anything, even objects without a prototype). */
export function shown(value: unknown): string {
  try {
    return typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
  } catch {
    return "<unprintable>";
  }
}

export function object(params: unknown): Params {
  if (params && typeof params === "object" && !Array.isArray(params)) return params as Params;
  throw rpcErrors.parse("Invalid params: expected an object");
}

export function str(params: Params, name: string): string {
  const value = params[name];
  if (typeof value !== "string") throw rpcErrors.parse(`Invalid params: missing field \`${name}\``);
  return value;
}

/** A block by { finality } / { block_id } / { sync_checkpoint }, or a bare block id (height or hash). */
export function resolveBlock(node: Node, reference: unknown): Block {
  const { chain } = node;
  if (reference === null || reference === undefined) return chain.head;
  if (typeof reference === "number" || typeof reference === "string") return blockById(node, reference);
  if (typeof reference !== "object" || Array.isArray(reference))
    throw rpcErrors.parse("Invalid params: expected a block reference");
  const params = reference as Params;
  if ("block_id" in params && params.block_id !== null && params.block_id !== undefined) {
    return blockById(node, params.block_id);
  }
  if ("finality" in params) {
    if (!["optimistic", "near-final", "final"].includes(params.finality as string)) {
      throw rpcErrors.parse(`Invalid params: unknown variant \`${shown(params.finality)}\``);
    }
    if (params.finality === "final") return chain.finalBlock();
    if (params.finality === "near-final") return chain.nearFinalBlock();
    return chain.head;
  }
  if ("sync_checkpoint" in params) {
    if (params.sync_checkpoint === "genesis") return chain.blockByHeight(node.genesis.genesisHeight) ?? chain.head;
    return chain.head;
  }
  return chain.head;
}

/**
 * neard's BlockId: a u64 height (a JSON integer) or a 32-byte base58 hash.
 * Anything else (negative, fractional, too large, not a hash) is a parse
 * error; a well-formed id of no block is UNKNOWN_BLOCK.
 */
function blockById(node: Node, id: unknown): Block {
  let block: Block | undefined;
  if (typeof id === "number" && Number.isInteger(id) && id >= 0 && id < 2 ** 64)
    block = node.chain.blockByHeight(BigInt(id));
  else if (typeof id === "string" && hashFromBase58(id)) block = node.chain.blockByHash(id);
  else throw rpcErrors.parse(`Failed parsing args: block_id ${shown(id)} is neither a u64 height nor a block hash`);
  if (!block) throw rpcErrors.unknownBlock({ block_id: id });
  return block;
}

export function blockRef(block: Block, hash: string): BlockRef {
  return { block_height: Number(block.height), block_hash: hash };
}
