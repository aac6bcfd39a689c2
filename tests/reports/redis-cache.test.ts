// The Redis store shares entries and invalidations between instances: a write published by one
// instance makes the next read on another instance recompute.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { cachedReport, publishReportChange, setReportCacheStore } from "@/lib/reports/report-cache";
import { createRedisStore } from "@/lib/cache/redis-store";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const instanceA = createRedisStore(url);
const instanceB = createRedisStore(url);
afterAll(async () => {
  await instanceA.close();
  await instanceB.close();
});

describe("redis report cache", () => {
  it("invalidates across instances and keeps tenants apart", async () => {
    const tenant = randomUUID();
    const other = randomUUID();
    const key = (scope: string) => ({ scope, report: "aging" as const, params: { currency: "usd" } });

    setReportCacheStore(instanceA);
    expect((await cachedReport(key(tenant), async () => 1)).source).toBe("computed");
    await cachedReport(key(other), async () => 10);

    setReportCacheStore(instanceB);
    expect(await cachedReport(key(tenant), async () => 2)).toMatchObject({ value: 1, source: "cache" });
    await publishReportChange({ tenantId: tenant, reports: ["aging"] });

    setReportCacheStore(instanceA);
    expect(await cachedReport(key(tenant), async () => 3)).toMatchObject({ value: 3, source: "computed" });
    expect(await cachedReport(key(other), async () => 11)).toMatchObject({ value: 10, source: "cache" });
  });
});
