/**
 * Transfers signed ahead by the test.near validator key, with consecutive
 * nonces against one final block: sent later, in order, they need no reads
 * between them (as a client with a cached nonce and block hash sends).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import {
  KeyPair,
  actions,
  createTransaction,
  SignedTransaction,
  Signature,
  baseDecode,
  type KeyPairString,
} from "near-api-js";

type Rpc = (method: string, params: unknown) => Promise<{ result?: any; error?: any }>;

/** `count` transfers of 1, 2, … yoctoNEAR from test.near to `receiver`, base64-encoded. */
export async function signedTransfers(rpc: Rpc, secretKey: string, count: number, receiver: string): Promise<string[]> {
  const key = KeyPair.fromString(secretKey as KeyPairString);
  const accessKey = await rpc("query", {
    request_type: "view_access_key",
    finality: "final",
    account_id: "test.near",
    public_key: key.getPublicKey().toString(),
  });
  const block = await rpc("block", { finality: "final" });
  const out: string[] = [];
  for (let i = 1; i <= count; i++) {
    const tx = createTransaction(
      "test.near",
      key.getPublicKey(),
      receiver,
      BigInt(accessKey.result.nonce) + BigInt(i),
      [actions.transfer(BigInt(i))],
      baseDecode(block.result.header.hash),
    );
    const signature = key.sign(sha256(tx.encode()));
    const signed = new SignedTransaction({
      transaction: tx,
      signature: new Signature({ keyType: key.getPublicKey().keyType, data: signature.signature }),
    });
    out.push(Buffer.from(signed.encode()).toString("base64"));
  }
  return out;
}
