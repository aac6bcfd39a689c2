// The explorer's filter bar: a plain GET form, so every filter lives in the URL and a filtered
// view is a link to share.
import Link from "next/link";
import { fieldClass, SelectField } from "@/components/ui/select-field";
import { envelopeStatuses, type DlqFilter } from "@/lib/dead-letters/filters";

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
      <span className="mt-1 block">{children}</span>
      {error && <span className="mt-0.5 block font-normal text-red-700">{error}</span>}
    </label>
  );
}

export function DlqFilters({ filter, jobTypes, tenants, errors = {} }: Props) {
  return (
    <form method="get" action="/support/dead-letters" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-label="Filter failures">
      {filter.group && <input type="hidden" name="group" value={filter.group} />}
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 md:grid-cols-6">
        <SelectField id="dlq-status" label="Status" name="status" defaultValue={filter.status ?? ""} emptyOption="Any" options={envelopeStatuses} error={errors.status} />
        <SelectField id="dlq-jobType" label="Job type" name="jobType" defaultValue={filter.jobType ?? ""} emptyOption="Any" options={jobTypes} error={errors.jobType} />
        <SelectField id="dlq-tenant" label="Tenant" name="tenant" defaultValue={filter.tenant ?? ""} emptyOption="Any" options={tenants.map((t) => ({ value: t.id, label: t.name }))} error={errors.tenant} />
        <Field label="Reason contains" name="reason" error={errors.reason}>
          <input id="dlq-reason" name="reason" defaultValue={filter.reason ?? ""} placeholder="e.g. timeout" className={fieldClass} />
        </Field>
        <Field label="From" name="from" error={errors.from}>
          <input id="dlq-from" type="date" name="from" defaultValue={filter.from ?? ""} className={fieldClass} />
        </Field>
        <Field label="To" name="to" error={errors.to}>
          <input id="dlq-to" type="date" name="to" defaultValue={filter.to ?? ""} className={fieldClass} />
        </Field>
      </div>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
        <Field label="Invoice, customer or Stripe event id" name="q" error={errors.q}>
          <input id="dlq-q" name="q" defaultValue={filter.q ?? ""} placeholder="in_…, cus_…, evt_… or an invoice number" className={`${fieldClass} font-mono`} />
        </Field>
        <Field label="Words in the payload" name="text" error={errors.text}>
          <input id="dlq-text" name="text" defaultValue={filter.text ?? ""} placeholder="any value inside the job's data" className={fieldClass} />
        </Field>
        <Field label="JSON path" name="path" error={errors.path}>
          <input id="dlq-path" name="path" defaultValue={filter.path ?? ""} placeholder="$.stripeEvent.data.object.amount_due ? (@ > 10000)" className={`${fieldClass} font-mono`} />
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" className="rounded bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700">
          Apply filters
        </button>
        <Link href="/support/dead-letters" className="text-sm text-slate-700 hover:underline">
          Clear
        </Link>
      </div>
    </form>
  );
}
