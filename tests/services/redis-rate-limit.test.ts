// Runs with the machine's services (npm run test:pg sets REDIS_URL).
import Redis from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { checkRateLimit } from "@/lib/rate-limit/sliding-window";
import { RedisRateLimitStore } from "@/lib/rate-limit/store";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
afterAll(() => redis.quit());

describe("rate limits shared through Redis", () => {
  it("two instances spend one budget", async () => {
    const policy = { name: `shared-${Date.now()}`, limit: 5, windowMs: 60_000 };
    const a = new RedisRateLimitStore(redis);
    const b = new RedisRateLimitStore(new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379"));
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await checkRateLimit(i % 2 ? a : b, policy, "tenant", 1_800_000_000_000));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
  });
});
