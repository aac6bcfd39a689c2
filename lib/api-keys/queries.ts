// Reads of a tenant's API keys (never their hashes).
import "server-only";
import { db } from "@/lib/db/client";

export async function listApiKeysForTenant(tenantId: string) {
  return db().apiKey.findMany({
    where: { tenantId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, name: true, keyPrefix: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
