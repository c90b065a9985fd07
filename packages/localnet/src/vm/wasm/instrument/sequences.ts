/**
 * The code the instrumentation inserts, as byte sequences: gas charges
 * (with or without a check), linear charges, the stack budget's charge and
 * release, and the capture of call_indirect's element index.
 *
 * Charges decrement the gas global, which holds the gas the call may still
 * burn. nearcore checks every charge (its `finite_wasm_gas` import fails
 * when the fee exceeds what is left). Here only the charges at the head of
 * a loop that is branched to, and the linear charges, check the global and
 * execute `unreachable` when it went negative; every other way the code can
 * have an effect or end — a host call, a trap, returning — first settles
 * the global with the GasCounter on the host side (prepare.ts), which then
 * fails with GasExceeded / GasLimitExceeded exactly as nearcore does at the
 * charge that ran out: no host function runs after it, the same gas is
 * burnt and the same error reported. Only wall time differs: the straight
 * line between the charge that ran out and the next check still runs.
 * Checking less often makes metered code about twice as fast.
 */

import { Writer } from "../bytes.ts";
import * as opcodes from "../opcodes.ts";
import { EMPTY_BLOCK_TYPE } from "../types.ts";

// Imported names bound once: under tsx's CommonJS transform every use of an imported
// name is a getter call, which the per-instruction paths pay until V8 optimises them.
const { Opcode } = opcodes;

function globalAccess(opcode: number, global: number): Uint8Array {
  return new Writer(6).byte(opcode).u32(global).finish().slice();
}

export class InstrumentWriter extends Writer {
  private readonly getGas: Uint8Array;
  private readonly setGas: Uint8Array;

  /** `charges`: encoded charge sequences by fee (negative: checked), shared by a module's bodies. */
  constructor(
    gasGlobal: number,
    private readonly charges: Map<number, Uint8Array>,
  ) {
    super(256);
    this.getGas = globalAccess(Opcode.GlobalGet, gasGlobal);
    this.setGas = globalAccess(Opcode.GlobalSet, gasGlobal);
  }

  /** `global.get; i64.const 0; i64.lt_s; if; unreachable; end`: traps if the i64 global is negative. */
  private trapIfNegative(getGlobal: Uint8Array | readonly number[]): this {
    this.bytes(getGlobal).byte(Opcode.I64Const).byte(0x00).byte(Opcode.I64LtS);
    return this.byte(Opcode.If).byte(EMPTY_BLOCK_TYPE).byte(Opcode.Unreachable).byte(Opcode.End);
  }

  /** gas -= fee, and with `check`: if gas < 0 { unreachable } */
  charge(fee: number, check: boolean): void {
    if (fee === 0) return;
    const key = check ? -fee : fee;
    let sequence = this.charges.get(key);
    if (!sequence) {
      const sequenceStart = this.length;
      this.bytes(this.getGas).byte(Opcode.I64Const).signed(BigInt(fee)).byte(Opcode.I64Sub).bytes(this.setGas);
      if (check) this.trapIfNegative(this.getGas);
      sequence = this.finish().slice(sequenceStart);
      this.charges.set(key, sequence);
      return;
    }
    this.bytes(sequence);
  }

  /** The same with fee = constant + n × linear, n being the i32 on top of the stack (kept there). */
  linearCharge(constant: number, linear: number, countLocal: number, feeLocal: number): void {
    this.byte(Opcode.LocalTee).u32(countLocal).byte(Opcode.I64ExtendI32U);
    this.byte(Opcode.I64Const).signed(BigInt(linear)).byte(Opcode.I64Mul);
    this.byte(Opcode.I64Const).signed(BigInt(constant)).byte(Opcode.I64Add);
    this.byte(Opcode.LocalSet).u32(feeLocal);
    this.bytes(this.getGas).byte(Opcode.LocalGet).u32(feeLocal).byte(Opcode.I64Sub).bytes(this.setGas);
    this.trapIfNegative(this.getGas);
    this.byte(Opcode.LocalGet).u32(countLocal);
  }

  /**
   * stack -= charge; if stack < 0 { unreachable } — finite-wasm's stack check at function
   * entry (nearcore then fails with HostError MemoryAccessViolation, see prepare.ts).
   */
  stackCharge(global: number, charge: number): void {
    const getStack = globalAccess(Opcode.GlobalGet, global);
    this.bytes(getStack).byte(Opcode.I64Const).signed(BigInt(charge)).byte(Opcode.I64Sub);
    this.bytes(globalAccess(Opcode.GlobalSet, global));
    this.trapIfNegative(getStack);
  }

  /** stack += charge */
  stackRelease(global: number, charge: number): void {
    this.byte(Opcode.GlobalGet).u32(global).byte(Opcode.I64Const).signed(BigInt(charge)).byte(Opcode.I64Add);
    this.byte(Opcode.GlobalSet).u32(global);
  }

  /** global.set $indirect; global.get $indirect — records the i32 on top of the stack. */
  captureIndex(global: number): void {
    this.byte(Opcode.GlobalSet).u32(global).byte(Opcode.GlobalGet).u32(global);
  }
}
