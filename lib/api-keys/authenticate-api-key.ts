// Resolves a Bearer API key to its tenant. Unknown and revoked keys are the same 401.
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { API_KEY_PREFIX, hashApiKey } from "./api-key-hash";

export interface ApiKeyPrincipal {
  keyId: string;
  tenantId: string;
}

export function bearerToken(authorization: string | null): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}

export async function authenticateApiKey(authorization: string | null): Promise<ApiKeyPrincipal> {
  const key = bearerToken(authorization);
  if (!key || !key.startsWith(API_KEY_PREFIX)) throw new AppError("unauthenticated", "Send a Ledgerline API key as `Authorization: Bearer ll_key_…`.");
  const row = await db().apiKey.findUnique({ where: { keyHash: hashApiKey(key) }, select: { id: true, tenantId: true, revokedAt: true, lastUsedAt: true } });
  if (!row || row.revokedAt) throw new AppError("unauthenticated", "This API key is not valid.");
  // Last use is informational: written at most once a minute to keep hot keys off the write path.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db().apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { keyId: row.id, tenantId: row.tenantId };
}
