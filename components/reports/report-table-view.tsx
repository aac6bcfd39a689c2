// A report's table, rendered from the same model the CSV export serialises.
import { DataTable } from "@/components/ui/data-table";
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
  return (
    <DataTable
      caption={caption}
      rows={table.rows}
      rowKey={(_, r) => String(r)}
      empty="No figures in this range."
      columns={table.headers.map((header, i) => ({
        header,
        // Figures align right; the first column and any text column read from the left.
        align: i > 0 && table.rows.some((row) => row[i]?.kind !== "text") ? "right" : "left",
        cell: (row: Cell[]) => {
          const cell = row[i];
          return cell ? <CellView cell={cell} /> : null;
        },
      }))}
    />
  );
}
