import { ed25519 } from "@noble/curves/ed25519.js";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { ripemd160 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256, keccak_512 } from "@noble/hashes/sha3.js";
import { hostErrors } from "../errors.ts";
import type { VMLogic } from "../logic.ts";

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const SECP256K1_HALF_N_PLUS_ONE = SECP256K1_N / 2n + 1n;

function bigEndian(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString("hex") || "0"}`);
}

export function mathFunctions(logic: VMLogic) {
  const { gas, registers, context } = logic;
  return {
    random_seed(registerId: bigint): void {
      gas.pay("base");
      registers.write(registerId, context.randomSeed);
    },
    sha256(valueLen: bigint, valuePtr: bigint, registerId: bigint): void {
      gas.pay("sha256_base");
      const value = logic.readBytes(valuePtr, valueLen);
      gas.pay("sha256_byte", BigInt(value.length));
      registers.write(registerId, sha256(value));
    },
    keccak256(valueLen: bigint, valuePtr: bigint, registerId: bigint): void {
      gas.pay("keccak256_base");
      const value = logic.readBytes(valuePtr, valueLen);
      gas.pay("keccak256_byte", BigInt(value.length));
      registers.write(registerId, keccak_256(value));
    },
    keccak512(valueLen: bigint, valuePtr: bigint, registerId: bigint): void {
      gas.pay("keccak512_base");
      const value = logic.readBytes(valuePtr, valueLen);
      gas.pay("keccak512_byte", BigInt(value.length));
      registers.write(registerId, keccak_512(value));
    },
    ripemd160(valueLen: bigint, valuePtr: bigint, registerId: bigint): void {
      gas.pay("ripemd160_base");
      const value = logic.readBytes(valuePtr, valueLen);
      // RIPEMD-160 pads with 9+ bytes into 64-byte blocks; nearcore charges per block.
      gas.pay("ripemd160_block", (BigInt(value.length) + 9n + 63n) / 64n);
      registers.write(registerId, ripemd160(value));
    },
    ecrecover(
      hashLen: bigint,
      hashPtr: bigint,
      sigLen: bigint,
      sigPtr: bigint,
      v: bigint,
      malleabilityFlag: bigint,
      registerId: bigint,
    ): bigint {
      gas.pay("ecrecover_base");
      const signature = logic.readBytes(sigPtr, sigLen);
      if (signature.length !== 64) {
        throw hostErrors.ecrecoverError(
          `The length of the signature: ${signature.length}, exceeds the limit of 64 bytes`,
        );
      }
      if (v >= 4n) throw hostErrors.ecrecoverError(`V recovery byte 0 through 3 are valid but was provided ${v}`);
      const hash = logic.readBytes(hashPtr, hashLen);
      if (hash.length !== 32)
        throw hostErrors.ecrecoverError(`The length of the hash: ${hash.length}, exceeds the limit of 32 bytes`);
      if (malleabilityFlag > 1n) {
        throw hostErrors.ecrecoverError(`Malleability flag needs to be 0 or 1, but is instead ${malleabilityFlag}`);
      }
      const r = bigEndian(signature.subarray(0, 32));
      const s = bigEndian(signature.subarray(32, 64));
      const sLimit = malleabilityFlag === 1n ? SECP256K1_HALF_N_PLUS_ONE : SECP256K1_N;
      if (r === 0n || s === 0n || r >= SECP256K1_N || s >= sLimit) return 0n;
      try {
        const point = new secp256k1.Signature(r, s, Number(v)).recoverPublicKey(hash);
        registers.write(registerId, point.toBytes(false).subarray(1));
        return 1n;
      } catch {
        return 0n;
      }
    },
    ed25519_verify(
      sigLen: bigint,
      sigPtr: bigint,
      msgLen: bigint,
      msgPtr: bigint,
      pubKeyLen: bigint,
      pubKeyPtr: bigint,
    ): bigint {
      gas.pay("ed25519_verify_base");
      const signature = logic.readBytes(sigPtr, sigLen);
      if (signature.length !== 64) {
        throw hostErrors.ed25519VerifyInvalidInput("invalid signature length");
      }
      const message = logic.readBytes(msgPtr, msgLen);
      gas.pay("ed25519_verify_byte", BigInt(message.length));
      const publicKey = logic.readBytes(pubKeyPtr, pubKeyLen);
      if (publicKey.length !== 32) {
        throw hostErrors.ed25519VerifyInvalidInput("invalid public key length");
      }
      try {
        return ed25519.verify(signature, message, publicKey, { zip215: false }) ? 1n : 0n;
      } catch {
        return 0n;
      }
    },
  };
}
