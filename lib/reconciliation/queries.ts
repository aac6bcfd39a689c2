// Reads for support's drift list: what the scheduled reconciliation found (staff see every tenant).
import "server-only";
import { db } from "@/lib/db/client";

export async function listRecentDrift(limit = 50) {
  return db().reconciliationDrift.findMany({
    orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, detectedAt: true, kind: true, invoiceId: true, stripeInvoiceId: true, localValue: true, stripeValue: true, repairedAt: true, repairedBy: true },
  });
}

/** Drift rows not yet repaired, across every run. */
export async function countOpenDrift(): Promise<number> {
  return db().reconciliationDrift.count({ where: { repairedAt: null } });
}
