// Issues a tenant API key: stores its hash with an audit event and returns the key itself once.
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { displayPrefix, generateApiKey, hashApiKey } from "./api-key-hash";

export interface CreatedApiKey {
  id: string;
  name: string;
  /** The only time the key is visible. */
  key: string;
  keyPrefix: string;
}

/** Enough for one key per environment and service; more usually means keys nobody revokes. */
export const MAX_ACTIVE_API_KEYS_PER_TENANT = 20;

export async function createApiKey(input: { tenantId: string; name: string; actor: string; key?: string }): Promise<CreatedApiKey> {
  const key = input.key ?? generateApiKey();
  return db().$transaction(async (tx) => {
    // Serializes creation per tenant, so two requests at once cannot both take the last slot.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`api-keys:${input.tenantId}`}))`;
    const active = await tx.apiKey.count({ where: { tenantId: input.tenantId, revokedAt: null } });
    if (active >= MAX_ACTIVE_API_KEYS_PER_TENANT) {
      throw new AppError(
        "conflict",
        `This tenant already has ${MAX_ACTIVE_API_KEYS_PER_TENANT} active API keys, the most it may hold. Revoke a key that is no longer used, then create the new one.`,
      );
    }
    const row = await tx.apiKey.create({
      data: { tenantId: input.tenantId, name: input.name, keyPrefix: displayPrefix(key), keyHash: hashApiKey(key), createdBy: input.actor },
      select: { id: true, name: true, keyPrefix: true },
    });
    await recordAuditEvent(tx, {
      tenantId: input.tenantId,
      entityType: "api_key",
      entityId: row.id,
      eventType: "api_key.created",
      payload: { name: row.name, keyPrefix: row.keyPrefix },
      actor: input.actor,
      source: "billing",
    });
    return { ...row, key };
  });
}

export async function revokeApiKey(input: { tenantId: string; id: string; actor: string }): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const revoked = await tx.apiKey.updateMany({ where: { id: input.id, tenantId: input.tenantId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count === 0) return false;
    await recordAuditEvent(tx, { tenantId: input.tenantId, entityType: "api_key", entityId: input.id, eventType: "api_key.revoked", payload: {}, actor: input.actor, source: "billing" });
    return true;
  });
}
