// Reads for support's drift list: what the scheduled reconciliation found (staff see every tenant).
import "server-only";
import { db } from "@/lib/db/client";

export async function listRecentDrift(limit = 50) {
  return db().reconciliationDrift.findMany({ orderBy: [{ detectedAt: "desc" }, { id: "desc" }], take: limit });
}
