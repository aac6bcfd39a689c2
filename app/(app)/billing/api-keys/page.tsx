// Serves /billing/api-keys: the tenant's keys for POST /api/usage (create: shown once; revoke).
import type { Metadata } from "next";
import Link from "next/link";
import { CreateApiKeyForm, RevokeApiKeyButton } from "@/components/api-keys/api-key-form";
import { TenantPicker } from "@/components/billing/tenant-picker";
import { DataTable } from "@/components/ui/data-table";
import { DateText } from "@/components/ui/date-text";
import { listApiKeysForTenant } from "@/lib/api-keys/queries";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { resolveBillingScope } from "@/lib/billing/billing-scope";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("billing:view-own");
  const { tenant: slug } = await searchParams;
  const scope = await resolveBillingScope(user, typeof slug === "string" ? slug : undefined);
  if (!scope.tenant) return <TenantPicker tenants={scope.choices ?? []} basePath="/billing/api-keys" />;
  const tenant = scope.tenant;
  const keys = await listApiKeysForTenant(tenant.id);
  return (
    <div className="space-y-6">
      <Link href={scope.choices ? `/billing?tenant=${encodeURIComponent(scope.tenant.slug)}` : "/billing"} className="text-sm text-indigo-700 hover:underline">← Billing</Link>
      <h1 className="text-2xl font-semibold">API keys · {scope.tenant.name}</h1>
      <p className="text-sm text-slate-600">Send usage with <code>POST /api/usage</code> and <code>Authorization: Bearer &lt;key&gt;</code>. Only a hash of each key is kept.</p>
      {can(user.role, "api-keys:create") ? (
        <CreateApiKeyForm tenantId={scope.tenant.id} />
      ) : (
        <p className="text-sm text-slate-600">Keys are created by the tenant or an administrator; support can revoke a key that leaked.</p>
      )}
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
            cell: (k) => (k.revokedAt ? <span className="text-xs text-slate-600">revoked</span> : can(user.role, "api-keys:revoke") && <RevokeApiKeyButton tenantId={tenant.id} id={k.id} />),
          },
        ]}
      />
    </div>
  );
}
