/**
 * The provider client: what an inference service embeds to pay its fees to
 * the router (contracts/fees) with near-api-js. It meters usage in memory
 * per stage, asks the chain for the quote, pays one period at a time in
 * NEAR or the stablecoin, and reports.
 *
 * Invariant: a period's payment has a deterministic id (stage, period start
 * and length: `periodIdOf`), and the router refuses a second payment of the
 * same (provider, stage, period_id). So a retry after a timeout or a crash
 * can never pay twice: the client reads the period's payment record before
 * sending and again after a refused or uncertain send, and reports such a
 * period as "already_paid".
 *
 * Usage taken from the meter for a period is held under that period until
 * its outcome is known, so metered usage is billed exactly once: found paid
 * with that same usage (e.g. the response of a landed payment was lost) it
 * is dropped; found paid with other usage (another instance of the service
 * paid the period first) or clearly refused by the router, it goes back into
 * the meter; when the outcome is unknown (the send or the read after it
 * threw) it stays held, and a retry of the period sends that same usage, so
 * a late landing of the first attempt and the retry cannot both count.
 */
import { type Account, actions } from "near-api-js";
import type { PaymentView, QuoteView, UsageView } from "../../contracts/fees/interface.ts";
import { failureText } from "./chain.ts";
import { periodIdOf, type Usage, usageJson } from "./provider-period.ts";

export { periodIdOf, type Usage } from "./provider-period.ts";

const TGAS = 10n ** 12n;
const GAS_FOR_PAY = 100n * TGAS;
const GAS_FOR_FT_PAY = 150n * TGAS;

export type PayAsset = "near" | "stable";

export interface PayOutcome {
  status: "paid" | "already_paid";
  stage: number;
  period_id: string;
  payment: PaymentView;
  /** Gas burnt by the transaction this call sent (0 when it sent none). */
  gas_burnt: bigint;
}

interface Sent {
  failures: string[];
  gasBurnt: bigint;
}

/** Usage accumulated per stage since it was last taken for a payment. */
export class UsageMeter {
  private readonly byStage = new Map<number, Usage>();

  add(stage: number, usage: Partial<Usage>): void {
    const current = this.peek(stage);
    for (const field of ["requests", "input_tokens", "output_tokens"] as const) {
      const value = usage[field] ?? 0n;
      if (value < 0n) throw new Error(`usage.${field} cannot be negative`);
      current[field] += value;
    }
    this.byStage.set(stage, current);
  }

  peek(stage: number): Usage {
    const found = this.byStage.get(stage);
    return found ? { ...found } : { requests: 0n, input_tokens: 0n, output_tokens: 0n };
  }

  /** Removes and returns the stage's usage (give it back with `add` if the payment fails). */
  take(stage: number): Usage {
    const usage = this.peek(stage);
    this.byStage.delete(stage);
    return usage;
  }
}

type SendResponse = Awaited<ReturnType<Account["signAndSendTransaction"]>>;

function sameUsage(recorded: PaymentView["usage"], usage: Usage): boolean {
  return (
    recorded.requests === usage.requests.toString() &&
    recorded.input_tokens === usage.input_tokens.toString() &&
    recorded.output_tokens === usage.output_tokens.toString()
  );
}

/** The failed receipts, each as the contract's own panic message, so a refusal reads as the router wrote it. */
function failuresOf(response: SendResponse): string[] {
  return response.receipts_outcome
    .map((outcome) => outcome.outcome.status as unknown)
    .filter(
      (status): status is { Failure: unknown } => typeof status === "object" && status !== null && "Failure" in status,
    )
    .map((status) => failureText(status.Failure));
}

function heldKey(stage: number, periodId: string): string {
  return `${stage}/${periodId}`;
}

export class ProviderClient {
  readonly meter = new UsageMeter();
  /** Usage taken from the meter per period (`heldKey`) whose payment's outcome is not known yet. */
  private readonly held = new Map<string, Usage>();

  constructor(
    private readonly account: Account,
    readonly feesId: string,
    readonly stableId: string | null = null,
  ) {}

  get accountId(): string {
    return this.account.accountId;
  }

  private view<T>(method: string, args: Record<string, unknown>): Promise<T> {
    return this.account.provider.callFunction({ contractId: this.feesId, method, args }) as Promise<T>;
  }

  quote(stage: number, usage: Usage): Promise<QuoteView> {
    return this.view<QuoteView>("quote", { stage, usage: usageJson(usage) });
  }

  payment(stage: number, periodId: string): Promise<PaymentView | null> {
    return this.view<PaymentView | null>("payment", { provider_id: this.accountId, stage, period_id: periodId });
  }

  async status(stages: number[]): Promise<{ provider: unknown; usage: Array<UsageView | null> }> {
    const provider = await this.view("provider", { account_id: this.accountId });
    const usage = await Promise.all(
      stages.map((stage) => this.view<UsageView | null>("usage", { provider_id: this.accountId, stage })),
    );
    return { provider, usage };
  }

