/**
 * The provider's usage history per stage it serves: totals (requests,
 * tokens, payments, paid and tipped per asset) and each payment with its
 * period, usage, amount and quote, newest first.
 */
import type { Assets } from "../chain/assets.ts";
import { formatToken } from "../format/amount.ts";
import { formatChainTime } from "../format/time.ts";
import type { StageHistory } from "./load.ts";

export function UsagePanel({ history, assets }: { history: StageHistory[]; assets: Assets }) {
  const show = (value: string, assetId: string) => {
    const asset = assets.byId(assetId);
    return asset ? formatToken(BigInt(value), asset.decimals, asset.symbol, 6) : `${value} ${assetId}`;
  };
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
          {payments.length > 0 && (
            <table className="tiers">
              <thead>
                <tr>
                  <th scope="col">period</th>
                  <th scope="col">usage</th>
                  <th scope="col">paid</th>
                  <th scope="col">quote</th>
                  <th scope="col">at</th>
                </tr>
              </thead>
              <tbody>
                {[...payments].reverse().map((payment) => (
                  <tr key={payment.period_id} data-testid={`payment-${payment.period_id}`}>
                    <td className="mono">{payment.period_id}</td>
                    <td>
                      {payment.usage.requests} req, {payment.usage.input_tokens} in, {payment.usage.output_tokens} out
                    </td>
                    <td>{show(payment.amount, payment.asset)}</td>
                    <td>{show(payment.quote, payment.asset)}</td>
                    <td>{formatChainTime(BigInt(payment.paid_at_ns))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </section>
  );
}
