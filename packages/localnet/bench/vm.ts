/**
 * bench:vm — for the host-probe fixture's cheapest call (a view returning a
 * constant) and a storage-writing call: total gas, the per-category gas
 * profile, and wall time per call, cold (first call of the code: validate,
 * instrument, compile) and warm (median of repeated calls). The last line
 * printed is the JSON of the figures.
 */
import { defaultContext } from "../src/vm/context.ts";
import { clearPreparedContracts } from "../src/vm/prepare.ts";
import { runContract, type VMOutcome } from "../src/vm/runner.ts";
import { MapStorage } from "../src/vm/storage.ts";
import { fixtureWasm } from "../test/helpers.ts";

const WARM_RUNS = 30;

interface Scenario {
  name: string;
  method: string;
  args: unknown;
  isView: boolean;
}

const scenarios: Scenario[] = [
  { name: "cheapest_view", method: "ping", args: {}, isView: true },
  { name: "storage_write", method: "write_entries", args: { count: 10, size: 100 }, isView: false },
];

function run(code: Uint8Array, scenario: Scenario): { outcome: VMOutcome; ms: number } {
  const start = performance.now();
  const outcome = runContract({
    code,
    method: scenario.method,
    context: defaultContext({ input: Buffer.from(JSON.stringify(scenario.args)), isView: scenario.isView }),
    storage: new MapStorage(),
  });
  const ms = performance.now() - start;
  if (outcome.error) throw new Error(`${scenario.name} failed: ${outcome.error.message}`);
  return { outcome, ms };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const code = await fixtureWasm("host-probe");
const figures: Record<string, unknown> = {};

for (const scenario of scenarios) {
  clearPreparedContracts();
  const cold = run(code, scenario);
  const warm = Array.from({ length: WARM_RUNS }, () => run(code, scenario).ms);
  const { outcome } = cold;
  console.log(
    `${scenario.name} (${scenario.method}): gas burnt ${outcome.burntGas} (${(Number(outcome.burntGas) / 1e12).toFixed(3)} TGas)`,
  );
  for (const entry of outcome.gasProfile)
    console.log(`  ${entry.cost_category.padEnd(15)} ${entry.cost.padEnd(28)} ${entry.gas_used}`);
  console.log(
    `  wall: cold ${cold.ms.toFixed(1)} ms, warm median ${median(warm).toFixed(2)} ms over ${WARM_RUNS} calls`,
  );
  figures[scenario.name] = {
    gas_burnt: outcome.burntGas.toString(),
    gas_profile: Object.fromEntries(outcome.gasProfile.map((entry) => [entry.cost, entry.gas_used])),
    cold_ms: Number(cold.ms.toFixed(1)),
    warm_median_ms: Number(median(warm).toFixed(2)),
  };
}
console.log(JSON.stringify(figures));
