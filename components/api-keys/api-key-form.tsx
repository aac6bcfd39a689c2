"use client";
// Creates an API key and shows it exactly once; revoking is one click.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createApiKeyAction, revokeApiKeyAction } from "@/lib/api-keys/actions";

export function CreateApiKeyForm({ tenantId }: { tenantId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [created, setCreated] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <form
        className="flex gap-2"
        action={(form) =>
          start(async () => {
            const result = await createApiKeyAction({ tenantId, name: String(form.get("name") ?? "") });
            if (result.ok) {
              setCreated(result.data.key);
              router.refresh();
            } else setMessage(result.error.message);
          })
        }
      >
        <input name="name" required placeholder="Key name, e.g. production metering" aria-label="Key name" className="w-72 min-w-0 rounded border px-2 py-1 text-sm" />
        <button disabled={pending} className="rounded bg-indigo-600 px-3 py-1 text-sm text-white disabled:opacity-50">Create key</button>
      </form>
      {message && <p role="alert" className="text-sm text-red-700">{message}</p>}
      {created && (
        <p className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm">
          Copy this key now — it is not stored and will not be shown again: <code className="select-all font-mono">{created}</code>
        </p>
      )}
    </div>
  );
}

export function RevokeApiKeyButton({ tenantId, id }: { tenantId: string; id: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button type="button" disabled={pending} onClick={() => start(async () => { await revokeApiKeyAction({ tenantId, id }); router.refresh(); })} className="text-xs text-red-700 underline disabled:opacity-50">
      Revoke
    </button>
  );
}
