"use client";
// "Manage billing": asks the server for a Stripe Customer Portal session, then goes there.
import { useState, useTransition } from "react";
import { openCustomerPortalAction } from "@/lib/billing/actions";

export function PortalButton({ tenantId, customerId }: { tenantId: string; customerId: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex items-center gap-2">
      {error && <span role="alert" className="text-xs text-red-700">{error}</span>}
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await openCustomerPortalAction({ tenantId, customerId });
            if (result.ok) window.location.assign(result.data.url);
            else setError(result.error.message);
          })
        }
        className="rounded border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50"
      >
        {pending ? "Opening…" : "Manage billing"}
      </button>
    </div>
  );
}
