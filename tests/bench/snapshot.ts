/**
 * `npm run bench:snapshot`: plain versus pre-initialised builds, side by
 * side. Both builds of the minimal fixture, the token, the sale and the
 * vault come from the toolchain into temporary folders (same sources, only
 * the snapshot option differs); then:
 *
 * - the cheapest view (the minimal fixture's `ping`) in the contract VM;
 * - wasm size, and deploy gas (the whole deploy transaction) and storage
 *   staking (the account's storage growth × NEAR's 10^19 yoctoNEAR per byte)
 *   on the local chain;
 * - the token's and the sale's gas, by running bench:token and bench:sale
 *   once per build (MODELFUND_CONTRACTS_DIR points them at it) and taking
 *   their JSON: ft_transfer, ft_transfer_call, claim_revenue (own receipt,
 *   10 holders), the NEAR purchase and the stablecoin purchase (whole
 *   transaction).
 *
 * Each figure is printed with its target; the last line is the JSON.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultContext, MapStorage, runContract } from "@modelfund/near-localnet";
import { buildContracts, type ContractTarget } from "@modelfund/near-toolchain";
import { REPO_ROOT } from "../helpers/contracts.ts";
import { startWorker } from "../helpers/workspace.ts";

process.env.NEAR_WORKSPACES_NO_LOGS ??= "1";

const MODES = ["plain", "snapshot"] as const;
type Mode = (typeof MODES)[number];
const SUITE = ["token", "sale", "vault"];
const TGAS = 10n ** 12n;
const YOCTO_PER_BYTE = 10n ** 19n;
const YOCTO_PER_NEAR = 10n ** 24n;
const MAX_WASM_BYTES = 2 * 1024 * 1024;

/** Gas as TGas with three decimals, from the integer: no floating point on the way. */
function tgas(gas: bigint): string {
  const thousandths = (gas * 1000n + TGAS / 2n) / TGAS;
  return `${thousandths / 1000n}.${(thousandths % 1000n).toString().padStart(3, "0")}`;
}

function near(yocto: bigint): string {
  const thousandths = (yocto * 1000n) / YOCTO_PER_NEAR;
  return `${thousandths / 1000n}.${(thousandths % 1000n).toString().padStart(3, "0")}`;
}

async function buildBoth(): Promise<Record<Mode, string>> {
  const dirs = {} as Record<Mode, string>;
  for (const mode of MODES) {
    const dir = mkdtempSync(join(tmpdir(), `bench-snapshot-${mode}-`));
    const targets: ContractTarget[] = [
      {
        name: "minimal",
        entry: join(REPO_ROOT, "packages/toolchain/test/fixtures/minimal.ts"),
        output: join(dir, "minimal.wasm"),
      },
      ...SUITE.map((name) => ({
        name,
        entry: join(REPO_ROOT, "contracts", name, "index.ts"),
        output: join(dir, `${name}.wasm`),
      })),
    ];
    await buildContracts(targets, {
      snapshot: mode === "snapshot",
      skipTypecheck: true,
      abi: false,
      // The toolchain's default cache: build time is bench:build's figure, not this one's.
      log: (line) => console.log(`  ${mode}: ${line}`),
    });
    dirs[mode] = dir;
  }
  return dirs;
}

function cheapestView(dir: string): bigint {
  const outcome = runContract({
    code: readFileSync(join(dir, "minimal.wasm")),
    method: "ping",
    context: defaultContext({ input: Buffer.from("{}"), isView: true }),
    storage: new MapStorage(),
  });
  if (outcome.error) throw new Error(`ping failed: ${outcome.error.message}`);
  return outcome.burntGas;
}

interface DeployFigure {
  bytes: number;
  deploy_gas: string;
  storage_bytes: string;
  staking_yocto: string;
}

type Outcome = {
  result: {
    transaction_outcome: { outcome: { gas_burnt: number } };
    receipts_outcome: Array<{ outcome: { gas_burnt: number } }>;
  };
};

async function deployFigures(dirs: Record<Mode, string>): Promise<Record<Mode, Record<string, DeployFigure>>> {
  const worker = await startWorker();
  try {
    const figures = { plain: {}, snapshot: {} } as Record<Mode, Record<string, DeployFigure>>;
    for (const mode of MODES) {
      for (const name of SUITE) {
        const wasm = readFileSync(join(dirs[mode], `${name}.wasm`));
        const account = await worker.rootAccount.createSubAccount(`${name}-${mode}`, {
          initialBalance: 100n * YOCTO_PER_NEAR,
        });
        const before = BigInt((await account.accountView()).storage_usage);
        const result = (await account.deploy(wasm)) as unknown as Outcome;
        const after = BigInt((await account.accountView()).storage_usage);
        const gas =
          BigInt(result.result.transaction_outcome.outcome.gas_burnt) +
          result.result.receipts_outcome.reduce((sum, receipt) => sum + BigInt(receipt.outcome.gas_burnt), 0n);
        figures[mode][name] = {
          bytes: wasm.length,
          deploy_gas: gas.toString(),
          storage_bytes: (after - before).toString(),
          staking_yocto: ((after - before) * YOCTO_PER_BYTE).toString(),
        };
      }
    }
    return figures;
  } finally {
    await worker.tearDown();
  }
}

