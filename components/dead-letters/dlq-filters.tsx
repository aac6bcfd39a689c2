// The explorer's filter bar: a plain GET form, so every filter lives in the URL and a filtered
// view is a link to share.
import Link from "next/link";
import { envelopeStatuses, type DlqFilter } from "@/lib/dead-letters/filters";

const input = "w-full rounded border border-slate-300 px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none";

interface Props {
  filter: Partial<DlqFilter>;
  jobTypes: string[];
  tenants: { id: string; name: string }[];
  errors?: Record<string, string>;
}

function Field({ label, name, error, children }: { label: string; name: string; error?: string; children: React.ReactNode }) {
  return (
    <label className="block text-xs font-medium text-slate-600" htmlFor={`dlq-${name}`}>
      {label}
      <div className="mt-1">{children}</div>
      {error && <span className="mt-0.5 block font-normal text-red-700">{error}</span>}
    </label>
  );
}

export function DlqFilters({ filter, jobTypes, tenants, errors = {} }: Props) {
  return (
    <form method="get" action="/support/dlq" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-label="Filter failures">
      {filter.group && <input type="hidden" name="group" value={filter.group} />}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-6">
        <Field label="Status" name="status" error={errors.status}>
          <select id="dlq-status" name="status" defaultValue={filter.status ?? ""} className={input}>
            <option value="">Any</option>
            {envelopeStatuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Job type" name="jobType" error={errors.jobType}>
          <select id="dlq-jobType" name="jobType" defaultValue={filter.jobType ?? ""} className={input}>
            <option value="">Any</option>
            {jobTypes.map((j) => (
              <option key={j} value={j}>
                {j}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Tenant" name="tenant" error={errors.tenant}>
          <select id="dlq-tenant" name="tenant" defaultValue={filter.tenant ?? ""} className={input}>
            <option value="">Any</option>
            {tenants.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Reason contains" name="reason" error={errors.reason}>
          <input id="dlq-reason" name="reason" defaultValue={filter.reason ?? ""} placeholder="e.g. timeout" className={input} />
        </Field>
        <Field label="From" name="from" error={errors.from}>
          <input id="dlq-from" type="date" name="from" defaultValue={filter.from ?? ""} className={input} />
        </Field>
        <Field label="To" name="to" error={errors.to}>
          <input id="dlq-to" type="date" name="to" defaultValue={filter.to ?? ""} className={input} />
        </Field>
      </div>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
        <Field label="Invoice, customer or Stripe event id" name="q" error={errors.q}>
          <input id="dlq-q" name="q" defaultValue={filter.q ?? ""} placeholder="in_…, cus_…, evt_… or an invoice number" className={`${input} font-mono`} />
        </Field>
        <Field label="Words in the payload" name="text" error={errors.text}>
          <input id="dlq-text" name="text" defaultValue={filter.text ?? ""} placeholder="any value inside the job's data" className={input} />
        </Field>
        <Field label="JSON path" name="path" error={errors.path}>
          <input id="dlq-path" name="path" defaultValue={filter.path ?? ""} placeholder="$.stripeEvent.data.object.amount_due ? (@ > 10000)" className={`${input} font-mono`} />
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
          Apply filters
        </button>
        <Link href="/support/dlq" className="text-sm text-slate-600 hover:underline">
          Clear
        </Link>
      </div>
    </form>
  );
}
