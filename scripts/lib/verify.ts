/**
 * Compares each suite contract's on-chain code hash (view_account.code_hash,
 * base58 of sha256) with the local build's sha256.
 */
import type { Suite } from "../config/validate.ts";
import { readArtifact, EMPTY_CODE_HASH } from "./artifacts.ts";
import type { ChainClient } from "./chain.ts";

export interface VerifyRow {
  contract: string;
  accountId: string;
  wasm: string;
  buildSha256: string;
  buildCodeHash: string;
  chainCodeHash: string | null;
  verdict: "match" | "MISMATCH" | "NOT DEPLOYED" | "NO ACCOUNT";
}

export async function verifySuite(suite: Suite, chain: ChainClient, buildDir: string): Promise<VerifyRow[]> {
  const rows: VerifyRow[] = [];
  for (const [name, entry] of Object.entries(suite.config.contracts)) {
    const accountId = suite.resolve(`@${name}`);
    const artifact = readArtifact(buildDir, entry.wasm);
    const onChain = (await chain.codeHash(accountId)) ?? null;
    const verdict =
      onChain === null
        ? "NO ACCOUNT"
        : onChain === EMPTY_CODE_HASH
          ? "NOT DEPLOYED"
          : onChain === artifact.codeHash
            ? "match"
            : "MISMATCH";
    rows.push({
      contract: name,
      accountId,
      wasm: entry.wasm,
      buildSha256: artifact.sha256,
      buildCodeHash: artifact.codeHash,
      chainCodeHash: onChain,
      verdict,
    });
  }
  return rows;
}
