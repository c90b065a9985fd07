/**
 * `npm run bench:phases [-- <token.wasm>...]`: where a token `ft_transfer`
 * spends its WASM_INSTRUCTION gas, phase by phase, for each wasm given, or
 * by default for the plain and the pre-initialised build of
 * contracts/token (built here, from the toolchain's cache when warm).
 *
 * The VM settles the gas the instrumented code burnt before every host
 * call, so the wasm gas between two host calls is one phase of the call;
 * each phase is named by the host function that ends it (the one whose
 * first fee follows). This reads those settlements by wrapping the VM's
 * GasCounter methods for the duration of the measured call: a measurement
 * of the real VM, not a model of it. The call is the second transfer
 * between the two holders of a freshly initialised token (the first warms
 * nothing, every call is a fresh instance; it makes the records non-empty).
 * The last line is the JSON.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultContext, MapStorage, runContract, type VMOutcome } from "@modelfund/near-localnet";
import { GasCounter } from "../../localnet/src/vm/gas-counter.ts";
import { buildContracts } from "../src/index.ts";

const TGAS = 10n ** 12n;
const TOKEN = "token.test.near";

interface Phase {
  /** The host function that ends the phase ("end": the method returned). */
  until: string;
  gas: bigint;
}

let phases: Phase[] | undefined;
let pending = 0n;
const counter = GasCounter.prototype as unknown as {
  payWasmGas(gas: bigint): void;
  pay(cost: string, count?: bigint): void;
};
const payWasmGas = counter.payWasmGas;
counter.payWasmGas = function (this: GasCounter, gas: bigint) {
  if (phases) pending += gas;
  payWasmGas.call(this, gas);
};
const pay = counter.pay;
counter.pay = function (this: GasCounter, cost: string, count?: bigint) {
  // A host function pays its `*_base` fee first; contract loading is paid before any wasm runs.
  if (phases && cost.endsWith("_base") && !cost.startsWith("contract_loading") && pending > 0n) {
    phases.push({ until: cost.replace(/_base$/, ""), gas: pending });
    pending = 0n;
  }
  pay.call(this, cost, count);
};

function runner(wasm: Uint8Array) {
  const storage = new MapStorage();
  return (method: string, args: unknown, caller: string, deposit: bigint): VMOutcome => {
    const outcome = runContract({
      code: wasm,
      method,
      context: defaultContext({
        currentAccountId: TOKEN,
        predecessorAccountId: caller,
        signerAccountId: caller,
        input: Buffer.from(JSON.stringify(args)),
        attachedDeposit: deposit,
      }),
      storage,
    });
    if (outcome.error) throw new Error(`${method} failed: ${JSON.stringify(outcome.error)}`);
    for (const change of outcome.storageChanges) {
      if (change.value === null) storage.remove(change.key);
      else storage.set(change.key, change.value);
    }
    return outcome;
  };
}

function measure(file: string) {
  const call = runner(readFileSync(file));
  call(
    "init",
    {
      owner_id: "owner.test.near",
      metadata: {
        spec: "ft-1.0.0",
        name: "T",
        symbol: "T",
        icon: null,
        reference: null,
        reference_hash: null,
        decimals: 18,
      },
      max_supply: "2000",
      allocations: [
        { account_id: "alice.test.near", amount: "1000" },
        { account_id: "bob.test.near", amount: "1000" },
      ],
      timelock_delay_ns: "0",
      revenue_token_id: null,
      sale_contract_id: null,
    },
    "owner.test.near",
    0n,
  );
  const transfer = { receiver_id: "bob.test.near", amount: "1" };
  call("ft_transfer", transfer, "alice.test.near", 1n);
  phases = [];
  pending = 0n;
  const outcome = call("ft_transfer", transfer, "alice.test.near", 1n);
  phases.push({ until: "end", gas: pending });
  const measured = phases;
  phases = undefined;
  const byCost = (name: string) => BigInt(outcome.gasProfile.find((entry) => entry.cost === name)?.gas_used ?? "0");
  return {
    burnt: outcome.burntGas,
    loading: byCost("CONTRACT_LOADING_BYTES"),
    wasm: byCost("WASM_INSTRUCTION"),
    phases: measured.filter((phase) => phase.gas * 1000n >= TGAS),
  };
}

function tgas(gas: bigint): string {
  const thousandths = (gas * 1000n + TGAS / 2n) / TGAS;
  return `${thousandths / 1000n}.${(thousandths % 1000n).toString().padStart(3, "0")}`;
}

/** The token built plain and pre-initialised, same sources. */
async function tokenBuilds(): Promise<string[]> {
  const entry = join(import.meta.dirname, "../../../contracts/token/index.ts");
  const outputs: string[] = [];
  for (const snapshot of [false, true]) {
    const output = join(mkdtempSync(join(tmpdir(), "bench-phases-")), `token-${snapshot ? "snapshot" : "plain"}.wasm`);
    await buildContracts([{ name: "token", entry, output }], { snapshot, skipTypecheck: true, abi: false });
    outputs.push(output);
  }
  return outputs;
}

const files = process.argv.length > 2 ? process.argv.slice(2) : await tokenBuilds();
const results = files.map((file) => ({ file, ...measure(file) }));
for (const result of results) {
  console.log(
    `${result.file}: burnt ${tgas(result.burnt)} TGas (loading per byte ${tgas(result.loading)}, wasm ${tgas(result.wasm)})`,
  );
  for (const phase of result.phases) console.log(`  ${tgas(phase.gas).padStart(7)}  until ${phase.until}`);
}
console.log(
  JSON.stringify(
    results.map((result) => ({
      file: result.file,
      burnt: result.burnt.toString(),
      contract_loading_bytes: result.loading.toString(),
      wasm_instruction: result.wasm.toString(),
      phases: result.phases.map((phase) => ({ until: phase.until, gas: phase.gas.toString() })),
    })),
  ),
);
