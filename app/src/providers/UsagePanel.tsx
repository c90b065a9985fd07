/**
 * The provider's usage history per stage it serves: totals (requests,
 * tokens, payments, paid and tipped per asset) and each payment with its
 * period, usage, amount and quote, newest first.
 */
import type { PaymentView } from "../../../contracts/fees/interface.ts";
import type { Assets } from "../chain/assets.ts";
import { formatToken } from "../format/amount.ts";
import { formatChainTime } from "../format/time.ts";
import { type Column, DataTable } from "../ui/DataTable.tsx";
import type { StageHistory } from "./load.ts";

export function UsagePanel({ history, assets }: { history: StageHistory[]; assets: Assets }) {
  const show = (value: string, assetId: string) => {
    const asset = assets.byId(assetId);
    return asset ? formatToken(BigInt(value), asset.decimals, asset.symbol, 6) : `${value} ${assetId}`;
  };
  const paymentColumns: Column<PaymentView>[] = [
    { header: "period", cell: (payment) => payment.period_id, className: "mono" },
    {
      header: "usage",
      cell: ({ usage }) => `${usage.requests} req, ${usage.input_tokens} in, ${usage.output_tokens} out`,
    },
    { header: "paid", cell: (payment) => show(payment.amount, payment.asset) },
    { header: "quote", cell: (payment) => show(payment.quote, payment.asset) },
    { header: "at", cell: (payment) => formatChainTime(BigInt(payment.paid_at_ns)) },
  ];
  return (
    <section className="card" aria-labelledby="usage-title" data-testid="usage-history">
      <h2 id="usage-title">Usage history</h2>
      {history.map(({ stage, usage, payments }) => (
        <div key={stage} data-testid={`usage-${stage}`}>
          <h3>Stage {stage}</h3>
          {usage ? (
            <p>
              {usage.payments} payment(s): {usage.requests} requests, {usage.input_tokens} input and{" "}
              {usage.output_tokens} output tokens; paid{" "}
              {Object.entries(usage.paid)
                .map(([assetId, amount]) => show(amount, assetId))
                .join(" and ") || "nothing"}
              .
            </p>
          ) : (
            <p>No payment yet.</p>
          )}
          <DataTable
            columns={paymentColumns}
            rows={[...payments].reverse()}
            rowKey={(payment) => payment.period_id}
            rowTestId={(payment) => `payment-${payment.period_id}`}
          />
        </div>
      ))}
    </section>
  );
}
