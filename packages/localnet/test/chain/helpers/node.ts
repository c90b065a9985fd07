/**
 * An in-process local node on a free port (its database in a temporary directory), for RPC-level tests, plus small
 * helpers: raw JSON-RPC calls and zod validation of neard-shaped (snake_case)
 * responses against @near-js/jsonrpc-types' (camelCase) schemas.
 */
import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { z } from "zod";
import { localnetGenesis, newValidatorKey, type ValidatorKey } from "../../../src/chain/genesis.ts";
import { createNode, genesisState, genesisTotalSupply, type Node } from "../../../src/node/node.ts";
import { createServer } from "../../../src/rpc/server.ts";
import { ChainStore } from "../../../src/store/store.ts";

export interface TestNode {
  url: string;
  node: Node;
  validator: ValidatorKey;
  rpc(method: string, params: unknown): Promise<{ result?: any; error?: any }>;
  close(): Promise<void>;
}

export async function startTestNode(): Promise<TestNode> {
  const validator = newValidatorKey();
  const genesis = localnetGenesis(validator);
  const store = ChainStore.open(fs.mkdtempSync(path.join(os.tmpdir(), "localnet-test-")));
  const node = await createNode(genesis, genesisState(genesis, store), "127.0.0.1:0");
  node.chain.start(BigInt(Date.now()) * 1_000_000n, genesisTotalSupply(genesis));
  const server = createServer(node);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let id = 0;
  return {
    url,
    node,
    validator,
    async rpc(method, params) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
      });
      return (await response.json()) as { result?: any; error?: any };
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
      fs.rmSync(store.dir, { recursive: true, force: true });
    },
  };
}

/** snake_case keys → camelCase, recursively (the jsonrpc-types schemas are camelCase). */
export function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
        camelize(v),
      ]),
    );
  }
  return value;
}

/** What the tests use of a @near-js/jsonrpc-types schema (zod mini): safeParse and its issues. */
interface Schema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: readonly z.core.$ZodIssue[] } };
}

/** Validates a neard-shaped response with a jsonrpc-types schema factory; returns the zod issues (empty when valid). */
export function shapeIssues(schema: () => Schema, value: unknown): string[] {
  const parsed = schema().safeParse(camelize(value));
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}
