import test from "ava";
import wabtInit from "wabt";
import { defaultContext } from "../src/vm/context.ts";
import { runContract, type VMOutcome } from "../src/vm/runner.ts";
import { EXT_COSTS } from "../src/vm/runtime-parameters.ts";
import { MapStorage } from "../src/vm/storage.ts";

// alt_bn128_g1_multiexp, alt_bn128_g1_sum and alt_bn128_pairing_check with
// nearcore's own test vectors (runtime/near-vm-runner/src/logic/tests/alt_bn128.rs),
// its error texts and its costs, called by a small module that passes the
// input from memory and returns the result.

/**
 * nearcore's `le_bytes!` notation: `0x…` is a 256-bit integer written as 32
 * little-endian bytes, `Nu8` one byte.
 */
function leBytes(notation: string): Uint8Array {
  const bytes: number[] = [];
  for (const token of notation.split(/[\s,]+/).filter(Boolean)) {
    if (token.endsWith("u8")) {
      bytes.push(Number(token.slice(0, -2)));
      continue;
    }
    let value = BigInt(token);
    for (let at = 0; at < 32; at++) {
      bytes.push(Number(value & 0xffn));
      value >>= 8n;
    }
  }
  return Uint8Array.from(bytes);
}

const wabt = wabtInit();
const INPUT_AT = 1024;

