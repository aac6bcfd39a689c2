// Runs with the machine's services (npm run test:pg sets REDIS_URL): while Redis is away the
// limits count in this process, with one warning per outage, and return to Redis when it is back.
import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { checkRateLimit } from "@/lib/rate-limit/sliding-window";
import { FallbackRateLimitStore, RedisRateLimitStore } from "@/lib/rate-limit/store";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
const inspector = new Redis(url);
afterAll(async () => {
  redis.disconnect();
  await inspector.quit();
});

describe("rate limits across a Redis outage", () => {
  it("keep refusing beyond the limit while Redis is down, then count in Redis again", async () => {
    const warnings: string[] = [];
    const notices: string[] = [];
    const store = new FallbackRateLimitStore(new RedisRateLimitStore(redis), { warn: (_d, m) => warnings.push(m), info: (_d, m) => notices.push(m) });
    const policy = { name: `outage-${Date.now()}`, limit: 3, windowMs: 60_000 };
    const now = 1_800_000_000_000;
    await redis.connect();
    expect((await checkRateLimit(store, policy, "ip", now)).allowed).toBe(true);

    const ended = new Promise((resolve) => redis.once("end", resolve));
    redis.disconnect();
    await ended;
    const during = [];
    for (let i = 0; i < 4; i++) during.push((await checkRateLimit(store, policy, "ip", now)).allowed);
    expect(during).toEqual([true, true, true, false]);
    expect(warnings).toHaveLength(1);

    await redis.connect();
    expect((await checkRateLimit(store, policy, "ip", now)).allowed).toBe(true);
    expect(await inspector.get(`ratelimit:${policy.name}:ip:${now - (now % 60_000)}`)).toBe("2");
    expect(notices).toHaveLength(1);
  });
});
