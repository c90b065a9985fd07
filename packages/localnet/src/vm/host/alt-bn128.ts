import { bn254 } from "@noble/curves/bn254.js";
import { hostErrors } from "../errors.ts";
import type { VMLogic } from "../logic.ts";

/**
 * NEAR's alt_bn128 (bn254) host functions, as nearcore's logic/alt_bn128.rs
 * defines them: inputs are packed little-endian 256-bit integers (a G1 point
 * is x ‖ y, a G2 point (x.re ‖ x.im) ‖ (y.re ‖ y.im), the point at infinity
 * is all zeros); the base cost is charged, then the input is split into
 * whole elements, then the per-element cost is charged, then every element
 * is decoded in order, and the first bad one is reported with its bytes in
 * nearcore's AltBn128InvalidInput text. The curve arithmetic is
 * @noble/curves' bn254.
 */

const SCALAR_SIZE = 32;
const POINT_SIZE = 2 * SCALAR_SIZE;
const MULTIEXP_ELEMENT_SIZE = POINT_SIZE + SCALAR_SIZE;
const SUM_ELEMENT_SIZE = 1 + POINT_SIZE;
const PAIRING_ELEMENT_SIZE = POINT_SIZE + 2 * POINT_SIZE;

const { Fp, Fp2, Fp12 } = bn254.fields;
const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
type G1Point = InstanceType<typeof G1>;
type G2Point = InstanceType<typeof G2>;
const FR_ORDER = G1.Fn.ORDER;

/** Rust's `{:X?}` of a byte slice, which nearcore appends to each invalid-input message. */
function rustHexDebug(bytes: Uint8Array): string {
  return `[${Array.from(bytes, (byte) => byte.toString(16).toUpperCase()).join(", ")}]`;
}

function invalid(what: string, bytes: Uint8Array): Error {
  return hostErrors.altBn128InvalidInput(`${what}: ${rustHexDebug(bytes)}`);
}

function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let at = bytes.length - 1; at >= 0; at--) value = (value << 8n) | BigInt(bytes[at]);
  return value;
}

function toLittleEndian(value: bigint): Uint8Array {
  const bytes = new Uint8Array(SCALAR_SIZE);
  for (let at = 0; at < SCALAR_SIZE; at++) bytes[at] = Number((value >> BigInt(8 * at)) & 0xffn);
  return bytes;
}

/** The input cut into whole elements, or nearcore's error for a remainder. */
function splitElements(data: Uint8Array, size: number): Uint8Array[] {
  if (data.length % size !== 0) {
    throw hostErrors.altBn128InvalidInput(
      `slice of size ${data.length} cannot be precisely split into chunks of size ${size}`,
    );
  }
  return Array.from({ length: data.length / size }, (_, index) => data.subarray(index * size, (index + 1) * size));
}

function decodeFq(raw: Uint8Array): bigint {
  const value = littleEndian(raw);
  if (value >= Fp.ORDER) throw invalid("invalid fq", raw);
  return value;
}

function decodeFr(raw: Uint8Array): bigint {
  const value = littleEndian(raw);
  if (value >= FR_ORDER) throw invalid("invalid fr", raw);
  return value;
}

function decodeBool(raw: Uint8Array): boolean {
  if (raw[0] > 1) throw invalid("invalid bool", raw);
  return raw[0] === 1;
}

/** On the curve (G1's cofactor is 1, so that is the subgroup too), or all zeros for infinity. */
function decodeG1(raw: Uint8Array): G1Point {
  const x = decodeFq(raw.subarray(0, SCALAR_SIZE));
  const y = decodeFq(raw.subarray(SCALAR_SIZE));
  if (x === 0n && y === 0n) return G1.ZERO;
  try {
    const point = G1.fromAffine({ x, y });
    point.assertValidity();
    return point;
  } catch {
    throw invalid("invalid g1", raw);
  }
}

