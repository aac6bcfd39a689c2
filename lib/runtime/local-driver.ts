// Starts the local Inngest driver (packages/inngest-local-driver) and its event API for this
// process, wired to the app's database, configuration and Inngest client (the link). The package
// is loaded with a dynamic import: only instrumentation, tools and tests reach this module, so the
// driver is in no route's bundle. Configuration is read per call, never when this module loads.
import type { BurstPolicy, LocalDriver, LocalDriverOptions, SqlSession } from "@ledgerline/inngest-local-driver";
import { getEnv, type Env } from "@/lib/config/env";
import { sql } from "@/lib/db/client";
import { inngestServeOrigin } from "./inngest-client-options";
import { localDriverLink } from "./local-driver-link";

/** The app's connection as it is at each statement (tests install a new one per database). */
const currentSql: SqlSession = {
  exec: (text) => sql().exec(text),
  query: <Row>(text: string, params?: unknown[]) => sql().query<Row>(text, params),
};

/**
 * Gives this process's Inngest client the local driver's event API, which only stores events and
 * registrations: sends work in a process that runs no driver (tools, tests), and a driver on the
 * same database picks the events up.
 */
export async function attachEventApi(): Promise<void> {
  const link = localDriverLink();
  if (link.handleCall) return;
  const { createEventApi } = await import("@ledgerline/inngest-local-driver");
  link.handleCall ??= createEventApi({
    sql: currentSql,
    link,
    signingKey: () => getEnv().INNGEST_SIGNING_KEY,
    serveOrigin: () => inngestServeOrigin(getEnv()),
  });
}

/**
 * The parts of the driver's burst policy an operator set (LOCAL_DRIVER_BURST_*); the rest, and the
 * burst rate, stay the driver's own defaults, kept in one place (DEFAULT_BURST_POLICY).
 */
export function configuredBurstPolicy(env: Pick<Env, "LOCAL_DRIVER_BURST_CONCURRENCY" | "LOCAL_DRIVER_BURST_SHARE">): Partial<BurstPolicy> {
  return {
    ...(env.LOCAL_DRIVER_BURST_CONCURRENCY !== undefined ? { concurrency: env.LOCAL_DRIVER_BURST_CONCURRENCY } : {}),
    ...(env.LOCAL_DRIVER_BURST_SHARE !== undefined ? { share: env.LOCAL_DRIVER_BURST_SHARE } : {}),
  };
}

/** Starts a local driver on this process's database, linked to its Inngest client, with the configured burst policy. */
export async function startLocalInngestDriver(options: Omit<LocalDriverOptions, "sql" | "link" | "signingKey">): Promise<LocalDriver> {
  await attachEventApi();
  const { startLocalDriver } = await import("@ledgerline/inngest-local-driver");
  const env = getEnv();
  return startLocalDriver({ burst: configuredBurstPolicy(env), ...options, sql: sql(), link: localDriverLink(), signingKey: env.INNGEST_SIGNING_KEY });
}
