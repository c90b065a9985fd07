/**
 * Where signing keys come from. Secret keys are only ever held in memory or
 * written to key files with mode 0600; nothing here prints one.
 *
 * - local: the chain's `validator_key.json` (the `test.near` key). Suite
 *   accounts get the same key as a full-access key: the chain is disposable
 *   and one key keeps `--keep-running` exploration simple.
 * - testnet/mainnet: the master key from NEAR_MASTER_SECRET_KEY or from
 *   ~/.near-credentials/<network>/<master>.json (near-cli's layout); each new
 *   suite account gets a fresh key, saved in the same layout BEFORE the
 *   transaction creating the account is sent, so an interrupted deploy never
 *   loses the key of an account it created.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { KeyPair, KeyPairSigner, type KeyPairString, type PublicKey, type Signer } from "near-api-js";

export interface KeyStore {
  /** A signer for an account whose key the scripts hold; throws naming the missing file/variable otherwise. */
  signerFor(accountId: string): Promise<Signer>;
  /** The public key to give a new suite account (for remote networks: generated and saved first). */
  publicKeyForNewAccount(accountId: string): Promise<PublicKey>;
  /** Whether a signer exists for this account (no side effects). */
  canSign(accountId: string): boolean;
  /** Where the keys come from, for logs (never the key itself). */
  describe(): string;
}

interface KeyFile {
  account_id?: string;
  public_key?: string;
  private_key?: string;
  secret_key?: string;
}

function readKeyFile(file: string): KeyFile {
  return JSON.parse(fs.readFileSync(file, "utf8")) as KeyFile;
}

function secretOf(file: KeyFile, where: string): KeyPairString {
  const secret = file.private_key ?? file.secret_key;
  if (!secret || !/^(ed25519|secp256k1):/.test(secret))
    throw new Error(`${where} holds no usable private_key/secret_key`);
  return secret as KeyPairString;
}

/** The local chain: every account signs with the validator key found in the chain's home directory. */
export function localKeyStore(home: string, masterAccountId: string): KeyStore {
  const file = path.join(home, "validator_key.json");
  if (!fs.existsSync(file))
    throw new Error(`${file} not found: is ${home} a local chain home (near-sandbox --home ${home} init)?`);
  const validator = readKeyFile(file);
  if (validator.account_id !== masterAccountId) {
    throw new Error(
      `${file} is the key of ${validator.account_id}, but the suite's master account is ${masterAccountId}`,
    );
  }
  const keyPair = KeyPair.fromString(secretOf(validator, file));
  const signer = new KeyPairSigner(keyPair);
  return {
    signerFor: async () => signer,
    publicKeyForNewAccount: async () => keyPair.getPublicKey(),
    canSign: () => true,
    describe: () => `${file} (${masterAccountId}'s key, reused on suite accounts)`,
  };
}

export const MASTER_KEY_ENV = "NEAR_MASTER_SECRET_KEY";

/** The master key from the environment, or an error naming the variable (never its value). */
export function masterKeyFromEnv(secret: string): KeyPair {
  try {
    if (!/^(ed25519|secp256k1):/.test(secret)) throw new Error("no ed25519:/secp256k1: prefix");
    return KeyPair.fromString(secret as KeyPairString);
  } catch (error) {
    throw new Error(
      `${MASTER_KEY_ENV} is not a usable secret key (expected ed25519:<base58 secret key>, as near-cli prints it): ${(error as Error).message}`,
    );
  }
}

export function defaultCredentialsDir(): string {
  return process.env.NEAR_CREDENTIALS_DIR ?? path.join(os.homedir(), ".near-credentials");
}

/** testnet/mainnet: near-cli's credential files, plus an optional master key in the environment. */
export function credentialsKeyStore(
  network: string,
  masterAccountId: string,
  credentialsDir = defaultCredentialsDir(),
): KeyStore {
  const dir = path.join(credentialsDir, network);
  const fileOf = (accountId: string) => path.join(dir, `${accountId}.json`);
  const envSecret = process.env[MASTER_KEY_ENV];
  const cache = new Map<string, Signer>();

  const keyPairOf = (accountId: string): KeyPair | undefined => {
    if (accountId === masterAccountId && envSecret) return masterKeyFromEnv(envSecret);
    const file = fileOf(accountId);
    if (!fs.existsSync(file)) return undefined;
    return KeyPair.fromString(secretOf(readKeyFile(file), file));
  };

  return {
    async signerFor(accountId) {
      let signer = cache.get(accountId);
      if (!signer) {
        const keyPair = keyPairOf(accountId);
        if (!keyPair) {
          const hint = accountId === masterAccountId ? ` or set ${MASTER_KEY_ENV}` : "";
          throw new Error(`no key for ${accountId}: expected ${fileOf(accountId)}${hint}`);
        }
        signer = new KeyPairSigner(keyPair);
        cache.set(accountId, signer);
      }
      return signer;
    },
    async publicKeyForNewAccount(accountId) {
      const existing = keyPairOf(accountId);
      if (existing) return existing.getPublicKey();
      const keyPair = KeyPair.fromRandom("ed25519");
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = fileOf(accountId);
      const body: KeyFile = {
        account_id: accountId,
        public_key: keyPair.getPublicKey().toString(),
        private_key: keyPair.toString(),
      };
      // Written atomically with 0600 before the account exists on chain.
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, `${JSON.stringify(body)}\n`, { mode: 0o600 });
      fs.renameSync(tmp, file);
      return keyPair.getPublicKey();
    },
    canSign: (accountId) => (accountId === masterAccountId && !!envSecret) || fs.existsSync(fileOf(accountId)),
    describe: () => `${dir}/<account>.json${envSecret ? ` (master key from ${MASTER_KEY_ENV})` : ""}`,
  };
}
