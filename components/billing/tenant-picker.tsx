import Link from "next/link";

export interface TenantOption {
  slug: string;
  name: string;
}

/** Staff choose which tenant's billing to look at; the choice lives in the URL. */
export function TenantPicker({ tenants, current, basePath }: { tenants: TenantOption[]; current?: string; basePath: string }) {
  return (
    <nav aria-label="Tenants" className="flex flex-wrap gap-2 text-sm">
      {tenants.map((tenant) => (
        <Link
          key={tenant.slug}
          href={`${basePath}?tenant=${encodeURIComponent(tenant.slug)}`}
          aria-current={tenant.slug === current ? "page" : undefined}
          className={`rounded-full border px-3 py-1 ${tenant.slug === current ? "border-indigo-600 bg-indigo-50 text-indigo-800" : "border-slate-300 text-slate-700 hover:bg-slate-100"}`}
        >
          {tenant.name}
        </Link>
      ))}
    </nav>
  );
}
