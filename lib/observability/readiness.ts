// Whether this instance can do its work: the database answers, durable execution is available,
// and the Stripe circuit breaker is not open.
import { getEnv } from "@/lib/config/env";
import { sql } from "@/lib/db/client";
import { isLocalDriverEnabled } from "@/lib/inngest-driver/client-options";
import { getBackgroundServices } from "@/lib/runtime/background-services";
import { stripeGuard } from "@/lib/sync/stripe-guard";

export type CheckStatus = "ok" | "degraded" | "down";

export interface ReadinessReport {
  status: CheckStatus;
  checks: Record<string, { status: CheckStatus; detail?: string }>;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);
}

export async function checkReadiness(): Promise<ReadinessReport> {
  const checks: ReadinessReport["checks"] = {};
  try {
    await withTimeout(sql().query("SELECT 1"), 2_000);
    checks.database = { status: "ok" };
  } catch (error) {
    checks.database = { status: "down", detail: (error as Error).message };
  }

  if (isLocalDriverEnabled(getEnv())) {
    const driver = (await getBackgroundServices())?.driver;
    if (!driver) checks.inngest = { status: "down", detail: "the local Inngest driver is not running in this process" };
    else {
      checks.inngest = await driver.ready(50).then(
        () => ({ status: "ok" as const, detail: "local driver" }),
        (error: unknown) => ({ status: "down" as const, detail: `local driver not synced: ${(error as Error).message}` }),
      );
    }
  } else {
    checks.inngest = { status: "ok", detail: "Inngest server (external)" };
  }

  // An open breaker degrades the instance (pages serve local data) but does not take it down.
  const breaker = stripeGuard().state;
  checks["breaker:stripe"] = { status: breaker === "closed" ? "ok" : "degraded", detail: breaker };

  const statuses = Object.values(checks).map((c) => c.status);
  const status: CheckStatus = statuses.includes("down") ? "down" : statuses.includes("degraded") ? "degraded" : "ok";
  return { status, checks };
}
