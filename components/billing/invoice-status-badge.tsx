import type { InvoiceStatus } from "@/lib/db/generated/enums";

const styles: Record<InvoiceStatus, string> = {
  draft: "bg-slate-100 text-slate-700",
  open: "bg-amber-100 text-amber-800",
  paid: "bg-emerald-100 text-emerald-800",
  uncollectible: "bg-red-100 text-red-800",
  void: "bg-zinc-200 text-zinc-700 line-through",
};

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  return (
    <span data-status={status} className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${styles[status]}`}>
      {status}
    </span>
  );
}
