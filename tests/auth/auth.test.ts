import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeCredentials } from "@/lib/auth/options";
import { can, permissions, type Role } from "@/lib/auth/roles";
import { DEMO_PASSWORD } from "@/lib/demo/demo-accounts";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.prisma);
});
afterAll(() => database.drop());

describe("credentials sign-in", () => {
  it("signs in a demo user and carries role and tenant", async () => {
    const user = await authorizeCredentials({ email: "ADA@acme.test", password: DEMO_PASSWORD });
    const acme = await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } });
    expect(user).toMatchObject({ email: "ada@acme.test", role: "customer", tenantId: acme.id });
  });

  it.each([
    [{ email: "ada@acme.test", password: "wrong" }],
    [{ email: "nobody@acme.test", password: DEMO_PASSWORD }],
    [{ email: "not-an-email", password: DEMO_PASSWORD }],
    [{}],
    [null],
  ])("refuses %o", async (input) => {
    expect(await authorizeCredentials(input)).toBeNull();
  });

  it("stores password hashes, never the password", async () => {
    const users = await database.prisma.user.findMany();
    for (const user of users) {
      expect(user.passwordHash).toMatch(/^\$2[aby]\$/);
      expect(user.passwordHash).not.toContain(DEMO_PASSWORD);
    }
  });
});

describe("role permissions", () => {
  const expected: Record<Role, string[]> = {
    customer: ["billing:view-own", "reports:view-own", "api-keys:create", "api-keys:revoke"],
    support: ["billing:view-own", "billing:view-any-tenant", "api-keys:revoke", "reports:view-own", "reports:view-any-tenant", "support:view", "billing:intervene", "conflicts:resolve", "reconciliation:repair", "dlq:replay"],
    admin: [...permissions],
  };
  it.each(Object.entries(expected))("%s has exactly its permissions", (role, granted) => {
    for (const permission of permissions) expect(can(role as Role, permission)).toBe(granted.includes(permission));
  });
});