/** A module whose `main` calls `fn` on `input` and returns register 0 (or the pairing result as one byte). */
async function caller(fn: string, input: Uint8Array): Promise<Uint8Array> {
  const data = Array.from(input, (byte) => `\\${byte.toString(16).padStart(2, "0")}`).join("");
  const isPairing = fn === "alt_bn128_pairing_check";
  const body = isPairing
    ? `(i64.store8 (i32.const 0) (call $host (i64.const ${input.length}) (i64.const ${INPUT_AT})))
       (call $value_return (i64.const 1) (i64.const 0))`
    : `(call $host (i64.const ${input.length}) (i64.const ${INPUT_AT}) (i64.const 0))
       (call $value_return (i64.const 0xffffffffffffffff) (i64.const 0))`;
  const source = `(module
    (import "env" "${fn}" (func $host (param i64 i64 ${isPairing ? "" : "i64"}) ${isPairing ? "(result i64)" : ""}))
    (import "env" "value_return" (func $value_return (param i64 i64)))
    (memory 1)
    (data (i32.const ${INPUT_AT}) "${data}")
    (func (export "main") ${body}))`;
  const module = (await wabt).parseWat("alt_bn128.wat", source);
  try {
    return new Uint8Array(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}

async function run(fn: string, input: Uint8Array): Promise<VMOutcome> {
  return runContract({
    code: await caller(fn, input),
    method: "main",
    context: defaultContext(),
    storage: new MapStorage(),
  });
}

async function result(fn: string, input: string): Promise<Uint8Array> {
  const outcome = await run(fn, leBytes(input));
  if (outcome.error) throw new Error(outcome.error.message);
  if (outcome.returnData.kind !== "Value") throw new Error("no value returned");
  return outcome.returnData.data;
}

async function errorOf(fn: string, input: Uint8Array): Promise<string | undefined> {
  return (await run(fn, input)).error?.message;
}

const P1 =
  "0x2d6b17489d86fcd5f91e8e92eb55081d8cb4413e408047249ef4fb5baa1b518b 0x1e4d0a30dbadd9dad40f7847c7013754ded8d0371c052d19f01453f4ae1506d7";
const THREE_POINTS = [
  "0x26a1602aeb36e32dd1c534b1c014e920b138f4a8b87f2833ea6051c8cbd5eea2 0x01eb929f0ab6720df89837a84f2787d6d8a8bd97e0daab0576321d85143633ee",
  "0x15ad51e3d708bdf9ae99a3732af9354cc7b0f2ce71832b958b3e9b0215e63578 0x231d7b68932527abdeb71488bd5c1e339306c10490d3c65f7daaa651a367c618",
  "0x1302ac2f870ef22bdec4cd48058f309bcef761a7b40f78744157f3bbf25a016d 0x0c75e87050e62a4c3bf1e261da5a0f11c7ccaa090a0585365658f7a2b4b96fee",
];
const THREE_POINTS_SUM =
  "0x2ee5c54dee890fb79c9964f7a08c7295111990435dc3adff9fb6d63aadded21f 0x2c3fa1abf295e7df565379efcdb0398d08fc959a0a7e5d3f30118fefe9450a67";
const Q1 =
  "0x12b453155ca3be5d0b14a4804cc39a0b4635b06d512735350cd031051644d3ec 0x2944829dcfa7dd72bb04d12e46869e6a6c8162698f9a6c35724f91f597e25fc4";

test("g1_multiexp: nearcore's vectors", async (t) => {
  t.deepEqual(await result("alt_bn128_g1_multiexp", ""), leBytes("0x0 0x0"));
  t.deepEqual(await result("alt_bn128_g1_multiexp", `${P1} 0x1`), leBytes(P1));
  t.deepEqual(
    await result(
      "alt_bn128_g1_multiexp",
      `${Q1} 0x112b450c0769c7cd80ffa552aaab2153adb5646664ee091639784a7f887411f7
       0x032b2c8b9f1e7f5e53c262ae87ccd1366df1af019f2dbfe1a58a6749ba4b923f 0x0017741cde8d55ccce3a1dac210f531d22f574885226ea46fbbce4a4c75f7ed8 0x19e4956d3cf5e04f938bc9dee72f2fcab15934c7e0450ae15afee161606b071a`,
    ),
    leBytes(
      "0x2923a9d452a047e0f24ab419d7893ecbf0c32a842afd88f991a6723decba82aa 0x2e3a00f94191675c0730510133c2fca248160750d87b5157c534146d4d260b61",
    ),
  );
  t.deepEqual(
    await result("alt_bn128_g1_multiexp", THREE_POINTS.map((point) => `${point} 0x1`).join(" ")),
    leBytes(THREE_POINTS_SUM),
  );
});

test("g1_sum: nearcore's vectors", async (t) => {
  t.deepEqual(await result("alt_bn128_g1_sum", ""), leBytes("0x0 0x0"));
  t.deepEqual(await result("alt_bn128_g1_sum", `0u8 ${P1}`), leBytes(P1));
  t.deepEqual(
    await result(
      "alt_bn128_g1_sum",
      `0u8 ${Q1} 1u8 0x032b2c8b9f1e7f5e53c262ae87ccd1366df1af019f2dbfe1a58a6749ba4b923f 0x304cda5602a44a5cea16280a60720540748bf609164ae0464063a772111d7e6f`,
    ),
    leBytes(
      "0x1e2e53eecef3185d5c874e783cb184d302692a22c20f5f3b3993882e184d8fe8 0x03fc2454d3d88f9eac441e9b85a9041e925f30cca7a82d039d1ffb582bfb2004",
    ),
  );
  t.deepEqual(
    await result("alt_bn128_g1_sum", THREE_POINTS.map((point) => `0u8 ${point}`).join(" ")),
    leBytes(THREE_POINTS_SUM),
  );
  t.deepEqual(await result("alt_bn128_g1_sum", `0u8 ${P1} 1u8 ${P1}`), leBytes("0x0 0x0"), "P - P is infinity");
});

const PAIRING_G1_A =
  "0x0763111c06b5066cc812f8e058d5b82a7bc356c83a1a5ab743ea4e7163d90a75 0x041068a8ed41f6755c1ad2d30aacc3974a4fae3293aee34c7103b4c073358624";
const PAIRING_G2_A =
  "0x291aea4fac742aaf8772caa00c8763d509c3d6f20d1be64d73c10d06db031a01 0x1de7a958e4adb3a128cd3b942b13bc85ee4124f0dee6f4266b39707c81c06fd4 0x1e2d816ba8b96e5cb444883a2b095533becb805c654418fa2c65bba533a34311 0x195dd519dc841a301a14de412c520b858c01ccc7ba0bd4177dd85d4b116416bb";
const PAIRING_G1_B =
  "0x1f1cebcff0a999ffa7c1b582e9afd6c875760fde2679e9fd830bf3979504b04f 0x179fe95fb3fb3807ebbad5ed2b40ddd06f7b73525382a64a43489606b3454a53";
const PAIRING_G2_B =
  "0x201eef3c872a7313da79f6aa628cc9795314fbac78484fdae2eba5086755ad6d 0x204e0376b942fe92ba6e2746d07d62f5dede7b8b6e172fa89ea0c5c4ccabaa31 0x00e9f62300f921f5d4f2f7008aec59449a3f5e75add585ec4eccf04f5dc5b32f 0x17c150f0fb2ff472816b41868b98b9170233ee4647fe4bc41a1336c9a2c6567c";

test("pairing_check: nearcore's vectors, true and false", async (t) => {
  t.deepEqual(await result("alt_bn128_pairing_check", ""), Uint8Array.of(1));
  t.deepEqual(
    await result("alt_bn128_pairing_check", `${PAIRING_G1_A} ${PAIRING_G2_A} ${PAIRING_G1_B} ${PAIRING_G2_B}`),
    Uint8Array.of(1),
  );
  t.deepEqual(
    await result("alt_bn128_pairing_check", `${PAIRING_G1_A} ${PAIRING_G2_A} ${PAIRING_G1_A} ${PAIRING_G2_B}`),
    Uint8Array.of(0),
  );
  t.deepEqual(
    await result("alt_bn128_pairing_check", `0x0 0x0 ${PAIRING_G2_A}`),
    Uint8Array.of(1),
    "a pair with infinity contributes one",
  );
});

test("invalid inputs fail with nearcore's AltBn128InvalidInput texts", async (t) => {
  const ascii = new TextEncoder().encode("XXXX");
  t.is(
    await errorOf("alt_bn128_g1_multiexp", ascii),
    "AltBn128 invalid input: slice of size 4 cannot be precisely split into chunks of size 96",
  );
  t.is(
    await errorOf("alt_bn128_g1_sum", Uint8Array.of(92)),
    "AltBn128 invalid input: slice of size 1 cannot be precisely split into chunks of size 65",
  );
  t.is(
    await errorOf("alt_bn128_pairing_check", ascii),
    "AltBn128 invalid input: slice of size 4 cannot be precisely split into chunks of size 192",
  );

  const offCurve = leBytes("0x111 0x222");
  t.is(
    await errorOf("alt_bn128_g1_sum", Uint8Array.of(0, ...offCurve)),
    `AltBn128 invalid input: invalid g1: [11, 1, ${"0, ".repeat(30)}22, 2${", 0".repeat(30)}]`,
  );
  t.is(
    await errorOf("alt_bn128_g1_sum", Uint8Array.of(92, ...leBytes(Q1))),
    "AltBn128 invalid input: invalid bool: [5C]",
  );
  t.is(
    await errorOf("alt_bn128_g1_multiexp", leBytes(`${Q1} 0x${"f".repeat(64)}`)),
    `AltBn128 invalid input: invalid fr: [${Array(32).fill("FF").join(", ")}]`,
  );
  t.is(
    await errorOf("alt_bn128_g1_multiexp", leBytes(`0x${"f".repeat(64)} 0x0 0x1`)),
    `AltBn128 invalid input: invalid fq: [${Array(32).fill("FF").join(", ")}]`,
  );
  const g2OffCurve = leBytes("0x0 0x0 0x0 0x0 0x0 0x111");
  t.regex(
    (await errorOf("alt_bn128_pairing_check", g2OffCurve)) ?? "",
    /^AltBn128 invalid input: invalid g2: \[0, 0, .*11, 1, 0, .*\]$/,
  );
  t.deepEqual((await run("alt_bn128_g1_sum", Uint8Array.of(92))).logs, []);
});

test("costs: the base once and the element cost per element, under nearcore's profile names", async (t) => {
  const two = await run("alt_bn128_g1_sum", leBytes(`0u8 ${P1} 1u8 ${P1}`));
  const profile = new Map(two.gasProfile.map((entry) => [entry.cost, BigInt(entry.gas_used)]));
  t.is(profile.get("ALT_BN128_G1_SUM_BASE"), EXT_COSTS.alt_bn128_g1_sum_base.gas);
  t.is(profile.get("ALT_BN128_G1_SUM_ELEMENT"), 2n * EXT_COSTS.alt_bn128_g1_sum_element.gas);

  const pairing = await run("alt_bn128_pairing_check", leBytes(`${PAIRING_G1_A} ${PAIRING_G2_A}`));
  const pairingProfile = new Map(pairing.gasProfile.map((entry) => [entry.cost, BigInt(entry.gas_used)]));
  t.is(pairingProfile.get("ALT_BN128_PAIRING_CHECK_BASE"), EXT_COSTS.alt_bn128_pairing_check_base.gas);
  t.is(pairingProfile.get("ALT_BN128_PAIRING_CHECK_ELEMENT"), EXT_COSTS.alt_bn128_pairing_check_element.gas);

  const multiexp = await run("alt_bn128_g1_multiexp", leBytes(`${P1} 0x2`));
  const multiexpProfile = new Map(multiexp.gasProfile.map((entry) => [entry.cost, BigInt(entry.gas_used)]));
  t.is(multiexpProfile.get("ALT_BN128_G1_MULTIEXP_BASE"), EXT_COSTS.alt_bn128_g1_multiexp_base.gas);
  t.is(multiexpProfile.get("ALT_BN128_G1_MULTIEXP_ELEMENT"), EXT_COSTS.alt_bn128_g1_multiexp_element.gas);

  const split = await run("alt_bn128_g1_multiexp", Uint8Array.of(1, 2, 3));
  const splitProfile = new Map(split.gasProfile.map((entry) => [entry.cost, BigInt(entry.gas_used)]));
  t.is(splitProfile.get("ALT_BN128_G1_MULTIEXP_BASE"), EXT_COSTS.alt_bn128_g1_multiexp_base.gas);
  t.false(splitProfile.has("ALT_BN128_G1_MULTIEXP_ELEMENT"), "no element cost when the input does not split");
});
