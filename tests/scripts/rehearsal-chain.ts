/**
 * A rehearsal of a public network on the local node: a chain initialised
 * with `near-sandbox init --chain-id testnet` (so the scripts' chain-id
 * check sees "testnet"), whose genesis also holds the master account
 * `modelfund.testnet` (a short top-level name only a registrar could create
 * by transaction), and a credentials directory in near-cli's layout holding
 * that master's key. The suite is the local description moved to testnet:
 * the same accounts and contracts under `modelfund.testnet`, with testnet's
 * minimum timelock delay of one hour.
 *
 * The deploy tests of tests/scripts/deploy-*.test.ts share one such chain
 * per file and give each test its own manifest and credentials directory.
 */
import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { SANDBOX_BIN } from "@modelfund/near-localnet/workspaces";
import { KeyPair } from "near-api-js";
import localSuiteInput from "../../scripts/config/local.ts";
import type { SuiteConfigInput } from "../../scripts/config/schema.ts";
import { REPO_ROOT, startLocalChain, type LocalChain } from "../../scripts/lib/localnet.ts";
import { prefixedSuiteInput } from "../helpers/suite-input.ts";

export const REHEARSAL_MASTER = "modelfund.testnet";
const MASTER_BALANCE = 100_000_000n * 10n ** 24n;
const MIN_DELAY_NS = { testnet: "3600000000000", mainnet: "86400000000000" };

export interface RehearsalChain {
  dir: string;
  chainId: string;
  master: string;
  local: LocalChain;
  masterKey: KeyPair;
  stop(): Promise<void>;
}

/** Starts a node reporting `chainId` with the master account funded in its genesis. */
export async function startRehearsalChain(chainId = "testnet", master = REHEARSAL_MASTER): Promise<RehearsalChain> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `modelfund-${chainId}-`));
  const home = path.join(dir, "chain");
  execFileSync(process.execPath, [SANDBOX_BIN, "--home", home, "init", "--chain-id", chainId], { stdio: "pipe" });
  const masterKey = KeyPair.fromRandom("ed25519");
  const genesisFile = path.join(home, "genesis.json");
  const genesis = JSON.parse(fs.readFileSync(genesisFile, "utf8"));
  genesis.records.push(
    {
      Account: {
        account_id: master,
        account: {
          amount: MASTER_BALANCE.toString(),
          locked: "0",
          code_hash: "11111111111111111111111111111111",
          storage_usage: 0,
          version: "V1",
        },
      },
    },
    {
      AccessKey: {
        account_id: master,
        public_key: masterKey.getPublicKey().toString(),
        access_key: { nonce: 0, permission: "FullAccess" },
      },
    },
  );
  fs.writeFileSync(genesisFile, JSON.stringify(genesis, null, 2));
  const local = await startLocalChain({ home });
  return {
    dir,
    chainId,
    master,
    local,
    masterKey,
    stop: async () => {
      await local.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh credentials directory holding only the master's key (`<dir>/<network>/<master>.json`, mode 0600). */
export function credentialsWithMaster(chain: RehearsalChain): string {
  const dir = fs.mkdtempSync(path.join(chain.dir, "credentials-"));
  fs.mkdirSync(path.join(dir, chain.chainId), { recursive: true });
  const file = path.join(dir, chain.chainId, `${chain.master}.json`);
  const body = {
    account_id: chain.master,
    public_key: chain.masterKey.getPublicKey().toString(),
    private_key: chain.masterKey.toString(),
  };
  fs.writeFileSync(file, JSON.stringify(body), { mode: 0o600 });
  return dir;
}

/**
 * The local description as a public network's: the master (owners moved
 * with it), the network's minimum timelock delay, absolute round starts on
 * mainnet, accounts renamed by `prefix` so that several deploys can share
 * one chain without seeing each other's accounts.
 */
export function rehearsalSuiteInput(
  prefix: string,
  rpcUrl: string,
  network: "testnet" | "mainnet" = "testnet",
  master = REHEARSAL_MASTER,
): Record<string, any> {
  const moved = JSON.parse(JSON.stringify(localSuiteInput).replaceAll('"test.near"', `"${master}"`));
  moved.network = network;
  moved.rpc_url = rpcUrl;
  moved.master_account_id = master;
  if (network === "mainnet") {
    // Mainnet takes absolute times only, a vault challenge window and a price notice of at least a day.
    moved.rounds.forEach((round: { starts: unknown }, i: number) => {
      round.starts = { at: `2100-0${i + 1}-01T00:00:00Z` };
    });
    for (const attestor of moved.vault_attestors ?? []) attestor.expires = { at: "2100-12-01T00:00:00Z" };
    for (const stage of moved.vault_stages ?? []) {
      stage.challenge_window_s = Math.max(stage.challenge_window_s, 86_400);
      stage.claim_deadline = { at: "2100-11-01T00:00:00Z" };
      stage.vesting.start = { at: "2100-10-01T00:00:00Z" };
    }
    // The fee router: a price notice of at least a day, and prices that apply at an absolute time after it.
    if (moved.contracts.fees) moved.contracts.fees.init.price_notice_s = 86_400;
    for (const stage of moved.fees?.stages ?? [])
      if (stage.price) stage.price.effective = { at: "2100-10-01T00:00:00Z" };
  }
  for (const contract of Object.values(moved.contracts) as { timelock_delay_ns: string }[])
    contract.timelock_delay_ns = MIN_DELAY_NS[network];
  return prefixedSuiteInput(moved as SuiteConfigInput, prefix);
}

const execFileAsync = promisify(execFile);

/** Runs `scripts/<name>.ts`; its exit code, stdout and stderr (a failing exit is not thrown). An env value "" unsets the variable. */
export async function runScript(name: string, argv: string[], env: Record<string, string> = {}) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(env)) if (value === "") delete childEnv[key];
  try {
    const out = await execFileAsync(process.execPath, ["--import", "tsx", `scripts/${name}.ts`, ...argv], {
      cwd: REPO_ROOT,
      env: childEnv,
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