/** Runs another bench on the wasm in `dir` and returns the JSON of its last line. */
function benchJson(script: string, dir: string): Record<string, unknown> {
  const output = execFileSync(process.execPath, ["--import", "tsx", join(REPO_ROOT, "tests/bench", script)], {
    cwd: REPO_ROOT,
    env: { ...process.env, MODELFUND_CONTRACTS_DIR: dir },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = output.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

interface TokenFigure {
  gas: string;
}
interface SaleFigure {
  total: number;
}

const dirs = await buildBoth();
const rows: Array<{ figure: string; plain: bigint; snapshot: bigint; target: bigint | undefined }> = [];
rows.push({
  figure: "cheapest view (minimal ping)",
  plain: cheapestView(dirs.plain),
  snapshot: cheapestView(dirs.snapshot),
  target: 2_500_000_000_000n,
});

const token = Object.fromEntries(MODES.map((mode) => [mode, benchJson("token.ts", dirs[mode])])) as Record<
  Mode,
  { holders_10: Record<string, TokenFigure> }
>;
const tokenTargets: Record<string, bigint> = {
  ft_transfer: 8n * TGAS,
  ft_transfer_call: 9n * TGAS,
  claim_revenue: 8n * TGAS,
};
for (const [operation, target] of Object.entries(tokenTargets)) {
  rows.push({
    figure: `token ${operation} (own receipt)`,
    plain: BigInt(token.plain.holders_10[operation].gas),
    snapshot: BigInt(token.snapshot.holders_10[operation].gas),
    target,
  });
}
const sale = Object.fromEntries(MODES.map((mode) => [mode, benchJson("sale.ts", dirs[mode])])) as Record<
  Mode,
  Record<string, SaleFigure>
>;
const saleTargets: Record<string, [string, bigint]> = {
  near_purchase: ["sale NEAR purchase (transaction)", 10n * TGAS],
  ft_purchase: ["sale stablecoin purchase (transaction)", 35n * TGAS],
};
for (const [operation, [figure, target]] of Object.entries(saleTargets)) {
  rows.push({
    figure,
    plain: BigInt(sale.plain[operation].total),
    snapshot: BigInt(sale.snapshot[operation].total),
    target,
  });
}
const deploys = await deployFigures(dirs);

console.log(`${"figure".padEnd(42)} ${"plain TGas".padStart(11)} ${"snapshot TGas".padStart(14)}  target`);
let missed = 0;
for (const row of rows) {
  const met = row.target === undefined || row.snapshot <= row.target;
  if (!met) missed++;
  const target = row.target === undefined ? "" : `≤ ${tgas(row.target)} ${met ? "met" : "MISSED"}`;
  console.log(`${row.figure.padEnd(42)} ${tgas(row.plain).padStart(11)} ${tgas(row.snapshot).padStart(14)}  ${target}`);
}
console.log(
  `${"contract".padEnd(10)} ${"wasm bytes (plain → snapshot)".padEnd(32)} ${"deploy TGas".padEnd(18)} staking NEAR`,
);
for (const name of SUITE) {
  const [before, after] = [deploys.plain[name], deploys.snapshot[name]];
  if (after.bytes > MAX_WASM_BYTES) missed++;
  console.log(
    `${name.padEnd(10)} ${`${before.bytes} → ${after.bytes}`.padEnd(32)} ${`${tgas(BigInt(before.deploy_gas))} → ${tgas(BigInt(after.deploy_gas))}`.padEnd(18)} ${near(BigInt(before.staking_yocto))} → ${near(BigInt(after.staking_yocto))}`,
  );
}
console.log(
  JSON.stringify({
    unit: "gas",
    gas: Object.fromEntries(
      rows.map((row) => [
        row.figure,
        { plain: row.plain.toString(), snapshot: row.snapshot.toString(), target: row.target?.toString() },
      ]),
    ),
    contracts: deploys,
    minimal_bytes: {
      plain: readFileSync(join(dirs.plain, "minimal.wasm")).length,
      snapshot: readFileSync(join(dirs.snapshot, "minimal.wasm")).length,
    },
    targets_missed: missed,
  }),
);
if (missed > 0) process.exitCode = 1;
