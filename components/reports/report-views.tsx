// The body of each report: headline figures, the chart and the table beside it.
import { Money } from "@/components/ui/money";
import type { ReportData } from "@/lib/reports/load-report";
import type { ReportName } from "@/lib/reports/report-names";
import { formatRate, reportTable } from "@/lib/reports/report-table";
import { AmountBarChart, CollectionsChart, MrrChart, PipelineChart, RevenueChart } from "./report-charts";
import { StatCard } from "./report-controls";
import { ReportTableView } from "./report-table-view";

const percent = (bp: number | null) => (bp === null ? null : bp / 100);

function Stats({ children }: { children: React.ReactNode }) {
  return <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">{children}</dl>;
}

function RevenueView({ data }: { data: ReportData["revenue"] }) {
  const c = data.currency;
  return (
    <>
      <Stats>
        <StatCard label="Net revenue" hint="paid, less refunds, credits and lost disputes">
          <Money minor={data.totals.net} currency={c} />
        </StatCard>
        <StatCard label="Paid (gross)" hint={`${data.totals.paidCount} invoices`}>
          <Money minor={data.totals.paid} currency={c} />
        </StatCard>
        <StatCard label="Refunds and credits" hint="disputes lost included">
          <Money minor={data.totals.refunded + data.totals.credited + data.totals.disputeLost} currency={c} />
        </StatCard>
        <StatCard label="Open" hint={`${data.totals.openCount} invoices`}>
          <Money minor={data.totals.open} currency={c} />
        </StatCard>
        <StatCard label="Uncollectible" hint={`${data.totals.uncollectibleCount} invoices`}>
          <Money minor={data.totals.uncollectible} currency={c} />
        </StatCard>
        <StatCard label="Currency">{c.toUpperCase()}</StatCard>
      </Stats>
      <RevenueChart rows={data.periods} currency={c} />
      <ReportTableView table={reportTable("revenue", data)} caption="Revenue by period" />
    </>
  );
}

function MrrView({ data }: { data: ReportData["mrr"] }) {
  const last = data.months[data.months.length - 1];
  const c = data.currency;
  return (
    <>
      <Stats>
        <StatCard label="MRR" hint={last ? `as of ${last.month.slice(0, 7)}` : undefined}>
          <Money minor={last?.mrr ?? 0} currency={c} />
        </StatCard>
        <StatCard label="New + expansion">
          <Money minor={(last?.newMrr ?? 0) + (last?.expansion ?? 0)} currency={c} />
        </StatCard>
        <StatCard label="Contraction + churn">
          <Money minor={(last?.contraction ?? 0) + (last?.churn ?? 0)} currency={c} />
        </StatCard>
        <StatCard label="Paying customers">{last?.customers ?? 0}</StatCard>
      </Stats>
      <MrrChart rows={data.months} currency={c} />
      <ReportTableView table={reportTable("mrr", data)} caption="MRR movement by month" />
    </>
  );
}

function CollectionsView({ data }: { data: ReportData["collections"] }) {
  const t = data.totals;
  return (
    <>
      <Stats>
        <StatCard label="Failed-payment rate" hint={`${t.failed} of ${t.finalized} invoices`}>
          {formatRate(t.failureRateBp)}
        </StatCard>
        <StatCard label="Recovered" hint={`${t.recovered} invoices`}>
          {formatRate(t.recoveryRateBp)}
        </StatCard>
        <StatCard label="Recovered amount">
          <Money minor={t.recoveredAmount} currency={data.currency} />
        </StatCard>
        <StatCard label="Lost after failure">{t.lost}</StatCard>
      </Stats>
      <CollectionsChart rows={data.periods.map((p) => ({ period: p.period, failureRate: percent(p.failureRateBp), recoveryRate: percent(p.recoveryRateBp) }))} />
      <ReportTableView table={reportTable("collections", data)} caption="Failed payments and recovery by period" />
    </>
  );
}

function CustomersView({ data }: { data: ReportData["customers"] }) {
  return (
    <>
      <p className="text-sm text-slate-600">
        Paid revenue from {data.fromMonth.slice(0, 7)} to {data.toMonth.slice(0, 7)} (whole months).
      </p>
      <AmountBarChart label="Top customers by paid revenue" rows={data.customers.map((c) => ({ label: c.name, amount: c.paidTotal }))} currency={data.currency} />
      <ReportTableView table={reportTable("customers", data)} caption="Top customers" />
    </>
  );
}

function AgingView({ data }: { data: ReportData["aging"] }) {
  const open = data.buckets.reduce((s, b) => s + b.amount, 0);
  const overdue = data.buckets.slice(1).reduce((s, b) => s + b.amount, 0);
  return (
    <>
      <Stats>
        <StatCard label="Outstanding">
          <Money minor={open} currency={data.currency} />
        </StatCard>
        <StatCard label="Overdue">
          <Money minor={overdue} currency={data.currency} />
        </StatCard>
        <StatCard label="As of">{data.asOf}</StatCard>
      </Stats>
      <AmountBarChart label="Open invoices by days past due" rows={data.buckets.map((b) => ({ label: b.label, amount: b.amount }))} currency={data.currency} />
      <ReportTableView table={reportTable("aging", data)} caption="Invoice aging" />
    </>
  );
}

function PipelineView({ data }: { data: ReportData["pipeline"] }) {
  const received = data.types.reduce((s, t) => s + t.received, 0);
  const processed = data.types.reduce((s, t) => s + t.processed, 0);
  return (
    <>
      <Stats>
        <StatCard label="Events received">{received.toLocaleString("en-US")}</StatCard>
        <StatCard label="Processed">{processed.toLocaleString("en-US")}</StatCard>
        <StatCard label="Dead-letter rate">{formatRate(data.deadLetterRateBp)}</StatCard>
        <StatCard label="Rollup refreshed">{data.refreshedAt ? data.refreshedAt.slice(0, 16).replace("T", " ") : "never"}</StatCard>
      </Stats>
      <PipelineChart rows={data.days} />
      <ReportTableView table={reportTable("pipeline", data)} caption="Webhook events by type" />
    </>
  );
}

export function ReportView<R extends ReportName>({ report, data }: { report: R; data: ReportData[R] }) {
  const views: { [K in ReportName]: (props: { data: ReportData[K] }) => React.ReactElement } = {
    revenue: RevenueView,
    mrr: MrrView,
    collections: CollectionsView,
    customers: CustomersView,
    aging: AgingView,
    pipeline: PipelineView,
  };
  const View = views[report] as (props: { data: ReportData[R] }) => React.ReactElement;
  return <View data={data} />;
}

/** The currencies a report offers in its filter. */
export function currenciesOf(data: ReportData[ReportName]): string[] {
  return "currencies" in data ? data.currencies : [];
}
