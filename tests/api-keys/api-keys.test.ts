// Usage API keys bill a tenant, so minting one is a permission of its own: customers for their
// own tenant, admins for any, support never. A tenant holds a bounded number of active keys.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; email: string; name: string; role: string; tenantId: string | null } } }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => session.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

let database: TestDatabase;
let acme: string;
let globex: string;

beforeAll(async () => {
  database = await createTestDatabase();
  acme = (await database.prisma.tenant.create({ data: { slug: "acme", name: "Acme" } })).id;
  globex = (await database.prisma.tenant.create({ data: { slug: "globex", name: "Globex" } })).id;
});
afterAll(() => database.drop());

function signInAs(role: Role, tenantId: string | null = null) {
  session.current = { user: { id: `00000000-0000-0000-0000-00000000000${role.length}`, email: `${role}@x.test`, name: role, role, tenantId } };
}

async function actions() {
  return import("@/lib/api-keys/actions");
}

describe("who may create a usage API key", () => {
  it("lets a customer create a key for their own tenant", async () => {
    signInAs("customer", acme);
    const result = await (await actions()).createApiKeyAction({ tenantId: acme, name: "metering" });
    expect(result.ok).toBe(true);
  });

  it("lets an admin create a key for any tenant", async () => {
    signInAs("admin");
    const result = await (await actions()).createApiKeyAction({ tenantId: globex, name: "migration" });
    expect(result.ok).toBe(true);
  });

  it("refuses support, for any tenant, and writes nothing", async () => {
    signInAs("support");
    const before = await database.prisma.apiKey.count();
    const result = await (await actions()).createApiKeyAction({ tenantId: acme, name: "support-made" });
    expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await database.prisma.apiKey.count()).toBe(before);
  });

  it("still lets support revoke a leaked key", async () => {
    const { createApiKey } = await import("@/lib/api-keys/create-api-key");
    const created = await createApiKey({ tenantId: acme, name: "leaked", actor: "test" });
    signInAs("support");
    expect(await (await actions()).revokeApiKeyAction({ tenantId: acme, id: created.id })).toEqual({ ok: true, data: { revoked: true } });
  });
});

describe("the cap on active keys per tenant", () => {
  it("refuses the key past the cap with a clear message, and counts only active keys", async () => {
    const { createApiKey, revokeApiKey, MAX_ACTIVE_API_KEYS_PER_TENANT } = await import("@/lib/api-keys/create-api-key");
    const tenant = (await database.prisma.tenant.create({ data: { slug: "capped", name: "Capped" } })).id;
    const keys = [];
    for (let i = 0; i < MAX_ACTIVE_API_KEYS_PER_TENANT; i++) keys.push(await createApiKey({ tenantId: tenant, name: `key ${i}`, actor: "test" }));

    signInAs("customer", tenant);
    const refused = await (await actions()).createApiKeyAction({ tenantId: tenant, name: "one too many" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe("conflict");
      expect(refused.error.message).toContain(`${MAX_ACTIVE_API_KEYS_PER_TENANT} active API keys`);
      expect(refused.error.message).toMatch(/revoke/i);
    }
    expect(await database.prisma.apiKey.count({ where: { tenantId: tenant } })).toBe(MAX_ACTIVE_API_KEYS_PER_TENANT);

    await revokeApiKey({ tenantId: tenant, id: keys[0]!.id, actor: "test" });
    expect((await (await actions()).createApiKeyAction({ tenantId: tenant, name: "replacement" })).ok).toBe(true);
  });

  it("holds under concurrent creation", async () => {
    const { createApiKey, MAX_ACTIVE_API_KEYS_PER_TENANT } = await import("@/lib/api-keys/create-api-key");
    const tenant = (await database.prisma.tenant.create({ data: { slug: "racing", name: "Racing" } })).id;
    const attempts = await Promise.allSettled(
      Array.from({ length: MAX_ACTIVE_API_KEYS_PER_TENANT + 5 }, (_, i) => createApiKey({ tenantId: tenant, name: `key ${i}`, actor: "test" })),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(MAX_ACTIVE_API_KEYS_PER_TENANT);
    expect(await database.prisma.apiKey.count({ where: { tenantId: tenant, revokedAt: null } })).toBe(MAX_ACTIVE_API_KEYS_PER_TENANT);
  });
});
