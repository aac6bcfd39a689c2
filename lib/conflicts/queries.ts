// Reads for support's conflict review: Stripe changes that met an unsynced local change (staff
// see every tenant).
import "server-only";
import { db } from "@/lib/db/client";
import { isUuid } from "@/lib/validation/is-uuid";
import type { ConflictDiffEntry } from "@/lib/conflicts/detect-conflict";

export type ConflictStatusFilter = "open" | "accepted_theirs" | "kept_ours";

export async function listConflicts(status: ConflictStatusFilter = "open") {
  return db().syncConflict.findMany({
    where: { status },
    orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
    take: 100,
    select: { id: true, tenantId: true, invoiceId: true, eventType: true, status: true, localActor: true, stripeActor: true, detectedAt: true, diff: true },
  });
}

export async function getConflict(id: string) {
  if (!isUuid(id)) return null;
  const conflict = await db().syncConflict.findUnique({ where: { id } });
  if (!conflict) return null;
  const invoice = await db().invoice.findUnique({ where: { id: conflict.invoiceId }, select: { stripeInvoiceId: true, number: true, version: true, status: true } });
  return { ...conflict, diff: conflict.diff as unknown as ConflictDiffEntry[], invoice };
}
