// The per-key budgets of POST /api/usage: requests (a batch is one) and the increments they carry.
// A refused request writes nothing; the defaults let a producer of 10,000 increments a second
// (batches of 1,000) through.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { parseEnv } from "@/lib/config/env";
import { setRateLimitStore } from "@/lib/rate-limit/limits";
import { checkRateLimit } from "@/lib/rate-limit/sliding-window";
import { MemoryRateLimitStore } from "@/lib/rate-limit/store";
import type { RouteHost } from "../support/route-host";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { increment, seedUsageTenant, startUsageHost, usageClient } from "./helpers";

// Read once per process, on the first request: small budgets for this file.
vi.stubEnv("RATE_LIMIT_USAGE_REQUESTS_PER_MINUTE", "5");
vi.stubEnv("RATE_LIMIT_USAGE_INCREMENTS_PER_MINUTE", "50");

let database: TestDatabase;
let host: RouteHost;
let tenant: Awaited<ReturnType<typeof seedUsageTenant>>;

beforeAll(async () => {
  // Counted in this process: a fresh Redis client counts locally until it connects, which would
  // split this file's few requests between two stores (the stores are tested in tests/rate-limit).
  setRateLimitStore(new MemoryRateLimitStore());
  database = await createTestDatabase();
  host = await startUsageHost();
  tenant = await seedUsageTenant(database.prisma, "budget");
});

afterAll(async () => {
  await host.close();
  await database.drop();
  vi.unstubAllEnvs();
  setRateLimitStore(undefined);
});

const batchOf = (prefix: string, count: number) => ({ increments: Array.from({ length: count }, (_, n) => increment(tenant.customer.stripeCustomerId, `${prefix}-${n}`)) });

describe("usage budgets per API key", () => {
  it("counts the increments a batch carries, and refuses the batch that goes over with nothing written", async () => {
    const client = usageClient(host, tenant.key);
    const first = await client.post(batchOf("budget-first", 40));
    expect(first.status).toBe(200);
    expect(first.headers.get("x-ratelimit-limit")).toBe("5");
    const over = await client.post(batchOf("budget-over", 20));
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await over.json()).error.message).toMatch(/usage increments/);
    expect(await database.prisma.usageIncrement.count()).toBe(40);
  });

  it("counts requests apart from increments, per key", async () => {
    const other = usageClient(host, (await createApiKey({ tenantId: tenant.tenant.id, name: "second", actor: "test" })).key);
    for (let n = 0; n < 5; n++) expect((await other.post(increment(tenant.customer.stripeCustomerId, `budget-req-${n}`))).status).toBe(201);
    const refused = await other.post(increment(tenant.customer.stripeCustomerId, "budget-req-5"));
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.message).toMatch(/Too many requests/);
  });

  it("weighs a hit by its cost in the sliding window", async () => {
    const store = new MemoryRateLimitStore();
    const policy = { name: "weighted", limit: 100, windowMs: 60_000 };
    const now = 1_800_000_000_000;
    expect((await checkRateLimit(store, policy, "k", now, 60)).allowed).toBe(true);
    const over = await checkRateLimit(store, policy, "k", now + 1, 41);
    expect(over).toMatchObject({ allowed: false, remaining: 0 });
    expect((await checkRateLimit(store, policy, "other", now, 100)).allowed).toBe(true);
  });

  it("lets a producer of 10,000 increments a second in batches of 1,000 through by default", () => {
    const defaults = parseEnv({});
    const perMinute = { requests: (10_000 / 1_000) * 60, increments: 10_000 * 60 };
    expect(defaults.RATE_LIMIT_USAGE_REQUESTS_PER_MINUTE).toBeGreaterThanOrEqual(perMinute.requests);
    expect(defaults.RATE_LIMIT_USAGE_INCREMENTS_PER_MINUTE).toBeGreaterThanOrEqual(perMinute.increments);
    // …and still stops a flood: a key cannot send more than twice that.
    expect(defaults.RATE_LIMIT_USAGE_INCREMENTS_PER_MINUTE).toBeLessThanOrEqual(2 * perMinute.increments);
  });
});
