// Silent failure: with Redis unreachable every rate limit used to allow everything. Limits now
// keep counting in this process until Redis answers again.
import { afterAll, describe, expect, it, vi } from "vitest";
import { limitRequest, setRateLimitStore } from "@/lib/rate-limit/limits";

// Nothing listens on port 1. Set before any module reads the environment.
vi.hoisted(() => {
  process.env.REDIS_URL = "redis://127.0.0.1:1";
  process.env.RATE_LIMIT_SIGNIN_PER_MINUTE = "5";
});
afterAll(() => setRateLimitStore(undefined));

describe("rate limits with Redis unreachable", () => {
  it("still refuse a request beyond the limit", async () => {
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await limitRequest("anonymous", "signin:198.51.100.1"));
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false]);
  });
});
