// Serves /support/settings: the retry policy of each job type (attempts, backoff schedule);
// support reads them, admins change them and the change applies to new runs. The header renders at
// once; the policies stream in.
import type { Metadata } from "next";
import { Suspense } from "react";
import { RetryPolicyForm } from "@/components/dead-letters/retry-policy-form";
import { DateText } from "@/components/ui/date-text";
import { SectionSkeleton } from "@/components/ui/loading-skeleton";
import { can } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { describeBackoff } from "@/lib/jobs/retry-policies";
import { listRetryPolicies } from "@/lib/jobs/retry-policy-store";

export const metadata: Metadata = { title: "Settings" };

function schedule(delays: number[]): string {
  return delays.map((d) => (d >= 60_000 ? `${d / 60_000} min` : `${d / 1000} s`)).join(" → ") || "no retry";
}

/** One card per job type, once the stored policies are read. */
async function RetryPolicies({ canEdit }: { canEdit: boolean }) {
  const policies = await listRetryPolicies();
  return (
    <ul className="space-y-3">
      {policies.map((p) => {
        const backoff = describeBackoff(p.policy);
        return (
          <li key={p.jobType} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-job-type={p.jobType}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="font-mono font-semibold">{p.jobType}</h2>
              <span className="text-xs text-slate-500">
                {p.custom ? (
                  <>
                    changed by {p.updatedBy} on <DateText value={p.updatedAt} withTime />
                  </>
                ) : (
                  "default"
                )}
              </span>
            </div>
            <p className="text-sm text-slate-700">
              {p.policy.maxAttempts} attempts, {p.policy.strategy}: {schedule(backoff.delaysMs)}
            </p>
            <RetryPolicyForm jobType={p.jobType} policy={p.policy} custom={p.custom} canEdit={canEdit} />
          </li>
        );
      })}
    </ul>
  );
}

export default async function SettingsPage() {
  const user = await requirePageUser("support:view");
  const canEdit = can(user.role, "settings:edit");
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Retry policies</h1>
        <p className="text-sm text-slate-600">
          How often each kind of job is retried before it becomes a dead letter. {canEdit ? "Changes apply to new runs within seconds." : "Only admins can change them."}
        </p>
      </div>
      <Suspense fallback={<SectionSkeleton label="Loading the retry policies" rows={6} />}>
        <RetryPolicies canEdit={canEdit} />
      </Suspense>
    </div>
  );
}