  /** Registers the provider with `bond` held and `storage` for its records (yoctoNEAR); returns the gas burnt. */
  async register(
    metadata: { name: string; endpoint: string; stages: number[]; attestation_digest?: string | null },
    bond: bigint,
    storage: bigint,
  ): Promise<bigint> {
    const args = { metadata, bond: bond.toString() };
    const sent = await this.send(this.feesId, "register_provider", args, bond + storage, GAS_FOR_PAY);
    if (sent.failures.length > 0) throw new Error(`register_provider failed: ${sent.failures.join("; ")}`);
    return sent.gasBurnt;
  }

  /**
   * Pays the stage's metered usage for `periodId` at the quote read from the
   * chain (plus `tip`), in NEAR or the stablecoin; or exactly `amount` when
   * given (what the provider's own billing computed: the router refuses it
   * below the quote). An already paid period is reported as such and its
   * usage is not paid again; a period whose earlier attempt's outcome is
   * unknown is retried with the usage held for it (`heldUsage`), not with
   * the meter's newer usage.
   */
  async payPeriod(
    stage: number,
    periodId: string,
    asset: PayAsset,
    tip = 0n,
    amount: bigint | null = null,
  ): Promise<PayOutcome> {
    const key = heldKey(stage, periodId);
    const existing = await this.payment(stage, periodId);
    if (existing !== null) {
      this.settle(key, stage, existing);
      return { status: "already_paid", stage, period_id: periodId, payment: existing, gas_burnt: 0n };
    }
    const held = this.held.get(key);
    const usage = held ?? this.meter.take(stage);
    this.held.set(key, usage);
    let paying: bigint;
    const args = { stage, period_id: periodId, usage: usageJson(usage) };
    try {
      const quote = await this.quote(stage, usage);
      const price = asset === "near" ? quote.near : quote.stable;
      if (price === null) throw new Error(`Stage ${stage} has no ${asset} price`);
      if (asset === "stable" && this.stableId === null) throw new Error("This client has no stablecoin configured");
      paying = amount ?? BigInt(price) + tip;
    } catch (error) {
      // nothing was sent for this attempt; an earlier attempt's usage stays held until its outcome is known
      if (held === undefined) this.restore(key, stage);
      throw error;
    }
    // from here on a thrown error leaves the outcome unknown: the usage stays held for the retry
    let sent: Sent;
    if (asset === "near") {
      sent = await this.send(this.feesId, "pay_fees", args, paying, GAS_FOR_PAY);
    } else {
      const transfer = { receiver_id: this.feesId, amount: paying.toString(), msg: JSON.stringify(args) };
      sent = await this.send(this.stableId as string, "ft_transfer_call", transfer, 1n, GAS_FOR_FT_PAY);
    }
    // the record decides: a stablecoin refusal is refunded without failing the transaction
    const recorded = await this.payment(stage, periodId);
    if (recorded === null) {
      this.restore(key, stage);
      throw new Error(`Payment of ${periodId} refused: ${sent.failures.join("; ") || "refunded by the stablecoin"}`);
    }
    const ours = sameUsage(recorded.usage, usage);
    this.settle(key, stage, recorded);
    const status = ours && recorded.amount === paying.toString() ? "paid" : "already_paid";
    return { status, stage, period_id: periodId, payment: recorded, gas_burnt: sent.gasBurnt };
  }

  /** The usage taken for a period whose outcome is not known yet (null when none is held). */
  heldUsage(stage: number, periodId: string): Usage | null {
    const usage = this.held.get(heldKey(stage, periodId));
    return usage ? { ...usage } : null;
  }

  /** The period is paid: usage held for it was billed if the record carries it, else it goes back to the meter. */
  private settle(key: string, stage: number, recorded: PaymentView): void {
    const usage = this.held.get(key);
    if (usage !== undefined && !sameUsage(recorded.usage, usage)) this.meter.add(stage, usage);
    this.held.delete(key);
  }

  private restore(key: string, stage: number): void {
    const usage = this.held.get(key);
    if (usage !== undefined) this.meter.add(stage, usage);
    this.held.delete(key);
  }

  private async send(
    receiverId: string,
    method: string,
    args: Record<string, unknown>,
    deposit: bigint,
    gas: bigint,
  ): Promise<Sent> {
    const response = await this.account.signAndSendTransaction({
      receiverId,
      actions: [actions.functionCall(method, args, gas, deposit)],
      waitUntil: "FINAL",
      throwOnFailure: false,
    });
    const outcomes = [response.transaction_outcome, ...response.receipts_outcome];
    const gasBurnt = outcomes.reduce((sum, entry) => sum + BigInt(entry.outcome.gas_burnt), 0n);
    return { failures: failuresOf(response), gasBurnt };
  }
}
