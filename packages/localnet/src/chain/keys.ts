/**
 * Fresh ed25519 key pairs in NEAR's text form, from node:crypto alone (so
 * `near-sandbox init` starts without loading the chain): the public key is
 * "ed25519:" + base58(32-byte key), the secret key "ed25519:" +
 * base58(seed ‖ public key), as near-api-js' KeyPair.fromString reads it.
 */
import { generateKeyPairSync } from "node:crypto";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

export function base58Encode(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  let out = "";
  while (value > 0n) {
    out = ALPHABET[Number(value % 58n)] + out;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}

export function newEd25519KeyPair(): { publicKey: string; secretKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const seed = Buffer.from(jwk.d!, "base64url");
  return {
    publicKey: `ed25519:${base58Encode(pub)}`,
    secretKey: `ed25519:${base58Encode(Buffer.concat([seed, pub]))}`,
  };
}
