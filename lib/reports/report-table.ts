// Each report as one table (headers + typed cells). The page renders it beside the chart and the
// CSV export serialises the same table, so the two can never disagree.
import { minorUnitsToDecimalString } from "@/lib/money/format-money";
import type { ReportData } from "./load-report";
import type { ReportName } from "./report-names";

export type Cell =
  | { kind: "text"; value: string }
  | { kind: "count"; value: number }
  | { kind: "money"; minor: number; currency: string }
  | { kind: "rate"; bp: number | null }
  | { kind: "ms"; value: number | null };

export interface ReportTable {
  headers: string[];
  rows: Cell[][];
}

const text = (value: string): Cell => ({ kind: "text", value });
const count = (value: number): Cell => ({ kind: "count", value });
const money = (minor: number, currency: string): Cell => ({ kind: "money", minor, currency });
const rate = (bp: number | null): Cell => ({ kind: "rate", bp });

export function reportTable<R extends ReportName>(report: R, data: ReportData[R]): ReportTable {
  const builders: { [K in ReportName]: (d: ReportData[K]) => ReportTable } = {
    revenue: (d) => ({
      headers: ["Period", "Paid", "Paid invoices", "Refunded", "Credited", "Disputes lost", "Net revenue", "Open", "Open invoices", "Uncollectible", "Uncollectible invoices"],
      rows: d.periods.map((p) => [text(p.period), money(p.paid, d.currency), count(p.paidCount), money(p.refunded, d.currency), money(p.credited, d.currency), money(p.disputeLost, d.currency), money(p.net, d.currency), money(p.open, d.currency), count(p.openCount), money(p.uncollectible, d.currency), count(p.uncollectibleCount)]),
    }),
    mrr: (d) => ({
      headers: ["Month", "MRR", "New", "Expansion", "Contraction", "Churn", "Paying customers"],
      rows: d.months.map((m) => [text(m.month), money(m.mrr, d.currency), money(m.newMrr, d.currency), money(m.expansion, d.currency), money(m.contraction, d.currency), money(m.churn, d.currency), count(m.customers)]),
    }),
    collections: (d) => ({
      headers: ["Period", "Finalized", "Failed", "Failure rate", "Recovered", "Recovery rate", "Lost", "Failed amount", "Recovered amount"],
      rows: d.periods.map((p) => [text(p.period), count(p.finalized), count(p.failed), rate(p.failureRateBp), count(p.recovered), rate(p.recoveryRateBp), count(p.lost), money(p.failedAmount, d.currency), money(p.recoveredAmount, d.currency)]),
    }),
    customers: (d) => ({
      headers: ["Customer", "Tenant", "Net paid", "Paid invoices"],
      rows: d.customers.map((c) => [text(c.name), text(c.tenantName), money(c.paidTotal, d.currency), count(c.paidCount)]),
    }),
    aging: (d) => ({
      headers: ["Past due", "Open invoices", "Amount remaining"],
      rows: d.buckets.map((b) => [text(b.label), count(b.count), money(b.amount, d.currency)]),
    }),
    pipeline: (d) => ({
      headers: ["Event type", "Received", "Processed", "Ignored", "Failed", "Dead letters", "Avg latency", "Max latency", "Within 1 s", "Within 10 s"],
      rows: d.types.map((t) => [text(t.eventType), count(t.received), count(t.processed), count(t.ignored), count(t.failed), count(t.deadLetters), { kind: "ms", value: t.avgLatencyMs }, { kind: "ms", value: t.maxLatencyMs }, rate(t.within1sBp), rate(t.within10sBp)]),
    }),
  };
  return (builders[report] as (d: ReportData[R]) => ReportTable)(data);
}

/** A rate in basis points as a percentage with two decimals, from integers only. */
export function formatRate(bp: number | null): string {
  if (bp === null) return "—";
  // The sign is written apart: between -1 % and 0 the whole part is 0, which has no sign.
  const sign = bp < 0 ? "-" : "";
  const abs = Math.abs(bp);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}%`;
}

function csvCell(cell: Cell): string {
  switch (cell.kind) {
    case "text":
      return cell.value;
    case "count":
      return String(cell.value);
    case "money":
      return minorUnitsToDecimalString(cell.minor, cell.currency);
    case "rate":
      return cell.bp === null ? "" : formatRate(cell.bp).replace("%", "");
    case "ms":
      return cell.value === null ? "" : String(cell.value);
  }
}

/**
 * Spreadsheet apps run a cell starting with = + - @ (or a tab / CR before one) as a formula, so
 * every text cell that starts so gets a leading apostrophe — "-5" in a text column included, since
 * "-1+HYPERLINK(…)" starts the same way. Numeric cells are written from numbers and stay numbers.
 */
function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function quoteCsv(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvField(cell: Cell): string {
  return quoteCsv(cell.kind === "text" ? guardFormula(cell.value) : csvCell(cell));
}

export function tableToCsv(table: ReportTable, currency?: string): string {
  const headers = table.headers.map((h, i) => (currency && table.rows[0]?.[i]?.kind === "money" ? `${h} (${currency.toUpperCase()})` : h));
  return [headers.map((h) => quoteCsv(guardFormula(h))), ...table.rows.map((row) => row.map(csvField))].map((line) => line.join(",")).join("\r\n") + "\r\n";
}