/** On the twist and in the r-torsion subgroup, or all zeros for infinity. */
function decodeG2(raw: Uint8Array): G2Point {
  const [xRe, xIm, yRe, yIm] = [0, 1, 2, 3].map((index) =>
    decodeFq(raw.subarray(index * SCALAR_SIZE, (index + 1) * SCALAR_SIZE)),
  );
  if (xRe === 0n && xIm === 0n && yRe === 0n && yIm === 0n) return G2.ZERO;
  try {
    const point = G2.fromAffine({ x: Fp2.create({ c0: xRe, c1: xIm }), y: Fp2.create({ c0: yRe, c1: yIm }) });
    point.assertValidity();
    return point;
  } catch {
    throw invalid("invalid g2", raw);
  }
}

function encodeG1(point: G1Point): Uint8Array {
  const encoded = new Uint8Array(POINT_SIZE);
  if (point.is0()) return encoded;
  const { x, y } = point.toAffine();
  encoded.set(toLittleEndian(x), 0);
  encoded.set(toLittleEndian(y), SCALAR_SIZE);
  return encoded;
}

/** Σ g1_i · fr_i. */
export function g1Multiexp(data: Uint8Array): Uint8Array {
  const terms = splitElements(data, MULTIEXP_ELEMENT_SIZE).map((element) => ({
    point: decodeG1(element.subarray(0, POINT_SIZE)),
    scalar: decodeFr(element.subarray(POINT_SIZE)),
  }));
  return encodeG1(terms.reduce((sum, { point, scalar }) => sum.add(point.multiplyUnsafe(scalar)), G1.ZERO));
}

/** Σ (-1)^sign_i · g1_i. */
export function g1Sum(data: Uint8Array): Uint8Array {
  const terms = splitElements(data, SUM_ELEMENT_SIZE).map((element) => ({
    negate: decodeBool(element.subarray(0, 1)),
    point: decodeG1(element.subarray(1)),
  }));
  return encodeG1(terms.reduce((sum, { negate, point }) => (negate ? sum.subtract(point) : sum.add(point)), G1.ZERO));
}

/** Whether Π e(g1_i, g2_i) is one; a pair with a point at infinity contributes one. */
export function pairingCheck(data: Uint8Array): boolean {
  const pairs = splitElements(data, PAIRING_ELEMENT_SIZE).map((element) => ({
    g1: decodeG1(element.subarray(0, POINT_SIZE)),
    g2: decodeG2(element.subarray(POINT_SIZE)),
  }));
  const contributing = pairs.filter(({ g1, g2 }) => !g1.is0() && !g2.is0());
  if (contributing.length === 0) return true;
  return Fp12.eql(bn254.pairingBatch(contributing), Fp12.ONE);
}

function elementCount(data: Uint8Array, size: number): bigint {
  return BigInt(Math.floor(data.length / size));
}

export function altBn128Functions(logic: VMLogic) {
  const { gas, registers } = logic;
  return {
    alt_bn128_g1_multiexp(valueLen: bigint, valuePtr: bigint, registerId: bigint): void {
      gas.pay("alt_bn128_g1_multiexp_base");
      const data = logic.readBytes(valuePtr, valueLen);
      splitElements(data, MULTIEXP_ELEMENT_SIZE);
      gas.pay("alt_bn128_g1_multiexp_element", elementCount(data, MULTIEXP_ELEMENT_SIZE));
      registers.write(registerId, g1Multiexp(data));
    },
    alt_bn128_g1_sum(valueLen: bigint, valuePtr: bigint, registerId: bigint): void {
      gas.pay("alt_bn128_g1_sum_base");
      const data = logic.readBytes(valuePtr, valueLen);
      splitElements(data, SUM_ELEMENT_SIZE);
      gas.pay("alt_bn128_g1_sum_element", elementCount(data, SUM_ELEMENT_SIZE));
      registers.write(registerId, g1Sum(data));
    },
    alt_bn128_pairing_check(valueLen: bigint, valuePtr: bigint): bigint {
      gas.pay("alt_bn128_pairing_check_base");
      const data = logic.readBytes(valuePtr, valueLen);
      splitElements(data, PAIRING_ELEMENT_SIZE);
      gas.pay("alt_bn128_pairing_check_element", elementCount(data, PAIRING_ELEMENT_SIZE));
      return pairingCheck(data) ? 1n : 0n;
    },
  };
}
