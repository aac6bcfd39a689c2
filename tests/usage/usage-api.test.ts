// POST /api/usage over HTTP: API-key authentication and tenant scoping, zod validation,
// idempotency on the client's key, and only a hash of each key in the database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as usageRoute from "@/app/api/usage/route";
import { hashApiKey } from "@/lib/api-keys/api-key-hash";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/create-api-key";
import { startRouteHost, type RouteHost } from "../support/route-host";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedTenantWithDraft, usage } from "../billing-sync/helpers";

let database: TestDatabase;
let host: RouteHost;
let a: Awaited<ReturnType<typeof seedTenantWithDraft>>;
let b: Awaited<ReturnType<typeof seedTenantWithDraft>>;
let keyA: string;

function post(body: unknown, key: string | null = keyA) {
  return fetch(host.url("/api/usage"), {
    method: "POST",
    headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const incrementCount = () => database.prisma.usageIncrement.count();

beforeAll(async () => {
  database = await createTestDatabase();
  host = await startRouteHost({ "/api/usage": usageRoute });
  a = await seedTenantWithDraft(database.prisma, "tenant-a");
  b = await seedTenantWithDraft(database.prisma, "tenant-b");
  keyA = (await createApiKey({ tenantId: a.tenant.id, name: "test", actor: "test" })).key;
});

afterAll(async () => {
  await host.close();
  await database.drop();
});

describe("POST /api/usage", () => {
  it("records an increment on the customer's draft, once per idempotency key", async () => {
    const first = await post(usage(a.customer.stripeCustomerId, 1));
    expect(first.status).toBe(201);
    const again = await post(usage(a.customer.stripeCustomerId, 1));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true, invoiceId: a.invoice.id });
    expect(await incrementCount()).toBe(1);
  });

  it("refuses a key of tenant A writing to tenant B's customer, and writes nothing", async () => {
    const before = await incrementCount();
    const response = await post(usage(b.customer.stripeCustomerId, 2));
    expect(response.status).toBe(404);
    expect(await incrementCount()).toBe(before);
    expect(await database.prisma.usageLine.count({ where: { tenantId: b.tenant.id } })).toBe(0);
  });

  it.each([
    ["no key", usage("cus_tenant-a_1", 3), null, 401],
    ["an unknown key", usage("cus_tenant-a_1", 3), "ll_key_not-a-real-key-at-all", 401],
    ["not JSON", "{oops", undefined, 400],
    ["a negative quantity", { ...usage("cus_tenant-a_1", 3), quantity: -5 }, undefined, 400],
    ["a fractional price", { ...usage("cus_tenant-a_1", 3), unitAmount: 1.5 }, undefined, 400],
    ["an unknown field", { ...usage("cus_tenant-a_1", 3), tenantId: "x" }, undefined, 400],
  ])("answers %s with the right status and no write", async (_name, body, key, status) => {
    const before = await incrementCount();
    const response = await post(body, key === undefined ? keyA : key);
    expect(response.status).toBe(status);
    expect(await incrementCount()).toBe(before);
  });

  it("refuses a different price for an existing line (409)", async () => {
    const response = await post({ ...usage(a.customer.stripeCustomerId, 4), unitAmount: 99 });
    expect(response.status).toBe(409);
  });

  it("stores only the SHA-256 of a key, and a revoked key stops working", async () => {
    const created = await createApiKey({ tenantId: a.tenant.id, name: "short-lived", actor: "test" });
    const row = await database.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);
    expect((await post(usage(a.customer.stripeCustomerId, 5), created.key)).status).toBe(201);
    await revokeApiKey({ tenantId: a.tenant.id, id: created.id, actor: "test" });
    expect((await post(usage(a.customer.stripeCustomerId, 6), created.key)).status).toBe(401);
  });
});
