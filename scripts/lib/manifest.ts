/**
 * The deployment manifest, deployments/<network>.json, in the spirit of
 * hardhat-deploy: what is deployed where (account ids, code sha256 and its
 * base58 form as view_account shows it), which transaction did each step
 * (hash, block height, gas) and which suite description it was made from
 * (config hash). It is a record, not the source of truth: every step checks
 * the chain itself, so a lost or stale manifest only loses history.
 *
 * Written before and after every transaction (atomically: a temp file of
 * this process, then rename), so a killed deploy leaves a whole file whose
 * history says which transaction was in flight.
 *
 * `history` is append-only: one record per apply (time, git commit, plan
 * hash, master, each transaction with its hash and outcome). The current
 * state (accounts, contracts, steps) describes the latest master and chain;
 * a deploy under another master or on a fresh chain starts that state over
 * but keeps the history, which is never rewritten or dropped.
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
  upgrades: (TxRecord & { from_code_hash: string; to_code_sha256: string; git_commit?: string | null })[];
  /** Commit of the sources the code on chain was built from, when this tool deployed or upgraded it. */
  git_commit?: string | null;
}

/** One transaction of an apply: "sending" until its outcome is known (a killed run leaves it so). */
export interface AppliedTx {
  step: string;
  status: "sending" | "ok" | "failed" | "unknown";
  at: string;
  tx_hash?: string;
  block_height?: number;
  gas_burnt?: string;
  failure?: string;
}

export interface ApplyRecord {
  started_at: string;
  finished_at: string | null;
  /** "running" remains when the run was killed. */
  outcome: "running" | "complete" | "interrupted" | "failed";
  git_commit: string | null;
  plan_hash: string | null;
  master_account_id: string;
  chain_id: string;
  config_hash: string;
  transactions: AppliedTx[];
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
  /** Every step that sent a transaction, by step id (latest run wins; every run is in history). */
  steps: Record<string, TxRecord & { title: string }>;
  history: ApplyRecord[];
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
    history: [],
  };
}

export function readManifest(file: string): Manifest | undefined {
  if (!fs.existsSync(file)) return undefined;
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  if (manifest.format !== 1) return undefined;
  manifest.history ??= [];
  return manifest;
}

export function writeManifest(file: string, manifest: Manifest): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  manifest.updated_at = new Date().toISOString();
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export function defaultManifestPath(network: string, root = process.cwd()): string {
  return path.join(root, "deployments", `${network}.json`);
}
