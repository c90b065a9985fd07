/**
 * Every transaction goes through this dialog: review (each transaction's
 * receiver, method, arguments, deposit and gas, and the plan's notes),
 * then the wallet, a pending state, and the outcome: success with an
 * explorer link (testnet/mainnet), or a plain sentence from tx/errors.ts.
 * Nothing is sent before "Sign" is pressed; Escape or Cancel closes it.
 */
import { useEffect, useRef, useState } from "react";
import { formatAmount, formatDeposit } from "../format/amount.ts";
import type { AppNetwork } from "../network/description.ts";
import { type PanicRule, translateError } from "./errors.ts";
import type { TxOutcome } from "./outcome.ts";
import { planDeposit, planGas, type TxPlan } from "./plan.ts";

type Phase =
  | { name: "review" }
  | { name: "pending" }
  | { name: "done"; outcomes: TxOutcome[] }
  | { name: "failed"; sentence: string; detail: string };

export interface TxDialogProps {
  plan: TxPlan;
  network: AppNetwork;
  send: (plan: TxPlan) => Promise<TxOutcome[]>;
  rules?: PanicRule[];
  onClose: (outcomes: TxOutcome[] | null) => void;
}

function OutcomeLine({ outcome, network, rules }: { outcome: TxOutcome; network: AppNetwork; rules?: PanicRule[] }) {
  const link = network.explorerTxUrl ? (
    <a href={`${network.explorerTxUrl}${outcome.hash}`} target="_blank" rel="noreferrer">
      view in the explorer
    </a>
  ) : (
    <span className="mono">{outcome.hash}</span>
  );
  if (outcome.ok) return <li data-testid="tx-success">Done ({link}).</li>;
  const { sentence } = translateError(outcome.failures[0], rules);
  return (
    <li data-testid="tx-failure">
      {sentence} ({link})
    </li>
  );
}

export function TxDialog({ plan, network, send, rules, onClose }: TxDialogProps) {
  const [phase, setPhase] = useState<Phase>({ name: "review" });
  const dialogRef = useRef<HTMLDivElement>(null);
  const outcomes = phase.name === "done" ? phase.outcomes : null;

  // Focus moves to the first button of each phase, so the dialog is usable from the keyboard alone.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each phase change on purpose.
  useEffect(() => {
    dialogRef.current?.querySelector<HTMLElement>("button")?.focus();
  }, [phase.name]);

  const close = () => {
    if (phase.name !== "pending") onClose(outcomes);
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") closeRef.current();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  const closeRef = useRef(close);
  closeRef.current = close;
  const sign = async () => {
    setPhase({ name: "pending" });
    try {
      setPhase({ name: "done", outcomes: await send(plan) });
    } catch (error) {
      const translated = translateError(error, rules);
      setPhase({ name: "failed", sentence: translated.sentence, detail: translated.detail });
    }
  };

  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="tx-title"
        ref={dialogRef}
        data-testid="tx-dialog"
      >
        <h2 id="tx-title">{plan.title}</h2>
        {phase.name === "review" && (
          <>
            {plan.notes.map((note) => (
              <p key={note}>{note}</p>
            ))}
            <p>
              You will sign{" "}
              {plan.transactions.length === 1 ? "one transaction" : `${plan.transactions.length} transactions`},
              attaching <strong data-testid="tx-deposit">{formatDeposit(planDeposit(plan))}</strong> in total, with up
              to {formatAmount(planGas(plan), 12, { maxFractionDigits: 0 })} TGas.
            </p>
            <ol className="tx-list">
              {plan.transactions.map((tx, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a plan's transactions never reorder.
                <li key={index}>
                  <p>
                    {tx.purpose}: to <span className="mono">{tx.receiverId}</span>
                  </p>
                  {tx.calls.map((call) => (
                    <dl key={call.method} className="call">
                      <dt>method</dt>
                      <dd className="mono">{call.method}</dd>
                      <dt>arguments</dt>
                      <dd>
                        <pre>{JSON.stringify(call.args, null, 2)}</pre>
                      </dd>
                      <dt>deposit</dt>
                      <dd>{call.deposit === 1n ? "1 yoctoNEAR (a security check)" : formatDeposit(call.deposit)}</dd>
                      <dt>gas</dt>
                      <dd>{formatAmount(call.gas, 12, { maxFractionDigits: 0 })} TGas</dd>
                    </dl>
                  ))}
                </li>
              ))}
            </ol>
            <div className="actions">
              <button type="button" onClick={sign} data-testid="tx-sign">
                Sign in wallet
              </button>
              <button type="button" className="secondary" onClick={close}>
                Cancel
              </button>
            </div>
          </>
        )}
        {phase.name === "pending" && (
          <p role="status" aria-live="polite" data-testid="tx-pending">
            Waiting for your wallet and the chain… keep this page open.
          </p>
        )}
        {phase.name === "done" && (
          <>
            {phase.outcomes.length === 0 && (
              <p role="status">
                Your wallet took over the signing: it shows the outcome, and this page shows the new state once you are
                back.
              </p>
            )}
            <ul className="tx-outcomes" aria-live="polite">
              {phase.outcomes.map((outcome) => (
                <OutcomeLine key={outcome.hash} outcome={outcome} network={network} rules={rules} />
              ))}
            </ul>
            <div className="actions">
              <button type="button" onClick={close}>
                Close
              </button>
            </div>
          </>
        )}
        {phase.name === "failed" && (
          <>
            <p className="error-note" role="alert" data-testid="tx-error">
              {phase.sentence}
            </p>
            <details>
              <summary>Details</summary>
              <pre>{phase.detail}</pre>
            </details>
            <div className="actions">
              <button type="button" onClick={close}>
                Close
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
