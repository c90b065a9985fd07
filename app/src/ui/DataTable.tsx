/**
 * The one table shape of the app's panels (epochs, payments, proofs, price
 * tiers): a caption, column headers with scope, one row per item with a
 * stable key and an optional test id, and a sentence in a full-width row
 * when there is nothing to list. Columns are data, so every table is read
 * the same way by screen readers and styled by the same `.tiers` rules.
 */
import type { ReactNode } from "react";

export interface Column<Row> {
  header: ReactNode;
  /** React key of the column when `header` is not a string. */
  key?: string;
  cell(row: Row): ReactNode;
  /** Test id of the row's cell in this column. */
  cellTestId?(row: Row): string;
  className?: string;
}

export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowTestId,
  caption,
  empty,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey(row: Row): string | number;
  rowTestId?(row: Row): string;
  caption?: ReactNode;
  /** Shown in place of the rows when there are none; without it, an empty table is not drawn. */
  empty?: ReactNode;
}) {
  if (rows.length === 0 && empty === undefined) return null;
  const keyOf = (column: Column<Row>) => column.key ?? String(column.header);
  return (
    <table className="tiers">
      {caption && <caption className="hint">{caption}</caption>}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={keyOf(column)} scope="col">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length}>{empty}</td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={rowKey(row)} data-testid={rowTestId?.(row)}>
            {columns.map((column) => (
              <td key={keyOf(column)} className={column.className} data-testid={column.cellTestId?.(row)}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
