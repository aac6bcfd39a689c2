"use client";
// The support home, live: each figure says whether billing is healthy right now and links to where
// it is fixed. Polls /api/support/health.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { formatMoney } from "@/lib/money/format-money";
import type { BillingHealth } from "@/lib/support/billing-health";
import { IssueList } from "./issue-list";

const POLL_MS = 5_000;

function seconds(value: number | null): string {
  if (value === null) return "none";
  if (value < 120) return `${value} s`;
  if (value < 7200) return `${Math.round(value / 60)} min`;
  if (value < 172_800) return `${Math.round(value / 3600)} h`;
  return `${Math.round(value / 86_400)} d`;
}

function Figure({ label, value, bad, href, hint }: { label: string; value: ReactNode; bad: boolean; href: string; hint: string }) {
  return (
    <div className={`rounded-lg border bg-white p-4 ${bad ? "border-red-300" : "border-slate-200"}`}>
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className={`text-2xl font-semibold tabular-nums ${bad ? "text-red-700" : ""}`}>{value}</dd>
      <dd className="text-xs">
        <Link href={href} className="text-indigo-700 hover:underline">{hint} →</Link>
      </dd>
    </div>
  );
}

/** Usage waiting for a draft: increments, customers, value, the oldest; red once any is overdue. */
function HeldUsageFigure({ held }: { held: BillingHealth["heldUsage"] }) {
  const value = [...held.amounts.map((a) => formatMoney(a.amount, a.currency)), ...(held.incrementsWithoutCurrency > 0 ? [`${held.incrementsWithoutCurrency} unpriced`] : [])].join(" + ");
  const overdue = held.overdue.increments > 0 ? `, ${held.overdue.increments} overdue` : "";
  return (
    <Figure
      label={`Usage held for a draft (oldest ${seconds(held.oldestSeconds)})`}
      value={held.increments}
      bad={held.overdue.increments > 0}
      href={held.link ?? "/billing"}
      hint={held.increments === 0 ? "Pending usage" : `${held.customers} customer${held.customers === 1 ? "" : "s"}${value ? `, ${value}` : ""}${overdue}`}
    />
  );
}

export function BillingHealthBoard({ initial }: { initial: BillingHealth }) {
  const { data } = useQuery({
    queryKey: ["support-health"],
    queryFn: async (): Promise<BillingHealth> => {
      const response = await fetch("/api/support/health", { cache: "no-store" });
      if (!response.ok) throw new Error(`health: ${response.status}`);
      return ((await response.json()) as { health: BillingHealth }).health;
    },
    initialData: initial,
    refetchInterval: POLL_MS,
  });
  const health = data ?? initial;
  return (
    <div className="space-y-6">
      <p role="status" aria-live="polite" className={`rounded-lg border p-3 font-medium ${health.healthy ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-amber-300 bg-amber-50 text-amber-900"}`}>
        {health.healthy ? "Billing is healthy." : "Billing needs attention."}{" "}
        <span className="text-sm font-normal">Checked {new Date(health.checkedAt).toLocaleTimeString("en-US", { timeZone: "UTC" })} UTC.</span>
        {health.stalled.map((problem) => (
          <span key={problem} className="block text-sm font-normal">
            {problem}
          </span>
        ))}
        {health.failingSyncs.invoices > 0 && (
          <span className="block text-sm font-normal">
            {health.failingSyncs.invoices} draft invoice{health.failingSyncs.invoices === 1 ? "" : "s"} failed to sync with Stripe {health.failingSyncs.threshold} or more times in a row.{" "}
            <Link href="/support/invoices" className="underline" data-failing-syncs-link>
              See the sync errors
            </Link>
          </span>
        )}
        {health.heldUsage.overdue.increments > 0 && (
          <span className="block text-sm font-normal">
            {health.heldUsage.overdue.increments} usage increment(s) of {health.heldUsage.overdue.customers} customer(s) held past their billing period: no draft invoice came to take them.
          </span>
        )}
      </p>
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Figure label="Accepted / applied per minute" value={`${health.acceptedPerMinute} / ${health.appliedPerMinute}`} bad={health.acceptedPerMinute > 0 && health.appliedPerMinute === 0} href="/reports/pipeline" hint="Pipeline report" />
        <Figure label={`Backlog (oldest ${seconds(health.oldestUnappliedSeconds)})`} value={health.backlog} bad={health.stalled.length > 0} href="/support/backfill" hint="Catch up" />
        <Figure label="Runs failing now" value={health.runsFailingNow} bad={health.runsFailingNow > 0} href="/support/dead-letters?status=open" hint={`${health.openFailures} open failures`} />
        <Figure label="Stripe breaker" value={health.stripeBreaker} bad={health.stripeBreaker !== "closed"} href="/support/settings" hint="Retry policies" />
        <Figure
          label="Last compiled sync"
          value={health.lastSync ? (health.lastSync.ok ? "ok" : "failed") : "none yet"}
          bad={Boolean(health.lastSync && !health.lastSync.ok)}
          href="/support/invoices"
          hint={health.lastSync ? `${health.lastSync.tenantName}, ${new Date(health.lastSync.at).toLocaleTimeString("en-US", { timeZone: "UTC" })} UTC` : "Invoices"}
        />
        <Figure
          label="Usage failed syncs left out of Stripe"
          value={health.unsyncedUsage.amounts.length === 0 ? "none" : health.unsyncedUsage.amounts.map((a) => formatMoney(a.amount, a.currency)).join(" + ")}
          bad={health.unsyncedUsage.invoices > 0}
          href="/support/invoices"
          hint={`${health.unsyncedUsage.invoices} draft${health.unsyncedUsage.invoices === 1 ? "" : "s"} failing to sync`}
        />
        <Figure label="Drift to repair" value={health.drift.unrepaired} bad={health.drift.unrepaired > 0} href="/support/conflicts" hint="Repair drift" />
        <HeldUsageFigure held={health.heldUsage} />
      </dl>
      <section aria-label="Open issues" className="space-y-2">
        <h2 className="text-lg font-semibold">Open issues by money at risk</h2>
        <IssueList issues={health.issues} empty="No open issues." />
      </section>
      <section aria-label="Latest alerts" className="space-y-2">
        <h2 className="text-lg font-semibold">
          Latest alerts <Link href="/support/alerts" className="text-sm font-normal text-indigo-700 underline">all alerts</Link>
        </h2>
        {health.alerts.length === 0 ? (
          <p className="text-sm text-slate-600">No alerts.</p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
            {health.alerts.map((alert) => (
              <li key={alert.id} className="break-words px-4 py-2">
                {alert.text} <span className="text-xs text-slate-500">×{alert.occurrences}</span>{" "}
                {alert.issueId && (
                  <Link href={`/support/issues/${alert.issueId}`} className="text-indigo-700 underline" data-alert-link>
                    Fix the issue
                  </Link>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
