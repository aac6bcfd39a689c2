// The report header: tabs between reports and the filter form. Everything lives in the URL, so
// a view can be bookmarked, shared and pre-warmed.
import Link from "next/link";
import { fieldClass, SelectField } from "@/components/ui/select-field";
import { filtersToQuery, granularities, type ReportFilters } from "@/lib/reports/filters";
import { reportNames, reportTitles, type ReportName } from "@/lib/reports/report-names";

export function ReportTabs({ current, filters }: { current: ReportName; filters: Partial<ReportFilters> }) {
  const query = filtersToQuery(filters);
  return (
    <nav aria-label="Reports" className="flex flex-wrap gap-1 border-b border-slate-200">
      {reportNames.map((name) => (
        <Link
          key={name}
          href={`/reports/${name}${query ? `?${query}` : ""}`}
          aria-current={name === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${name === current ? "border-indigo-600 font-semibold text-indigo-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {reportTitles[name]}
        </Link>
      ))}
    </nav>
  );
}

interface FilterFormProps {
  report: ReportName;
  filters: ReportFilters;
  currencies: string[];
  tenants?: { slug: string; name: string }[];
  showGranularity: boolean;
}

export function ReportFilterForm({ report, filters, currencies, tenants, showGranularity }: FilterFormProps) {
  return (
    <form method="get" action={`/reports/${report}`} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm">
      {tenants && <SelectField label="Tenant" name="tenant" defaultValue={filters.tenant ?? ""} emptyOption="All tenants" options={tenants.map((t) => ({ value: t.slug, label: t.name }))} />}
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        From
        <input type="date" name="from" defaultValue={filters.from} className={fieldClass} />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
        To
        <input type="date" name="to" defaultValue={filters.to} className={fieldClass} />
      </label>
      {showGranularity && <SelectField label="By" name="by" defaultValue={filters.by} options={granularities} />}
      {currencies.length > 1 && (
        <SelectField label="Currency" name="currency" defaultValue={filters.currency ?? currencies[0]} options={currencies.map((c) => ({ value: c, label: c.toUpperCase() }))} />
      )}
      <button type="submit" className="rounded bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700">
        Apply
      </button>
    </form>
  );
}

const timeFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** How fresh the figures are, and a clear warning when they are the last good ones. */
export function FreshnessNote({ computedAt, stale, source, csvHref }: { computedAt: Date; stale: boolean; source: string; csvHref: string }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
      {stale ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 px-3 py-1.5 text-amber-900">
          Showing the last good figures, computed {timeFormat.format(computedAt)} UTC: the database did not answer in time. They refresh on their own.
        </p>
      ) : (
        <p className="text-slate-600">
          Figures as of <time dateTime={computedAt.toISOString()}>{timeFormat.format(computedAt)} UTC</time>
          {source === "cache" ? " (cached; refreshed on every change)" : ""}
        </p>
      )}
      <a href={csvHref} className="rounded border border-slate-300 bg-white px-3 py-1.5 text-slate-700 hover:bg-slate-100" download>
        Export CSV
      </a>
    </div>
  );
}

export function StatCard({ label, children, hint }: { label: string; children: React.ReactNode; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <dt className="text-xs uppercase tracking-wide text-slate-600">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums">{children}</dd>
      {/* Inside a <dl> group only <dt> and <dd> may appear: the hint is a second description. */}
      {hint && <dd className="mt-1 text-xs text-slate-600">{hint}</dd>}
    </div>
  );
}
