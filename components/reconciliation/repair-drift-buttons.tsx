"use client";
// Repair one drift (its whole invoice) or every open drift: re-read from Stripe and applied.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { repairDriftAction } from "@/lib/reconciliation/actions";

type RepairInput = { scope: "all" } | { scope: "invoice"; driftId: string };

function useRepair() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const repair = (input: RepairInput) =>
    start(async () => {
      const result = await repairDriftAction(input);
      if (!result.ok) {
        setMessage(result.error.message);
        return;
      }
      const { repaired, failed, remaining } = result.data;
      const failures = failed.map((f) => `${f.stripeInvoiceId}: ${f.reason}`).join(" ");
      setMessage(failed.length > 0 || remaining > 0 ? `Repaired ${repaired}; ${remaining} invoice(s) still open. ${failures}`.trim() : null);
      router.refresh();
    });
  return { pending, message, repair };
}

export function RepairDriftButton({ driftId }: { driftId: string }) {
  const { pending, message, repair } = useRepair();
  return (
    <span className="flex items-center gap-2">
      <button type="button" disabled={pending} onClick={() => repair({ scope: "invoice", driftId })} className="rounded border border-slate-300 px-2 py-1 text-xs disabled:opacity-50">
        {pending ? "Repairing…" : "Repair"}
      </button>
      {message && <span role="alert" className="text-xs text-red-700">{message}</span>}
    </span>
  );
}

export function RepairAllDriftButton({ openCount }: { openCount: number }) {
  const { pending, message, repair } = useRepair();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" disabled={pending || openCount === 0} onClick={() => repair({ scope: "all" })} className="rounded bg-indigo-600 px-3 py-1.5 text-sm text-white disabled:opacity-50">
        {pending ? "Repairing…" : `Repair all from Stripe (${openCount})`}
      </button>
      {message && <span role="alert" className="text-xs text-red-700">{message}</span>}
    </div>
  );
}
