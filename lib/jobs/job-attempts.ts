// The record of each failed attempt of a job.
import { db } from "@/lib/db/client";

export interface FailedAttempt {
  jobId: string;
  jobType: string;
  runId: string;
  step: string;
  attempt: number;
  error: string;
  retryDelayMs: number | null;
}

export async function recordFailedAttempt(attempt: FailedAttempt): Promise<void> {
  await db().jobAttempt.create({ data: { ...attempt, error: attempt.error.slice(0, 4000) } });
}

export async function countFailedAttempts(runId: string): Promise<number> {
  return db().jobAttempt.count({ where: { runId } });
}
