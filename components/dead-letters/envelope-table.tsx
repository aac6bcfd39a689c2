"use client";
// The explorer's list. Rendered with the server's first page, then kept live by polling the JSON
// route with the same filters (react-query), so new failures and status changes appear on their own.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { EnvelopeListItem } from "@/lib/dead-letters/queries";
import { StatusBadge } from "./envelope-status-badge";

interface Page {
  envelopes: EnvelopeListItem[];
  nextCursor: string | null;
}

const time = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function EnvelopeTable({ initial, query, live }: { initial: Page; query: string; live: boolean }) {
  const { data, isFetching, isError } = useQuery({
    queryKey: ["dlq", query],
    queryFn: async (): Promise<Page> => {
      const response = await fetch(`/api/support/dlq?${query}`, { cache: "no-store" });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    initialData: initial,
    refetchInterval: live ? 5_000 : false,
  });
  return (
    <div className="space-y-2">
      <p className="flex items-center gap-2 text-xs text-slate-500" aria-live="polite">
        <span className={`inline-block h-2 w-2 rounded-full ${isError ? "bg-red-500" : isFetching ? "bg-sky-500" : live ? "bg-emerald-500" : "bg-slate-300"}`} aria-hidden />
        {isError ? "Live refresh failed; showing the last data." : live ? "Live: refreshes every 5 s" : "Older page: not refreshed"}
      </p>
      {data.envelopes.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-slate-600">No failures match these filters.</div>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Failed at (UTC)</th>
                <th className="px-3 py-2">Job</th>
                <th className="px-3 py-2">Tenant</th>
                <th className="px-3 py-2">Reason</th>
                <th className="px-3 py-2 text-right">Attempts</th>
                <th className="px-3 py-2">Next retry</th>
                <th className="px-3 py-2">Status</th>
              </tr>
            </thead>
            <tbody>
              {data.envelopes.map((e) => (
                <tr key={e.id} data-envelope-id={e.id} className="border-b border-slate-100 align-top last:border-0 hover:bg-slate-50">
                  <td className="whitespace-nowrap px-3 py-2">
                    <Link href={`/support/dlq/${e.id}`} className="font-medium text-indigo-700 hover:underline">
                      {time.format(new Date(e.failedAt))}
                    </Link>
                  </td>
                  <td className="px-3 py-2">
                    <div className="font-mono text-xs">{e.jobType}</div>
                    {e.objectId && <div className="font-mono text-xs text-slate-500">{e.objectId}</div>}
                  </td>
                  <td className="px-3 py-2">{e.tenantName ?? <span className="text-slate-400">unknown</span>}</td>
                  <td className="max-w-md px-3 py-2 text-slate-700">
                    <span className="line-clamp-2">{e.reason}</span>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    {e.attempt}/{e.maxAttempts}
                  </td>
                  <td className="px-3 py-2 text-slate-500">{e.nextRetryAt ? time.format(new Date(e.nextRetryAt)) : "none (gave up)"}</td>
                  <td className="px-3 py-2">
                    <StatusBadge status={e.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
