// Serves /billing/api-keys: the tenant's keys for POST /api/usage (create: shown once; revoke).
// The header and the create form render at once; the list of keys streams in.
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { CreateApiKeyForm, RevokeApiKeyButton } from "@/components/api-keys/api-key-form";
import { TenantPicker } from "@/components/billing/tenant-picker";
import { DataTable } from "@/components/ui/data-table";
import { DateText } from "@/components/ui/date-text";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { listApiKeysForTenant } from "@/lib/api-keys/queries";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { resolveBillingScope } from "@/lib/billing/billing-scope";

export const metadata: Metadata = { title: "API keys" };

async function ApiKeys({ tenantId, canRevoke }: { tenantId: string; canRevoke: boolean }) {
  const keys = await listApiKeysForTenant(tenantId);
  return (
    <DataTable
      caption="API keys"
      rows={keys}
      rowKey={(k) => k.id}
      empty="No API keys yet."
      columns={[
        { header: "Name", cell: (k) => k.name },
        { header: "Key", className: "font-mono text-xs", cell: (k) => `${k.keyPrefix}…` },
        { header: "Created", cell: (k) => <><DateText value={k.createdAt} /> by {k.createdBy}</> },
        { header: "Last used", cell: (k) => <DateText value={k.lastUsedAt} withTime /> },
        {
          header: <span className="sr-only">Actions</span>,
          cell: (k) => (k.revokedAt ? <span className="text-xs text-slate-600">revoked</span> : canRevoke && <RevokeApiKeyButton tenantId={tenantId} id={k.id} />),
        },
      ]}
    />
  );
}

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("billing:view-own");
  const { tenant: slug } = await searchParams;
  const scope = await resolveBillingScope(user, typeof slug === "string" ? slug : undefined);
  if (!scope.tenant) return <TenantPicker tenants={scope.choices ?? []} basePath="/billing/api-keys" />;
  const tenant = scope.tenant;
  return (
    <div className="space-y-6">
      <Link href={scope.choices ? `/billing?tenant=${encodeURIComponent(tenant.slug)}` : "/billing"} className="text-sm text-indigo-700 hover:underline">← Billing</Link>
      <h1 className="text-2xl font-semibold">API keys · {tenant.name}</h1>
      <p className="text-sm text-slate-600">Send usage with <code>POST /api/usage</code> and <code>Authorization: Bearer &lt;key&gt;</code>. Only a hash of each key is kept.</p>
      {can(user.role, "api-keys:create") ? (
        <CreateApiKeyForm tenantId={tenant.id} />
      ) : (
        <p className="text-sm text-slate-600">Keys are created by the tenant or an administrator; support can revoke a key that leaked.</p>
      )}
      <Suspense key={tenant.id} fallback={<SectionSkeleton label="Loading API keys" rows={3} />}>
        <ApiKeys tenantId={tenant.id} canRevoke={can(user.role, "api-keys:revoke")} />
      </Suspense>
    </div>
  );
}
