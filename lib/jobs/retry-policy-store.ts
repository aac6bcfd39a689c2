// Retry policies as admins set them: stored per job type, the defaults where none is stored.
// Runs read them through a short cache, so a change reaches new runs within seconds without a
// database read on every step call.
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/logging/logger";
import { defaultRetryPolicies, jobTypes, MAX_POLICY_ATTEMPTS, retryPolicyFor, type JobType, type RetryPolicy } from "./retry-policies";

const CACHE_MS = 5_000;
const DAY_MS = 24 * 60 * 60_000;

export const retryPolicySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(MAX_POLICY_ATTEMPTS),
    strategy: z.enum(["exponential", "fixed"]),
    scheduleMs: z.array(z.number().int().min(0).max(DAY_MS)).min(1).max(MAX_POLICY_ATTEMPTS),
  })
  .refine((p) => p.strategy !== "fixed" || new Set(p.scheduleMs).size === 1, { message: "A fixed strategy has one delay", path: ["scheduleMs"] });

export const jobTypeSchema = z.enum(jobTypes);

let cache: { at: number; policies: Map<string, RetryPolicy> } | undefined;

export function clearRetryPolicyCache(): void {
  cache = undefined;
}

async function storedPolicies(): Promise<Map<string, RetryPolicy>> {
  if (cache && Date.now() - cache.at < CACHE_MS) return cache.policies;
  const rows = await db().retryPolicySetting.findMany();
  const policies = new Map<string, RetryPolicy>();
  for (const row of rows) {
    const parsed = retryPolicySchema.safeParse({ maxAttempts: row.maxAttempts, strategy: row.strategy, scheduleMs: row.scheduleMs });
    if (parsed.success) policies.set(row.jobType, parsed.data);
  }
  cache = { at: Date.now(), policies };
  return policies;
}

/** The policy a run uses now: the stored one, else the default (also when the read fails). */
export async function loadRetryPolicy(jobType: JobType): Promise<RetryPolicy> {
  try {
    return (await storedPolicies()).get(jobType) ?? retryPolicyFor(jobType);
  } catch (error) {
    logger().warn({ err: error, jobType }, "retry policies unreadable; using the default");
    return retryPolicyFor(jobType);
  }
}

export interface RetryPolicyRow {
  jobType: JobType;
  policy: RetryPolicy;
  defaults: RetryPolicy;
  custom: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export async function listRetryPolicies(): Promise<RetryPolicyRow[]> {
  const rows = await db().retryPolicySetting.findMany();
  return jobTypes.map((jobType) => {
    const row = rows.find((r) => r.jobType === jobType);
    const parsed = row ? retryPolicySchema.safeParse({ maxAttempts: row.maxAttempts, strategy: row.strategy, scheduleMs: row.scheduleMs }) : undefined;
    return {
      jobType,
      policy: parsed?.success ? parsed.data : defaultRetryPolicies[jobType],
      defaults: defaultRetryPolicies[jobType],
      custom: Boolean(parsed?.success),
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
    };
  });
}

/** Stores a job type's policy (null = back to the default) and audits the change. */
export async function saveRetryPolicy(jobType: JobType, policy: RetryPolicy | null, actor: string): Promise<void> {
  const before = await loadRetryPolicy(jobType);
  await db().$transaction(async (tx) => {
    if (policy) {
      const data = { maxAttempts: policy.maxAttempts, strategy: policy.strategy, scheduleMs: policy.scheduleMs, updatedBy: actor, updatedAt: new Date() };
      await tx.retryPolicySetting.upsert({ where: { jobType }, create: { jobType, ...data }, update: data });
    } else {
      await tx.retryPolicySetting.deleteMany({ where: { jobType } });
    }
    await recordAuditEvent(tx, {
      entityType: "retry_policy",
      entityId: jobType,
      eventType: policy ? "retry_policy.changed" : "retry_policy.reset",
      payload: { before: { ...before }, after: { ...(policy ?? retryPolicyFor(jobType)) } },
      actor,
      source: "support",
    });
  });
  clearRetryPolicyCache();
}
