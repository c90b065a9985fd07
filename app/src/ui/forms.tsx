/**
 * Form parts the buy and revenue pages share: picking one of the open
 * rounds, and typing an amount as decimal text with a live hint under it
 * (the parse error, the balance). The amount stays text here; the page
 * reads it with parseAmount into bigint, so no float ever holds it.
 */
import type { RoundView } from "../../../contracts/sale/interface.ts";

export function RoundSelect({
  id,
  rounds,
  value,
  onChange,
}: {
  id: string;
  rounds: RoundView[];
  value: number;
  onChange(roundId: number): void;
}) {
  return (
    <>
      <label htmlFor={id}>Round</label>
      <select id={id} value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {rounds.map((round) => (
          <option key={round.round_id} value={round.round_id}>
            {round.config.name}
          </option>
        ))}
      </select>
    </>
  );
}

export function AmountInput({
  id,
  label,
  value,
  onChange,
  hint,
  testId,
  hintTestId,
}: {
  id: string;
  label: string;
  value: string;
  onChange(text: string): void;
  hint: string;
  testId: string;
  hintTestId?: string;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`${id}-hint`}
        data-testid={testId}
      />
      <p id={`${id}-hint`} className="hint" data-testid={hintTestId}>
        {hint}
      </p>
    </>
  );
}
