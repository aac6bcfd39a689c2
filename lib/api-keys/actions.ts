"use server";
// Server actions for usage API keys, each through the one gate (session, permission, zod).
import { z } from "zod";
import { assertTenantAccess, authorizedAction } from "@/lib/auth/authorized-action";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/create-api-key";
import { AppError } from "@/lib/errors/app-error";

const uuid = z.uuid();

export const createApiKeyAction = authorizedAction(
  "api-keys:create",
  z.object({ tenantId: uuid, name: z.string().trim().min(1).max(80) }),
  async (input, user) => {
    assertTenantAccess(user, input.tenantId);
    const created = await createApiKey({ tenantId: input.tenantId, name: input.name, actor: user.email ?? user.id });
    return { id: created.id, key: created.key, keyPrefix: created.keyPrefix };
  },
);

export const revokeApiKeyAction = authorizedAction("api-keys:revoke", z.object({ tenantId: uuid, id: uuid }), async (input, user) => {
  assertTenantAccess(user, input.tenantId);
  if (!(await revokeApiKey({ ...input, actor: user.email ?? user.id }))) throw new AppError("not_found", "That key does not exist or is already revoked.");
  return { revoked: true };
});
