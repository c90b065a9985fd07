/**
 * Fresh ed25519 key pairs in NEAR's text form, from node:crypto and
 * @scure/base alone (so `near-sandbox init` starts without loading the chain): the public key is
 * "ed25519:" + base58(32-byte key), the secret key "ed25519:" +
 * base58(seed ‖ public key), as near-api-js' KeyPair.fromString reads it.
 */
import { generateKeyPairSync } from "node:crypto";
import { base58 } from "@scure/base";

export function newEd25519KeyPair(): { publicKey: string; secretKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  const pub = Buffer.from(publicKey.export({ format: "jwk" }).x!, "base64url");
  const seed = Buffer.from(jwk.d!, "base64url");
  return {
    publicKey: `ed25519:${base58.encode(pub)}`,
    secretKey: `ed25519:${base58.encode(Buffer.concat([seed, pub]))}`,
  };
}
