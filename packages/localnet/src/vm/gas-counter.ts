import { type HostError, hostErrors } from "./errors.ts";
import type { ActionCostName, ExtCostName, RuntimeCosts } from "./costs.ts";

/** One row of a neard gas profile. */
export interface GasProfileEntry {
  cost_category: "WASM_HOST_COST" | "ACTION_COST";
  cost: string;
  gas_used: string;
}

/**
 * Gas accounting of one function call, as nearcore's GasCounter keeps it:
 * burnt gas (spent here) and used gas (burnt plus gas handed to the receipts
 * this call creates), bounded by the prepaid gas and by max_gas_burnt.
 * Invariant: burnt ≤ used ≤ prepaid (views: no prepaid bound), burnt ≤ max_gas_burnt.
 */
export class GasCounter {
  burnt = 0n;
  /** Gas prepaid to created receipts and their execution fees: used − burnt. */
  promises = 0n;
  private readonly profile = new Map<string, bigint>();

  constructor(
    readonly costs: RuntimeCosts,
    readonly prepaid: bigint,
    readonly maxGasBurnt: bigint,
    readonly isView: boolean,
  ) {}

  get used(): bigint {
    return this.burnt + this.promises;
  }

  /** Burns `burn` and uses `use` (use ≥ burn), or fails with GasExceeded / GasLimitExceeded. */
  deduct(burn: bigint, use: bigint): void {
    const newBurnt = this.burnt + burn;
    const newUsed = this.used + use;
    if (newBurnt <= this.maxGasBurnt && (this.isView || newUsed <= this.prepaid)) {
      this.burnt = newBurnt;
      this.promises = newUsed - newBurnt;
      return;
    }
    throw this.exhaust(newBurnt, newUsed);
  }

  /** Never burns more than was paid for; like nearcore, keeps the promise part it cannot refund. */
  private exhaust(newBurnt: bigint, newUsed: bigint): HostError {
    const hardLimit = this.isView ? this.maxGasBurnt : min(this.prepaid, this.maxGasBurnt);
    const burnt = min(newBurnt, hardLimit);
    const usedLimit = this.isView ? this.maxGasBurnt : this.prepaid;
    this.promises = min(newUsed, usedLimit) - burnt;
    this.burnt = burnt;
    return newBurnt > this.maxGasBurnt ? hostErrors.gasLimitExceeded() : hostErrors.gasExceeded();
  }

  /**
   * Gas wasm code may still burn before a limit is hit: the room under
   * max_gas_burnt and, for non-view calls, under the prepaid gas (used gas
   * counts there). nearcore's GasCounter::remaining_gas, which the
   * instrumented code's gas global is set to.
   */
  remainingWasmGas(): bigint {
    const burnRoom = this.maxGasBurnt - this.burnt;
    if (this.isView) return burnRoom;
    return min(burnRoom, this.prepaid - this.used);
  }

  /** Burns gas consumed by instrumented wasm code (WASM_INSTRUCTION), or fails like deduct. */
  payWasmGas(gas: bigint): void {
    this.chargeWithProfile("WASM_HOST_COST", "WASM_INSTRUCTION", gas);
  }

  payWasm(ops: bigint): void {
    const gas = ops * this.costs.regularOpCost;
    this.chargeWithProfile("WASM_HOST_COST", "WASM_INSTRUCTION", gas);
  }

  /** Charges an ext cost `count` times (default once). */
  pay(cost: ExtCostName, count: bigint = 1n): void {
    const entry = this.costs.ext[cost];
    this.chargeWithProfile("WASM_HOST_COST", entry.profileName, entry.gas * count);
  }

  /**
   * Charges an action: its send fee is burnt now, its execution fee is
   * prepaid for the receipt that will run it.
   */
  payAction(action: ActionCostName, sirReceiver: boolean, count: bigint = 1n): void {
    const fee = this.costs.actions[action];
    const burn = (sirReceiver ? fee.sendSir : fee.sendNotSir) * count;
    this.charge("ACTION_COST", fee.profileName, burn, burn + fee.execution * count);
  }

  /**
   * Charges a new action receipt and, per receipt it waits on, a data receipt.
   * Data receipts are created and executed by the runtime on this call's
   * behalf, so both their fees are burnt now; nearcore books the whole sum
   * under NEW_ACTION_RECEIPT.
   */
  payNewReceipt(sirReceiver: boolean, dependencySir: readonly boolean[]): void {
    const receipt = this.costs.actions.new_action_receipt;
    const data = this.costs.actions.new_data_receipt_base;
    let burn = sirReceiver ? receipt.sendSir : receipt.sendNotSir;
    for (const sir of dependencySir) burn += (sir ? data.sendSir : data.sendNotSir) + data.execution;
    this.charge("ACTION_COST", receipt.profileName, burn, burn + receipt.execution);
  }

  /** Attaches gas to a created function call: used, not burnt. */
  prepay(gas: bigint): void {
    this.deduct(0n, gas);
  }

  private chargeWithProfile(category: GasProfileEntry["cost_category"], name: string, gas: bigint): void {
    this.charge(category, name, gas, gas);
  }

  /** Deducts and attributes what was actually burnt to `name`, also when the limit cuts it short. */
  private charge(category: GasProfileEntry["cost_category"], name: string, burn: bigint, use: bigint): void {
    const before = this.burnt;
    try {
      this.deduct(burn, use);
    } finally {
      const key = `${category}/${name}`;
      this.profile.set(key, (this.profile.get(key) ?? 0n) + (this.burnt - before));
    }
  }

  /** The profile in neard's form: only costs that were charged, in a stable order. */
  gasProfile(): GasProfileEntry[] {
    return [...this.profile.entries()]
      .filter(([, gas]) => gas > 0n)
      .map(([key, gas]) => {
        const [category, cost] = key.split("/") as [GasProfileEntry["cost_category"], string];
        return { cost_category: category, cost, gas_used: gas.toString() };
      })
      .sort((a, b) => (a.cost_category + a.cost).localeCompare(b.cost_category + b.cost));
  }
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
