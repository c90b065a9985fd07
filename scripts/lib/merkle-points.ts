/**
 * The off-chain side of a vault epoch: reads an attested `account,points`
 * file, validates every row, and builds the epoch's Merkle tree with the
 * contract's own leaf and node encoding (contracts/vault/leaf.ts, the one
 * definition both sides import), so whatever this writes the contract
 * verifies.
 *
 * Leaf i is the i-th data row of the file (order is part of the attested
 * data: the same file always yields the same root). Rows are validated all
 * at once and every problem is reported with its line number; a file with
 * any problem yields no tree.
 */
import { createHash } from "node:crypto";
import {
  buildLevels,
  bytesToHex,
  isValidAccountId,
  MAX_LEAF_COUNT,
  MAX_POINTS,
  proofOf,
  qualificationLeaf,
  rewardLeaf,
  rootOf,
} from "../../contracts/vault/leaf.ts";

export const sha256 = (data: Uint8Array): Uint8Array => new Uint8Array(createHash("sha256").update(data).digest());

export interface PointsRow {
  account_id: string;
  points: bigint;
}

/** A points file that cannot be used; `problems` names each bad line. */
export class PointsFileError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `invalid points file:\n  ${problems.slice(0, 20).join("\n  ")}${problems.length > 20 ? `\n  … and ${problems.length - 20} more` : ""}`,
    );
    this.name = "PointsFileError";
  }
}

const HEADER = /^account(_id)?\s*,\s*points$/i;

/** Parses `account,points` rows (an optional header line, blank lines ignored). */
export function parsePointsCsv(text: string): PointsRow[] {
  const problems: string[] = [];
  const rows: PointsRow[] = [];
  const firstLine = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === "" || (rows.length === 0 && problems.length === 0 && HEADER.test(line))) return;
    const fields = line.split(",").map((field) => field.trim());
    if (fields.length !== 2) {
      problems.push(`line ${lineNo}: expected 2 comma-separated fields "account,points", got ${fields.length}`);
      return;
    }
    const [account, pointsText] = fields;
    let ok = true;
    if (!isValidAccountId(account)) {
      problems.push(`line ${lineNo}: ${JSON.stringify(account)} is not a valid NEAR account id`);
      ok = false;
    }
    if (!/^[0-9]+$/.test(pointsText) || BigInt(pointsText) === 0n || BigInt(pointsText) > MAX_POINTS) {
      problems.push(`line ${lineNo}: points must be a positive integer below 2^128, got ${JSON.stringify(pointsText)}`);
      ok = false;
    }
    const seen = firstLine.get(account);
    if (seen !== undefined) {
      problems.push(`line ${lineNo}: duplicate account ${account} (first on line ${seen})`);
      ok = false;
    } else {
      firstLine.set(account, lineNo);
    }
    if (ok) rows.push({ account_id: account, points: BigInt(pointsText) });
  });
  if (problems.length === 0 && rows.length === 0) problems.push("the file has no rows");
  if (rows.length > MAX_LEAF_COUNT) problems.push(`at most ${MAX_LEAF_COUNT} rows`);
  if (problems.length > 0) throw new PointsFileError(problems);
  return rows;
}

export interface EpochTree {
  merkle_root: string;
  total_points: bigint;
  leaf_count: number;
  rows: PointsRow[];
  /** Proof (hex, leaf level first) of leaf `index`. */
  proof(index: number): string[];
}

export function buildEpochTree(rows: PointsRow[]): EpochTree {
  if (rows.length === 0) throw new PointsFileError(["the file has no rows"]);
  const levels = buildLevels(
    rows.map((row, index) => rewardLeaf(index, row.account_id, row.points, sha256)),
    sha256,
  );
  return {
    merkle_root: bytesToHex(rootOf(levels)),
    total_points: rows.reduce((sum, row) => sum + row.points, 0n),
    leaf_count: rows.length,
    rows,
    proof: (index) => proofOf(levels, index).map(bytesToHex),
  };
}

/** The qualification tree of a set of accounts (for `submit_qualification` and `register_qualification`). */
export function buildQualificationTree(accounts: string[]): { merkle_root: string; proof(account: string): string[] } {
  const indexOf = new Map(accounts.map((account, index) => [account, index]));
  const levels = buildLevels(
    accounts.map((account) => qualificationLeaf(account, sha256)),
    sha256,
  );
  return {
    merkle_root: bytesToHex(rootOf(levels)),
    proof(account) {
      const index = indexOf.get(account);
      if (index === undefined) throw new Error(`${account} is not in the qualification tree`);
      return proofOf(levels, index).map(bytesToHex);
    },
  };
}

/** What `submit_epoch` takes. */
export interface EpochSubmission {
  stage: number;
  epoch: number;
  merkle_root: string;
  total_points: string;
  leaf_count: number;
  report_hash: string;
}

/** One contributor's claim arguments. */
export interface ContributorProof {
  stage: number;
  epoch: number;
  leaf_index: number;
  points: string;
  proof: string[];
}

export function submissionOf(tree: EpochTree, stage: number, epoch: number, reportHash: string): EpochSubmission {
  return {
    stage,
    epoch,
    merkle_root: tree.merkle_root,
    total_points: tree.total_points.toString(),
    leaf_count: tree.leaf_count,
    report_hash: reportHash,
  };
}

export function proofsOf(tree: EpochTree, stage: number, epoch: number): Record<string, ContributorProof> {
  const out: Record<string, ContributorProof> = {};
  tree.rows.forEach((row, index) => {
    out[row.account_id] = { stage, epoch, leaf_index: index, points: row.points.toString(), proof: tree.proof(index) };
  });
  return out;
}
