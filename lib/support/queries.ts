// Reads for the support overview: the health of the pipeline at a glance.
import "server-only";
import { db } from "@/lib/db/client";

/** Stripe events in the webhook inbox, counted by status (the overview streams each count on its own). */
export async function countInboxByStatus(): Promise<Record<string, number>> {
  const rows = await db().webhookInbox.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}

/** Failure envelopes counted by status. */
export async function countEnvelopesByStatus(): Promise<Record<string, number>> {
  const rows = await db().failureEnvelope.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}

export async function countTenants(): Promise<number> {
  return db().tenant.count();
}
