// Reads for the support overview: the health of the pipeline at a glance.
import "server-only";
import { db } from "@/lib/db/client";

export async function getPipelineOverview() {
  const [inbox, envelopes, tenants] = await Promise.all([
    db().webhookInbox.groupBy({ by: ["status"], _count: { _all: true } }),
    db().failureEnvelope.groupBy({ by: ["status"], _count: { _all: true } }),
    db().tenant.count(),
  ]);
  return {
    inbox: Object.fromEntries(inbox.map((row) => [row.status, row._count._all])) as Record<string, number>,
    envelopes: Object.fromEntries(envelopes.map((row) => [row.status, row._count._all])) as Record<string, number>,
    tenants,
  };
}
