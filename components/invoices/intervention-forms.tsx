"use client";
// Support's controls on a draft: set or remove a usage line's quantity, hold or release the
// invoice. Each needs a reason and names the version the page was rendered from.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { setInvoiceHoldAction, setUsageLineQuantityAction } from "@/lib/invoices/actions";

function useSubmit() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const submit = (run: () => Promise<{ ok: true } | { ok: false; error: { message: string; fields?: Record<string, string> } }>) =>
    start(async () => {
      const result = await run();
      if (result.ok) {
        setMessage(null);
        router.refresh();
      } else setMessage([result.error.message, ...Object.values(result.error.fields ?? {})].join(" "));
    });
  return { pending, message, submit };
}

export function UsageLineForm({ invoiceId, usageLineId, quantity, version }: { invoiceId: string; usageLineId: string; quantity: number; version: number }) {
  const { pending, message, submit } = useSubmit();
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      action={(form) =>
        submit(() =>
          setUsageLineQuantityAction({
            invoiceId,
            usageLineId,
            quantity: Number(form.get("intent") === "remove" ? 0 : form.get("quantity")),
            reason: String(form.get("reason") ?? ""),
            expectedVersion: version,
          }),
        )
      }
    >
      <input name="quantity" type="number" min={0} defaultValue={quantity} aria-label="New quantity" className="w-24 rounded border px-2 py-1" />
      <input name="reason" required minLength={3} placeholder="Reason" aria-label="Reason" className="w-48 rounded border px-2 py-1" />
      <button name="intent" value="adjust" disabled={pending} className="rounded bg-indigo-600 px-2 py-1 text-white disabled:opacity-50">Adjust</button>
      <button name="intent" value="remove" disabled={pending} className="rounded border border-red-300 px-2 py-1 text-red-700 disabled:opacity-50">Remove</button>
      {message && <span role="alert" className="text-xs text-red-700">{message}</span>}
    </form>
  );
}

export function HoldForm({ invoiceId, held, version }: { invoiceId: string; held: boolean; version: number }) {
  const { pending, message, submit } = useSubmit();
  return (
    <form className="flex flex-wrap items-center gap-2" action={(form) => submit(() => setInvoiceHoldAction({ invoiceId, held: !held, reason: String(form.get("reason") ?? ""), expectedVersion: version }))}>
      <input name="reason" required minLength={3} placeholder="Reason" aria-label="Reason" className="w-64 rounded border px-2 py-1" />
      <button disabled={pending} className="rounded bg-amber-700 px-2 py-1 text-white hover:bg-amber-800 disabled:opacity-50">{held ? "Release hold" : "Hold from finalization"}</button>
      {message && <span role="alert" className="text-xs text-red-700">{message}</span>}
    </form>
  );
}
