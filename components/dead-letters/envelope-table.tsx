"use client";
// The explorer's list. Rendered with the server's first page, then kept live by polling the JSON
// route with the same filters (react-query), so new failures and status changes appear on their own.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { DataTable } from "@/components/ui/data-table";
import { Money } from "@/components/ui/money";
import type { EnvelopeListItem } from "@/lib/dead-letters/queries";
import { StatusBadge } from "./envelope-status-badge";

interface Page {
  envelopes: EnvelopeListItem[];
  nextCursor: string | null;
}

const time = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function EnvelopeTable({ initial, query, live }: { initial: Page; query: string; live: boolean }) {
  const { data, isFetching, isError } = useQuery({
    queryKey: ["dead-letters", query],
    queryFn: async (): Promise<Page> => {
      const response = await fetch(`/api/support/dead-letters?${query}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    initialData: initial,
    refetchInterval: live ? 5_000 : false,
  });
  return (
    <div className="space-y-2">
      <p className="flex items-center gap-2 text-xs text-slate-600" aria-live="polite">
        <span className={`inline-block h-2 w-2 rounded-full ${isError ? "bg-red-500" : isFetching ? "bg-sky-500" : live ? "bg-emerald-500" : "bg-slate-300"}`} aria-hidden />
        {isError ? "Live refresh failed; showing the last data." : live ? "Live: refreshes every 5 s" : "Older page: not refreshed"}
      </p>
      <DataTable
        caption="Failures"
        rows={data.envelopes}
        rowKey={(e) => e.id}
        rowData={(e) => ({ "envelope-id": e.id })}
        empty="No failures match these filters."
        columns={[
          {
            header: "Failed at (UTC)",
            className: "whitespace-nowrap",
            cell: (e) => (
              <Link href={`/support/dead-letters/${e.id}`} className="font-medium text-indigo-700 hover:underline">
                {time.format(new Date(e.failedAt))}
              </Link>
            ),
          },
          {
            header: "Job",
            cell: (e) => (
              <>
                <div className="font-mono text-xs">{e.jobType}</div>
                {e.objectId && <div className="font-mono text-xs text-slate-600">{e.objectId}</div>}
              </>
            ),
          },
          { header: "Tenant", cell: (e) => e.tenantName ?? <span className="text-slate-600">unknown</span> },
          { header: "Reason", className: "min-w-48 max-w-md text-slate-700", cell: (e) => <span className="line-clamp-2">{e.reason}</span> },
          { header: "At risk", align: "right", cell: (e) => (e.amountAtRisk ? <Money minor={e.amountAtRisk.amount} currency={e.amountAtRisk.currency} /> : <span className="text-slate-500">—</span>) },
          { header: "Attempts", align: "right", className: "tabular-nums", cell: (e) => `${e.attempt}/${e.maxAttempts}` },
          { header: "Next retry", className: "text-slate-600", cell: (e) => (e.nextRetryAt ? time.format(new Date(e.nextRetryAt)) : "none (gave up)") },
          { header: "Status", cell: (e) => <StatusBadge status={e.status} /> },
        ]}
      />
    </div>
  );
}
