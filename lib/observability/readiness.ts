// Whether this instance can do its work: the database answers, durable execution is available and
// moving (no Stripe event left unapplied, no failing serve calls, no unclaimed runs), and the
// Stripe circuit breaker is not open. Anonymous callers read this: details are generic, and the
// real errors go to the log.
import { getEnv } from "@/lib/config/env";
import { sql } from "@/lib/db/client";
import { isLocalDriverEnabled } from "@/lib/runtime/inngest-client-options";
import { logger } from "@/lib/logging/logger";
import { getBackgroundServices } from "@/lib/runtime/services";
import { stripeGuard } from "@/lib/billing-sync/stripe-guard";
import { checkPipeline } from "./pipeline-health";

export type CheckStatus = "ok" | "degraded" | "down";

export interface ReadinessReport {
  status: CheckStatus;
  /** False (HTTP 503) when a check is down or work is stalled; an open Stripe breaker alone still serves. */
  ready: boolean;
  checks: Record<string, { status: CheckStatus; detail?: string }>;
}

/** Degraded checks under which the instance still does its work (pages serve local data). */
const SERVES_WHILE_DEGRADED = new Set(["breaker:stripe"]);

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);
}

export async function checkReadiness(): Promise<ReadinessReport> {
  const checks: ReadinessReport["checks"] = {};
  const env = getEnv();
  const localDriver = isLocalDriverEnabled(env);
  const driver = localDriver ? (await getBackgroundServices())?.driver : undefined;

  try {
    await withTimeout(sql().query("SELECT 1"), 2_000);
    checks.database = { status: "ok" };
  } catch (error) {
    logger().error({ err: error }, "readiness: the database check failed");
    checks.database = { status: "down", detail: "the database does not answer" };
  }

  if (localDriver) {
    if (!driver) checks.inngest = { status: "down", detail: "the local Inngest driver is not running in this process" };
    else {
      checks.inngest = await driver.ready(50).then(
        () => ({ status: "ok" as const, detail: "local driver" }),
        (error: unknown) => {
          logger().warn({ err: error }, "readiness: the local Inngest driver is not synced");
          return { status: "down" as const, detail: "the local Inngest driver has not synced the serve endpoint" };
        },
      );
    }
  } else {
    checks.inngest = { status: "ok", detail: "Inngest server (external)" };
  }

  if (checks.database.status === "ok") {
    try {
      Object.assign(checks, await withTimeout(checkPipeline({ driver, localDriver, stallSeconds: env.PIPELINE_STALL_SECONDS }), 2_000));
    } catch (error) {
      logger().error({ err: error }, "readiness: the pipeline check failed");
      checks.pipeline = { status: "down", detail: "the pipeline could not be checked" };
    }
  }

  // An open breaker degrades the instance (pages serve local data) but does not take it down.
  const breaker = stripeGuard().state;
  checks["breaker:stripe"] = { status: breaker === "closed" ? "ok" : "degraded", detail: breaker };

  const entries = Object.entries(checks);
  const statuses = entries.map(([, check]) => check.status);
  const status: CheckStatus = statuses.includes("down") ? "down" : statuses.includes("degraded") ? "degraded" : "ok";
  const ready = entries.every(([name, check]) => check.status === "ok" || (check.status === "degraded" && SERVES_WHILE_DEGRADED.has(name)));
  return { status, ready, checks };
}
