// A report's table, rendered from the same model the CSV export serialises.
import { Money } from "@/components/ui/money";
import { formatRate, type Cell, type ReportTable } from "@/lib/reports/report-table";

function CellView({ cell }: { cell: Cell }) {
  switch (cell.kind) {
    case "text":
      return <>{cell.value}</>;
    case "count":
      return <span className="tabular-nums">{cell.value.toLocaleString("en-US")}</span>;
    case "money":
      return <Money minor={cell.minor} currency={cell.currency} />;
    case "rate":
      return <span className="tabular-nums">{formatRate(cell.bp)}</span>;
    case "ms":
      return <span className="tabular-nums">{cell.value === null ? "—" : `${cell.value.toLocaleString("en-US")} ms`}</span>;
  }
}

export function ReportTableView({ table, caption }: { table: ReportTable; caption: string }) {
  if (table.rows.length === 0) {
    return <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">No figures in this range.</div>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
          <tr>
            {table.headers.map((h, i) => (
              <th key={h} scope="col" className={`px-4 py-2 ${i > 0 ? "text-right" : ""}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
              {row.map((cell, i) => (
                <td key={i} className={`px-4 py-2 ${i > 0 && cell.kind !== "text" ? "text-right" : ""}`}>
                  <CellView cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
