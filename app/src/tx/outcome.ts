/**
 * A transaction's result as the app reports it: its hash, whether it did
 * what was asked, and every failure on the way, including receipts further
 * down. A stablecoin purchase shows why: ft_transfer_call succeeds even when
 * the sale's ft_on_transfer panics (the stablecoin is returned), so only the
 * receipts tell that nothing was bought.
 */

interface ExecutionStatus {
  SuccessValue?: string;
  SuccessReceiptId?: string;
  Failure?: unknown;
}

/** The fields of near-api-js's and wallet-selector's FinalExecutionOutcome the app reads. */
export interface OutcomeLike {
  status: ExecutionStatus | string;
  transaction: { hash: string };
  receipts_outcome: { outcome: { status: ExecutionStatus | string } }[];
}

export interface TxOutcome {
  hash: string;
  /** The transaction and every receipt succeeded. */
  ok: boolean;
  /** The failures' texts (neard's ExecutionError strings, or the failure's JSON). */
  failures: string[];
  /** The transaction's decoded return value, when it returned one. */
  value?: unknown;
}

function failureText(failure: unknown): string {
  const json = JSON.stringify(failure);
  const execution = /"ExecutionError":"((?:[^"\\]|\\.)*)"/.exec(json);
  return execution ? (JSON.parse(`"${execution[1]}"`) as string) : json;
}

function decode(base64: string): unknown {
  const text = new TextDecoder().decode(Uint8Array.from(atob(base64), (char) => char.charCodeAt(0)));
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function readOutcome(outcome: OutcomeLike): TxOutcome {
  const failures: string[] = [];
  const status = typeof outcome.status === "object" ? outcome.status : {};
  if (status.Failure !== undefined) failures.push(failureText(status.Failure));
  for (const receipt of outcome.receipts_outcome) {
    const receiptStatus = receipt.outcome.status;
    if (typeof receiptStatus === "object" && receiptStatus.Failure !== undefined) {
      const text = failureText(receiptStatus.Failure);
      if (!failures.includes(text)) failures.push(text);
    }
  }
  return {
    hash: outcome.transaction.hash,
    ok: failures.length === 0,
    failures,
    value: status.SuccessValue !== undefined ? decode(status.SuccessValue) : undefined,
  };
}
