// The one table of the app: a bordered card that scrolls sideways on its own on a narrow screen
// (the page never does), a header row, optional totals, and an EmptyState when there are no rows.
import type { ReactNode } from "react";
import { EmptyState } from "./empty-state";

export interface Column<Row> {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Numbers and money align right. */
  align?: "left" | "right";
  /** Extra classes for this column's cells, e.g. "whitespace-nowrap" or "font-mono text-xs". */
  className?: string;
}

export interface TotalRow {
  label: ReactNode;
  value: ReactNode;
  strong?: boolean;
}

interface DataTableProps<Row> {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row, index: number) => string;
  /** Names the table for screen readers. */
  caption?: string;
  /** `data-*` attributes of a row, without the prefix: `{ "invoice-id": row.id }`. */
  rowData?: (row: Row) => Record<string, string>;
  /** Rows under the body, the label spanning every column but the last. */
  totals?: TotalRow[];
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
}

const cellPadding = "px-3 py-2";

function alignClass(align: Column<unknown>["align"]): string {
  return align === "right" ? "text-right" : "";
}

function dataAttributes(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(data ?? {}).map(([name, value]) => [`data-${name}`, value]));
}

export function DataTable<Row>({ columns, rows, rowKey, caption, rowData, totals, empty }: DataTableProps<Row>) {
  if (rows.length === 0 && empty !== undefined) return <EmptyState>{empty}</EmptyState>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-600">
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={`${cellPadding} font-medium ${alignClass(column.align)}`}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={rowKey(row, r)} {...dataAttributes(rowData?.(row))} className="border-b border-slate-100 align-top last:border-0 hover:bg-slate-50">
              {columns.map((column, i) => (
                <td key={i} className={`${cellPadding} ${alignClass(column.align)} ${column.className ?? ""}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        {totals && (
          <tfoot className="border-t border-slate-200">
            {totals.map((total, i) => (
              <tr key={i}>
                <th scope="row" colSpan={columns.length - 1} className={`${cellPadding} text-right font-normal text-slate-600`}>
                  {total.label}
                </th>
                <td className={`${cellPadding} text-right ${total.strong ? "font-semibold" : ""}`}>{total.value}</td>
              </tr>
            ))}
          </tfoot>
        )}
      </table>
    </div>
  );
}
