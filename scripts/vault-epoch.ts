/**
 * npm run vault:epoch -- --stage S --epoch E --points FILE.csv [--out DIR] [--report-hash HEX]
 *                        [--submit --account A --vault V --network local|testnet|mainnet [--rpc URL] [--key-file FILE]]
 *
 * Builds an epoch's reward tree from an attested `account,points` CSV with
 * the contract's own leaf encoding (scripts/lib/merkle-points.ts →
 * contracts/vault/leaf.ts), writes DIR/epoch.json (what `submit_epoch`
 * takes: root, total points, leaf count, report hash) and DIR/proofs.json
 * (each contributor's `claim` arguments), and with --submit sends
 * `submit_epoch` as attestor A with near-api-js.
 *
 * The report hash defaults to the sha256 of the CSV file's bytes (the data
 * the attestor attests). Bad arguments or a bad file: the problems on
 * stderr, usage, exit code 2; a failed submission: exit code 1.
 */
import { readFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Account, JsonRpcProvider, KeyPair, KeyPairSigner, type KeyPairString } from "near-api-js";
import { bytesToHex } from "../contracts/vault/leaf.ts";
import { recordedLocalRpcUrl } from "./lib/localnet.ts";
import {
  buildEpochTree,
  parsePointsCsv,
  PointsFileError,
  proofsOf,
  sha256,
  submissionOf,
} from "./lib/merkle-points.ts";

const USAGE = `usage: npm run vault:epoch -- --stage S --epoch E --points FILE.csv [--out DIR] [--report-hash HEX]
         [--submit --account ATTESTOR --vault VAULT_ID --network local|testnet|mainnet [--rpc URL] [--key-file FILE]]`;

const RPC_URLS: Record<string, string> = {
  testnet: "https://rpc.testnet.near.org",
  mainnet: "https://rpc.mainnet.near.org",
};
const SUBMIT_GAS = 100_000_000_000_000n;

class UsageError extends Error {}

function integerOption(value: string | undefined, name: string, max: number): number {
  if (value === undefined) throw new UsageError(`--${name} is required`);
  if (!/^(0|[1-9][0-9]*)$/.test(value) || Number(value) > max) {
    throw new UsageError(`--${name} must be an integer in 0..${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function keyPairOf(account: string, network: string, keyFile: string | undefined): KeyPair {
  const file =
    keyFile ??
    path.join(
      process.env.NEAR_CREDENTIALS_DIR ?? path.join(os.homedir(), ".near-credentials"),
      network,
      `${account}.json`,
    );
  if (!existsSync(file)) throw new UsageError(`no key for ${account}: ${file} does not exist (pass --key-file)`);
  const parsed = JSON.parse(readFileSync(file, "utf8")) as { private_key?: string; secret_key?: string };
  const secret = parsed.private_key ?? parsed.secret_key;
  if (!secret) throw new UsageError(`${file} holds no private_key/secret_key`);
  return KeyPair.fromString(secret as KeyPairString);
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      stage: { type: "string" },
      epoch: { type: "string" },
      points: { type: "string" },
      out: { type: "string" },
      "report-hash": { type: "string" },
      submit: { type: "boolean", default: false },
      account: { type: "string" },
      vault: { type: "string" },
      network: { type: "string" },
      rpc: { type: "string" },
      "key-file": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const stage = integerOption(values.stage, "stage", 6);
  const epoch = integerOption(values.epoch, "epoch", 999);
  if (values.points === undefined) throw new UsageError("--points is required");
  if (path.extname(values.points).toLowerCase() !== ".csv") {
    throw new UsageError(
      `unsupported points file format ${JSON.stringify(path.extname(values.points) || values.points)}: expected a .csv of account,points rows`,
    );
  }
  if (!existsSync(values.points)) throw new UsageError(`${values.points} does not exist`);
  const bytes = readFileSync(values.points);
  const reportHash = values["report-hash"] ?? bytesToHex(sha256(bytes));
  if (!/^[0-9a-f]{64}$/.test(reportHash)) throw new UsageError("--report-hash must be 64 lowercase hex characters");
  if (values.submit && (!values.account || !values.vault || !values.network)) {
    throw new UsageError("--submit needs --account, --vault and --network");
  }
  if (!values.submit && (values.account || values.vault || values.rpc || values["key-file"])) {
    throw new UsageError("--account, --vault, --rpc and --key-file are only used with --submit");
  }

  const tree = buildEpochTree(parsePointsCsv(bytes.toString("utf8")));
  const submission = submissionOf(tree, stage, epoch, reportHash);
  const outDir = path.resolve(values.out ?? path.join("vault-epochs", `stage-${stage}-epoch-${epoch}`));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, "epoch.json"), `${JSON.stringify(submission, null, 2)}\n`);
  writeFileSync(path.join(outDir, "proofs.json"), `${JSON.stringify(proofsOf(tree, stage, epoch))}\n`);
  console.log(`stage ${stage} epoch ${epoch}: ${tree.leaf_count} contributors, ${tree.total_points} points`);
  console.log(`merkle_root ${tree.merkle_root}`);
  console.log(`wrote ${path.join(outDir, "epoch.json")} and proofs.json`);

  if (values.submit) {
    const network = values.network!;
    const rpc = values.rpc ?? (network === "local" ? recordedLocalRpcUrl() : RPC_URLS[network]);
    if (!rpc)
      throw new UsageError(
        `no RPC URL for network ${network}: pass --rpc (or start the local chain with npm start -- --keep-running)`,
      );
    const signer = new KeyPairSigner(keyPairOf(values.account!, network, values["key-file"]));
    const account = new Account(values.account!, new JsonRpcProvider({ url: rpc }), signer);
    const outcome = await account.callFunctionRaw({
      contractId: values.vault!,
      methodName: "submit_epoch",
      args: submission,
      gas: SUBMIT_GAS,
    });
    const status = outcome.status as { SuccessValue?: string; Failure?: unknown };
    if (status.SuccessValue === undefined) {
      console.error(`submit_epoch failed: ${JSON.stringify(status.Failure ?? status)}`);
      return 1;
    }
    const epochStatus = JSON.parse(Buffer.from(status.SuccessValue, "base64").toString("utf8"));
    console.log(
      `submitted as ${values.account} to ${values.vault}: epoch ${epochStatus} (tx ${outcome.transaction.hash})`,
    );
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (
    error instanceof UsageError ||
    error instanceof PointsFileError ||
    (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    console.error(`error: ${(error as Error).message}`);
    console.error(USAGE);
    process.exitCode = 2;
  } else {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
