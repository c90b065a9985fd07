/**
 * The deployment manifest, deployments/<network>.json, in the spirit of
 * hardhat-deploy: what is deployed where (account ids, code sha256 and its
 * base58 form as view_account shows it), which transaction did each step
 * (hash, block height, gas) and which suite description it was made from
 * (config hash). It is a record, not the source of truth: every step checks
 * the chain itself, so a lost or stale manifest only loses history.
 *
 * Written after every step (atomically: temp file + rename), so an
 * interrupted deploy leaves an accurate partial manifest.
 */
import fs from "node:fs";
import path from "node:path";

export interface TxRecord {
  tx_hash: string;
  block_height: number;
  /** Decimal string (gas units). */
  gas_burnt: string;
  at: string;
}

export interface ContractRecord {
  account_id: string;
  wasm: string;
  code_sha256: string;
  /** base58(sha256(code)), as view_account's code_hash shows it. */
  code_hash: string;
  /** NEP-330 version reported by the contract. */
  version: string | null;
  deployed?: TxRecord;
  upgrades: (TxRecord & { from_code_hash: string; to_code_sha256: string })[];
}

export interface Manifest {
  format: 1;
  network: string;
  rpc_url: string;
  chain_id: string;
  /** Genesis block hash where the node has it (always on a local chain, whose restart resets the manifest). */
  genesis_hash: string | null;
  master_account_id: string;
  config_hash: string;
  updated_at: string;
  accounts: Record<string, { account_id: string }>;
  contracts: Record<string, ContractRecord>;
  /** Every step that sent a transaction, by step id (latest run wins; history is in the chain). */
  steps: Record<string, TxRecord & { title: string }>;
}

export function emptyManifest(
  network: string,
  rpcUrl: string,
  chain: { chainId: string; genesisHash: string | null },
  masterAccountId: string,
  configHash: string,
): Manifest {
  return {
    format: 1,
    network,
    rpc_url: rpcUrl,
    chain_id: chain.chainId,
    genesis_hash: chain.genesisHash,
    master_account_id: masterAccountId,
    config_hash: configHash,
    updated_at: new Date().toISOString(),
    accounts: {},
    contracts: {},
    steps: {},
  };
}

export function readManifest(file: string): Manifest | undefined {
  if (!fs.existsSync(file)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  return manifest.format === 1 ? manifest : undefined;
}

export function writeManifest(file: string, manifest: Manifest): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  manifest.updated_at = new Date().toISOString();
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export function defaultManifestPath(network: string, root = process.cwd()): string {
  return path.join(root, "deployments", `${network}.json`);
}
